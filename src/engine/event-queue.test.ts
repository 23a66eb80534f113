import { describe, expect, it } from 'vitest';
import { EventQueue } from './heap';
import type { SimEvent } from './types';

/** The queue operations time travel uses (has, removeWhere, snapshot/from, sorted), pinned directly. */
const event = (seq: number, at: number, priority = 0): SimEvent => ({ at, priority, seq, kind: 'k', payload: seq });

function queueOf(events: SimEvent[]): EventQueue {
  const queue = new EventQueue();
  for (const e of events) queue.push(e);
  return queue;
}

const drain = (queue: EventQueue): number[] => {
  const out: number[] = [];
  for (let e = queue.pop(); e; e = queue.pop()) out.push(e.seq);
  return out;
};

describe('EventQueue', () => {
  const events = [event(0, 5), event(1, 1), event(2, 5, -1), event(3, 3), event(4, 1, 2), event(5, 9)];

  it('pops the last event and is then empty', () => {
    const queue = queueOf([event(0, 1)]);
    expect(queue.pop()?.seq).toBe(0);
    expect(queue.size).toBe(0);
    expect(queue.pop()).toBeUndefined();
    expect(queue.peek()).toBeUndefined();
  });

  it('lists events in run order without consuming them', () => {
    const queue = queueOf(events);
    expect(queue.sorted().map((e) => e.seq)).toEqual([1, 4, 3, 2, 0, 5]);
    expect(queue.size).toBe(6);
    expect(drain(queue)).toEqual([1, 4, 3, 2, 0, 5]);
  });

  it('knows which seqs are queued', () => {
    const queue = queueOf(events);
    expect(queue.has(3)).toBe(true);
    expect(queue.has(6)).toBe(false);
    queue.pop();
    expect(queue.has(1)).toBe(false);
  });

  it('removes matching events, returns them, and keeps the rest in order', () => {
    const queue = queueOf(events);
    expect(queue.removeWhere((e) => e.at === 5).map((e) => e.seq).sort()).toEqual([0, 2]);
    expect(queue.size).toBe(4);
    expect(queue.removeWhere(() => false)).toEqual([]);
    expect(drain(queue)).toEqual([1, 4, 3, 5]);
  });

  it('restores a snapshot as an independent queue with the same order', () => {
    const queue = queueOf(events);
    const copy = EventQueue.from(queue.snapshot());
    queue.pop();
    expect(copy.size).toBe(6);
    expect(drain(copy)).toEqual([1, 4, 3, 2, 0, 5]);
    const snapshot = queue.snapshot();
    snapshot.length = 0;
    expect(queue.size).toBe(5);
  });

  it('does not share its array with the snapshot it was restored from (keyframes restore it again)', () => {
    const keyframe = queueOf(events).snapshot();
    const first = EventQueue.from(keyframe);
    first.pop();
    first.push(event(9, 0));
    expect(keyframe).toHaveLength(6);
    expect(drain(EventQueue.from(keyframe))).toEqual([1, 4, 3, 2, 0, 5]);
  });
});
