import type { HandlerContext, Immutable, Nanos, SimEvent, Touched, WriteContext } from '../engine';
import type { AccessEvents } from './access/events';
import type { CpuEvents } from './cpu/events';
import type { FaultEvents } from './faults/events';
import type { HypervisorEvents } from './hypervisor/events';
import type { MemoryEvents } from './memory/events';
import type { NetworkEvents } from './network/events';
import type { SimState } from './state';
import type { StorageEvents } from './storage/events';
import type { FleetEvents } from './tenancy/events';

/**
 * Every event kind of the model and its payload: each module lists the kinds it schedules or
 * emits in its `events.ts` (input actions come from their schemas). Modules meet here: a module
 * that handles another's kind reads that module's payload type, and scheduling or handling an
 * unknown kind, or the wrong payload, does not compile.
 */
export type EventPayloads = AccessEvents & CpuEvents & FaultEvents & HypervisorEvents & MemoryEvents & NetworkEvents & StorageEvents & FleetEvents;

export type EventKind = keyof EventPayloads & string;

export type ModelEvent<K extends EventKind> = SimEvent<EventPayloads[K]> & { kind: K };

/** The kinds whose payload has the fields of `T` (for helpers shared by several handlers). */
export type KindsWith<T> = { [K in EventKind]: EventPayloads[K] extends T ? K : never }[EventKind];

/** The typed face of the engine's scheduling calls: the kind fixes the payload. */
interface TypedScheduling {
  schedule<K extends EventKind>(kind: K, payload: EventPayloads[K], delay?: Nanos, priority?: number): number;
  scheduleAt<K extends EventKind>(kind: K, payload: EventPayloads[K], at: Nanos, priority?: number): number;
  emit<K extends EventKind>(kind: K, payload: EventPayloads[K]): void;
}

/** What a model handler may do besides writing state (see {@link HandlerContext}). */
export type ModelContext = Omit<HandlerContext, keyof TypedScheduling> & TypedScheduling;

/** The direct path's context: `ctx.mut(...)` writes plus typed scheduling. */
export type ModelWriteContext = Omit<WriteContext<SimState>, keyof TypedScheduling> & TypedScheduling;

/** A handler on the direct path: reads the read-only state, writes through `ctx.mut`. */
export interface DirectModelHandler<K extends EventKind> {
  direct(state: Immutable<SimState>, event: ModelEvent<K>, ctx: ModelWriteContext): void;
}

/**
 * A module's handlers by kind; each one's payload type follows from its key. Only direct
 * handlers: every model module reads the frozen state and writes through `ctx.mut` (the engine's
 * immer compatibility path remains for engine tests and benchmarks, not for the model).
 */
export type ModuleHandlers = { [K in EventKind]?: DirectModelHandler<K> };

/** Defines a direct handler for kind `K` (`K` is inferred from the key it is assigned to). */
export function direct<K extends EventKind>(run: (state: Immutable<SimState>, event: ModelEvent<K>, ctx: ModelWriteContext) => void): DirectModelHandler<K> {
  return { direct: run };
}

/** An after-event hook (an auditor) on the direct path: reads the state, reports through `ctx.mut`. */
export interface DirectModelAfterEventHook {
  /** The touch kinds it reads; the engine skips it after events that touched none (see `DirectAfterEventHook.watches`). */
  readonly watches?: readonly string[];
  direct(state: Immutable<SimState>, touched: Touched, ctx: ModelWriteContext): void;
}

export function directHook(run: (state: Immutable<SimState>, touched: Touched, ctx: ModelWriteContext) => void, watches?: readonly string[]): DirectModelAfterEventHook {
  return watches ? { direct: run, watches } : { direct: run };
}
