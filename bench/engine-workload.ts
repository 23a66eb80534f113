import type { Draft } from 'immer';
import { Engine, EventQueue, nextInt, seedRng, US, type HandlerContext, type RngState, type SimCore, type SimEvent } from '../src/engine';

/**
 * The synthetic engine workload: `procs` processes, each an event that increments its own counter
 * and reschedules itself after a random delay (1–1000 µs) drawn from the seeded PRNG in the state.
 * Counters are chunked (32 per chunk) as the simulator's rules ask of large collections, so one
 * event copies one small chunk rather than every counter.
 */
export const CHUNK = 32;
export const MAX_DELAY_US = 1000;

export interface WorkloadState extends SimCore {
  total: number;
  counts: number[][];
}

interface Tick {
  p: number;
}

function initialState(procs: number, seed: number): WorkloadState {
  const counts: number[][] = [];
  for (let i = 0; i < procs; i += CHUNK) counts.push(new Array<number>(Math.min(CHUNK, procs - i)).fill(0));
  return { time: 0, eventIndex: 0, rng: seedRng(seed), faults: {}, violations: [], total: 0, counts };
}

function tick(draft: Draft<WorkloadState>, event: SimEvent, ctx: HandlerContext): void {
  const { p } = event.payload as Tick;
  (draft.counts[(p / CHUNK) | 0] as number[])[p % CHUNK]! += 1;
  draft.total += 1;
  ctx.schedule('tick', event.payload, (1 + ctx.randomInt(MAX_DELAY_US)) * US);
}

/** The workload on the real engine, with the app's options (keyframes every 1,000 events, step-back history). */
export function createWorkloadEngine(procs: number, seed: number): Engine<WorkloadState> {
  const engine = new Engine<WorkloadState>({ state: initialState(procs, seed), handlers: { tick: [tick] }, keyframeEvery: 1000, historyEvents: 20_000 });
  for (let p = 0; p < procs; p++) engine.schedule('tick', { p } satisfies Tick, 0);
  return engine;
}

/** Runs `events` events in frames of `batchSize`; returns the final state (for checks). */
export function runOnEngine(procs: number, seed: number, events: number, batchSize: number): WorkloadState {
  const engine = createWorkloadEngine(procs, seed);
  engine.runUntil(Number.MAX_SAFE_INTEGER, { batchSize, maxEvents: events });
  return engine.state;
}

/**
 * The same loop on plain mutable objects: the same binary heap, PRNG and event records, no immer,
 * no frames, no history. The gap to {@link runOnEngine} is the cost of immutability and time travel.
 */
export function runPlain(procs: number, seed: number, events: number): WorkloadState {
  const state = initialState(procs, seed);
  const queue = new EventQueue();
  let seq = 0;
  for (let p = 0; p < procs; p++) queue.push({ at: 0, priority: 0, seq: seq++, kind: 'tick', payload: { p } satisfies Tick });
  const rng: RngState = state.rng;
  for (let i = 0; i < events; i++) {
    const event = queue.pop();
    if (!event) break;
    state.time = event.at;
    const { p } = event.payload as Tick;
    (state.counts[(p / CHUNK) | 0] as number[])[p % CHUNK]! += 1;
    state.total += 1;
    queue.push({ at: event.at + (1 + nextInt(rng, MAX_DELAY_US)) * US, priority: 0, seq: seq++, kind: 'tick', payload: event.payload });
    state.eventIndex++;
  }
  return state;
}
