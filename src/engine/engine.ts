import { applyPatches, enablePatches, produceWithPatches, type Draft, type Patch } from 'immer';
import { Deque } from './deque';
import { EventQueue } from './heap';
import { hashValue } from './hash';
import { nextFloat, nextInt, type RngState } from './rng';
import type { Nanos } from './time';
import type { AfterEventHook, Frame, Handler, HandlerContext, RunLimits, SimCore, SimEvent, TraceRecord } from './types';
import { boundedDiff } from './diff';
import { stopped, workLimits } from './work-limits';

enablePatches();

export type HandlerTable<S extends SimCore> = Readonly<Record<string, readonly Handler<S>[]>>;

export interface EngineOptions<S extends SimCore> {
  /** Initial state; must already carry its seeded RNG. */
  state: S;
  /** Handlers per event kind; several handlers for one kind run in registration order. */
  handlers: HandlerTable<S>;
  /** Hooks run after every event (the isolation auditor). */
  afterEvent?: readonly AfterEventHook<S>[];
  /** A keyframe (state + queue) is kept every this many events; seek replays from the nearest. */
  keyframeEvery?: number;
  /** How many recent events keep inverse patches for step back (older ones use keyframes). */
  historyEvents?: number;
}

/** One applied batch as history keeps it: enough to undo it exactly. */
interface HistoryFrame {
  fromEvent: number;
  toEvent: number;
  inversePatches: Patch[];
  popped: SimEvent[];
  pushedSeqs: number[];
  seqBefore: number;
}

interface Keyframe<S> {
  eventIndex: number;
  state: S;
  queue: SimEvent[];
  nextSeq: number;
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
  maxPatches?: number;
}

/**
 * A deterministic discrete-event engine over an immutable, immer-managed state.
 *
 * The API follows SimPy's spirit: create, `schedule`, `step`, `runUntil`, `peek`. Events are
 * plain data; a batch of events runs inside one `produceWithPatches`, giving a {@link Frame}
 * of patches. History keeps inverse patches (step back) and periodic keyframes (seek).
 */
export class Engine<S extends SimCore> {
  private current: S;
  private queue = new EventQueue();
  private nextSeq = 0;
  private frameSeq = 0;
  private readonly handlers: HandlerTable<S>;
  private readonly afterEvent: readonly AfterEventHook<S>[];
  private readonly keyframeEvery: number;
  private readonly historyEvents: number;
  private history = new Deque<HistoryFrame>();
  private historyEventCount = 0;
  private keyframes: Keyframe<S>[] = [];
  /** User inputs in insertion order; replayed at their `inputAfter` index during time travel. */
  private inputs: SimEvent[] = [];
  /** Highest event index this timeline has reached (the end of the known future). */
  private furthest = 0;
  /** Work done by this engine (one unit per event plus reported inner work); never rewound. */
  private work = 0;

  constructor(options: EngineOptions<S>) {
    this.current = options.state;
    this.handlers = options.handlers;
    this.afterEvent = options.afterEvent ?? [];
    this.keyframeEvery = Math.max(1, options.keyframeEvery ?? 1000);
    this.historyEvents = Math.max(0, options.historyEvents ?? 20_000);
  }

  get state(): S {
    return this.current;
  }

  get now(): Nanos {
    return this.current.time;
  }

  get eventIndex(): number {
    return this.current.eventIndex;
  }

  /** The highest event index reached on this timeline (for timelines and "end" seeks). */
  get furthestEventIndex(): number {
    return this.furthest;
  }

  /** Work units this engine has run (events plus inner work such as burst crossings), monotonic. */
  get workDone(): number {
    return this.work;
  }

  get pendingCount(): number {
    return this.queue.size;
  }

  /** The next event to run, if any (not removed). */
  peek(): SimEvent | undefined {
    return this.queue.peek();
  }

  /** Pending events in run order (a copy, for state dumps and tests). */
  pending(): SimEvent[] {
    return this.queue.sorted();
  }

