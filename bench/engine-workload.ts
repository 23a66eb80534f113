import { defineHandler, Engine, EventColumns, nextInt, reusableEvent, seedRng, US, type RngState, type SimCore } from '../src/engine';
import { KEYFRAME_BUDGET_MS, KEYFRAME_MIN_MS } from '../src/host/simulation';

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

/**
 * Each workload's `copyRoot`, a literal of its fields, as the app passes one for its own state
 * (`copySimState`): the engine's per-batch root copy as a model is expected to write it.
 */
const copyWorkload = (s: WorkloadState): WorkloadState => ({ time: s.time, eventIndex: s.eventIndex, rng: s.rng, faults: s.faults, violations: s.violations, total: s.total, counts: s.counts });

function initialState(procs: number, seed: number): WorkloadState {
  const counts: number[][] = [];
  for (let i = 0; i < procs; i += CHUNK) counts.push(new Array<number>(Math.min(CHUNK, procs - i)).fill(0));
  return { time: 0, eventIndex: 0, rng: seedRng(seed), faults: {}, violations: [], total: 0, counts };
}

const tick = defineHandler<WorkloadState, Tick>((state, event, ctx) => {
  const { p } = event.payload;
  const chunk = ctx.mut('counts', (p / CHUNK) | 0);
  chunk[p % CHUNK] = (chunk[p % CHUNK] ?? 0) + 1;
  ctx.mut().total = state.total + 1;
  ctx.schedule('tick', event.payload, (1 + ctx.randomInt(MAX_DELAY_US)) * US);
});

/**
 * Time travel as the app has it (`createSimulation`): a keyframe every 1,000 events or 3 ms of
 * work, but not before 2 ms of work (every move back, a step back included, replays from one).
 */
export const APP_TIME_TRAVEL = { keyframeEvery: 1000, keyframeBudgetMs: KEYFRAME_BUDGET_MS, keyframeMinMs: KEYFRAME_MIN_MS } as const;

/**
 * The workload on the real engine, with the app's time travel ({@link APP_TIME_TRAVEL}), or with
 * time travel off (no keyframes: what `isolab run` uses).
 */
export function createWorkloadEngine(procs: number, seed: number, timeTravel = true): Engine<WorkloadState> {
  const travel = timeTravel ? APP_TIME_TRAVEL : { keyframeEvery: null };
  const engine = new Engine<WorkloadState>({ state: initialState(procs, seed), handlers: { tick: [tick] }, copyRoot: copyWorkload, ...travel });
  for (let p = 0; p < procs; p++) engine.schedule('tick', { p } satisfies Tick, 0);
  return engine;
}

/** Runs `events` events in frames of `batchSize`; returns the final state (for checks). */
export function runOnEngine(procs: number, seed: number, events: number, batchSize: number, timeTravel = true): WorkloadState {
  const engine = createWorkloadEngine(procs, seed, timeTravel);
  engine.runUntil(Number.MAX_SAFE_INTEGER, { batchSize, maxEvents: events });
  return engine.state;
}

/**
 * The same loop on plain mutable objects: the engine's own queue (the calendar queue of
 * `EventColumns`, one reused event object), PRNG and event fields, no immutability, no frames, no
 * keyframes. The gap to {@link runOnEngine} is the cost of immutability and time travel.
 */
export function runPlain(procs: number, seed: number, events: number): WorkloadState {
  const state = initialState(procs, seed);
  const queue = new EventColumns();
  const tickKind = queue.kindId('tick');
  let seq = 0;
  for (let p = 0; p < procs; p++) queue.pushKind(0, 0, seq++, tickKind, { p } satisfies Tick);
  const rng: RngState = state.rng;
  const event = reusableEvent();
  for (let i = 0; i < events; i++) {
    if (!queue.popInto(event)) break;
    state.time = event.at;
    const { p } = event.payload as Tick;
    (state.counts[(p / CHUNK) | 0] as number[])[p % CHUNK]! += 1;
    state.total += 1;
    queue.pushKind(event.at + (1 + nextInt(rng, MAX_DELAY_US)) * US, 0, seq++, tickKind, event.payload);
    state.eventIndex++;
  }
  return state;
}

// ---------------------------------------------------------------------------------------------
// More workloads (issue 15 item 5): one synthetic workload does not describe the engine. Each has
// a twin in bench/simpy_workload.py written the way a SimPy user would write it.

/** Pure scheduling: the same processes, no state write at all (only the clock, index and PRNG). */
export interface BareState extends SimCore {
  marker: number;
}

