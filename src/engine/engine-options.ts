import type { Patch } from 'immer';
import type { Nanos } from './time';
import type { AtomicPath, ElementwisePath } from './diff';
import type { AfterEventHook, Handler, RunLimits, SimCore, TraceRecord } from './types';

/** The engine's public contract: how it is configured, what is scheduled, what a move returns. */

export type HandlerTable<S extends SimCore> = Readonly<Record<string, readonly Handler<S>[]>>;

export interface EngineOptions<S extends SimCore> {
  /** Initial state; must already carry its seeded RNG. */
  state: S;
  /** Handlers per event kind; several handlers for one kind run in registration order. */
  handlers: HandlerTable<S>;
  /** Hooks run after every event (the isolation auditor). */
  afterEvent?: readonly AfterEventHook<S>[];
  /**
   * A keyframe (state + queue) is kept at most this many events after the last one (default
   * 1,000); seek replays from the nearest. `null`: no keyframes at all, for one-way runs that
   * never seek back (`isolab run`).
   */
  keyframeEvery?: number | null;
  /**
   * Also keep a keyframe once this much time (ms, by `clock`) went into running events since the
   * last one, so a seek never replays more than about this much work (default: no time limit).
   */
  keyframeBudgetMs?: number;
  /**
   * A keyframe due by `keyframeEvery` waits until this much time (ms, by `clock`) went into running
   * events since the last one (default 0: none). Where events are cheap, a keyframe every so many
   * events costs more than the seeks it shortens (see `KeyframePolicy`).
   */
  keyframeMinMs?: number;
  /** The clock for `keyframeBudgetMs` and `keyframeMinMs` (default `performance.now`); tests pass a fake one. */
  clock?: () => number;
  /** Records that frame and move patches replace whole when they change (see {@link AtomicPath}). */
  diffAtomic?: AtomicPath;
  /** Arrays that frame and move patches diff element by element at any length (see {@link ElementwisePath}). */
  diffElementwise?: ElementwisePath;
  /**
   * A lower bound, cheap to compute, on the number of patches a move from one state of this
   * engine's timeline to another takes (a count the model keeps, such as instances launched). A
   * move whose bound is over its `maxPatches` answers "too many" at once instead of diffing up to
   * the limit first: in the 20,000-host fleet that diff was about 20 ms of a far seek, spent
   * building patches that were then thrown away for a snapshot. It must never overstate.
   */
  patchFloor?: (from: S, to: S) => number;
  /**
   * The form of the state that `hash()` covers (default: the state as it is). A model whose
   * storage layout may change (how many buckets a collection is spread over) gives the layout its
   * hash was defined on, so equal content hashes equal however it is stored and recordings made
   * before a change of layout keep verifying.
   */
  hashView?: (state: S) => unknown;
  /**
   * The shallow copy of the state's top level that every batch starts from, written as an object
   * literal of the state's fields: `(s) => ({ time: s.time, eventIndex: s.eventIndex, … })`. The
   * default spreads (`{ ...s }`), which works for any state, but V8 copies an object that was
   * itself made by a spread on a slow path: about 2,500 instructions a batch, against a few dozen
   * for a literal, a third of a one-event frame's work. A literal typed as the state cannot miss a
   * required field (it would not compile), and frozen runs (tests, development) check every copy
   * against the state it copies.
   */
  copyRoot?: (state: S) => S;
  /**
   * Freeze states (default: everywhere but `NODE_ENV=production`): a write that bypasses
   * `ctx.mut` then throws instead of silently changing a keyframe.
   */
  freeze?: boolean;
}

/** An event to schedule before the run starts (lesson set-up and scripted actions). */
export interface ScriptedEvent {
  kind: string;
  payload: unknown;
  at: Nanos;
  priority?: number;
}

/** Result of a time-travel move: the patches that take a mirror of the old state to the new one. */
export interface Move {
  /** Null when the change was larger than the caller's patch limit: send a snapshot instead. */
  patches: Patch[] | null;
  trace: TraceRecord[];
  /** False when {@link RunLimits} stopped the move early; calling again with the same target continues it. */
  complete: boolean;
}

/** Options of a time-travel move: limits on the work of this call and on the size of its diff. */
export interface MoveOptions extends RunLimits {
  /** A move that would take more patches answers `patches: null` (the caller sends the state whole). */
  maxPatches?: number;
}
