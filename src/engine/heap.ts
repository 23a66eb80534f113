import type { SimEvent } from './types';

/** True when `a` must run before `b`: earlier time, then lower priority number, then lower seq. */
export function runsBefore(a: SimEvent, b: SimEvent): boolean {
  if (a.at !== b.at) return a.at < b.at;
  if (a.priority !== b.priority) return a.priority < b.priority;
  return a.seq < b.seq;
}

/**
 * Binary min-heap of events ordered by `(at, priority, seq)`. `seq` is unique, so the order is
 * total and independent of insertion history: the same events always pop in the same order.
 * The engine's queue is the calendar queue of `event-columns.ts`; this plainly correct heap is
 * what its property tests check it against.
 */
export class EventQueue {
  private items: SimEvent[] = [];

  get size(): number {
    return this.items.length;
  }

  peek(): SimEvent | undefined {
    return this.items[0];
  }

  push(event: SimEvent): void {
    const items = this.items;
    items.push(event);
    let i = items.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      const p = items[parent] as SimEvent;
      if (!runsBefore(event, p)) break;
      items[i] = p;
      i = parent;
    }
    items[i] = event;
  }

  pop(): SimEvent | undefined {
    const items = this.items;
    const top = items[0];
    const last = items.pop();
    if (top === undefined || last === undefined || items.length === 0) return top;
    const n = items.length;
    let i = 0;
    for (;;) {
      const left = 2 * i + 1;
      if (left >= n) break;
      const right = left + 1;
      let child = left;
      if (right < n && runsBefore(items[right] as SimEvent, items[left] as SimEvent)) child = right;
      const c = items[child] as SimEvent;
      if (!runsBefore(c, last)) break;
      items[i] = c;
      i = child;
    }
    items[i] = last;
    return top;
  }

  /** Whether an event with this seq is queued (O(n); time travel only). */
  has(seq: number): boolean {
    return this.items.some((e) => e.seq === seq);
  }

  /** Removes every event matching `predicate` (O(n); used by time travel, not the hot path). */
  removeWhere(predicate: (event: SimEvent) => boolean): SimEvent[] {
    const removed: SimEvent[] = [];
    const kept: SimEvent[] = [];
    for (const event of this.items) (predicate(event) ? removed : kept).push(event);
    if (removed.length > 0) this.replaceAll(kept);
    return removed;
  }

  /** The queued events in run order (a copy). */
  sorted(): SimEvent[] {
    return [...this.items].sort((a, b) => (runsBefore(a, b) ? -1 : 1));
  }

  /** A copy of the raw heap array; `EventQueue.from` restores it without re-heapifying. */
  snapshot(): SimEvent[] {
    return this.items.slice();
  }

  static from(heapArray: readonly SimEvent[]): EventQueue {
    const queue = new EventQueue();
    queue.items = heapArray.slice();
    return queue;
  }

  private replaceAll(events: SimEvent[]): void {
    this.items = [];
    for (const event of events) this.push(event);
  }
}
