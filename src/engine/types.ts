import type { Draft, Patch } from 'immer';
import type { Nanos } from './time';
import type { RngState } from './rng';

/** A scheduled event: plain data, so queues and keyframes can be copied and hashed. */
export interface SimEvent<P = unknown> {
  at: Nanos;
  /** Lower runs first among events at the same time. */
  priority: number;
  /** Global insertion counter: the final tie-breaker, so same-time order is total. */
  seq: number;
  kind: string;
  payload: P;
  /** Set on user inputs: the event index after which the input was inserted (time travel replays it there). */
  inputAfter?: number;
}

/** A structured isolation violation, kept in the simulation state so time travel restores it. */
export interface Violation {
  invariant: string;
  eventIndex: number;
  simTime: Nanos;
  /** Entities involved, by kind (e.g. `{ frames: [12], tenants: ['a', 'b'] }`). */
  entities: Record<string, Array<string | number>>;
  explanation: string;
}

/** What every simulation state carries, whatever the world inside it. */
export interface SimCore {
  /** Time of the last processed event. */
  time: Nanos;
  /** Number of events processed so far. */
  eventIndex: number;
  rng: RngState;
  /** Named faults switched on (see each model module's fault list). */
  faults: Record<string, boolean>;
  violations: Violation[];
}

/** One human-readable line about what an event did (trace files, narration live region). */
export interface TraceRecord {
  eventIndex: number;
  at: Nanos;
  kind: string;
  text: string;
  /** Optional structured details (entity ids, costs…). */
  data?: Record<string, unknown>;
}

/**
 * What a handler may do besides mutating the draft. Handlers read the clock and the event index
 * from here and draw randomness only through `random`/`randomInt`: during a batch the draft's
 * `time`, `eventIndex` and `rng` are brought up to date only when the batch ends.
 */
export interface HandlerContext {
  readonly now: Nanos;
  /** Index of the event being handled (0-based; equals the state's eventIndex before it). */
  readonly eventIndex: number;
  schedule(kind: string, payload: unknown, delay?: Nanos, priority?: number): number;
  scheduleAt(kind: string, payload: unknown, at: Nanos, priority?: number): number;
  /** Deterministic randomness from the state's PRNG. */
  random(): number;
  randomInt(bound: number): number;
  trace(kind: string, text: string, data?: Record<string, unknown>): void;
  /** Marks an entity as changed by this event, so incremental auditors look only at it. */
  touch(kind: string, id: string | number): void;
  /** Whether a named fault is on. */
  fault(name: string): boolean;
  /**
   * Reports inner work beyond the event itself (a `cpu.burst` reports its crossings), so event
   * budgets such as `run --max-events` bound what one event hides, not just the event count.
   */
  work?(units: number): void;
}

export type Handler<S extends SimCore = SimCore> = (draft: Draft<S>, event: SimEvent, ctx: HandlerContext) => void;

/** Runs after every event with the entities it touched (the auditor's hook). */
export type AfterEventHook<S extends SimCore = SimCore> = (
  draft: Draft<S>,
  touched: ReadonlyMap<string, ReadonlySet<string | number>>,
  ctx: HandlerContext,
) => void;

/** A batch of events applied in one immer `produceWithPatches` call. */
export interface Frame {
  /** Monotonic frame counter (per engine). */
  seq: number;
  /** Event index before the first event of the batch. */
  fromEvent: number;
  /** Event index after the last event of the batch. */
  toEvent: number;
  simTime: Nanos;
  patches: Patch[];
  trace: TraceRecord[];
}

/**
 * Bounds on one call that runs events, checked between events (an event itself is never split):
 * the caller continues with another call later, so long work runs in slices.
 */
export interface RunLimits {
  /** Work units (one per event plus what handlers report through `ctx.work`). */
  maxWork?: number;
  /** Asked between events; true stops the call (a wall-clock deadline, a cancel flag). */
  shouldStop?: () => boolean;
}
