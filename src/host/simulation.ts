import { Engine, seedRng, type Nanos } from '../engine';
import type { Lesson } from '../lessons/schema';
import { toNanos } from '../lessons/primitives';
import type { SetupContext } from '../model/module';
import { atomicModelPath, elementwiseModelPath, modelPatchFloor } from '../model/diff-granularity';
import { afterEventHooks, handlerTable, isKnownFault, MODULES } from '../model/registry';
import { copySimState, type SimState, type World } from '../model/state';
import { hashedSimState } from '../model/hashed-state';
import { nextFloat } from '../engine/rng';

export interface SimulationOptions {
  seed?: number;
  /** Faults switched on from time zero (in addition to the lesson's own). */
  faults?: readonly string[];
  /** The engine's `keyframeEvery`; `null` for one-way runs. */
  keyframeEvery?: number | null;
  /** The engine's `keyframeBudgetMs` (default {@link KEYFRAME_BUDGET_MS}). */
  keyframeBudgetMs?: number;
  /** Turn the after-event invariant checks off (benchmarks' baseline only). */
  withoutAuditor?: boolean;
}

export const DEFAULT_SEED = 1;

/**
 * A keyframe at least every this many ms of simulation work, so a seek replays at most about
 * that much whatever an event costs (seek target: 50 ms, including restore and diff). A replay
 * costs what the first run did, and its garbage is the collector's: the young-generation
 * collections it brings on copy the seek's patches and replayed state, and what they promote brings
 * on the full collections. At 20 ms, replays in the 20,000-host fleet took 20–45 ms; at 10 ms the
 * fleet's worst of 20 seeks was 28–94 ms CPU in 16 fresh processes (7 over 50), at 5 ms 23–54 in 32
 * (2 over), at 3 ms 20–49 in 16, for 7 % more heap after its run (89 → 95 MiB, about 54 → 160
 * keyframes) and a first run 0–9 % slower (docs/architecture.md, "Keyframes are spaced by cost").
 * Smaller spacing costs memory: each keyframe keeps the chunks changed since the one before.
 */
export const KEYFRAME_BUDGET_MS = 3;

/**
 * A keyframe due by event count waits for at least this many ms of work since the last one: in a
 * lesson whose events cost a microsecond, 1,000 events are a millisecond, and a keyframe that
 * often cost more than the replays it saves. Below the budget, so where events are cheap this
 * floor, not the budget, sets the spacing (the engine bench's time travel was measured with it).
 */
export const KEYFRAME_MIN_MS = 2;

/** Builds the initial state for a lesson: every module fills its slice, scripted actions are queued. */
export function createSimulation(lesson: Lesson, options: SimulationOptions = {}): Engine<SimState> {
  const seed = options.seed ?? lesson.seed ?? DEFAULT_SEED;
  const faults: Record<string, boolean> = {};
  for (const name of [...lesson.faults, ...(options.faults ?? [])]) {
    if (!isKnownFault(name)) throw new Error(`unknown fault "${name}"`);
    faults[name] = true;
  }
  const rng = seedRng(seed);
  const world = { tenants: {}, hosts: {}, domains: {} } as unknown as World;
  const initial: Array<{ kind: string; payload: unknown; at: Nanos; priority: number }> = [];
  const ctx: SetupContext = {
    schedule: (kind, payload, at, priority = 0) => initial.push({ kind, payload, at, priority }),
    random: () => nextFloat(rng),
  };
  for (const module of MODULES) module.setup?.(world, lesson.world, ctx);
  // Scripted lesson actions are part of the scenario (not user inputs), queued after set-up events.
  for (const step of lesson.steps) {
    for (const { at, action } of step.actions) {
      initial.push({ kind: action.type, payload: action, at: toNanos(at ?? step.at), priority: 0 });
    }
  }
  const state: SimState = { time: 0, eventIndex: 0, rng, faults, violations: [], world };
  const engine = new Engine<SimState>({
    state,
    handlers: handlerTable(),
    afterEvent: options.withoutAuditor ? [] : afterEventHooks(),
    keyframeEvery: options.keyframeEvery,
    keyframeBudgetMs: options.keyframeBudgetMs ?? KEYFRAME_BUDGET_MS,
    keyframeMinMs: KEYFRAME_MIN_MS,
    diffAtomic: atomicModelPath,
    diffElementwise: elementwiseModelPath,
    patchFloor: modelPatchFloor,
    copyRoot: copySimState,
    hashView: hashedSimState,
  });
  // Kept once as a sorted immutable list with a cursor: keyframes never copy the lesson's script.
  engine.scheduleScript(initial);
  return engine;
}

/** The simulated time at which the lesson's script ends (its last step or action). */
export function lessonEndTime(lesson: Lesson): Nanos {
  let end = 0;
  for (const step of lesson.steps) {
    end = Math.max(end, toNanos(step.at));
    for (const a of step.actions) end = Math.max(end, toNanos(a.at ?? step.at));
  }
  return end;
}
