import { Engine } from './engine';
import { seedRng } from './rng';
import type { Handler, SimCore } from './types';

/**
 * A synthetic workload for engine tests and benchmarks: "processes" that reschedule themselves
 * after random delays, bump counters, sometimes fork, and accept inputs.
 */
export interface WorkloadState extends SimCore {
  world: { counters: Record<string, number>; last: number[]; inputs: number };
}

export interface TickPayload {
  process: number;
}

const tick: Handler<WorkloadState> = (draft, event, ctx) => {
  const { process } = event.payload as TickPayload;
  const key = `p${process % 16}`;
  draft.world.counters[key] = (draft.world.counters[key] ?? 0) + 1;
  if (draft.world.last.length >= 8) draft.world.last.shift();
  draft.world.last.push(process);
  const roll = ctx.randomInt(10);
  // Same-time follow-ups with mixed priorities exercise the (at, priority, seq) order.
  ctx.schedule('tick', { process }, roll < 2 ? 0 : 1 + ctx.randomInt(50), roll % 3);
  // Originals fork once in a while; forks never fork, so the population stays bounded.
  if (roll === 9 && process < 100) ctx.schedule('tick', { process: process + 100 }, ctx.randomInt(20));
};

const poke: Handler<WorkloadState> = (draft, event) => {
  draft.world.inputs += (event.payload as { amount: number }).amount;
};

const fault: Handler<WorkloadState> = (draft, event) => {
  draft.faults[(event.payload as { name: string }).name] = true;
};

export function workloadEngine(seed: number, processes = 4, options: { keyframeEvery?: number | null; keyframeBudgetMs?: number; clock?: () => number } = {}): Engine<WorkloadState> {
  const engine = new Engine<WorkloadState>({
    state: { time: 0, eventIndex: 0, rng: seedRng(seed), faults: {}, violations: [], world: { counters: {}, last: [], inputs: 0 } },
    handlers: { tick: [tick], poke: [poke], fault: [fault] },
    ...options,
  });
  for (let p = 0; p < processes; p++) engine.schedule('tick', { process: p }, p % 3, 0);
  return engine;
}
