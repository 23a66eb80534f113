import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Engine } from './engine';
import { seedRng } from './rng';
import type { SimCore } from './types';
import { workloadEngine } from './test-workload';

describe('Engine ordering', () => {
  it('runs same-time events by priority, then by insertion order (seq)', () => {
    const order: string[] = [];
    const engine = new Engine<SimCore>({
      state: { time: 0, eventIndex: 0, rng: seedRng(1), faults: {}, violations: [] },
      handlers: { e: [(_d, ev) => void order.push(ev.payload as string)] },
    });
    engine.schedule('e', 'late', 10, 0);
    engine.schedule('e', 'b-prio1', 5, 1);
    engine.schedule('e', 'a-prio0-first', 5, 0);
    engine.schedule('e', 'c-prio0-second', 5, 0);
    engine.schedule('e', 'early', 1, 9);
    engine.runUntil(100);
    expect(order).toEqual(['early', 'a-prio0-first', 'c-prio0-second', 'b-prio1', 'late']);
  });

  it('advances the clock to each event and counts events', () => {
    const engine = workloadEngine(3);
    engine.step(10);
    expect(engine.eventIndex).toBe(10);
    expect(engine.state.time).toBeGreaterThanOrEqual(0);
    const next = engine.peek();
    expect(next && next.at >= engine.state.time).toBe(true);
  });

  it('rejects events of a kind nobody handles', () => {
    const engine = workloadEngine(1);
    expect(() => engine.schedule('nope', {}, 0)).toThrow(/no handler/);
  });

  it('keeps a batch atomic when a handler throws', () => {
    let calls = 0;
    const engine = new Engine<SimCore>({
      state: { time: 0, eventIndex: 0, rng: seedRng(1), faults: {}, violations: [] },
      handlers: {
        ok: [() => {}],
        boom: [() => {
          calls++;
          throw new Error('boom');
        }],
      },
    });
    engine.schedule('ok', null, 1);
    engine.schedule('boom', null, 2);
    const before = engine.hash();
    expect(() => engine.step(2)).toThrow('boom');
    expect(engine.hash()).toBe(before);
    expect(engine.pendingCount).toBe(2);
    expect(calls).toBe(1);
  });

  it('produces patches that rebuild the state from the previous one', () => {
    const engine = workloadEngine(5);
    const frame = engine.step(50);
    expect(frame).not.toBeNull();
    expect(frame?.fromEvent).toBe(0);
    expect(frame?.toEvent).toBe(50);
    expect(frame?.patches.length).toBeGreaterThan(0);
  });
});

describe('Engine determinism', () => {
  it('gives the same hash for the same seed, whatever the batching', () => {
    const a = workloadEngine(42);
    const b = workloadEngine(42);
    a.runUntil(5_000, { batchSize: 1 });
    b.runUntil(5_000, { batchSize: 777 });
    expect(a.eventIndex).toBeGreaterThan(100);
    expect(a.hash()).toBe(b.hash());
  });

  it('gives a different hash for a different seed', () => {
    const a = workloadEngine(1);
    const b = workloadEngine(2);
    a.runUntil(2_000);
    b.runUntil(2_000);
    expect(a.hash()).not.toBe(b.hash());
  });
});

const workloadArb = fc.record({
  seed: fc.integer({ min: 0, max: 0xffffffff }),
  processes: fc.integer({ min: 1, max: 6 }),
  keyframeEvery: fc.integer({ min: 1, max: 40 }),
  events: fc.integer({ min: 1, max: 200 }),
});

