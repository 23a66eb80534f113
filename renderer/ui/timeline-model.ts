import type { Lesson } from '../../src/lessons/schema';
import { toNanos } from '../../src/lessons/primitives';

/**
 * The timeline's arithmetic, kept free of the DOM so it can be unit tested: where markers go,
 * which step a chapter key jumps to, and which event ticks to draw.
 */

export interface Marker {
  /** Lesson step index the marker stands for. */
  step: number;
  /** Position along the timeline, 0–1. */
  fraction: number;
  /** Chapter title for chapter markers, step title (or "Step n") otherwise. */
  label: string;
  chapter: boolean;
}

/** One marker per lesson step; chapter starts are flagged (drawn taller, with their title). */
export function stepMarkers(lesson: Lesson | null, total: number): Marker[] {
  if (!lesson || total <= 0) return [];
  return lesson.steps.map((step, i) => ({
    step: i,
    fraction: clamp01(toNanos(step.at) / total),
    label: step.chapter ?? step.title ?? `Step ${i + 1}`,
    chapter: step.chapter !== undefined,
  }));
}

/**
 * The step `]` (direction 1) or `[` (direction −1) jumps to, or null when there is none.
 * Forward: the next chapter start after the current step. Back: the start of the chapter the
 * current step is in, or the previous chapter when already at a chapter's start (as media
 * players do with tracks). Before the first step, `]` goes to the first chapter.
 */
export function chapterTarget(lesson: Lesson | null, stepIndex: number, direction: 1 | -1): number | null {
  if (!lesson) return null;
  const starts = lesson.steps.flatMap((step, i) => (step.chapter !== undefined ? [i] : []));
  if (direction === 1) return starts.find((i) => i > stepIndex) ?? null;
  for (let k = starts.length - 1; k >= 0; k--) if ((starts[k] as number) < stepIndex) return starts[k] as number;
  return null;
}

/** The digit keys 0–9 jump to 0–90 % of the lesson. */
export function digitFraction(key: string): number | null {
  return /^[0-9]$/.test(key) ? Number(key) / 10 : null;
}

/**
 * Times of events already reached, for the ticks under the timeline. Bounded: times are rounded
 * to a quantum that doubles whenever more than `limit` distinct ones are kept, so a long run keeps
 * an even coverage of the whole timeline at a coarser resolution instead of growing without end.
 */
export class EventTicks {
  private times = new Set<number>();
  private quantum = 1;

  constructor(private readonly limit = 4000) {}

  add(times: Iterable<number>): void {
    for (const t of times) this.times.add(Math.floor(t / this.quantum) * this.quantum);
    while (this.times.size > this.limit) {
      this.quantum *= 2;
      const q = this.quantum;
      this.times = new Set([...this.times].map((t) => Math.floor(t / q) * q));
    }
  }

  clear(): void {
    this.times.clear();
    this.quantum = 1;
  }

  get size(): number {
    return this.times.size;
  }

  /** Distinct tick positions in `buckets` slots along a timeline of length `total`. */
  positions(total: number, buckets: number): number[] {
    if (total <= 0 || buckets <= 0) return [];
    const slots = new Set<number>();
    for (const t of this.times) slots.add(Math.min(buckets - 1, Math.max(0, Math.floor((t / total) * buckets))));
    return [...slots].sort((a, b) => a - b);
  }
}

/** Fraction of the track at a pointer position. */
export function pointerFraction(clientX: number, left: number, width: number): number {
  return width > 0 ? clamp01((clientX - left) / width) : 0;
}

function clamp01(value: number): number {
  return Math.min(1, Math.max(0, Number.isFinite(value) ? value : 0));
}