const copyBare = (s: BareState): BareState => ({ time: s.time, eventIndex: s.eventIndex, rng: s.rng, faults: s.faults, violations: s.violations, marker: s.marker });

const hop = defineHandler<BareState, Tick>((_state, event, ctx) => {
  ctx.schedule('hop', event.payload, (1 + ctx.randomInt(MAX_DELAY_US)) * US);
});

/** One write per event: each event bumps its process's counter (one chunk copied per batch and chunk). */
const bump = defineHandler<WorkloadState, Tick>((_state, event, ctx) => {
  const { p } = event.payload;
  const chunk = ctx.mut('counts', (p / CHUNK) | 0);
  chunk[p % CHUNK] = (chunk[p % CHUNK] ?? 0) + 1;
  ctx.schedule('bump', event.payload, (1 + ctx.randomInt(MAX_DELAY_US)) * US);
});

export type Shape = 'scheduling' | 'one-write';

/** Runs `events` events of the scheduling-only or one-write workload in frames of `batchSize`. */
export function runShape(shape: Shape, procs: number, seed: number, events: number, batchSize: number): number {
  const kind = shape === 'scheduling' ? 'hop' : 'bump';
  const engine =
    shape === 'scheduling'
      ? new Engine<BareState>({ state: { time: 0, eventIndex: 0, rng: seedRng(seed), faults: {}, violations: [], marker: 0 }, handlers: { hop: [hop] }, copyRoot: copyBare, ...APP_TIME_TRAVEL })
      : new Engine<WorkloadState>({ state: initialState(procs, seed), handlers: { bump: [bump] }, copyRoot: copyWorkload, ...APP_TIME_TRAVEL });
  for (let p = 0; p < procs; p++) engine.schedule(kind, { p } satisfies Tick, 0);
  return engine.runUntil(Number.MAX_SAFE_INTEGER, { batchSize, maxEvents: events });
}

/**
 * An M/M/1 queue: customers arrive at rate λ, one server serves them at rate μ (ρ = λ/μ = 0.9),
 * first come first served; the state keeps the waiting line, the server and the statistics.
 * Times are exponential draws in microseconds. The result counts customers served.
 */
export const MM1_MEAN_ARRIVAL_US = 1000;
export const MM1_MEAN_SERVICE_US = 900;

export interface Mm1State extends SimCore {
  /** Arrival times of the customers waiting (not yet in service), oldest first. */
  line: number[];
  busy: boolean;
  served: number;
  totalWait: number;
}

const copyMm1 = (s: Mm1State): Mm1State => ({ time: s.time, eventIndex: s.eventIndex, rng: s.rng, faults: s.faults, violations: s.violations, line: s.line, busy: s.busy, served: s.served, totalWait: s.totalWait });

const exponentialUs = (u: number, mean: number): number => Math.max(1, Math.round(-Math.log(1 - u) * mean)) * US;

const arrive = defineHandler<Mm1State, null>((state, _event, ctx) => {
  ctx.schedule('arrive', null, exponentialUs(ctx.random(), MM1_MEAN_ARRIVAL_US));
  if (state.busy) {
    ctx.mut('line').push(ctx.now);
    return;
  }
  ctx.mut().busy = true;
  ctx.schedule('depart', null, exponentialUs(ctx.random(), MM1_MEAN_SERVICE_US));
});

const depart = defineHandler<Mm1State, null>((state, _event, ctx) => {
  const root = ctx.mut();
  root.served = state.served + 1;
  if (state.line.length === 0) {
    root.busy = false;
    return;
  }
  const line = ctx.mut('line');
  const arrived = line.shift() as number;
  root.totalWait = state.totalWait + (ctx.now - arrived);
  ctx.schedule('depart', null, exponentialUs(ctx.random(), MM1_MEAN_SERVICE_US));
});

/** Runs the M/M/1 queue until `customers` have been served; returns the final state. */
export function runMm1(seed: number, customers: number, batchSize: number): Mm1State {
  const engine = new Engine<Mm1State>({
    state: { time: 0, eventIndex: 0, rng: seedRng(seed), faults: {}, violations: [], line: [], busy: false, served: 0, totalWait: 0 },
    handlers: { arrive: [arrive], depart: [depart] },
    copyRoot: copyMm1,
    ...APP_TIME_TRAVEL,
  });
  engine.schedule('arrive', null, 0);
  while (engine.state.served < customers) {
    if (engine.runUntil(Number.MAX_SAFE_INTEGER, { batchSize, maxEvents: Math.max(batchSize, 2 * (customers - engine.state.served)) }) === 0) break;
  }
  return engine.state;
}