describe('Engine time travel (property-based)', () => {
  it('step back restores exactly the previous state, event by event', () => {
    fc.assert(
      fc.property(workloadArb, ({ seed, processes, keyframeEvery, events }) => {
        const engine = workloadEngine(seed, processes, { keyframeEvery });
        const hashes = [engine.hash()];
        for (let i = 0; i < events; i++) {
          engine.step(1);
          hashes.push(engine.hash());
        }
        for (let i = events - 1; i >= 0; i--) {
          engine.stepBack(1);
          if (engine.hash() !== hashes[i]) return false;
        }
        return true;
      }),
      { numRuns: 40 },
    );
  });

  it('steps back frame by frame far from any keyframe, each step the exact state there', () => {
    // 300-event frames and one keyframe (at 0): every step back replays from the start.
    const engine = workloadEngine(11, 40, { keyframeEvery: 100_000 });
    const hashes = new Map<number, string>([[0, engine.hash()]]);
    for (let frame = 0; frame < 40; frame++) {
      engine.step(300);
      hashes.set(engine.eventIndex, engine.hash());
    }
    expect(engine.eventIndex).toBe(12_000);
    for (let back = 1; back <= 7; back++) {
      engine.stepBack(300);
      expect(engine.eventIndex).toBe(12_000 - 300 * back);
      expect(engine.hash()).toBe(hashes.get(engine.eventIndex));
    }
  });

  it('after a seek back onto a keyframe, steps back event by event past it', () => {
    const engine = workloadEngine(12, 6, { keyframeEvery: 50 });
    const hashes = [engine.hash()];
    for (let i = 0; i < 250; i++) {
      engine.step(1);
      hashes.push(engine.hash());
    }
    // Back to 150 (a keyframe), then event by event: each step replays from the keyframe at 100.
    engine.seekEvent(150);
    expect(engine.hash()).toBe(hashes[150]);
    for (let i = 149; i >= 120; i--) {
      engine.stepBack(1);
      expect(engine.eventIndex).toBe(i);
      expect(engine.hash()).toBe(hashes[i]);
    }
  });

  it('seek to any event lands on the same state as a straight run', () => {
    fc.assert(
      fc.property(workloadArb, fc.array(fc.integer({ min: 0, max: 250 }), { minLength: 1, maxLength: 8 }), (w, targets) => {
        const straight = workloadEngine(w.seed, w.processes);
        const hashes = [straight.hash()];
        for (let i = 0; i < 250; i++) {
          straight.step(1);
          hashes.push(straight.hash());
        }
        const engine = workloadEngine(w.seed, w.processes, { keyframeEvery: w.keyframeEvery });
        engine.runUntil(Number.MAX_SAFE_INTEGER, { maxEvents: w.events, batchSize: 13 });
        for (const target of targets) {
          engine.seekEvent(target);
          if (engine.eventIndex !== target || engine.hash() !== hashes[target]) return false;
        }
        return true;
      }),
      { numRuns: 40 },
    );
  });

  it('replays user inputs where they happened when seeking around them', () => {
    fc.assert(
      fc.property(
        workloadArb,
        fc.array(fc.record({ after: fc.integer({ min: 0, max: 120 }), amount: fc.integer({ min: 1, max: 9 }), delay: fc.integer({ min: 0, max: 30 }) }), { maxLength: 5 }),
        fc.array(fc.integer({ min: 0, max: 150 }), { minLength: 1, maxLength: 6 }),
        (w, rawInputs, targets) => {
          const inputs = [...rawInputs].sort((a, b) => a.after - b.after);
          // Reference: a straight run that inserts each input when its index is reached.
          const straight = workloadEngine(w.seed, w.processes);
          const hashes: string[] = [];
          let next = 0;
          for (let i = 0; i <= 150; i++) {
            while (next < inputs.length && (inputs[next]?.after ?? 0) === i) {
              const input = inputs[next++];
              straight.input('poke', { amount: input?.amount }, straight.now + (input?.delay ?? 0));
            }
            hashes.push(straight.hash());
            straight.step(1);
          }
          // Same inputs, but with time travel between them.
          const engine = workloadEngine(w.seed, w.processes, { keyframeEvery: w.keyframeEvery });
          for (const input of inputs) {
            engine.seekEvent(input.after);
            engine.input('poke', { amount: input.amount }, engine.now + input.delay);
          }
          for (const target of targets) {
            engine.seekEvent(target);
            if (engine.hash() !== hashes[target]) return false;
          }
          return true;
        },
      ),
      { numRuns: 40 },
    );
  });

  it('seeks by simulated time to the state after every event at or before that time', () => {
    const straight = workloadEngine(9, 3);
    straight.runUntil(700);
    const engine = workloadEngine(9, 3, { keyframeEvery: 7 });
    engine.runUntil(2_000);
    engine.seekTime(700);
    expect(engine.hash()).toBe(straight.hash());
    expect(engine.peek()?.at).toBeGreaterThan(700);
  });

  it('a new input after stepping back replaces the old future', () => {
    const engine = workloadEngine(4);
    engine.step(20);
    engine.input('poke', { amount: 5 });
    engine.step(20);
    engine.seekEvent(10);
    engine.input('poke', { amount: 1 });
    engine.seekEvent(40);
    expect(engine.state.world.inputs).toBe(1);
    expect(engine.inputLog().map((e) => (e.payload as { amount: number }).amount)).toEqual([1]);
  });
});
