/**
 * WCAG 2.x contrast (https://www.w3.org/TR/WCAG22/#dfn-contrast-ratio): relative luminance of an
 * sRGB colour and the ratio (L1 + 0.05) / (L2 + 0.05) between two. Pure, so the palette uses it to
 * pick inks and outlines and the tests use it to hold both themes to 4.5:1 (text) and 3:1
 * (meaningful graphics).
 */

/** Text of normal size needs 4.5:1 (SC 1.4.3); meaningful graphics and focus indicators 3:1 (SC 1.4.11). */
export const TEXT_MIN = 4.5;
export const GRAPHIC_MIN = 3;

function channel(value: number): number {
  const c = value / 255;
  return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
}

/** Relative luminance of a 0xRRGGBB colour, 0 (black) to 1 (white). */
export function luminance(color: number): number {
  return 0.2126 * channel((color >> 16) & 0xff) + 0.7152 * channel((color >> 8) & 0xff) + 0.0722 * channel(color & 0xff);
}

/** Contrast ratio of two 0xRRGGBB colours, 1 to 21, whichever is lighter. */
export function contrastRatio(a: number, b: number): number {
  const la = luminance(a);
  const lb = luminance(b);
  return (Math.max(la, lb) + 0.05) / (Math.min(la, lb) + 0.05);
}

/** `#rrggbb` or `#rgb` as 0xRRGGBB; null for anything else (named colours, rgba(), var()). */
export function parseHex(css: string): number | null {
  const m = /^#([0-9a-f]{3}|[0-9a-f]{6})$/i.exec(css.trim());
  if (!m) return null;
  const hex = m[1] as string;
  const full = hex.length === 3 ? [...hex].map((c) => c + c).join('') : hex;
  return parseInt(full, 16);
}

/** Mixes `color` towards `target` by `amount` (0: color, 1: target), per sRGB channel. */
export function mix(color: number, target: number, amount: number): number {
  const at = (shift: number): number => {
    const c = (color >> shift) & 0xff;
    const t = (target >> shift) & 0xff;
    return Math.round(c + (t - c) * amount) << shift;
  };
  return at(16) | at(8) | at(0);
}
