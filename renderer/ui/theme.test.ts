import { afterEach, describe, expect, it } from 'vitest';
import { DARK_UI, PROJECTOR_UI, UI, legible, paletteName } from '../palette';
import { contrastRatio } from './theme-contrast';
import { currentTheme, installTheme, onThemeChange, resolveTheme, setTheme, themeFromQuery, toggleTheme, type Theme } from './theme';

afterEach(() => setTheme('dark'));

describe('theme choice', () => {
  it('reads ?theme= and ignores anything else', () => {
    expect(themeFromQuery('?theme=projector')).toBe('projector');
    expect(themeFromQuery('?lesson=x&theme=dark')).toBe('dark');
    expect(themeFromQuery('?theme=light')).toBeNull();
    expect(themeFromQuery('')).toBeNull();
  });

  it('lets the URL win over the remembered setting, which wins over the default', () => {
    expect(resolveTheme({ query: 'dark', stored: 'projector' })).toBe('dark');
    expect(resolveTheme({ query: null, stored: 'projector' })).toBe('projector');
    expect(resolveTheme({ query: null, stored: 'garbage' })).toBe('dark');
    expect(resolveTheme({ query: null, stored: null })).toBe('dark');
  });

  it('installs the URL theme at start-up', () => {
    expect(installTheme({ location: { search: '?theme=projector' } as Location })).toBe('projector');
    expect(currentTheme()).toBe('projector');
    expect(UI.background).toBe(PROJECTOR_UI.background);
    installTheme({ location: { search: '' } as Location });
    expect(currentTheme()).toBe('dark');
  });
});

describe('switching', () => {
  it('swaps the canvas palette in place before telling subscribers, once per change', () => {
    const seen: Array<[Theme, number]> = [];
    const off = onThemeChange((theme) => seen.push([theme, UI.background]));
    setTheme('projector');
    setTheme('projector');
    expect(toggleTheme()).toBe('dark');
    off();
    setTheme('projector');
    expect(seen).toEqual([
      ['projector', PROJECTOR_UI.background],
      ['dark', DARK_UI.background],
    ]);
    expect(paletteName()).toBe('projector');
    expect({ ...UI }).toEqual(PROJECTOR_UI);
  });

  it('darkens light tenant colours for lines on the light theme only', () => {
    expect(legible(0xf0e442)).toBe(0xf0e442);
    setTheme('projector');
    const line = legible(0xf0e442);
    expect(line).not.toBe(0xf0e442);
    expect(contrastRatio(line, UI.background)).toBeGreaterThanOrEqual(3);
  });
});
