import { Text, type Graphics, type TextStyleOptions } from 'pixi.js';
import { FONT, UI, type TenantPattern } from '../palette';

/** Shared drawing helpers for views: labels, dashed outlines and tenant patterns (the second channel). */

export function label(text: string, style: Partial<TextStyleOptions> = {}): Text {
  return new Text({
    text,
    resolution: 2,
    style: { fontFamily: FONT, fontSize: 12, fill: UI.text, ...style },
  });
}

/** Shortens text to fit a width using a rough per-character estimate (avoids measuring every frame). */
export function fit(text: string, width: number, fontSize: number): string {
  const max = Math.max(3, Math.floor(width / (fontSize * 0.52)));
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

export function dashedRect(g: Graphics, x: number, y: number, w: number, h: number, dash = 6, gap = 4): Graphics {
  const edge = (x0: number, y0: number, x1: number, y1: number): void => {
    const length = Math.hypot(x1 - x0, y1 - y0);
    for (let d = 0; d < length; d += dash + gap) {
      const e = Math.min(length, d + dash);
      g.moveTo(x0 + ((x1 - x0) * d) / length, y0 + ((y1 - y0) * d) / length);
      g.lineTo(x0 + ((x1 - x0) * e) / length, y0 + ((y1 - y0) * e) / length);
    }
  };
  edge(x, y, x + w, y);
  edge(x + w, y, x + w, y + h);
  edge(x + w, y + h, x, y + h);
  edge(x, y + h, x, y);
  return g;
}

/** Lines of slope ±1 clipped to a rectangle: `sign` 1 draws "/" and -1 draws "\". */
function diagonals(g: Graphics, x: number, y: number, w: number, h: number, step: number, sign: 1 | -1): void {
  if (sign === 1) {
    // "/" in screen coordinates: x + y = c.
    for (let c = x + y + step / 2; c < x + w + y + h; c += step) {
      const x0 = Math.max(x, c - (y + h));
      const x1 = Math.min(x + w, c - y);
      if (x1 > x0) g.moveTo(x0, c - x0).lineTo(x1, c - x1);
    }
  } else {
    // "\" in screen coordinates: x - y = c.
    for (let c = x - y - h + step / 2; c < x + w - y; c += step) {
      const x0 = Math.max(x, c + y);
      const x1 = Math.min(x + w, c + y + h);
      if (x1 > x0) g.moveTo(x0, x0 - c).lineTo(x1, x1 - c);
    }
  }
}

/** Draws a tenant's pattern inside a rectangle (stroke it afterwards with the caller's style). */
export function drawPattern(g: Graphics, pattern: TenantPattern, x: number, y: number, w: number, h: number, step = 7): Graphics {
  switch (pattern) {
    case 'diagonal':
      diagonals(g, x, y, w, h, step, 1);
      break;
    case 'backslash':
      diagonals(g, x, y, w, h, step, -1);
      break;
    case 'vertical':
      for (let px = x + step / 2; px < x + w; px += step) g.moveTo(px, y).lineTo(px, y + h);
      break;
    case 'horizontal':
      for (let py = y + step / 2; py < y + h; py += step) g.moveTo(x, py).lineTo(x + w, py);
      break;
    case 'grid':
      for (let px = x + step / 2; px < x + w; px += step) g.moveTo(px, y).lineTo(px, y + h);
      for (let py = y + step / 2; py < y + h; py += step) g.moveTo(x, py).lineTo(x + w, py);
      break;
    case 'cross':
      diagonals(g, x, y, w, h, step * 1.4, 1);
      diagonals(g, x, y, w, h, step * 1.4, -1);
      break;
    case 'dots':
      for (let py = y + step / 2; py < y + h; py += step) for (let px = x + step / 2; px < x + w; px += step) g.circle(px, py, 1.1);
      break;
  }
  return g;
}
