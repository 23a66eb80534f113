import { describe, expect, it } from 'vitest';
import { Engine, type EngineOptions } from './engine';
import { seedRng } from './rng';
import { defineHandler, type SimCore } from './types';

/**
 * How the engine travels in time, seen from outside: every move back, a step back of one event
 * included, restores the newest keyframe at or before its goal and replays from it (handlers run
 * again); a forward move replays from where the engine stands or from a keyframe ahead. Counting
 * handler calls shows which keyframe a move used; every move must also land on the same state.
 */
interface Tally extends SimCore {
  tally: { n: number; log: string[] };
}

interface Rig {
  engine: Engine<Tally>;
  /** Handler calls since the last read. */
  replayed: () => number;
}

function rig(events: number, options: Partial<EngineOptions<Tally>> = {}): Rig {
  let calls = 0;
  const inc = defineHandler<Tally, null>((state, _e, ctx) => {
    calls++;
    ctx.mut('tally').n = state.tally.n + 1;
  });
  const note = defineHandler<Tally, string>((_s, event, ctx) => {
    calls++;
    ctx.mut('tally', 'log').push(event.payload);
  });
  const engine = new Engine<Tally>({
    state: { time: 0, eventIndex: 0, rng: seedRng(5), faults: {}, violations: [], tally: { n: 0, log: [] } },
    handlers: { inc: [inc], note: [note] },
    ...options,
  });
  for (let i = 1; i <= events; i++) engine.schedule('inc', null, i);
  return {
    engine,
    replayed: () => {
      const n = calls;
      calls = 0;
      return n;
    },
  };
}

/** Runs `n` events one step at a time (one frame each). */
function stepEach(r: Rig, n: number): void {
  for (let i = 0; i < n; i++) r.engine.step();
  r.replayed();
}

describe('step back', () => {
  it('replays from the newest keyframe at or before the goal: only the events in between run again', () => {
    // The default spacing (1,000 events): the only keyframe is at 0.
    const r = rig(20);
    stepEach(r, 20);
    r.engine.stepBack(5);
    expect(r.replayed()).toBe(15);
    expect([r.engine.eventIndex, r.engine.state.tally.n]).toEqual([15, 15]);
    r.engine.stepBack(1);
    expect(r.replayed()).toBe(14);
    expect(r.engine.state.tally.n).toBe(14);
  });

  it('uses the keyframe nearest below each goal, in one-event frames too', () => {
    // Keyframes every 10 events: at 0, 10, 20, …
    const r = rig(100, { keyframeEvery: 10 });
    stepEach(r, 100);
    for (const [goal, replayed] of [
      [85, 5],
      [74, 4],
      [55, 5],
      [51, 1],
      [50, 0],
      [49, 9],
    ] as const) {
      r.engine.seekEvent(goal);
      expect(r.replayed()).toBe(replayed);
      expect([r.engine.eventIndex, r.engine.state.tally.n]).toEqual([goal, goal]);
    }
  });

  it('runs nothing when seeking to where it already is', () => {
    const r = rig(20, { keyframeEvery: 5 });
    r.engine.runUntil(12);
    r.replayed();
    const before = r.engine.state;
    const move = r.engine.seekEvent(12);
    expect(r.replayed()).toBe(0);
    expect(move.patches).toEqual([]);
    expect(r.engine.state).toBe(before);
    r.engine.seekTime(12);
    expect(r.replayed()).toBe(0);
    expect(r.engine.state).toBe(before);
  });

  it('after jumping ahead to a keyframe, steps back from there to the exact state', () => {
    const r = rig(100, { keyframeEvery: 10 });
    stepEach(r, 100);
    r.engine.seekEvent(30); // the keyframe at 30
    r.replayed();
    r.engine.seekEvent(95); // jumps to the keyframe at 90 and replays 5
    expect(r.replayed()).toBe(5);
    r.engine.stepBack(6);
    expect(r.replayed()).toBe(9);
    expect([r.engine.eventIndex, r.engine.state.tally.n]).toEqual([89, 89]);
  });
});

