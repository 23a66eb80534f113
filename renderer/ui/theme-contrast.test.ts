import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { inkOn, legible, OKABE_ITO, tenantEdge, THEME_COLORS, type ThemeName } from '../palette';
import { contrastRatio, GRAPHIC_MIN, luminance, parseHex, TEXT_MIN } from './theme-contrast';
import { CANVAS_PAIRS } from './theme-pairs';

const THEMES: readonly ThemeName[] = ['dark', 'projector'];
const minFor = (kind: 'text' | 'graphic'): number => (kind === 'text' ? TEXT_MIN : GRAPHIC_MIN);

describe('WCAG contrast ratio', () => {
  it('matches the definition at its ends and for known pairs', () => {
    expect(contrastRatio(0x000000, 0xffffff)).toBeCloseTo(21, 5);
    expect(contrastRatio(0x777777, 0x777777)).toBe(1);
    // #767676 on white is the well-known lightest grey that passes 4.5:1.
    expect(contrastRatio(0x767676, 0xffffff)).toBeGreaterThanOrEqual(4.5);
    expect(contrastRatio(0x777777, 0xffffff)).toBeLessThan(4.5);
  });

  it('is symmetric and between 1 and 21', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 0xffffff }), fc.integer({ min: 0, max: 0xffffff }), (a, b) => {
        const r = contrastRatio(a, b);
        expect(r).toBeCloseTo(contrastRatio(b, a), 10);
        expect(r).toBeGreaterThanOrEqual(1);
        expect(r).toBeLessThanOrEqual(21);
        expect(luminance(a)).toBeGreaterThanOrEqual(0);
      }),
    );
  });

  it('reads hex colours and nothing else', () => {
    expect(parseHex('#0f1218')).toBe(0x0f1218);
    expect(parseHex('#fff')).toBe(0xffffff);
    expect(parseHex('rgba(0, 0, 0, 0.5)')).toBeNull();
  });
});

describe.each(THEMES)('canvas palette, %s theme', (theme) => {
  const ui = THEME_COLORS[theme];

  it.each(CANVAS_PAIRS.map((p) => [p.kind, p.fg, p.bg] as const))('%s: %s on %s', (kind, fg, bg) => {
    expect(contrastRatio(ui[fg], ui[bg]), `${theme}: UI.${fg} on UI.${bg}`).toBeGreaterThanOrEqual(minFor(kind));
  });

  it('gives every tenant colour an ink of at least 4.5:1', () => {
    for (const color of OKABE_ITO) expect(contrastRatio(inkOn(color), color), color.toString(16)).toBeGreaterThanOrEqual(TEXT_MIN);
  });

  it('edges every tenant shape at 3:1 against the background and the panels (its own colour or a dark outline)', () => {
    for (const bg of [ui.background, ui.panel, ui.panelRaised]) {
      for (const color of OKABE_ITO) {
        const edge = tenantEdge(color, bg, ui.text) ?? color;
        expect(contrastRatio(edge, bg), `${theme}: tenant ${color.toString(16)} on ${bg.toString(16)}`).toBeGreaterThanOrEqual(GRAPHIC_MIN);
      }
    }
  });

  it('makes every tenant colour legible as a line or arrow on the background, keeping it when it already is', () => {
    for (const color of OKABE_ITO) {
      const line = legible(color, ui.background, GRAPHIC_MIN, ui.text);
      expect(contrastRatio(line, ui.background)).toBeGreaterThanOrEqual(GRAPHIC_MIN);
      if (contrastRatio(color, ui.background) >= GRAPHIC_MIN) expect(line).toBe(color);
    }
  });
});

describe('the two palettes', () => {
  it('define the same colours', () => {
    expect(Object.keys(THEME_COLORS.projector).sort()).toEqual(Object.keys(THEME_COLORS.dark).sort());
  });

  it('really differ: the projector theme is light, the dark theme dark', () => {
    expect(luminance(THEME_COLORS.projector.background)).toBeGreaterThan(0.9);
    expect(luminance(THEME_COLORS.dark.background)).toBeLessThan(0.05);
  });
});
