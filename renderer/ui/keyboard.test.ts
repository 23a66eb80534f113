import { describe, expect, it } from 'vitest';
import { actionForKey, SHORTCUTS } from './keyboard';

const key = (k: string, mods: Partial<{ shiftKey: boolean; ctrlKey: boolean; metaKey: boolean; altKey: boolean }> = {}) =>
  actionForKey({ key: k, shiftKey: false, ctrlKey: false, metaKey: false, altKey: false, ...mods });

describe('keyboard shortcuts', () => {
  it('maps keys to actions', () => {
    expect(key(' ')).toBe('togglePlay');
    expect(key('ArrowRight')).toBe('step');
    expect(key('ArrowLeft')).toBe('stepBack');
    expect(key('ArrowRight', { shiftKey: true })).toBe('nextLessonStep');
    expect(key('ArrowLeft', { shiftKey: true })).toBe('previousLessonStep');
    expect(key('+', { shiftKey: true })).toBe('faster');
    expect(key('-')).toBe('slower');
    expect(key('?', { shiftKey: true })).toBe('help');
    expect(key('Escape')).toBe('closeOverlay');
    expect(key('x')).toBeNull();
  });

  it('maps the timeline, presenter and comparison keys', () => {
    expect(key('[')).toBe('previousChapter');
    expect(key(']')).toBe('nextChapter');
    expect(['0', '5', '9'].map((k) => key(k))).toEqual(['jump', 'jump', 'jump']);
    expect(key('f')).toBe('fullscreen');
    expect(key('p')).toBe('presenter');
    expect(key('c')).toBe('compare');
    const documented = new Set(SHORTCUTS.map((s) => s.action));
    for (const action of ['previousChapter', 'nextChapter', 'jump', 'fullscreen', 'presenter', 'compare'] as const) expect(documented.has(action)).toBe(true);
  });

  it('leaves browser and OS shortcuts alone', () => {
    expect(key('ArrowLeft', { altKey: true })).toBeNull();
    expect(key('+', { ctrlKey: true })).toBeNull();
  });

  it('documents every action it handles', () => {
    const documented = new Set(SHORTCUTS.map((s) => s.action));
    for (const k of [' ', 'ArrowRight', 'ArrowLeft', '+', '-', '?', 'Escape']) {
      const action = key(k);
      expect(action && documented.has(action)).toBe(true);
    }
    expect(documented.has('nextLessonStep') && documented.has('previousLessonStep')).toBe(true);
  });
});
