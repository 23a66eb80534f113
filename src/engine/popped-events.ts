import type { EventColumns } from './event-columns';
import type { SimEvent } from './types';

/** Fields per recorded event in {@link PoppedEvents}' flat array. */
const FIELDS = 6;

/**
 * The events one batch took from the queue, kept in one flat array (six fields per event) so a
 * batch allocates no object per event: undoing the batch (history) or aborting it (a handler
 * threw) puts them back. Keeping the popped event objects instead cost about a sixth of the bench
 * workload's time in allocation and garbage collection; one array rather than one per field keeps
 * one-event frames, which history holds by the ten thousand, small.
 */
export class PoppedEvents {
  /** at, priority, seq, kind, payload, inputAfter (-1 for events that are not user inputs), … */
  private readonly fields: unknown[] = [];

  get length(): number {
    return this.fields.length / FIELDS;
  }

  record(event: SimEvent): void {
    this.fields.push(event.at, event.priority, event.seq, event.kind, event.payload, event.inputAfter ?? -1);
  }

  /** Queues every recorded event again except those `skip` rejects (by seq and `inputAfter`, -1 if none). */
  putBack(queue: EventColumns, skip: (seq: number, inputAfter: number) => boolean): void {
    const f = this.fields;
    for (let i = 0; i < f.length; i += FIELDS) {
      const seq = f[i + 2] as number;
      const input = f[i + 5] as number;
      if (skip(seq, input)) continue;
      queue.pushFields(f[i] as number, f[i + 1] as number, seq, f[i + 3] as string, f[i + 4], input);
    }
  }
}
