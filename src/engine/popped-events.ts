import type { EventColumns } from './event-columns';
import type { SimEvent } from './types';

/** Fields per recorded event in {@link PoppedEvents}' flat array. */
const FIELDS = 6;

/** Events allocated for up front at most (a frame's batch; `trim` gives back what a short batch left). */
const PREALLOCATE_MAX = 1024;

/**
 * The events one batch took from the queue, kept in one flat array (six fields per event) so a
 * batch allocates no object per event: undoing the batch (history) or aborting it (a handler
 * threw) puts them back. Keeping the popped event objects instead cost about a sixth of the bench
 * workload's time in allocation and garbage collection; one array rather than one per field keeps
 * one-event frames, which history holds by the ten thousand, small.
 */
export class PoppedEvents {
  /** at, priority, seq, kind, payload, inputAfter (-1 for events that are not user inputs), … */
  private readonly fields: unknown[];
  /** Fields written so far (the array may be longer: it is allocated for the expected events). */
  private used = 0;

  /**
   * `expected`: how many events the batch may pop, so the array is allocated once at its size (a
   * one-event frame's six fields, not the seventeen an empty array grows to on its first push).
   */
  constructor(expected = 0) {
    this.fields = new Array<unknown>(FIELDS * Math.min(Math.max(0, expected), PREALLOCATE_MAX));
  }

  /** Drops the unused end of the array (a batch that stopped early), before history keeps it. */
  trim(): void {
    if (this.fields.length > this.used) this.fields.length = this.used;
  }

  get length(): number {
    return this.used / FIELDS;
  }

  record(event: SimEvent): void {
    const f = this.fields;
    let i = this.used;
    if (i === f.length) f.length = i + FIELDS * Math.max(1, i / FIELDS);
    f[i++] = event.at;
    f[i++] = event.priority;
    f[i++] = event.seq;
    f[i++] = event.kind;
    f[i++] = event.payload;
    f[i++] = event.inputAfter ?? -1;
    this.used = i;
  }

  /** Queues every recorded event again except those `skip` rejects (by seq and `inputAfter`, -1 if none). */
  putBack(queue: EventColumns, skip: (seq: number, inputAfter: number) => boolean): void {
    const f = this.fields;
    for (let i = 0; i < this.used; i += FIELDS) {
      const seq = f[i + 2] as number;
      const input = f[i + 5] as number;
      if (skip(seq, input)) continue;
      queue.pushFields(f[i] as number, f[i + 1] as number, seq, f[i + 3] as string, f[i + 4], input);
    }
  }
}