describe('forward seeks', () => {
  it('jump to a keyframe of the known future when that skips more than 32 events', () => {
    const r = rig(200, { keyframeEvery: 50 });
    r.engine.runUntil(1000);
    r.engine.seekEvent(0);
    r.replayed();
    r.engine.seekEvent(160);
    expect(r.replayed()).toBe(10);
    expect(r.engine.state.tally.n).toBe(160);
    r.engine.seekTime(1000);
    expect(r.replayed()).toBe(40);
  });

  it('replay instead when the keyframe is only 32 events ahead', () => {
    const at32 = rig(100, { keyframeEvery: 32 });
    at32.engine.runUntil(1000);
    at32.engine.seekEvent(0);
    at32.replayed();
    at32.engine.seekEvent(32);
    expect(at32.replayed()).toBe(32);

    const at33 = rig(100, { keyframeEvery: 33 });
    at33.engine.runUntil(1000);
    at33.engine.seekEvent(0);
    at33.replayed();
    at33.engine.seekEvent(33);
    expect(at33.replayed()).toBe(0);
    expect(at33.engine.state.tally.n).toBe(33);
  });

  it('by time, use the latest keyframe strictly before that time', () => {
    const r = rig(200, { keyframeEvery: 50 });
    r.engine.runUntil(1000);
    r.engine.seekEvent(0);
    r.replayed();
    // Events run at times 1…200; the keyframe at index 100 holds time 100, before 101.
    r.engine.seekTime(101);
    expect(r.replayed()).toBe(1);
    r.engine.seekEvent(0);
    r.replayed();
    // Time 100 itself: the keyframe at 100 is not before it; the one at 50 is.
    r.engine.seekTime(100);
    expect(r.replayed()).toBe(50);
    expect(r.engine.state.tally.n).toBe(100);
  });

  it('by time backwards, restore the latest keyframe before that time', () => {
    const r = rig(200, { keyframeEvery: 50 });
    r.engine.runUntil(1000);
    r.replayed();
    r.engine.seekTime(120);
    expect(r.replayed()).toBe(20);
    r.engine.seekTime(100);
    // The keyframe at 100 holds time 100, not before it: the one at 50 is used.
    expect(r.replayed()).toBe(50);
    r.engine.seekTime(0);
    expect(r.replayed()).toBe(0);
    expect(r.engine.eventIndex).toBe(0);
  });

  it('never jump past a new input: its keyframes of the old future are gone', () => {
    const r = rig(200, { keyframeEvery: 50 });
    r.engine.runUntil(1000);
    r.engine.seekEvent(60);
    r.engine.input('note', 'here');
    r.replayed();
    r.engine.seekEvent(160);
    // The input and 99 events after it, all replayed: no keyframe of the old future is used.
    expect(r.replayed()).toBe(100);
    expect(r.engine.state.tally.log).toEqual(['here']);
    expect(r.engine.state.tally.n).toBe(159);
  });
});

describe('keyframes and inputs', () => {
  it('keep the keyframes of a timeline while replaying behind the newest one', () => {
    const r = rig(120, { keyframeEvery: 20 });
    r.engine.runUntil(1000);
    r.engine.seekEvent(5);
    r.engine.seekEvent(45);
    r.replayed();
    // The keyframe at 100 is still there: a seek to 110 replays 10 events, not 65.
    r.engine.seekEvent(110);
    expect(r.replayed()).toBe(10);
  });

  it('an input made at a keyframe index is replayed after restoring that keyframe', () => {
    const r = rig(30, { keyframeEvery: 10 });
    r.engine.runUntil(5);
    r.engine.seekEvent(0);
    r.engine.input('note', 'at-zero');
    r.engine.runUntil(1000);
    const expected = [...r.engine.state.tally.log];
    expect(expected).toEqual(['at-zero']);
    r.engine.seekEvent(0);
    expect(r.engine.state.tally.log).toEqual([]);
    expect(r.engine.pending()[0]?.payload).toBe('at-zero');
    r.engine.seekEvent(10);
    r.engine.input('note', 'at-ten');
    r.engine.runUntil(1000);
    r.engine.seekEvent(10);
    expect(r.engine.pending().filter((e) => e.kind === 'note').map((e) => e.payload)).toEqual(['at-ten']);
    r.engine.seekEvent(3);
    r.engine.seekEvent(31);
    expect(r.engine.state.tally.log).toEqual(['at-zero', 'at-ten']);
  });

  it('an input keeps the keyframe it was made at: seeking back there replays nothing', () => {
    const r = rig(40, { keyframeEvery: 10 });
    r.engine.runUntil(25);
    r.engine.seekEvent(10);
    r.engine.input('note', 'at-ten');
    r.replayed();
    r.engine.runUntil(100);
    r.replayed();
    r.engine.seekEvent(10);
    expect(r.replayed()).toBe(0);
    expect(r.engine.pending()[0]?.payload).toBe('at-ten');
  });

  it('continues exactly as a straight run after jumping to a keyframe taken where an input was made', () => {
    const straight = rig(120, { keyframeEvery: 40 });
    straight.engine.runUntil(40);
    straight.engine.input('note', 'x');
    straight.engine.runUntil(70);
    const travelling = rig(120, { keyframeEvery: 40 });
    travelling.engine.runUntil(40);
    travelling.engine.input('note', 'x');
    travelling.engine.runUntil(1000);
    travelling.engine.seekEvent(0);
    travelling.replayed();
    travelling.engine.seekTime(70);
    // It jumped to the keyframe at 40 (the input's place) and replayed the input and 30 events.
    expect(travelling.replayed()).toBe(31);
    expect(travelling.engine.hash()).toBe(straight.engine.hash());
    expect(travelling.engine.schedule('inc', null, 999)).toBe(straight.engine.schedule('inc', null, 999));
  });

  it('after restoring a keyframe, takes the next ones at the usual spacing from it', () => {
    const r = rig(300, { keyframeEvery: 50 });
    r.engine.runUntil(1000);
    r.engine.seekEvent(55);
    // The input drops the keyframes of the old future (100…250); new ones are taken from 50 on.
    r.engine.input('note', 'here');
    r.engine.runUntil(1000);
    r.replayed();
    r.engine.seekEvent(120);
    expect(r.replayed()).toBe(20);
  });

  it('set-up between batches starts the next batch with a keyframe there', () => {
    const r = rig(100, { keyframeEvery: 10 });
    r.engine.runUntil(55);
    r.engine.schedule('note', 'late', 500);
    r.engine.runUntil(57);
    r.replayed();
    // A keyframe was taken at 55, where the set-up happened: back to 56 replays one event.
    r.engine.seekEvent(56);
    expect(r.replayed()).toBe(1);
    expect(r.engine.pending().some((e) => e.payload === 'late')).toBe(true);
  });

  it('runs a user input once when stepping back over it and forward again', () => {
    const r = rig(20);
    r.engine.step(5);
    r.engine.input('note', 'once');
    r.engine.step(3);
    r.engine.stepBack(3);
    expect(r.engine.pending().filter((e) => e.kind === 'note')).toHaveLength(1);
    r.engine.step(3);
    r.engine.stepBack(3);
    r.engine.runUntil(100);
    expect(r.engine.state.tally.log).toEqual(['once']);
    expect(r.engine.state.tally.n).toBe(20);
  });

  it('seq numbers after a replay match a straight run, inputs included', () => {
    const straight = rig(30, { keyframeEvery: 10 });
    straight.engine.runUntil(10);
    straight.engine.input('note', 'x');
    straight.engine.runUntil(20);
    const travelling = rig(30, { keyframeEvery: 10 });
    travelling.engine.runUntil(10);
    travelling.engine.input('note', 'x');
    travelling.engine.runUntil(25);
    travelling.engine.seekEvent(2);
    travelling.engine.seekTime(20);
    expect(travelling.engine.hash()).toBe(straight.engine.hash());
    expect(travelling.engine.schedule('inc', null, 99)).toBe(straight.engine.schedule('inc', null, 99));
  });
});

