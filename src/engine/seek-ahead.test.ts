import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { NoKeyframe } from './errors';
import { workloadEngine } from './test-workload';

/** Forward seeks jump to a keyframe of the known future instead of replaying everything. */
describe('seeking forward into the known future', () => {
  it('lands on the state a straight run reaches, with and without inputs on the way', () => {
    const base = workloadEngine(3, 4, { keyframeEvery: 50 });
    base.runUntil(5_000);
    const end = base.now;
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: end }), { minLength: 1, maxLength: 6 }), (times) => {
        for (const time of times) {
          base.seekTime(time);
          const straight = workloadEngine(3, 4, { keyframeEvery: 50 });
          straight.runUntil(time);
          expect(base.hash()).toBe(straight.hash());
        }
      }),
      { numRuns: 15 },
    );
  });

  it('seekEvent forward from the start equals a straight run, and new inputs drop the old future', () => {
    const engine = workloadEngine(5, 4, { keyframeEvery: 40 });
    engine.runUntil(4_000);
    const furthest = engine.eventIndex;
    engine.seekEvent(0);
    engine.seekEvent(furthest - 3);
    const straight = workloadEngine(5, 4, { keyframeEvery: 40 });
    straight.step(furthest - 3);
    expect(engine.hash()).toBe(straight.hash());
    // An input at 100 events rewrites the future: later keyframes must not be jumped to.
    engine.seekEvent(100);
    engine.input('poke', { amount: 7 });
    engine.seekEvent(furthest - 3);
    expect(engine.hash()).not.toBe(straight.hash());
    expect(engine.state.world.inputs).toBe(7);
  });
});

/** Keyframes spaced by cost: a time budget as well as an event count (issue 15). */
describe('keyframes spaced by time', () => {
  /** A clock that advances 1 ms per reading: the budget then counts clock reads (every 8th event). */
  const tickingClock = () => {
    let now = 0;
    return () => now++;
  };

  it('come more often than the event count alone would take them, and seeks still land exactly', () => {
    const byCount = workloadEngine(4, 4, { keyframeEvery: 400 });
    const byTime = workloadEngine(4, 4, { keyframeEvery: 400, keyframeBudgetMs: 3, clock: tickingClock() });
    byCount.runUntil(6_000);
    byTime.runUntil(6_000);
    expect(byTime.hash()).toBe(byCount.hash());
    const end = byTime.now;
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: end }), { minLength: 1, maxLength: 5 }), (times) => {
        for (const time of times) {
          byTime.seekTime(time);
          const straight = workloadEngine(4, 4, { keyframeEvery: 400 });
          straight.runUntil(time);
          expect(byTime.hash()).toBe(straight.hash());
        }
      }),
      { numRuns: 10 },
    );
    // How many keyframes: count them through the frames a long run is split into.
    const frames = (engine: ReturnType<typeof workloadEngine>) => {
      let n = 0;
      engine.seekEvent(0);
      engine.runUntil(6_000, { batchSize: 100_000, onFrame: () => n++ });
      return n;
    };
    expect(frames(workloadEngine(4, 4, { keyframeEvery: 400, keyframeBudgetMs: 3, clock: tickingClock() }))).toBeGreaterThan(3 * frames(workloadEngine(4, 4, { keyframeEvery: 400 })));
  });

  it('none at all for a one-way run: it runs the same, and cannot seek back', () => {
    const oneWay = workloadEngine(6, 4, { keyframeEvery: null });
    const normal = workloadEngine(6, 4);
    oneWay.runUntil(3_000);
    normal.runUntil(3_000);
    expect(oneWay.hash()).toBe(normal.hash());
    expect(() => oneWay.seekEvent(10)).toThrow(NoKeyframe);
  });
});
