import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
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
