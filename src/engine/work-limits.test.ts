import { describe, expect, it } from 'vitest';
import { Engine } from './engine';
import { seedRng } from './rng';
import type { Handler, SimCore } from './types';
import { workloadEngine } from './test-workload';

interface HeavyState extends SimCore {
  world: { done: number };
}

/** Each event reports 999 units of inner work (like a burst of crossings). */
const heavy: Handler<HeavyState> = (draft, _event, ctx) => {
  draft.world.done += 1;
  ctx.work?.(999);
};

function heavyEngine(events: number): Engine<HeavyState> {
  const engine = new Engine<HeavyState>({ state: { time: 0, eventIndex: 0, rng: seedRng(1), faults: {}, violations: [], world: { done: 0 } }, handlers: { heavy: [heavy] } });
  for (let i = 0; i < events; i++) engine.schedule('heavy', {}, i);
  return engine;
}

describe('work limits (bounded slices)', () => {
  it('counts inner work reported by handlers against maxWork', () => {
    const engine = heavyEngine(100);
    engine.runUntil(1000, { maxWork: 5000 });
    // 1000 units per event: the fifth event reaches the budget, the sixth never starts.
    expect(engine.eventIndex).toBe(5);
    expect(engine.workDone).toBe(5000);
  });

  it('stops between events when asked, and a seek continues where it stopped', () => {
    const straight = workloadEngine(7);
    straight.runUntil(2000);
    const sliced = workloadEngine(7);
    // Like a wall-clock deadline: once past, it stays past (a fresh one per slice).
    const deadline = () => {
      let asked = 0;
      return () => ++asked >= 50;
    };
    let move = sliced.seekTime(2000, { shouldStop: deadline() });
    let slices = 1;
    while (!move.complete) {
      move = sliced.seekTime(2000, { shouldStop: deadline() });
      slices++;
    }
    expect(slices).toBeGreaterThan(5);
    expect(sliced.hash()).toBe(straight.hash());
  });

  it('gives up building a diff past maxPatches (the host then sends a snapshot)', () => {
    const engine = workloadEngine(3, 16);
    engine.runUntil(2000);
    const move = engine.seekEvent(0, { maxPatches: 2 });
    expect(move.patches).toBeNull();
    expect(engine.seekEvent(3, { maxPatches: 10_000 }).patches).not.toBeNull();
  });
});
