import type { Container, Ticker } from 'pixi.js';
import { reducedMotion } from '../ui/motion';

/**
 * The camera of the active view: a zoom and an offset applied to the view's root, so that
 * `screen = local × zoom + offset`. A lesson step frames its focused entities (the "lesson
 * camera"); the user can zoom and pan away from it and `reset()` returns to it. The framing
 * rule is pure (`frameFocus`) so it is unit-tested without Pixi.
 */

export interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface CameraPose {
  zoom: number;
  x: number;
  y: number;
}

export const IDENTITY: CameraPose = { zoom: 1, x: 0, y: 0 };

/** How long a camera move takes; the one place that decides it (0 = instant, e.g. reduced motion). */
export let cameraMoveMs = 420;
export function setCameraMoveMs(ms: number): void {
  cameraMoveMs = Math.max(0, ms);
}

/** How long one move lasts: with reduced motion the camera jumps (no glide, no zoom tween). */
export function moveDuration(animate: boolean, reduced: boolean = reducedMotion()): number {
  return animate && !reduced ? cameraMoveMs : 0;
}

/** A focused entity counts as "large" on screen from this size (the projection standard asks ≥ 24 px). */
export const MIN_FOCUS_PX = 40;
const MARGIN = 24;
export const MIN_ZOOM = 0.25;
export const MAX_ZOOM = 4;
/** The lesson camera zooms in at most this far: more would hide the context around the focus. */
const MAX_LESSON_ZOOM = 2;

export function union(boxes: readonly Box[]): Box | null {
  if (boxes.length === 0) return null;
  let x0 = Infinity;
  let y0 = Infinity;
  let x1 = -Infinity;
  let y1 = -Infinity;
  for (const b of boxes) {
    x0 = Math.min(x0, b.x);
    y0 = Math.min(y0, b.y);
    x1 = Math.max(x1, b.x + b.width);
    y1 = Math.max(y1, b.y + b.height);
  }
  return { x: x0, y: y0, width: x1 - x0, height: y1 - y0 };
}

export function toScreen(pose: CameraPose, b: Box): Box {
  return { x: b.x * pose.zoom + pose.x, y: b.y * pose.zoom + pose.y, width: b.width * pose.zoom, height: b.height * pose.zoom };
}

function inside(b: Box, width: number, height: number): boolean {
  return b.x >= 0 && b.y >= 0 && b.x + b.width <= width && b.y + b.height <= height;
}

/**
 * Keeps the content covering the viewport where it can: no panning past the content's edges
 * (content smaller than the viewport is centred on that axis instead).
 */
export function clampPose(pose: CameraPose, content: Box | null, width: number, height: number): CameraPose {
  if (!content) return pose;
  const axis = (offset: number, start: number, size: number, view: number): number => {
    const lo = view - (start + size) * pose.zoom;
    const hi = -start * pose.zoom;
    if (size * pose.zoom <= view) return (lo + hi) / 2;
    return Math.min(hi, Math.max(lo, offset));
  };
  return { zoom: pose.zoom, x: axis(pose.x, content.x, content.width, width), y: axis(pose.y, content.y, content.height, height) };
}

function contains(outer: Box, inner: Box): boolean {
  return inner.x >= outer.x && inner.y >= outer.y && inner.x + inner.width <= outer.x + outer.width && inner.y + inner.height <= outer.y + outer.height;
}

/**
 * The lesson camera for a step. Views lay themselves out to fill the canvas with readable type
 * at zoom 1, so the lesson camera never zooms out below 1 (text would shrink under 14 px). It
 * keeps the identity pose whenever that already shows every focused entity whole and large;
 * otherwise it centres them, zooming in on small ones. When they do not fit, it frames the
 * innermost ones (dom0 rather than its whole host) and shows as much as fits; a focus that is
 * still larger than the canvas is shown from its top-left corner, where its name is.
 */
