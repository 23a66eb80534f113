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