  /** Schedules an event at an absolute time (set-up time, before or between steps). */
  schedule(kind: string, payload: unknown, at: Nanos, priority = 0): number {
    this.assertKind(kind);
    const seq = this.nextSeq++;
    this.queue.push({ at: Math.max(at, this.current.time), priority, seq, kind, payload });
    return seq;
  }

  /**
   * Inserts a user input as an event at `at` (default: now). Inputs are the master record of a
   * session: time travel re-inserts them where they happened. A new input after stepping back
   * replaces the old future (its later inputs and keyframes are dropped).
   */
  input(kind: string, payload: unknown, at?: Nanos): SimEvent {
    this.assertKind(kind);
    const index = this.current.eventIndex;
    this.inputs = this.inputs.filter((e) => (e.inputAfter ?? 0) <= index);
    this.keyframes = this.keyframes.filter((k) => k.eventIndex <= index);
    this.furthest = index;
    const event: SimEvent = {
      at: Math.max(at ?? this.current.time, this.current.time),
      priority: 0,
      seq: this.nextSeq++,
      kind,
      payload,
      inputAfter: index,
    };
    this.inputs.push(event);
    this.queue.push(event);
    return event;
  }

  /** The input log (copies), in insertion order. */
  inputLog(): SimEvent[] {
    return this.inputs.map((e) => ({ ...e }));
  }

  /** Runs up to `count` events as one frame (split internally at keyframe boundaries). */
  step(count = 1, untilTime: Nanos = Number.MAX_SAFE_INTEGER, limits: RunLimits = {}): Frame | null {
    const frames: Frame[] = [];
    let left = count;
    const workAtStart = this.work;
    while (left > 0) {
      const frame = this.runBatch(left, untilTime, workLimits(limits, workAtStart, () => this.work));
      if (!frame) break;
      frames.push(frame);
      left -= frame.toEvent - frame.fromEvent;
      if (stopped(limits, workAtStart, this.work)) break;
    }
    return mergeFrames(frames);
  }

  /**
   * Runs every event with `at <= time`, in frames of at most `batchSize` events, handing each
   * frame to `onFrame`. Stops early after `maxEvents`. Returns the number of events run.
   */
  runUntil(time: Nanos, options: RunLimits & { batchSize?: number; maxEvents?: number; onFrame?: (frame: Frame) => void } = {}): number {
    const batchSize = Math.max(1, options.batchSize ?? 1000);
    let left = options.maxEvents ?? Number.POSITIVE_INFINITY;
    let ran = 0;
    const workAtStart = this.work;
    while (left > 0) {
      const frame = this.runBatch(Math.min(batchSize, left), time, workLimits(options, workAtStart, () => this.work));
      if (!frame) break;
      const n = frame.toEvent - frame.fromEvent;
      ran += n;
      left -= n;
      options.onFrame?.(frame);
      if (stopped(options, workAtStart, this.work)) break;
    }
    return ran;
  }

  /** Steps back `count` events; returns the patches that take the old state to the new one. */
  stepBack(count = 1, options: MoveOptions = {}): Move {
    return this.seekEvent(Math.max(0, this.current.eventIndex - count), options);
  }

  /** Moves to the state right after event index `target` (clamped to the reachable range). */
  seekEvent(target: number, options: MoveOptions = {}): Move {
    const start = this.current;
    const trace: TraceRecord[] = [];
    const goal = Math.max(0, Math.floor(target));
    if (goal < this.current.eventIndex) this.rewindTo(goal);
    else this.skipAhead((k) => k.eventIndex <= goal);
    const workAtStart = this.work;
    let complete = true;
    while (this.current.eventIndex < goal) {
      if (stopped(options, workAtStart, this.work)) {
        complete = false;
        break;
      }
      const frame = this.runBatch(goal - this.current.eventIndex, Number.MAX_SAFE_INTEGER, workLimits(options, workAtStart, () => this.work));
      if (!frame) break;
      pushAll(trace, frame.trace);
    }
    return { patches: boundedDiff(start, this.current, options.maxPatches), trace, complete };
  }

