import type { Box } from './camera';

/**
 * Sticky names for focused entities the camera cuts at the top. When a step focuses on a box
 * taller than the canvas (a whole Nitro host with its cards), the camera frames the innermost
 * focused parts and the box's own header, where its name is drawn, ends up above the canvas: the
 * room sees the parts but not what they belong to. The projection standard wants the step's
 * subject named on the canvas, so the name is pinned to the top edge over the box, as a sticky
 * header, while any of the box is on screen.
 */

/** A focused entity where the camera is heading, with the name its view draws for it. */
export interface FocusEntry {
  id: string;
  /** Screen box (null: the view does not draw it). */
  box: Box | null;
  /** The view's name for it (null: the view names nothing here). */
  name: string | null;
}

export interface FocusTag {
  id: string;
  text: string;
  x: number;
  y: number;
  /** Widest the tag may be: the visible part of the box it names. */
  maxWidth: number;
}

/** A box whose header is this far above the canvas has its name cut off. */
const CUT_PX = 4;
/** Less of the box than this on screen: it is not what the room is looking at. */
const MIN_VISIBLE_PX = 48;
const INSET = 8;
/** Tag text size: above the projection standard's 14 px minimum. */
export const TAG_FONT_PX = 16;

function contains(outer: Box, inner: Box): boolean {
  return inner.x >= outer.x && inner.y >= outer.y && inner.x + inner.width <= outer.x + outer.width && inner.y + inner.height <= outer.y + outer.height;
}

/**
 * Which focused entities need a sticky name and where it goes (screen pixels). Only the
 * outermost cut boxes get one: an inner part cut with its parent is named by the parent's tag.
 */
export function focusTags(entries: readonly FocusEntry[], width: number, height: number): FocusTag[] {
  const drawn = entries.filter((e): e is FocusEntry & { box: Box } => e.box !== null);
  const tags: FocusTag[] = [];
  for (const entry of drawn) {
    const { box } = entry;
    if (entry.name === null || entry.name.trim() === '') continue;
    if (box.y >= -CUT_PX) continue;
    const left = Math.max(0, box.x);
    const right = Math.min(width, box.x + box.width);
    const bottom = Math.min(height, box.y + box.height);
    if (right - left < MIN_VISIBLE_PX || bottom < MIN_VISIBLE_PX) continue;
    const inside = drawn.some((other) => other !== entry && other.box.y < -CUT_PX && contains(other.box, box) && !contains(box, other.box));
    if (inside) continue;
    tags.push({ id: entry.id, text: `▲ ${entry.name}`, x: left + INSET, y: INSET, maxWidth: right - left - 2 * INSET });
  }
  return tags;
}
