import { describe, expect, it } from 'vitest';
import { EventColumns, KindTable, type ColumnsSnapshot } from './event-columns';
import { EventQueue } from './heap';
import type { SimEvent } from './types';

/** The engine's queue as columns: order, the reusable pop, time-travel operations and snapshots. */

const ev = (seq: number, at: number, priority = 0, inputAfter?: number): SimEvent => {
  const e: SimEvent = { at, priority, seq, kind: seq % 3 === 0 ? 'tick' : seq % 3 === 1 ? 'tock' : 'poke', payload: { seq } };
  if (inputAfter !== undefined) e.inputAfter = inputAfter;
  return e;
};

const byRunOrder = (a: SimEvent, b: SimEvent): number => a.at - b.at || a.priority - b.priority || a.seq - b.seq;

function columnsOf(events: SimEvent[]): EventColumns {
  const q = new EventColumns();
  for (const e of events) q.push(e);
  return q;
}

function drain(q: EventColumns): SimEvent[] {
  const out: SimEvent[] = [];
  for (let e = q.pop(); e; e = q.pop()) out.push(e);
  return out;
}

/** 200 events in a scrambled order with many ties in time and priority. */
const scrambled: SimEvent[] = Array.from({ length: 200 }, (_, i) => {
  const seq = (i * 37) % 200;
  return ev(seq, (seq * 13) % 17, seq % 4, seq % 9 === 0 ? seq : undefined);
});

