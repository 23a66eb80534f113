import type { TraceRecord } from '../../src/engine/types';
import { toNanos } from '../../src/lessons/primitives';
import type { Lesson } from '../../src/lessons/schema';

/** One line of the caption strip. */
export interface CaptionLine {
  eventIndex: number;
  at: number;
  text: string;
  /** The most recent event at the current position (drawn highlighted). */
  newest: boolean;
  /** Stepping back crossed this event: the line says it was undone. */
  undone: boolean;
  /** A step line: the lesson reached a step and nothing has happened in it yet. */
  step?: boolean;
}

/** The lesson step in force: the strip narrates only what happened since it began. */
export interface CaptionStep {
  /** 0-based index of the step in the lesson. */
  index: number;
  count: number;
  title: string;
  /** Simulated time at which the step begins. */
  at: number;
  /**
   * Events from this time on are narrated: the step's own, and the previous step's when both
   * show the same view (a step that discusses what the last one did, on the same canvas).
   */
  since: number;
}

/** Trace records kept per event; older ones are dropped so a long run cannot grow without bound. */
const MAX_EVENTS_KEPT = 20_000;

/** The caption strip's view of step `stepIndex` of `lesson` (null when no step is in force). */
export function captionStepOf(lesson: Lesson | null, stepIndex: number): CaptionStep | null {
  const step = lesson?.steps[stepIndex];
  if (!lesson || !step) return null;
  const at = toNanos(step.at);
  const previous = lesson.steps[stepIndex - 1];
  const since = previous !== undefined && viewAt(lesson, stepIndex - 1) === viewAt(lesson, stepIndex) ? toNanos(previous.at) : at;
  return { index: stepIndex, count: lesson.steps.length, title: step.title ?? 'Next step', at, since };
}

/** The view a step shows: its focus's, or the last one a step before it chose (a step without a focus keeps the view). */
function viewAt(lesson: Lesson, stepIndex: number): string | undefined {
  for (let i = stepIndex; i >= 0; i--) {
    const view = lesson.steps[i]?.focus?.view;
    if (view) return view;
  }
  return undefined;
}

/**
 * What the caption strip shows, as plain data: the trace sentences of the last few events at or
 * before the current event index. Frames carry only what they ran, so the model remembers the
 * sentences it has seen by event index; stepping back then shows the sentence of the event that
 * was crossed (marked as undone) above the events still in effect.
 *
 * Within a lesson the strip narrates the step in force, and the step before it when both show
 * the same view: an event from an earlier step is about what that step put on the canvas, which
 * a step in another view has moved away from (ARCHITECTURE §7: narration never describes what
 * the canvas does not show), while a step that discusses the last one's result on the same
 * canvas ("the third one does not fit") needs its sentence. With nothing to narrate, a step line
 * says where the lesson is.
 */
export class CaptionModel {
  private readonly byEvent = new Map<number, TraceRecord[]>();
  /** Event indexes present in `byEvent`, ascending. */
  private indexes: number[] = [];
  private position = 0;
  private undone: number | null = null;
  private current: CaptionStep | null = null;

  constructor(private readonly visible = 3) {}

  reset(): void {
    this.byEvent.clear();
    this.indexes = [];
    this.position = 0;
    this.undone = null;
    this.current = null;
  }

  /** The step in force changed (null: before the first step, or a lesson without steps). */
  step(step: CaptionStep | null): void {
    this.current = step;
  }

  /** A frame arrived: remember its sentences and move to its event index. */
  frame(trace: readonly TraceRecord[], eventIndex: number): void {
    const fresh = new Map<number, TraceRecord[]>();
    for (const record of trace) {
      const list = fresh.get(record.eventIndex) ?? [];
      list.push(record);
      fresh.set(record.eventIndex, list);
    }
    for (const [index, records] of fresh) this.remember(index, records);
    // A trace record's eventIndex counts from 0, the status's from 1 (events processed), so the
    // events in effect at position N are those with index < N. Moving back: the first event no
    // longer in effect is the one that was crossed.
    this.undone = eventIndex < this.position ? this.firstAfter(eventIndex - 1, this.position - 1) : null;
    this.position = eventIndex;
  }

  lines(): CaptionLine[] {
    const out: CaptionLine[] = [];
    const end = upperBound(this.indexes, this.position - 1);
    const budget = this.undone === null ? this.visible : this.visible - 1;
    const since = this.current?.since ?? -Infinity;
    collect: for (let i = end - 1; i >= 0 && out.length < budget; i--) {
      const index = this.indexes[i] as number;
      const records = this.byEvent.get(index) ?? [];
      for (let r = records.length - 1; r >= 0 && out.length < budget; r--) {
        const record = records[r] as TraceRecord;
        // Events run in time order: once one is before the step, so are all earlier ones.
        if (record.at < since) break collect;
        out.unshift({ eventIndex: index, at: record.at, text: record.text, newest: false, undone: false });
      }
    }
    if (out.length === 0 && this.undone === null && this.current) {
      const { index, count, title, at } = this.current;
      return [{ eventIndex: -1, at, text: `Step ${index + 1} of ${count}: ${title}`, newest: true, undone: false, step: true }];
    }
    const last = out[out.length - 1];
    if (this.undone !== null) {
      const record = this.byEvent.get(this.undone)?.at(-1);
      if (record) out.push({ eventIndex: record.eventIndex, at: record.at, text: record.text, newest: true, undone: true });
      else if (last) last.newest = true;
    } else if (last) last.newest = true;
    return out;
  }

  private remember(index: number, records: TraceRecord[]): void {
    if (!this.byEvent.has(index)) {
      const at = upperBound(this.indexes, index);
      this.indexes.splice(at, 0, index);
    }
    this.byEvent.set(index, records);
    while (this.indexes.length > MAX_EVENTS_KEPT) {
      const dropped = this.indexes.shift() as number;
      this.byEvent.delete(dropped);
    }
  }

  /** The first remembered event in (from, to], if any. */
  private firstAfter(from: number, to: number): number | null {
    const i = upperBound(this.indexes, from);
    const index = this.indexes[i];
    return index !== undefined && index <= to ? index : null;
  }
}

/** Index of the first element greater than `value` in an ascending array. */
function upperBound(sorted: readonly number[], value: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((sorted[mid] as number) <= value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
