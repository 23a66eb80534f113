import { describe, expect, it } from 'vitest';
import { Engine, type EngineOptions } from './engine';
import { seedRng } from './rng';
import { defineHandler, type SimCore } from './types';

/**
 * How the engine travels in time, seen from outside: a step back inside the kept history undoes
 * (no handler runs again), anything else restores a keyframe and replays (handlers run again).
 * Counting handler calls tells them apart; every move must also land on the same state.
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

/** Runs `n` events one step at a time (one history frame each). */
function stepEach(r: Rig, n: number): void {
  for (let i = 0; i < n; i++) r.engine.step();
  r.replayed();
}

describe('step back', () => {
  it('undoes inside the kept history without running any handler again', () => {
    const r = rig(20);
    stepEach(r, 20);
    r.engine.stepBack(5);
    expect(r.replayed()).toBe(0);
    expect([r.engine.eventIndex, r.engine.state.tally.n]).toEqual([15, 15]);
  });

  it('replays from a keyframe when no history is kept, also for a negative setting', () => {
    for (const historyEvents of [0, -5]) {
      const r = rig(20, { historyEvents });
      stepEach(r, 20);
      r.engine.stepBack(1);
      expect(r.replayed()).toBe(19);
      expect(r.engine.state.tally.n).toBe(19);
    }
  });

  it('keeps exactly the last `historyEvents` events of history', () => {
    const r = rig(20, { historyEvents: 5 });
    stepEach(r, 20);
    r.engine.stepBack(5);
    expect(r.replayed()).toBe(0);
    r.engine.seekEvent(20);
    r.replayed();
    r.engine.stepBack(6);
    expect(r.replayed()).toBe(14);
    expect(r.engine.state.tally.n).toBe(14);
  });

  it('keeps at most `historyFrames` frames: a step back past them replays from a keyframe to the same state', () => {
    const r = rig(40, { historyFrames: 3 });
    stepEach(r, 20);
    // The last three one-event frames undo without running anything again…
    r.engine.stepBack(3);
    expect(r.replayed()).toBe(0);
    expect(r.engine.state.tally.n).toBe(17);
    // …a fourth does not: the keyframe at 0 is restored and 16 events replayed.
    r.engine.stepBack(1);
    expect(r.replayed()).toBe(16);
    expect([r.engine.eventIndex, r.engine.state.tally.n]).toEqual([16, 16]);
    // Batched frames count as one each: one frame of 10 events stays undoable under the cap.
    const batched = rig(40, { historyFrames: 1 });
    batched.engine.step(10);
    batched.replayed();
    batched.engine.stepBack(10);
    expect(batched.replayed()).toBe(0);
  });

  it('keeps 256 frames of history by default', () => {
    const r = rig(300);
    stepEach(r, 300);
    r.engine.stepBack(256);
    expect(r.replayed()).toBe(0);
    r.engine.stepBack(1);
    expect(r.replayed()).toBe(43);
    expect(r.engine.state.tally.n).toBe(43);
  });

  it('keeps 20,000 events of history by default: a step back past them replays from a keyframe', () => {
    // One event that reschedules itself (a queue of one), and one keyframe only (at 0), so undoing
    // is always allowed by cost while the history reaches.
    let calls = 0;
    const loop = defineHandler<Tally, null>((state, _e, ctx) => {
      calls++;
      ctx.mut('tally').n = state.tally.n + 1;
      ctx.schedule('loop', null, 1);
    });
    const engine = new Engine<Tally>({
      state: { time: 0, eventIndex: 0, rng: seedRng(5), faults: {}, violations: [], tally: { n: 0, log: [] } },
      handlers: { loop: [loop] },
      keyframeEvery: 1e9,
    });
    engine.schedule('loop', null, 0);
    engine.runUntil(Number.MAX_SAFE_INTEGER, { batchSize: 100, maxEvents: 20_100 });
    calls = 0;
    engine.seekEvent(100);
    expect(calls).toBe(0);
    engine.seekEvent(20_100);
    calls = 0;
    engine.seekEvent(99);
    expect(calls).toBe(99);
    expect(engine.state.tally.n).toBe(99);
  });

  it('keeps its history length exact through undo and redo', () => {
    const r = rig(40, { historyEvents: 5 });
    stepEach(r, 20);
    r.engine.stepBack(2);
    stepEach(r, 2);
    // Still the last 5 events: undo 5 without replaying, and a 6th needs the keyframe.
    r.engine.stepBack(5);
    expect(r.replayed()).toBe(0);
    stepEach(r, 5);
    r.engine.stepBack(6);
    expect(r.replayed()).toBe(14);
  });

  it('runs nothing when seeking to where it already is', () => {
    const r = rig(20, { historyEvents: 0, keyframeEvery: 5 });
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

  it('undoes while that costs at most a keyframe interval more than replaying, and replays beyond', () => {
    // Keyframes every 10 events; one history frame per event.
    const r = rig(100, { keyframeEvery: 10 });
    stepEach(r, 100);
    // Goal 85: undo 15 events, or replay 5 from the keyframe at 80 (+10): undo.
    r.engine.seekEvent(85);
    expect(r.replayed()).toBe(0);
    // Goal 74 from 85: undo 11, or replay 4 (+10 = 14): undo.
    r.engine.seekEvent(74);
    expect(r.replayed()).toBe(0);
    // Goal 55 from 74: undo 19 > replay 5 + 10: restore the keyframe at 50 and replay 5.
    r.engine.seekEvent(55);
    expect(r.replayed()).toBe(5);
    expect(r.engine.state.tally.n).toBe(55);
    // Undoing the replayed frame (50 → 55, one batch) lands on 50; one event runs again to 51.
    r.engine.seekEvent(51);
    expect(r.replayed()).toBe(1);
    expect(r.engine.state.tally.n).toBe(51);
    // The one-event frames kept from before the restore still end at 50: undo into them.
    r.engine.seekEvent(45);
    expect(r.replayed()).toBe(0);
    expect(r.engine.state.tally.n).toBe(45);
  });

  it('replays at one event past the undo allowance', () => {
    const r = rig(100, { keyframeEvery: 10 });
    stepEach(r, 100);
    // Goal 84 from 100: undo 16 > replay 4 + 10.
    r.engine.seekEvent(84);
    expect(r.replayed()).toBe(4);
    expect(r.engine.state.tally.n).toBe(84);
  });

  it('after jumping ahead to a keyframe, forgets the history behind it: a step back never undoes into the old place', () => {
    const r = rig(100, { keyframeEvery: 10 });
    stepEach(r, 100);
    r.engine.seekEvent(30); // the keyframe at 30; history kept up to 30
    r.replayed();
    r.engine.seekEvent(95); // jumps to the keyframe at 90 and replays 5
    expect(r.replayed()).toBe(5);
    // History that ended at 30 would be undone from 90 as if it followed it, landing on 29.
    r.engine.stepBack(6);
    expect([r.engine.eventIndex, r.engine.state.tally.n]).toEqual([89, 89]);
  });

  it('after a restore, keeps the history up to the keyframe and can undo into it', () => {
    const r = rig(40, { keyframeEvery: 10 });
    stepEach(r, 40);
    r.engine.seekEvent(12);
    expect(r.replayed()).toBe(2);
    r.engine.stepBack(4);
    expect(r.replayed()).toBe(0);
    expect(r.engine.state.tally.n).toBe(8);
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
    // History kept since the restore does not reach back to 100, so the keyframe at 50 is used.
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
    const r = rig(40, { keyframeEvery: 10, historyEvents: 0 });
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