export function frameFocus(boxes: readonly Box[], width: number, height: number, content: Box | null): CameraPose {
  const all = union(boxes);
  if (!all || width <= 0 || height <= 0) return IDENTITY;
  const readable = boxes.every((b) => Math.min(b.width, b.height) >= MIN_FOCUS_PX || Math.max(b.width, b.height) >= 3 * MIN_FOCUS_PX);
  if (inside(all, width, height) && readable) return IDENTITY;
  const fitOf = (b: Box): number => Math.min((width - 2 * MARGIN) / Math.max(1, b.width), (height - 2 * MARGIN) / Math.max(1, b.height));
  let target = boxes;
  if (fitOf(all) < 1) {
    const inner = boxes.filter((b) => !boxes.some((o) => o !== b && contains(b, o)));
    if (inner.length > 0) target = inner;
  }
  const focus = union(target) as Box;
  // Small focus: zoom in until the smallest box is large (never past the limit or the fit).
  const smallest = Math.min(...target.map((b) => Math.max(b.width, b.height)));
  const wanted = Math.max(1, (3 * MIN_FOCUS_PX) / Math.max(1, smallest));
  const zoom = Math.max(1, Math.min(fitOf(focus), MAX_LESSON_ZOOM, wanted));
  // A focus larger than the canvas shows its top-left, where its name and its first parts are
  // drawn, rather than its middle (which cut a host's name and what stands in for dom0).
  const axis = (start: number, size: number, view: number): number => (size * zoom > view - 2 * MARGIN ? MARGIN - start * zoom : view / 2 - (start + size / 2) * zoom);
  const pose = { zoom, x: axis(focus.x, focus.width, width), y: axis(focus.y, focus.height, height) };
  return clampPose(pose, content, width, height);
}

const ease = (t: number): number => (t < 0.5 ? 4 * t * t * t : 1 - (-2 * t + 2) ** 3 / 2);

/** Applies poses to a container, animated with an ease-in-out over `cameraMoveMs`. */
export class Camera {
  private pose: CameraPose = IDENTITY;
  private lesson: CameraPose = IDENTITY;
  private from: CameraPose = IDENTITY;
  private to: CameraPose = IDENTITY;
  private elapsed = 0;
  private duration = 0;
  private width = 1;
  private height = 1;
  private target: Container | null = null;
  private content: () => Box | null = () => null;
  /** True once the user zoomed or panned away from the lesson camera (until reset or the next step). */
  private free = false;
  /** Called whenever a move starts (the stage wakes its sleeping render loop). */
  onMove: () => void = () => {};

  constructor(private readonly ticker: Ticker) {
    ticker.add(this.tick, this);
  }

  /** The container the camera moves, and how to measure its content (for pan limits). */
  attach(target: Container | null, content: () => Box | null = () => null): void {
    this.target = target;
    this.content = content;
    this.pose = this.lesson = this.from = this.to = IDENTITY;
    this.duration = 0;
    this.free = false;
    this.apply();
  }

  resize(width: number, height: number): void {
    this.width = Math.max(1, width);
    this.height = Math.max(1, height);
  }

  /** Where the camera is now (mid-move included). */
  get current(): CameraPose {
    return this.pose;
  }

  /** Where the camera is heading (equal to `current` when it is still). */
  get heading(): CameraPose {
    return this.to;
  }

  get moving(): boolean {
    return this.elapsed < this.duration;
  }

  /** Frames a step's focused entities (boxes in view-local coordinates); this becomes the lesson camera. */
  frame(boxes: readonly Box[], animate = true): void {
    this.free = false;
    this.lesson = frameFocus(boxes, this.width, this.height, this.content());
    this.moveTo(this.lesson, animate);
  }

  /**
   * The view re-laid itself out (entities appeared, moved): follow the focus unless the user
   * has taken the camera. Moves only when the framing really changed.
   */
  follow(boxes: readonly Box[]): void {
    if (this.free || this.moving) return;
    const next = frameFocus(boxes, this.width, this.height, this.content());
    const same = Math.abs(next.zoom - this.lesson.zoom) < 0.01 && Math.abs(next.x - this.lesson.x) < 2 && Math.abs(next.y - this.lesson.y) < 2;
    if (same) return;
    this.lesson = next;
    this.moveTo(next, true);
  }