  /** Moves to the state after every event with `at <= time`. */
  seekTime(time: Nanos, options: MoveOptions = {}): Move {
    const start = this.current;
    if (time < this.current.time) {
      this.restoreKeyframe(this.latestKeyframe((k) => k.state.time < time || k.eventIndex === 0));
    } else {
      this.skipAhead((k) => k.state.time < time);
    }
    const trace: TraceRecord[] = [];
    this.runUntil(time, { ...options, batchSize: this.keyframeEvery, onFrame: (f) => pushAll(trace, f.trace) });
    const next = this.queue.peek();
    const complete = next === undefined || next.at > time;
    return { patches: boundedDiff(start, this.current, options.maxPatches), trace, complete };
  }

  /** Canonical hash of the state and the pending queue: equal hashes mean equal futures. */
  hash(): string {
    return hashValue({ state: this.current, queue: this.queue.sorted(), nextSeq: this.nextSeq });
  }

  // ---------------------------------------------------------------------------------------

  private assertKind(kind: string): void {
    if (!this.handlers[kind]) throw new Error(`no handler registered for event kind "${kind}"`);
  }

  private runBatch(maxEvents: number, untilTime: Nanos, limits: RunLimits = {}): Frame | null {
    const first = this.queue.peek();
    if (!first || first.at > untilTime || maxEvents <= 0) return null;
    this.captureKeyframeIfDue();
    const startIndex = this.current.eventIndex;
    const boundary = (Math.floor(startIndex / this.keyframeEvery) + 1) * this.keyframeEvery;
    const limit = Math.min(maxEvents, boundary - startIndex);
    const popped: SimEvent[] = [];
    const pushedSeqs: number[] = [];
    const trace: TraceRecord[] = [];
    const seqBefore = this.nextSeq;
    // The PRNG runs on a plain copy during the batch and is written back once at its end: on the
    // draft, every random number cost several proxy traps (and destructuring walked an iterator).
    // Handlers draw only through ctx.random/randomInt, so they see the same stream as before.
    const rng: RngState = [...this.current.rng];
    let touched: Map<string, Set<string | number>> | null = null;
    let draftRef: Draft<S> | null = null;
    // Work is counted as the batch runs but added to the engine's total only if the batch commits.
    let batchWork = 0;
    let now = 0;
    let eventIndex = 0;
    const push = (kind: string, payload: unknown, at: Nanos, priority: number): number => {
      if (!this.handlers[kind]) throw new Error(`no handler registered for event kind "${kind}"`);
      const seq = this.nextSeq++;
      this.queue.push({ at: Math.max(at, now), priority, seq, kind, payload });
      pushedSeqs.push(seq);
      return seq;
    };
    const ctx: HandlerContext = {
      get now() {
        return now;
      },
      get eventIndex() {
        return eventIndex;
      },
      schedule: (kind, payload, delay = 0, priority = 0) => push(kind, payload, now + Math.max(0, delay), priority),
      scheduleAt: (kind, payload, at, priority = 0) => push(kind, payload, at, priority),
      random: () => nextFloat(rng),
      randomInt: (bound) => nextInt(rng, bound),
      trace: (kind, text, data) => {
        trace.push(data ? { eventIndex, at: now, kind, text, data } : { eventIndex, at: now, kind, text });
      },
      touch: (kind, id) => {
        touched ??= new Map();
        let set = touched.get(kind);
        if (!set) touched.set(kind, (set = new Set()));
        set.add(id);
      },
      fault: (name) => (draftRef as Draft<SimCore>).faults[name] === true,
      work: (units) => {
        if (units > 0) batchWork += units;
      },
    };

    let next: S;
    let patches: Patch[];
    let inversePatches: Patch[];
    try {
      [next, patches, inversePatches] = produceWithPatches(this.current, (draft: Draft<S>) => {
        draftRef = draft;
        const core = draft as Draft<SimCore>;
        // Kept in locals and written once at the end of the batch: every read or write through
        // the draft is a proxy trap. Handlers read the clock and index from ctx, never the draft.
        const time0 = this.current.time;
        let index = this.current.eventIndex;
        for (let i = 0; i < limit; i++) {
          const event = this.queue.peek();
          if (!event || event.at > untilTime) break;
          // Limits are checked between events (the first always runs, so every call progresses).
          if (i > 0 && (batchWork >= (limits.maxWork ?? Number.POSITIVE_INFINITY) || limits.shouldStop?.() === true)) break;
          this.queue.pop();
          popped.push(event);
          now = event.at;
          eventIndex = index;
          batchWork += 1;
          const handlers = this.handlers[event.kind] as readonly Handler<S>[];
          for (const handler of handlers) handler(draft, event, ctx);
          if (this.afterEvent.length > 0) {
            const seen: ReadonlyMap<string, ReadonlySet<string | number>> = touched ?? EMPTY_TOUCHED;
            for (const hook of this.afterEvent) hook(draft, seen, ctx);
          }
          touched = null;
          index = eventIndex + 1;
          if (this.inputs.length > 0) this.reinsertInputsAfter(index);
        }
        if (now !== time0 && index > this.current.eventIndex) core.time = now;
        if (index !== this.current.eventIndex) core.eventIndex = index;
        const draftRng = core.rng;
        for (let k = 0; k < rng.length; k++) if (draftRng[k] !== rng[k]) draftRng[k] = rng[k] as number;
      }) as unknown as [S, Patch[], Patch[]];
    } catch (error) {
      // Keep the batch atomic: put the queue back as it was, then report.
      const pushed = new Set(pushedSeqs);
      this.queue.removeWhere((e) => pushed.has(e.seq) || (e.inputAfter ?? -1) > startIndex);
      for (const event of popped) if (!pushed.has(event.seq)) this.queue.push(event);
      this.nextSeq = seqBefore;
      throw error;
    }
    this.current = next;
    this.work += batchWork;
    this.furthest = Math.max(this.furthest, next.eventIndex);
    this.remember({ fromEvent: startIndex, toEvent: next.eventIndex, inversePatches, popped, pushedSeqs, seqBefore });
    return { seq: this.frameSeq++, fromEvent: startIndex, toEvent: next.eventIndex, simTime: next.time, patches, trace };
  }

