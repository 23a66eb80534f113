import type { TraceRecord } from '../../src/engine/types';

/** One line of the caption strip. */
export interface CaptionLine {
  eventIndex: number;
  at: number;
  text: string;
  /** The most recent event at the current position (drawn highlighted). */
  newest: boolean;
  /** Stepping back crossed this event: the line says it was undone. */
  undone: boolean;
}

/** Trace records kept per event; older ones are dropped so a long run cannot grow without bound. */
const MAX_EVENTS_KEPT = 20_000;

/**
 * What the caption strip shows, as plain data: the trace sentences of the last few events at or
 * before the current event index. Frames carry only what they ran, so the model remembers the
 * sentences it has seen by event index; stepping back then shows the sentence of the event that
 * was crossed (marked as undone) above the events still in effect.
 */
export class CaptionModel {
  private readonly byEvent = new Map<number, TraceRecord[]>();
  /** Event indexes present in `byEvent`, ascending. */
  private indexes: number[] = [];
  private position = 0;
  private undone: number | null = null;

  constructor(private readonly visible = 3) {}

  reset(): void {
    this.byEvent.clear();
    this.indexes = [];
    this.position = 0;
    this.undone = null;
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
    for (let i = end - 1; i >= 0 && out.length < budget; i--) {
      const index = this.indexes[i] as number;
      const records = this.byEvent.get(index) ?? [];
      for (let r = records.length - 1; r >= 0 && out.length < budget; r--) {
        const record = records[r] as TraceRecord;
        out.unshift({ eventIndex: index, at: record.at, text: record.text, newest: false, undone: false });
      }
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
