import { describe, expect, it } from 'vitest';
import { ACTIONS, actionForKey, ActionRegistry, CONTEXT_NAMES, type ActionContext } from './actions';
import { ownsKey } from './keyboard';

const key = (k: string, mods: Partial<{ shiftKey: boolean; ctrlKey: boolean; metaKey: boolean; altKey: boolean }> = {}, context: string | null = 'host') =>
  actionForKey({ key: k, shiftKey: false, ctrlKey: false, metaKey: false, altKey: false, ...mods }, context)?.id ?? null;

describe('the key map', () => {
  it('maps keys to actions', () => {
    expect(key(' ')).toBe('togglePlay');
    expect(key('ArrowRight')).toBe('step');
    expect(key('ArrowLeft')).toBe('stepBack');
    expect(key('ArrowRight', { shiftKey: true })).toBe('nextLessonStep');
    expect(key('ArrowLeft', { shiftKey: true })).toBe('previousLessonStep');
    expect(key('+', { shiftKey: true })).toBe('faster');
    expect(key('=')).toBe('faster');
    expect(key('-')).toBe('slower');
    expect(key('?', { shiftKey: true })).toBe('help');
    expect(key('Escape')).toBe('closeOverlay');
    expect(key('[')).toBe('previousChapter');
    expect(key(']')).toBe('nextChapter');
    expect(['0', '5', '9'].map((k) => key(k))).toEqual(['jump', 'jump', 'jump']);
    expect(key('f')).toBe('fullscreen');
    expect(key('P', { shiftKey: true })).toBe('presenter');
    expect(key('c')).toBe('compare');
    expect(key('x')).toBeNull();
  });

  it('has the camera keys: W A S D pan, Q E zoom, R back to the lesson view', () => {
    expect(['w', 'a', 's', 'd', 'q', 'e', 'r'].map((k) => key(k))).toEqual(['panUp', 'panLeft', 'panDown', 'panRight', 'zoomOut', 'zoomIn', 'resetCamera']);
  });

  it('has view keys only in their view', () => {
    expect(key('i', {}, 'fleet')).toBe('fleetZoomIn');
    expect(key('i', {}, 'host')).toBeNull();
    expect(key('.', {}, 'fleet')).toBe('fleetNext');
    // The Fleet view no longer uses [ and ]: they are the chapter keys everywhere.
    expect(key(']', {}, 'fleet')).toBe('nextChapter');
  });

  it('leaves browser and OS shortcuts alone', () => {
    expect(key('ArrowLeft', { altKey: true })).toBeNull();
    expect(key('+', { ctrlKey: true })).toBeNull();
    expect(key('o', { metaKey: true })).toBeNull();
  });

  it('binds no key twice in the same context (a view sees its own keys and the everywhere keys)', () => {
    for (const context of Object.keys(CONTEXT_NAMES) as ActionContext[]) {
      const seen = new Map<string, string>();
      for (const action of ACTIONS.filter((a) => a.context === 'everywhere' || a.context === context)) {
        for (const chord of action.keys) {
          expect(seen.get(chord), `${chord} in ${context}: ${seen.get(chord)} and ${action.id}`).toBeUndefined();
          seen.set(chord, action.id);
        }
      }
    }
  });
});

describe('the action registry', () => {
  it('performs bound, enabled actions only', () => {
    const registry = new ActionRegistry();
    const done: string[] = [];
    let enabled = false;
    registry.bind('togglePlay', { perform: () => done.push('play'), enabled: () => enabled });
    registry.bind('help', () => done.push('help'));
    expect(registry.perform('togglePlay')).toBe(false);
    enabled = true;
    expect(registry.perform('togglePlay')).toBe(true);
    expect(registry.perform('help')).toBe(true);
    expect(registry.perform('compare')).toBe(false);
    expect(done).toEqual(['play', 'help']);
  });
});

describe('keys outside the DOM', () => {
  it('no focused element owns a key', () => {
    expect(ownsKey(null, ' ')).toBe(false);
  });
});
