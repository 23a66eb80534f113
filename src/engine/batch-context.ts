import { nextFloat, nextInt, type RngState } from './rng';
import type { Nanos } from './time';
import type { SimCore, Touched, TraceRecord, WriteContext } from './types';
import { WorkingCopy, type PathKey } from './working-copy';

/** A notification a handler emitted with `ctx.emit`, waiting for its handlers. */
export interface Emitted {
  kind: string;
  payload: unknown;
}

/** Where the context's `schedule` calls go: the engine's `HandlerQueue` (tests pass their own). */
export interface EventSink {
  push(kind: string, payload: unknown, at: Nanos, priority: number): number;
}

/**
 * The {@link WriteContext} handlers receive. One instance per engine, reset by `begin` for each
 * batch, so a batch creates no closures (a closure per batch cost more than a one-event frame's
 * handler). The clock, index and PRNG live here during the batch and reach the state at its end.
 */
export class BatchContext<S extends SimCore> {
  now: Nanos = 0;
  eventIndex = 0;
  rng: RngState = [0, 0, 0, 0];
  /** The batch's trace; the shared empty one until the first record (most batches trace nothing). */
  trace_: TraceRecord[] = NO_TRACE;
  touched: Map<string, Set<string | number>> | null = null;
  work_ = 0;
  private emitted: Emitted[] = [];
  readonly copy: WorkingCopy<S>;

  constructor(
    initial: S,
    /** Where `schedule` calls go (the engine's agenda). */
    private readonly queue: EventSink,
    freeze: boolean,
    copyRoot?: (state: S) => S,
  ) {
    this.copy = new WorkingCopy<S>(initial, freeze, copyRoot);
  }

  /** This context as handlers see it (`mut` is typed by path there). */
  get api(): WriteContext<S> {
    return this as unknown as WriteContext<S>;
  }

  begin(before: S): void {
    this.now = before.time;
    this.eventIndex = before.eventIndex;
    const rng = before.rng;
    this.rng = [rng[0], rng[1], rng[2], rng[3]];
    // A frame keeps its trace, so a traced batch gets a new one (see `trace`); `emitted` is
    // always handed over by `takeEmitted`, so an empty one is reused.
    this.trace_ = NO_TRACE;
    this.touched = null;
    this.work_ = 0;
    if (this.emitted.length > 0) this.emitted = [];
    this.copy.begin(before);
  }

  schedule(kind: string, payload: unknown, delay = 0, priority = 0): number {
    return this.pushEvent(kind, payload, this.now + Math.max(0, delay), priority);
  }

  scheduleAt(kind: string, payload: unknown, at: Nanos, priority = 0): number {
    return this.pushEvent(kind, payload, at, priority);
  }

  random(): number {
    return nextFloat(this.rng);
  }

  randomInt(bound: number): number {
    return nextInt(this.rng, bound);
  }

  trace(kind: string, text: string, data?: Record<string, unknown>): void {
    const at = this.now;
    const eventIndex = this.eventIndex;
    if (this.trace_ === NO_TRACE) this.trace_ = [];
    this.trace_.push(data ? { eventIndex, at, kind, text, data } : { eventIndex, at, kind, text });
  }

  emit(kind: string, payload: unknown): void {
    this.emitted.push({ kind, payload });
  }

  /** Takes what handlers emitted since the last call (the engine runs their handlers). */
  takeEmitted(): Emitted[] | null {
    if (this.emitted.length === 0) return null;
    const out = this.emitted;
    this.emitted = [];
    return out;
  }

  touch(kind: string, id: string | number): void {
    this.touched ??= new Map();
    let set = this.touched.get(kind);
    if (!set) this.touched.set(kind, (set = new Set()));
    set.add(id);
  }

  takeTouched(): Touched | null {
    const touched = this.touched;
    this.touched = null;
    return touched;
  }

  fault(name: string): boolean {
    return this.copy.peek().faults[name] === true;
  }

  work(units: number): void {
    if (units > 0) this.work_ += units;
  }

  /**
   * Named parameters, not a rest array: writes one or two levels deep (most of them) then
   * allocate no path array. A rest parameter after the first two cost the bench workload's
   * batched frames an array per write (V8 allocates it whether or not the path is longer).
   */
  mut(a?: PathKey, b?: PathKey, c?: PathKey, d?: PathKey, e?: PathKey, f?: PathKey): unknown {
    const copy = this.copy;
    if (a === undefined) return copy.state;
    if (b === undefined) return copy.mutOne(a);
    if (c === undefined) return copy.mutTwo(a, b);
    return copy.mut(pathOf(a, b, c, d, e, f));
  }

  private pushEvent(kind: string, payload: unknown, at: Nanos, priority: number): number {
    return this.queue.push(kind, payload, Math.max(at, this.now), priority);
  }
}

/** The keys of a path three to six keys long (`WriteContext.mut` types paths up to six). */
function pathOf(a: PathKey, b: PathKey, c: PathKey, d: PathKey | undefined, e: PathKey | undefined, f: PathKey | undefined): PathKey[] {
  const path = [a, b, c];
  for (const key of [d, e, f]) {
    if (key === undefined) break;
    path.push(key);
  }
  return path;
}

/**
 * The trace of a batch that traced nothing, shared by those frames: an array per batch was a
 * fifth of the garbage of a one-event frame. Frozen, so a reader that tried to add to it throws.
 */
const NO_TRACE: TraceRecord[] = [];
Object.freeze(NO_TRACE);