  /** Multiplies the zoom about a screen point (the canvas centre by default). */
  zoomBy(factor: number, about: { x: number; y: number } = { x: this.width / 2, y: this.height / 2 }): void {
    const base = this.to;
    this.free = true;
    const zoom = Math.max(MIN_ZOOM, Math.min(MAX_ZOOM, base.zoom * factor));
    const k = zoom / base.zoom;
    this.moveTo(this.clamp({ zoom, x: about.x - (about.x - base.x) * k, y: about.y - (about.y - base.y) * k }), false);
  }

  /** Moves the picture by screen pixels (positive dx shows what lies to the left). */
  panBy(dx: number, dy: number): void {
    const base = this.to;
    this.free = true;
    this.moveTo(this.clamp({ zoom: base.zoom, x: base.x + dx, y: base.y + dy }), false);
  }

  /** Back to the lesson's camera for this step. */
  reset(): void {
    this.free = false;
    this.moveTo(this.lesson, true);
  }

  private clamp(pose: CameraPose): CameraPose {
    const content = this.content();
    if (!content) return pose;
    // Let the user push the picture at most half a screen past its edges.
    const padded = { x: content.x - this.width / 2 / pose.zoom, y: content.y - this.height / 2 / pose.zoom, width: content.width + this.width / pose.zoom, height: content.height + this.height / pose.zoom };
    return clampPose(pose, padded, this.width, this.height);
  }

  private moveTo(pose: CameraPose, animate: boolean): void {
    this.from = this.pose;
    this.to = pose;
    this.elapsed = 0;
    this.duration = moveDuration(animate);
    if (this.duration === 0) this.pose = pose;
    this.apply();
    this.onMove();
  }

  private tick(): void {
    if (!this.moving) return;
    // elapsedMS is not capped like deltaMS: a slow machine shortens the move, never lengthens it.
    // Reduced motion switched on mid-move: finish it at once.
    this.elapsed += reducedMotion() ? this.duration : this.ticker.elapsedMS;
    const t = ease(Math.min(1, this.elapsed / this.duration));
    const mix = (a: number, b: number): number => a + (b - a) * t;
    this.pose = { zoom: mix(this.from.zoom, this.to.zoom), x: mix(this.from.x, this.to.x), y: mix(this.from.y, this.to.y) };
    if (this.elapsed >= this.duration) this.pose = this.to;
    this.apply();
  }

  private apply(): void {
    if (!this.target || this.target.destroyed) return;
    this.target.scale.set(this.pose.zoom);
    this.target.position.set(this.pose.x, this.pose.y);
  }

  destroy(): void {
    this.ticker.remove(this.tick, this);
  }
}

/**
 * A descendant's bounds in an ancestor's local coordinates (views answer `boundsOf` with it).
 * Walks the local transforms only, so the answer does not depend on the camera (or on world
 * transforms that are updated only at render time). Null when the node is missing or hidden.
 */
export function boxIn(ancestor: Container, node: Container | null | undefined): Box | null {
  if (!node || node.destroyed || !node.visible) return null;
  const b = node.getLocalBounds();
  if (b.width <= 0 || b.height <= 0) return null;
  let corners = [
    { x: b.minX, y: b.minY },
    { x: b.maxX, y: b.minY },
    { x: b.minX, y: b.maxY },
    { x: b.maxX, y: b.maxY },
  ];
  for (let n: Container | null = node; n && n !== ancestor; n = n.parent) {
    if (!n.parent) return null;
    n.updateLocalTransform();
    const m = n.localTransform;
    corners = corners.map((p) => ({ x: m.a * p.x + m.c * p.y + m.tx, y: m.b * p.x + m.d * p.y + m.ty }));
  }
  const xs = corners.map((p) => p.x);
  const ys = corners.map((p) => p.y);
  return { x: Math.min(...xs), y: Math.min(...ys), width: Math.max(...xs) - Math.min(...xs), height: Math.max(...ys) - Math.min(...ys) };
}
