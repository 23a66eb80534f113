import type { Engine, Nanos, TraceRecord, Violation } from '../src/engine';
import { MAX_SIM_TIME, formatDuration } from '../src/engine';
import { createSimulation, DEFAULT_SEED } from '../src/host';
import type { Lesson } from '../src/lessons';
import { FAULTS, isKnownFault } from '../src/model/registry';
import type { SimState } from '../src/model/state';
import { UsageError } from './command';
import { quoted } from '../src/lessons/printable';
import { BUDGETS } from '../src/lessons/budget';

/** Most privilege crossings one burst round trip makes (a PV hypercall from user space, with the way back). */
const MAX_CROSSINGS_PER_ROUND_TRIP = 6;

/**
 * Work a CLI run may do before it is called runaway (override with --max-events): one unit per
 * event plus each event's inner work (a `cpu.burst` counts as its crossings).
 */
export const DEFAULT_MAX_EVENTS = 2_000_000 + MAX_CROSSINGS_PER_ROUND_TRIP * BUDGETS.burstRoundTrips;

export interface HeadlessRunOptions {
  seed?: number;
  faults?: readonly string[];
  /** Run every event with `at <= until`; default: until the queue is empty. */
  until?: Nanos;
  maxEvents?: number;
  /** Called with each frame's trace records, in order (streamed, so long runs stay small). */
  onTrace?: (records: readonly TraceRecord[]) => void;
  /** Simulated times (ascending) at which the run pauses to call `onCheckpoint` (recording markers). */
  checkpoints?: readonly Nanos[];
  /** Called after every event at or before `checkpoints[index]` has run. */
  onCheckpoint?: (index: number, engine: Engine<SimState>) => void;
  /** Called about every `progressEveryMs` of wall time while the run goes on (long runs). */
  onProgress?: (engine: Engine<SimState>) => void;
  progressEveryMs?: number;
}

export interface HeadlessRun {
  engine: Engine<SimState>;
  seed: number;
  faults: string[];
  events: number;
  simTimeNs: Nanos;
  stateHash: string;
  violations: Violation[];
}

/** Checks fault names up front so an unknown one is a usage error that lists the known ones. */
export function checkFaults(names: readonly string[]): void {
  for (const name of names) {
    if (isKnownFault(name)) continue;
    const known = FAULTS.map((f) => f.name);
    throw new UsageError(`unknown fault ${quoted(name, 64)}; ${known.length > 0 ? `known faults: ${known.join(', ')}` : 'no faults are defined yet'}`);
  }
}

/**
 * Runs a lesson headless in-process: the same engine, modules and auditor as the app. A CLI run
 * only goes forward, so it keeps no keyframes (nothing to step back or seek to).
 */
export function runHeadless(lesson: Lesson, options: HeadlessRunOptions = {}): HeadlessRun {
  const faults = [...(options.faults ?? [])];
  checkFaults(faults);
  const seed = options.seed ?? lesson.seed ?? DEFAULT_SEED;
  const engine = createSimulation(lesson, { seed, faults, keyframeEvery: null });
  const until = options.until ?? MAX_SIM_TIME;
  const maxEvents = options.maxEvents ?? DEFAULT_MAX_EVENTS;
  const progressEvery = options.progressEveryMs ?? 2000;
  let nextProgress = performance.now() + progressEvery;
  const runTo = (time: Nanos): void => {
    // Slices of bounded work, so progress is reported even when single events are heavy.
    while (engine.workDone < maxEvents) {
      const ran = engine.runUntil(time, {
        maxWork: Math.min(100_000, maxEvents - engine.workDone),
        shouldStop: () => performance.now() >= nextProgress,
        onFrame: (frame) => options.onTrace?.(frame.trace),
      });
      if (performance.now() >= nextProgress) {
        options.onProgress?.(engine);
        nextProgress = performance.now() + progressEvery;
      }
      if (ran === 0) break;
    }
  };
  try {
    for (const [index, time] of (options.checkpoints ?? []).entries()) {
      if (time > until) break;
      runTo(time);
      if (engine.workDone >= maxEvents) break;
      options.onCheckpoint?.(index, engine);
    }
    runTo(until);
  } catch (error) {
    throw new Error(`simulation failed after event ${engine.eventIndex} at ${formatDuration(engine.now)}: ${(error as Error).message}`);
  }
  const next = engine.peek();
  if (engine.workDone >= maxEvents && next && next.at <= until) {
    throw new UsageError(
      `stopped after ${engine.eventIndex} events (${engine.workDone} units of work counting each burst's crossings; the cap is ${maxEvents}) at sim time ${formatDuration(engine.now)} with events still pending; ` +
        'bound the run with --until DURATION or raise the cap with --max-events N',
    );
  }
  const state = engine.state;
  return {
    engine,
    seed,
    faults: Object.keys(state.faults).filter((f) => state.faults[f]).sort(),
    events: state.eventIndex,
    simTimeNs: state.time,
    stateHash: engine.hash(),
    violations: state.violations,
  };
}
