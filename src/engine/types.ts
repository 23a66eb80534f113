import type { Draft, Immutable, Patch } from 'immer';
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
  /**
   * Tells the handlers of `kind` about something this handler just did, within the same event:
   * they run after the current handler returns, in registry order, before the event's next
   * handler (no queue entry, no event index). Modules use it for contracts between them (the
   * hypervisor's `domain.created`, which memory and the CPU model act on) instead of inferring
   * what happened from the state.
   */
  emit(kind: string, payload: unknown): void;
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

export type { Immutable } from 'immer';

/**
 * A chunk handed out by {@link WriteContext.mut}: writable one level deep (its own fields,
 * elements or keys), deeply read-only below. Writing two levels down without another `mut`
 * does not compile, so no write can bypass change tracking.
 */
export type Writable<T> = T extends readonly (infer E)[] ? Immutable<E>[] : { -readonly [K in keyof T]: Immutable<T[K]> };

type Obj<T> = NonNullable<T>;
type Key<T> = keyof Obj<T> & (string | number);
type At<T, K> = Obj<T>[K & keyof Obj<T>];

/**
 * The handler context of the direct (copy-on-first-write) engine path. `mut(...path)` returns the
 * chunk at `path` in this batch's working copy, copying it (and each chunk on the way that was not
 * yet copied in this batch) on its first write; later calls in the same batch return the same copy.
 * Reads go through the state argument (plain property reads, no proxies). Keep no reference to a
 * chunk across a `mut` of the same path: the state then holds the copy.
 */
export interface WriteContext<S> extends HandlerContext {
  /** The working root itself (always this batch's own copy): top-level fields. */
  mut(): Writable<S>;
  mut<A extends Key<S>>(a: A): Writable<At<S, A>>;
  mut<A extends Key<S>, B extends Key<At<S, A>>>(a: A, b: B): Writable<At<At<S, A>, B>>;
  mut<A extends Key<S>, B extends Key<At<S, A>>, C extends Key<At<At<S, A>, B>>>(a: A, b: B, c: C): Writable<At<At<At<S, A>, B>, C>>;
  mut<A extends Key<S>, B extends Key<At<S, A>>, C extends Key<At<At<S, A>, B>>, D extends Key<At<At<At<S, A>, B>, C>>>(
    a: A,
    b: B,
    c: C,
    d: D,
  ): Writable<At<At<At<At<S, A>, B>, C>, D>>;
  mut<
    A extends Key<S>,
    B extends Key<At<S, A>>,
    C extends Key<At<At<S, A>, B>>,
    D extends Key<At<At<At<S, A>, B>, C>>,
    E extends Key<At<At<At<At<S, A>, B>, C>, D>>,
  >(a: A, b: B, c: C, d: D, e: E): Writable<At<At<At<At<At<S, A>, B>, C>, D>, E>>;
  mut<
    A extends Key<S>,
    B extends Key<At<S, A>>,
    C extends Key<At<At<S, A>, B>>,
    D extends Key<At<At<At<S, A>, B>, C>>,
    E extends Key<At<At<At<At<S, A>, B>, C>, D>>,
    F extends Key<At<At<At<At<At<S, A>, B>, C>, D>, E>>,
  >(a: A, b: B, c: C, d: D, e: E, f: F): Writable<At<At<At<At<At<At<S, A>, B>, C>, D>, E>, F>>;
}

/** The compatibility path: a handler that mutates an immer draft (proxy per access; slow). */
export type DraftHandler<S extends SimCore = SimCore> = (draft: Draft<S>, event: SimEvent, ctx: HandlerContext) => void;

/**
 * The direct path: the handler reads the deeply read-only state and writes through `ctx.mut`.
 * `P` is the payload type (see {@link defineHandler}); the engine does not check it at run time.
 */
export interface DirectHandler<S extends SimCore = SimCore, P = unknown> {
  direct(state: Immutable<S>, event: SimEvent<P>, ctx: WriteContext<S>): void;
}

export type Handler<S extends SimCore = SimCore> = DraftHandler<S> | DirectHandler<S>;

/** A direct handler with a typed payload (no `event.payload as …` casts in the body). */
export function defineHandler<S extends SimCore, P>(run: (state: Immutable<S>, event: SimEvent<P>, ctx: WriteContext<S>) => void): DirectHandler<S, P> {
  return { direct: run };
}

export type Touched = ReadonlyMap<string, ReadonlySet<string | number>>;

/** Runs after every event with the entities it touched (the auditor's hook): compatibility path. */
export type DraftAfterEventHook<S extends SimCore = SimCore> = (draft: Draft<S>, touched: Touched, ctx: HandlerContext) => void;

/** The direct after-event hook: reads the state, writes (violations) through `ctx.mut`. */
export interface DirectAfterEventHook<S extends SimCore = SimCore> {
  /** The touch kinds the hook reads: after an event that touched none of them it is not called (so it closes no open compatibility draft). */
  readonly watches?: readonly string[];
  direct(state: Immutable<S>, touched: Touched, ctx: WriteContext<S>): void;
}

export type AfterEventHook<S extends SimCore = SimCore> = DraftAfterEventHook<S> | DirectAfterEventHook<S>;

export function defineAfterEventHook<S extends SimCore>(run: (state: Immutable<S>, touched: Touched, ctx: WriteContext<S>) => void): DirectAfterEventHook<S> {
  return { direct: run };
}

/** A batch of events applied as one step from one immutable state to the next. */
export interface Frame {
  /** Monotonic frame counter (per engine). */
  seq: number;
  /** Event index before the first event of the batch. */
  fromEvent: number;
  /** Event index after the last event of the batch. */
  toEvent: number;
  simTime: Nanos;
  /** Patches from the state before the batch to the state after it (built on first read). */
  patches: Patch[];
  /** Patches from the state after the batch back to the state before it (built on first read). */
  inversePatches?: Patch[];
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