  /** During replay, puts back the inputs that the user inserted right after `index`. */
  private reinsertInputsAfter(index: number): void {
    for (const input of this.inputs) {
      if (input.inputAfter !== index || this.queue.has(input.seq)) continue;
      this.queue.push(input);
      this.nextSeq = Math.max(this.nextSeq, input.seq + 1);
    }
  }

  private remember(frame: HistoryFrame): void {
    if (this.historyEvents === 0) return;
    this.history.push(frame);
    this.historyEventCount += frame.toEvent - frame.fromEvent;
    while (this.history.length > 1 && this.historyEventCount - spanOf(this.history.first() as HistoryFrame) >= this.historyEvents) {
      this.historyEventCount -= spanOf(this.history.shift() as HistoryFrame);
    }
  }

  private captureKeyframeIfDue(): void {
    const index = this.current.eventIndex;
    if (index % this.keyframeEvery !== 0) return;
    const last = this.keyframes[this.keyframes.length - 1];
    if (last && last.eventIndex >= index) return;
    // Inputs inserted at this index are re-inserted on restore, so they stay out of the snapshot.
    const queue = this.queue.snapshot().filter((e) => e.inputAfter === undefined || e.inputAfter < index);
    this.keyframes.push({ eventIndex: index, state: this.current, queue, nextSeq: this.seqAt(index) });
  }

  /** The seq counter as it was before any input inserted at `index`. */
  private seqAt(index: number): number {
    let seq = this.nextSeq;
    for (const input of this.inputs) if (input.inputAfter === index) seq = Math.min(seq, input.seq);
    return seq;
  }

