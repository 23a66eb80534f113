import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { EventColumns, estimateWidth } from './event-columns';
import { EventQueue } from './heap';
import type { SimEvent } from './types';

/**
 * The calendar queue against the binary heap it replaced, which is plainly right: any mix of
 * pushes and pops must pop the same events in the same order. The times mix what lessons make:
 * bursts at one time, steady gaps, far-future outliers, pushes behind the last pop (an undo puts
 * popped events back), and the odd negative or infinite time.
 */
type Op = { push: { at: number; priority: number } } | { pop: number } | { snapshot: true };

const time = fc.oneof(
  { arbitrary: fc.constant(0), weight: 2 },
  { arbitrary: fc.integer({ min: 0, max: 5_000 }), weight: 6 },
  { arbitrary: fc.integer({ min: 0, max: 1e12 }), weight: 2 },
  { arbitrary: fc.constantFrom(-3, Number.POSITIVE_INFINITY, 2 ** 60), weight: 1 },
);
const op: fc.Arbitrary<Op> = fc.oneof(
  { arbitrary: fc.record({ push: fc.record({ at: time, priority: fc.integer({ min: -1, max: 2 }) }) }), weight: 6 },
  { arbitrary: fc.record({ pop: fc.integer({ min: 1, max: 40 }) }), weight: 3 },
  { arbitrary: fc.constant({ snapshot: true as const }), weight: 1 },
);

/** Applies the ops to both queues; returns the seqs each popped, in order. */
function run(ops: readonly Op[], relative: boolean): { heap: number[]; calendar: number[] } {
  const heap = new EventQueue();
  let calendar = new EventColumns();
  const out = { heap: [] as number[], calendar: [] as number[] };
  let seq = 0;
  let now = 0;
  for (const o of ops) {
    if ('push' in o) {
      // Relative: times after the last pop, as handlers schedule; absolute: anywhere, as an undo puts back.
      const at = relative && Number.isFinite(o.push.at) ? now + Math.abs(o.push.at) : o.push.at;
      const event: SimEvent = { at, priority: o.push.priority, seq: seq++, kind: at % 2 === 0 ? 'even' : 'odd', payload: { seq } };
      heap.push(event);
      calendar.push(event);
    } else if ('pop' in o) {
      for (let i = 0; i < o.pop; i++) {
        const a = heap.pop();
        const b = calendar.pop();
        expect(b).toEqual(a);
        if (!a) break;
        out.heap.push(a.seq);
        out.calendar.push(b?.seq ?? -1);
        if (Number.isFinite(a.at)) now = Math.max(now, a.at);
      }
    } else {
      calendar = EventColumns.from(calendar.snapshot());
    }
    expect(calendar.size).toBe(heap.size);
    expect(calendar.peek()).toEqual(heap.peek());
  }
  for (let a = heap.pop(); a; a = heap.pop()) {
    out.heap.push(a.seq);
    out.calendar.push(calendar.pop()?.seq ?? -1);
  }
  return out;
}

describe('calendar queue', () => {
  it.each([
    ['for times after the last pop', true],
    ['for times anywhere (undo puts events back)', false],
  ])('pops what the binary heap pops, in its order, %s', (_times, relative) => {
    fc.assert(
      fc.property(fc.array(op, { maxLength: 400 }), (ops) => {
        const { heap, calendar } = run(ops, relative);
        expect(calendar).toEqual(heap);
      }),
      { numRuns: 300 },
    );
  });

  it('keeps its order through growth to thousands and back, as the time scale changes', () => {
    const heap = new EventQueue();
    const calendar = new EventColumns();
    let seq = 0;
    const push = (at: number): void => {
      const event: SimEvent = { at, priority: 0, seq: seq++, kind: 'k', payload: null };
      heap.push(event);
      calendar.push(event);
    };
    // A burst at one time, then microsecond gaps, then hour-long gaps, popping as it goes.
    for (let i = 0; i < 3000; i++) push(0);
    for (let i = 0; i < 3000; i++) push(1000 * i);
    for (let round = 0; round < 5000; round++) {
      const a = heap.pop();
      expect(calendar.pop()).toEqual(a);
      push((a?.at ?? 0) + (round % 2 === 0 ? 3_600e9 : 7));
    }
    while (heap.size > 0) expect(calendar.pop()).toEqual(heap.pop());
    expect(calendar.size).toBe(0);
  });
});

