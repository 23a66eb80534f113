import { describe, expect, it } from 'vitest';
import { Engine } from './engine';
import { seedRng } from './rng';
import type { SimCore } from './types';

/**
 * The engine's hash promises "equal hashes mean equal futures", so the pending queue is part of
 * it: two engines in the same state with different events waiting must hash differently.
 */
function idle(): Engine<SimCore> {
  return new Engine<SimCore>({
    state: { time: 0, eventIndex: 0, rng: seedRng(7), faults: {}, violations: [] },
    handlers: { ping: [() => {}], pong: [() => {}] },
  });
}

function withPending(at: number, kind = 'ping', payload: unknown = { n: 1 }, priority = 0): Engine<SimCore> {
  const engine = idle();
  engine.schedule(kind, payload, at, priority);
  return engine;
}

describe('the state hash covers the pending event queue', () => {
  it('is equal for equal states with equal queues', () => {
    expect(withPending(5).hash()).toBe(withPending(5).hash());
  });

  it('differs when only the queue differs: its time, kind, payload or priority', () => {
    const base = withPending(5);
    expect(base.state).toEqual(withPending(6).state);
    expect(base.hash()).not.toBe(withPending(6).hash());
    expect(base.hash()).not.toBe(withPending(5, 'pong').hash());
    expect(base.hash()).not.toBe(withPending(5, 'ping', { n: 2 }).hash());
    expect(base.hash()).not.toBe(withPending(5, 'ping', { n: 1 }, 3).hash());
  });

  it('differs between an empty queue and a waiting event, and changes when the event runs', () => {
    const engine = withPending(5);
    const waiting = engine.hash();
    expect(waiting).not.toBe(idle().hash());
    engine.step();
    expect(engine.hash()).not.toBe(waiting);
  });
});