  private latestKeyframe(accept: (k: Keyframe<S>) => boolean): Keyframe<S> {
    for (let i = this.keyframes.length - 1; i >= 0; i--) {
      const keyframe = this.keyframes[i] as Keyframe<S>;
      if (accept(keyframe)) return keyframe;
    }
    throw new Error('no keyframe to rewind to (the engine has not run yet)');
  }

  private restoreKeyframe(keyframe: Keyframe<S>): void {
    this.current = keyframe.state;
    this.queue = EventQueue.from(keyframe.queue);
    this.nextSeq = keyframe.nextSeq;
    this.history.retain((f) => f.toEvent <= keyframe.eventIndex);
    // Undo needs history that ends exactly here; a gap makes it useless.
    if (this.history.last()?.toEvent !== keyframe.eventIndex) this.history.clear();
    this.historyEventCount = this.history.toArray().reduce((sum, f) => sum + spanOf(f), 0);
    this.reinsertInputsAfter(keyframe.eventIndex);
  }

  /**
   * A forward seek into the known future jumps to the latest keyframe it may use instead of
   * replaying everything in between (seeking anywhere in a long lesson stays bounded by one
   * keyframe interval). Keyframes ahead of the current index belong to this timeline: a new
   * input drops every later keyframe (see `input`).
   */
  private skipAhead(usable: (k: Keyframe<S>) => boolean): void {
    let best: Keyframe<S> | null = null;
    for (let i = this.keyframes.length - 1; i >= 0; i--) {
      const keyframe = this.keyframes[i] as Keyframe<S>;
      if (keyframe.eventIndex <= this.current.eventIndex + this.keyframeEvery) break;
      if (usable(keyframe)) {
        best = keyframe;
        break;
      }
    }
    if (best) this.restoreKeyframe(best);
  }

  /** Goes back to an index at or before `goal` by undoing history or restoring a keyframe. */
  private rewindTo(goal: number): void {
    const oldest = this.history.first();
    const keyframe = this.latestKeyframe((k) => k.eventIndex <= goal);
    const undoCost = this.current.eventIndex - goal;
    const replayCost = goal - keyframe.eventIndex;
    const contiguous = this.history.last()?.toEvent === this.current.eventIndex;
    if (oldest && contiguous && oldest.fromEvent <= goal && undoCost <= replayCost + this.keyframeEvery) {
      while (this.current.eventIndex > goal) this.undoLastFrame();
      return;
    }
    this.restoreKeyframe(keyframe);
  }

  private undoLastFrame(): void {
    const frame = this.history.pop();
    if (!frame) throw new Error('history exhausted');
    this.historyEventCount -= spanOf(frame);
    this.current = applyPatches(this.current, frame.inversePatches);
    const from = frame.fromEvent;
    const pushed = new Set(frame.pushedSeqs);
    this.queue.removeWhere((e) => pushed.has(e.seq) || (e.inputAfter ?? -1) > from);
    for (const event of frame.popped) {
      if (pushed.has(event.seq) || (event.inputAfter ?? -1) > from) continue;
      this.queue.push(event);
    }
    this.nextSeq = frame.seqBefore;
    this.reinsertInputsAfter(from);
  }
}

const EMPTY_TOUCHED: ReadonlyMap<string, ReadonlySet<string | number>> = new Map();

/** Appends without spreading (a spread of a huge array overflows the call stack). */
function pushAll<T>(into: T[], items: readonly T[]): void {
  for (const item of items) into.push(item);
}

function spanOf(frame: HistoryFrame): number {
  return frame.toEvent - frame.fromEvent;
}

function mergeFrames(frames: Frame[]): Frame | null {
  if (frames.length === 0) return null;
  if (frames.length === 1) return frames[0] as Frame;
  const first = frames[0] as Frame;
  const last = frames[frames.length - 1] as Frame;
  return {
    seq: last.seq,
    fromEvent: first.fromEvent,
    toEvent: last.toEvent,
    simTime: last.simTime,
    patches: frames.flatMap((f) => f.patches),
    trace: frames.flatMap((f) => f.trace),
  };
}
