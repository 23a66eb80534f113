import type { z } from 'zod';
import type { AfterEventHook, Nanos } from '../engine';
import type { DirectModelAfterEventHook, EventKind, EventPayloads, ModuleHandlers } from './events';
import type { LessonWorld } from './world';
import type { SimState, World } from './state';

/** A named fault a learner can switch on to watch a protection fail (`--fault NAME`, `fault.set`). */
export interface FaultSpec {
  name: string;
  description: string;
}

/** What a module may do while the initial world is built from a lesson or scenario. */
export interface SetupContext {
  /** Schedules an initial event (not an input). */
  schedule<K extends EventKind>(kind: K, payload: EventPayloads[K], at: Nanos, priority?: number): void;
  /** Deterministic randomness for set-up, from the state's PRNG. */
  random(): number;
}

/**
 * One concept of the simulator (hypervisor, cpu, memory, storage, tenancy, access…).
 * Modules never import each other's internals: they meet in the state and in event kinds
 * (several modules may handle the same kind, in registry order).
 */
export interface SimModule {
  id: string;
  /**
   * Event handlers by kind (see `events.ts`: the key fixes the payload type). Input actions are
   * events whose kind is the action's `type`.
   */
  handlers?: ModuleHandlers;
  /** Input actions this module accepts (user or lesson): `type` → zod schema of the whole action. */
  actions?: readonly z.ZodType[];
  faults?: readonly FaultSpec[];
  /** Invariant checks run after every event. */
  afterEvent?: readonly (AfterEventHook<SimState> | DirectModelAfterEventHook)[];
  /** Fills this module's slice of the initial world from the lesson's `world` section. */
  setup?: (world: World, lesson: LessonWorld, ctx: SetupContext) => void;
}