describe('calendar layout', () => {
  const push = (q: EventColumns, seq: number, at: number): void => q.push({ at, priority: 0, seq, kind: 'k', payload: null });

  it('grows to about half the queue in buckets, three gaps wide, and shrinks back to 16', () => {
    const q = new EventColumns();
    expect([q.snapshot().buckets, q.snapshot().width]).toEqual([16, 1000]);
    for (let i = 0; i < 32; i++) push(q, i, 10 * i);
    expect(q.snapshot().buckets).toBe(16);
    push(q, 32, 320);
    // 33 events on 16 buckets: 32 buckets, 3 × the 10 ns gap.
    expect([q.snapshot().buckets, q.snapshot().width]).toEqual([32, 30]);
    for (let i = 33; i < 100; i++) push(q, i, 10 * i);
    expect([q.snapshot().buckets, q.snapshot().width]).toEqual([64, 30]);
    for (let i = 0; i < 68; i++) expect(q.pop()?.seq).toBe(i);
    expect(q.snapshot().buckets).toBe(64);
    expect(q.pop()?.seq).toBe(68);
    // 31 left, fewer than half of 64 buckets, and more operations than events since the layout.
    expect([q.snapshot().buckets, q.snapshot().width]).toEqual([16, 30]);
    for (let i = 69; i < 100; i++) expect(q.pop()?.seq).toBe(i);
    expect(q.snapshot().buckets).toBe(16);
  });

  it('lays out again when a push walks a long list (a width too wide for the times)', () => {
    const q = new EventColumns();
    // 100 events 1 ms apart: 64 buckets, 3 ms wide. 60 popped: 40 left, no shrink.
    for (let i = 0; i < 100; i++) push(q, i, i * 1e6);
    for (let i = 0; i < 60; i++) q.pop();
    expect([q.snapshot().buckets, q.snapshot().width]).toEqual([64, 3e6]);
    // A cluster 1 ns apart in one bucket, before a later event of the same list: each push walks
    // past the cluster so far, and the 34th walks 33 nodes.
    push(q, 200, 130 * 3e6);
    for (let k = 1; k <= 33; k++) push(q, 200 + k, 200e6 + k);
    expect(q.snapshot().width).toBe(3e6);
    push(q, 234, 200e6 + 34);
    expect(q.snapshot().width).not.toBe(3e6);
    expect(q.sorted().map((e) => e.seq)).toEqual([...Array.from({ length: 40 }, (_, i) => 60 + i), ...Array.from({ length: 34 }, (_, k) => 201 + k), 200]);
  });

  it('lays out again when a whole year holds nothing (a width too narrow for the times)', () => {
    const q = new EventColumns();
    push(q, 0, 0);
    push(q, 1, 1e9);
    push(q, 2, 2e9);
    expect(q.pop()?.seq).toBe(0);
    // The next event is far beyond a year of 16 × 1 µs: found directly, and the calendar laid out anew.
    expect(q.pop()?.seq).toBe(1);
    expect(q.snapshot().width).toBe(3e9);
    expect(q.pop()?.seq).toBe(2);
  });
});

describe('estimateWidth', () => {
  it('is three mean gaps between the earliest distinct times, ignoring repeats', () => {
    expect(estimateWidth([40, 0, 0, 0, 10, 20, 30, 30], 7)).toBe(30);
  });

  it('falls back when there are fewer than two distinct finite times, and is never below 1 ns', () => {
    expect(estimateWidth([], 7)).toBe(7);
    expect(estimateWidth([5, 5, 5], 7)).toBe(7);
    expect(estimateWidth([5, Number.POSITIVE_INFINITY], 7)).toBe(7);
    expect(estimateWidth([0, 0.1], 7)).toBe(1);
  });

  it('looks only at the 64 earliest distinct times', () => {
    const times = [...Array.from({ length: 64 }, (_, i) => i), 1e9];
    expect(estimateWidth(times, 7)).toBe(3);
  });
});