describe('EventColumns', () => {
  it('is empty at first: no head, an infinite next time, nothing to pop', () => {
    const q = new EventColumns();
    expect(q.size).toBe(0);
    expect(q.peek()).toBeUndefined();
    expect(q.peekAt()).toBe(Number.POSITIVE_INFINITY);
    expect(q.pop()).toBeUndefined();
    const out: SimEvent = { at: -1, priority: -1, seq: -1, kind: '', payload: null };
    expect(q.popInto(out)).toBe(false);
    expect(out.seq).toBe(-1);
    expect(q.headRunsBefore(0, 0, 0)).toBe(false);
  });

  it('pops any number of events (past its first capacity) in (time, priority, seq) order, fields intact', () => {
    const q = columnsOf(scrambled);
    expect(q.size).toBe(200);
    const expected = [...scrambled].sort(byRunOrder);
    expect(q.peek()).toEqual(expected[0]);
    expect(q.peekAt()).toBe(expected[0]?.at);
    expect(drain(q)).toEqual(expected);
    expect(q.size).toBe(0);
  });

  it('pops into one reused event object, clearing inputAfter for events that are not inputs', () => {
    const q = columnsOf([ev(1, 5, 0, 3), ev(2, 6)]);
    const out: SimEvent = { at: 0, priority: 0, seq: 0, kind: '', payload: null };
    expect(q.popInto(out)).toBe(true);
    expect(out).toEqual({ at: 5, priority: 0, seq: 1, kind: 'tock', payload: { seq: 1 }, inputAfter: 3 });
    expect(q.popInto(out)).toBe(true);
    expect(out).toEqual({ at: 6, priority: 0, seq: 2, kind: 'poke', payload: { seq: 2 }, inputAfter: undefined });
    expect(q.size).toBe(0);
  });

  it('keeps an input made after event 0 as an input', () => {
    const q = columnsOf([ev(4, 1, 0, 0)]);
    expect(q.peek()?.inputAfter).toBe(0);
    expect(q.sorted()[0]?.inputAfter).toBe(0);
    const out: SimEvent = { at: 0, priority: 0, seq: 0, kind: '', payload: null };
    q.popInto(out);
    expect(out.inputAfter).toBe(0);
  });

  it('the object heap peeks at its head without removing it (EventQueue, still exported)', () => {
    const heap = new EventQueue();
    heap.push(ev(2, 9));
    heap.push(ev(1, 3));
    expect(heap.peek()?.seq).toBe(1);
    expect(heap.size).toBe(2);
  });

  it('tells whether its head runs before a given (time, priority, seq)', () => {
    const q = columnsOf([ev(5, 10, 1)]);
    expect(q.headRunsBefore(11, 0, 0)).toBe(true);
    expect(q.headRunsBefore(9, 9, 9)).toBe(false);
    expect(q.headRunsBefore(10, 2, 0)).toBe(true);
    expect(q.headRunsBefore(10, 0, 9)).toBe(false);
    expect(q.headRunsBefore(10, 1, 6)).toBe(true);
    expect(q.headRunsBefore(10, 1, 5)).toBe(false);
    expect(q.headRunsBefore(10, 1, 4)).toBe(false);
  });

  it('finds queued seqs and removes matching events, returning them and keeping the order of the rest', () => {
    const q = columnsOf(scrambled);
    expect(q.has(150)).toBe(true);
    expect(q.has(200)).toBe(false);
    const removed = q.removeWhere((e) => e.seq % 2 === 1);
    expect(removed.map((e) => e.seq).sort((a, b) => a - b)).toEqual(Array.from({ length: 100 }, (_, i) => 2 * i + 1));
    expect(q.size).toBe(100);
    expect(q.has(151)).toBe(false);
    expect(q.removeWhere(() => false)).toEqual([]);
    expect(q.size).toBe(100);
    expect(drain(q)).toEqual(scrambled.filter((e) => e.seq % 2 === 0).sort(byRunOrder));
  });

  it('no longer has an event once it was popped', () => {
    const q = columnsOf([ev(7, 1)]);
    expect(q.has(7)).toBe(true);
    q.pop();
    expect(q.has(7)).toBe(false);
  });

  it('restores an empty snapshot as a queue that still grows', () => {
    const restored = EventColumns.from(new EventColumns().snapshot());
    expect(restored.size).toBe(0);
    for (let i = 0; i < 3; i++) restored.push(ev(i, 3 - i));
    expect(drain(restored).map((e) => e.seq)).toEqual([2, 1, 0]);
  });

  it('lists its events in run order without consuming them', () => {
    const q = columnsOf(scrambled);
    expect(q.sorted()).toEqual([...scrambled].sort(byRunOrder));
    expect(q.size).toBe(200);
  });

  it('restores snapshots as independent queues, sharing the kind table, and grows them again', () => {
    const q = columnsOf(scrambled.slice(0, 70));
    const snapshot = q.snapshot();
    expect(snapshot.size).toBe(70);
    expect(snapshot.at).toHaveLength(70);
    expect(snapshot.payload.filter((p) => p !== undefined)).toHaveLength(70);
    q.pop();
    q.push(ev(900, -1));
    const restored = EventColumns.from(snapshot);
    expect(restored.size).toBe(70);
    for (let i = 0; i < 100; i++) restored.push(ev(1000 + i, 100 + i));
    expect(restored.size).toBe(170);
    // The snapshot itself is unchanged, so it restores the same queue again.
    expect(drain(EventColumns.from(snapshot))).toEqual(scrambled.slice(0, 70).sort(byRunOrder));
    const all = drain(restored);
    expect(all).toHaveLength(170);
    expect(all.slice(0, 70)).toEqual(scrambled.slice(0, 70).sort(byRunOrder));
    expect(all.at(-1)?.seq).toBe(1099);
    expect(snapshot.kinds).toBeInstanceOf(KindTable);
    expect(snapshot.kinds.names).toEqual(['tick', 'tock', 'poke']);
  });

  it('restores a small snapshot with room to grow', () => {
    const restored = EventColumns.from(columnsOf([ev(1, 1)]).snapshot());
    for (let i = 2; i <= 130; i++) restored.push(ev(i, i));
    expect(restored.size).toBe(130);
    expect(drain(restored).map((e) => e.seq)).toEqual(Array.from({ length: 130 }, (_, i) => i + 1));
  });

  it('reuses the nodes of popped events, after a restore too (its arrays do not grow with churn)', () => {
    const q = columnsOf([ev(1, 1), ev(2, 2), ev(3, 3)]);
    drain(q);
    const restored = EventColumns.from(q.snapshot());
    for (let i = 4; i <= 6; i++) restored.push(ev(i, i));
    expect(restored.snapshot().at).toHaveLength(3);
    expect(drain(restored).map((e) => e.seq)).toEqual([4, 5, 6]);
  });

  it('drops payload references of popped events (nothing kept alive)', () => {
    const q = columnsOf([ev(1, 1), ev(2, 2)]);
    q.pop();
    q.pop();
    const live = (snapshot: ColumnsSnapshot): unknown[] => snapshot.payload.filter((p) => p !== undefined);
    expect(live(q.snapshot())).toEqual([]);
    q.push(ev(3, 3));
    expect(live(q.snapshot())).toEqual([{ seq: 3 }]);
  });
});

describe('KindTable', () => {
  it('gives each kind name one small id, in first-seen order', () => {
    const kinds = new KindTable();
    expect(kinds.id('a')).toBe(0);
    expect(kinds.id('b')).toBe(1);
    expect(kinds.id('a')).toBe(0);
    expect(kinds.names).toEqual(['a', 'b']);
  });
});
