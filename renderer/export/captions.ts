import { factById } from '../../src/facts';
import { videoColors } from './video-colors';

/** The narration's small markdown subset, reduced to plain text for a caption or a subtitle. */
export function captionText(narration: string): string {
  return narration
    .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/\*\*([^*]+)\*\*/g, '$1')
    .replace(/\*([^*]+)\*/g, '$1')
    .replace(/`([^`]+)`/g, '$1')
    .replace(/^\s*-\s+/gm, '• ')
    .replace(/\s+/g, ' ')
    .trim();
}

/**
 * The facts a narration cites (`[text](fact:id)` links), named by the fact sheet's title; a fact
 * the sheet does not (yet) hold is named by its link text, never by its id.
 */
export function citedFactTitles(narration: string): string[] {
  const titles = new Map<string, string>();
  for (const match of narration.matchAll(/\[([^\]]*)\]\(fact:([a-z0-9][a-z0-9-]*)\)/g)) {
    const id = match[2] as string;
    const title = factById(id)?.title ?? captionText(match[1] as string);
    if (title && !titles.has(id)) titles.set(id, title);
  }
  return [...new Set(titles.values())];
}

/** The footnote line under a caption that cites facts ("" when it cites none). */
export function factFootnote(narration: string): string {
  const titles = citedFactTitles(narration);
  if (titles.length === 0) return '';
  return `${titles.length === 1 ? 'Source' : 'Sources'}: ${titles.join(' · ')} (fact sheet)`;
}

/**
 * Greedy word wrap to `maxWidth` (measured by the caller's font). Nothing is ever dropped or cut
 * to "…" (ARCHITECTURE §7): a caption gets as many lines as its text needs, and a single word wider
 * than the line is broken between characters.
 */
export function wrapCaption(text: string, maxWidth: number, measure: (s: string) => number): string[] {
  const lines: string[] = [];
  let current = '';
  for (const word of text.split(' ').filter(Boolean)) {
    const candidate = current ? `${current} ${word}` : word;
    if (measure(candidate) <= maxWidth) {
      current = candidate;
      continue;
    }
    if (current) lines.push(current);
    current = '';
    // A word that fits on a line of its own starts one; a longer one is split where it must be.
    let rest = word;
    while (measure(rest) > maxWidth && rest.length > 1) {
      let cut = rest.length - 1;
      while (cut > 1 && measure(rest.slice(0, cut)) > maxWidth) cut--;
      lines.push(rest.slice(0, cut));
      rest = rest.slice(cut);
    }
    current = rest;
  }
  if (current) lines.push(current);
  return lines;
}

type Ctx2D = CanvasRenderingContext2D | OffscreenCanvasRenderingContext2D;

export interface CaptionContent {
  label: string;
  narration: string;
}

/** The caption band's type size and height for one frame size, fixed for the whole video. */
export interface CaptionBand {
  height: number;
  size: number;
  pad: number;
}

const LINE = 1.35;

/**
 * Sizes the caption band for every caption the video will show. Like the app's caption strip, the
 * band is its own area below the view (the view is laid out in what is left), so a caption can
 * never cover a legend; it is sized once, for the longest caption, so the view keeps one layout
 * for the whole video. Type starts at 1/34 of the frame height (21 px at 720p) and shrinks (not
 * below 14 px at 720p, the projection standard, in proportion at other sizes) only to keep the
 * band under 30 % of the frame; a caption that still needs more gets more — it is never cut.
 */
export function captionBand(ctx: Ctx2D, width: number, height: number, captions: readonly CaptionContent[]): CaptionBand {
  const largest = Math.max(6, Math.round(height / 34));
  // 14 px at 1280×720 (the projection standard's floor for canvas text), in proportion elsewhere.
  const smallest = Math.max(6, Math.round((height * 14) / 720));
  let band: CaptionBand = { height: 0, size: largest, pad: 0 };
  for (let size = largest; size >= smallest; size--) {
    const pad = Math.round(size * 0.8);
    const rows = Math.max(0, ...captions.map((c) => captionRows(ctx, width, size, pad, c).length));
    band = { height: rows === 0 ? 0 : Math.ceil(rows * size * LINE + pad * 2), size, pad };
    if (band.height <= height * 0.3) break;
  }
  return band;
}

interface Row {
  text: string;
  weight: 400 | 700;
  color: string;
  scale: number;
}

function captionRows(ctx: Ctx2D, width: number, size: number, pad: number, caption: CaptionContent): Row[] {
  const maxWidth = width - pad * 4;
  const rows: Row[] = [];
  const wrap = (text: string, weight: 400 | 700, color: string, scale: number): void => {
    if (!text) return;
    ctx.font = `${weight} ${Math.round(size * scale)}px Inter, sans-serif`;
    for (const line of wrapCaption(text, maxWidth, (s) => ctx.measureText(s).width)) rows.push({ text: line, weight, color, scale });
  };
  const colors = videoColors();
  wrap(caption.label, 700, colors.accent, 1);
  wrap(captionText(caption.narration), 400, colors.text, 1);
  wrap(factFootnote(caption.narration), 400, colors.soft, 0.85);
  return rows;
}

/** Paints the band (from `height - band.height` down) and the caption's rows in it. */
export function drawCaption(ctx: Ctx2D, width: number, height: number, band: CaptionBand, caption: CaptionContent | null): void {
  if (band.height === 0) return;
  const top = height - band.height;
  ctx.fillStyle = videoColors().band;
  ctx.fillRect(0, top, width, band.height);
  if (!caption) return;
  const { size, pad } = band;
  ctx.textBaseline = 'top';
  let y = top + pad;
  for (const row of captionRows(ctx, width, size, pad, caption)) {
    ctx.font = `${row.weight} ${Math.round(size * row.scale)}px Inter, sans-serif`;
    ctx.fillStyle = row.color;
    ctx.fillText(row.text, pad * 2, y);
    y += size * LINE;
  }
}