describe('keyframes spaced by a time budget', () => {
  /** Each event "costs" 1 ms on a fake clock; reads are counted. */
  function timed(budget: number | undefined, eventMs = 1, events = 100): { engine: Engine<Tally>; reads: () => number; frames: (until: number) => number[] } {
    let now = 0;
    let reads = 0;
    const tick = defineHandler<Tally, null>((state, _e, ctx) => {
      now += eventMs;
      ctx.mut('tally').n = state.tally.n + 1;
    });
    const engine = new Engine<Tally>({
      state: { time: 0, eventIndex: 0, rng: seedRng(5), faults: {}, violations: [], tally: { n: 0, log: [] } },
      handlers: { tick: [tick] },
      keyframeEvery: 1000,
      ...(budget === undefined ? {} : { keyframeBudgetMs: budget }),
      clock: () => {
        reads++;
        return now;
      },
    });
    for (let i = 1; i <= events; i++) engine.schedule('tick', null, i);
    return {
      engine,
      reads: () => reads,
      frames: (until) => {
        const sizes: number[] = [];
        engine.runUntil(until, { batchSize: 1000, onFrame: (f) => sizes.push(f.toEvent - f.fromEvent) });
        return sizes;
      },
    };
  }

  it('reads the clock every eighth event while events are dear, and cuts the batch once the budget is spent', () => {
    // Events of 1 ms: the reading after the 8th finds 8 ms, the one after the 16th 16 ms ≥ 10 ms.
    expect(timed(10).frames(100)).toEqual([16, 16, 16, 16, 16, 16, 4]);
    // A budget of 17 ms is first found spent at the reading after the 24th event.
    expect(timed(17).frames(100)).toEqual([24, 24, 24, 24, 4]);
  });

  it('reads the clock once per 64 events while events are cheap', () => {
    // Events of 1 µs against a 10 ms budget: the stride doubles from 8 to 64 and stays there.
    const run = timed(10, 0.001, 10_000);
    expect(run.frames(10_000)).toEqual([1000, 1000, 1000, 1000, 1000, 1000, 1000, 1000, 1000, 1000]);
    const readsInRun = run.reads() - 2;
    expect(readsInRun).toBeGreaterThanOrEqual(10_000 / 64);
    expect(readsInRun).toBeLessThan(10_000 / 64 + 20);
  });

  it('without a budget, reads the clock only when a keyframe is taken', () => {
    const run = timed(undefined);
    expect(run.frames(100)).toEqual([100]);
    // Once at construction, once when the keyframe at index 0 is anchored.
    expect(run.reads()).toBe(2);
  });
});
