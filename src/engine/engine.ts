import { enablePatches, type Patch } from 'immer';
import { Agenda } from './agenda';
import { EmitTooDeep, UnknownEventKind } from './errors';
import { hashValue } from './hash';
import { BatchContext } from './batch-context';
import type { RngState } from './rng';
import type { Nanos } from './time';
import type { AfterEventHook, Frame, Handler, Immutable, RunLimits, SimCore, SimEvent, Touched, TraceRecord } from './types';
import { boundedDiff, diffPatches, type DiffGranularity } from './diff';
import { deepFreeze, FREEZE_BY_DEFAULT } from './working-copy';
import { stopped, workLimits } from './work-limits';
import type { EngineOptions, HandlerTable, Move, MoveOptions, ScriptedEvent } from './engine-options';
import { lazyFrame, mergeFrames, pushAll } from './frames';
import { KeyframePolicy, monotonicMs } from './keyframe-policy';
import { TimeTravel } from './time-travel';

export type { EngineOptions, HandlerTable, Move, MoveOptions, ScriptedEvent } from './engine-options';

/** Frames of a time seek's replay (they are merged into one move; smaller frames cost more). */
const SEEK_BATCH = 1000;

/** How deep `ctx.emit` notifications may nest within one event. */
const MAX_EMIT_DEPTH = 8;

// Tests and tools check frame patches against immer's applyPatches, which needs the plugin.
enablePatches();

/**
 * A deterministic discrete-event engine over an immutable, structurally shared state.
 *
 * The API follows SimPy's spirit: create, `schedule`, `step`, `runUntil`, `peek`. Events are
 * plain data; a batch of events runs on a working copy (see {@link WorkingCopy}) and gives a
 * {@link Frame} whose patches are built from the chunks it replaced. What is still to run is the
 * {@link Agenda}; the past (history frames for step back, keyframes for seek) is
 * {@link TimeTravel}'s. This class runs batches and moves between them.
 */
export class Engine<S extends SimCore> {
  private current: S;
  private readonly agenda = new Agenda();
  private readonly past: TimeTravel<S>;
  private readonly batch: BatchContext<S>;
  private frameSeq = 0;
  private readonly handlers: HandlerTable<S>;
  private readonly afterEvent: readonly AfterEventHook<S>[];
  private readonly granularity: DiffGranularity;
  private readonly patchFloor: ((from: S, to: S) => number) | undefined;
  private readonly hashView: (state: S) => unknown;
  /** Highest event index this timeline has reached (the end of the known future). */
  private furthest = 0;
  /** Work done by this engine (one unit per event plus reported inner work); never rewound. */
  private work = 0;
  /** Queue ids of the kinds handlers have scheduled (each checked against `handlers` once). */
  private readonly kindIds = new Map<string, number>();
  /** The kind a handler scheduled last and its id: most handlers schedule one kind again and again. */
  private lastKind = '';
  private lastKindId = -1;

  constructor(options: EngineOptions<S>) {
    // States are immutable from here on: a write that bypasses `ctx.mut` throws instead of
    // silently changing a keyframe or a history entry.
    const freeze = options.freeze ?? FREEZE_BY_DEFAULT;
    if (freeze) deepFreeze(options.state);
    this.current = options.state;
    this.batch = new BatchContext<S>(options.state, (kind, payload, at, priority) => this.pushFromHandler(kind, payload, at, priority), freeze, options.copyRoot);
    this.handlers = options.handlers;
    this.afterEvent = options.afterEvent ?? [];
    const every = options.keyframeEvery === null ? Number.POSITIVE_INFINITY : Math.max(1, options.keyframeEvery ?? 1000);
    const policy = new KeyframePolicy(every, options.keyframeBudgetMs ?? Number.POSITIVE_INFINITY, options.clock ?? monotonicMs, options.keyframeEvery !== null, options.keyframeMinMs ?? 0);
    this.past = new TimeTravel<S>(this.agenda, policy, Math.max(0, options.historyEvents ?? 20_000), Math.max(1, options.historyFrames ?? 256));
    this.granularity = { atomic: options.diffAtomic, elementwise: options.diffElementwise };
    this.patchFloor = options.patchFloor;
    this.hashView = options.hashView ?? ((state) => state);
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
    return this.agenda.size;
  }

  /** The next event to run, if any (not removed). */
  peek(): SimEvent | undefined {
    return this.agenda.peek();
  }

  /** Pending events in run order (a copy, for state dumps and tests). */
  pending(): SimEvent[] {
    return this.agenda.pending();
  }

  /**
   * Schedules the scenario's events before the first step, in order (seqs as `schedule` would
   * give them). They are kept once as an immutable sorted list with a cursor, so keyframes and
   * history never copy them: memory stays linear in lesson length.
   */
  scheduleScript(events: readonly ScriptedEvent[]): void {
    if (this.current.eventIndex > 0 || this.agenda.scriptCursor > 0) throw new Error('scheduleScript: only before the first step');
    for (const e of events) this.assertKind(e.kind);
    this.agenda.addScript(
      events.map((e) => ({ at: e.at, priority: e.priority ?? 0, kind: e.kind, payload: e.payload })),
      this.current.time,
    );
  }

  /** Schedules an event at an absolute time (set-up time, before or between steps). */
  schedule(kind: string, payload: unknown, at: Nanos, priority = 0): number {
    this.assertKind(kind);
    return this.agenda.push(kind, payload, Math.max(at, this.current.time), priority);
  }

  /**
   * Inserts a user input as an event at `at` (default: now). Inputs are the master record of a
   * session: time travel re-inserts them where they happened. A new input after stepping back
   * replaces the old future (its later inputs and keyframes are dropped).
   */
  input(kind: string, payload: unknown, at?: Nanos): SimEvent {
    this.assertKind(kind);
    const index = this.current.eventIndex;
    this.past.forgetAfter(index);
    this.furthest = index;
    return this.agenda.input(kind, payload, Math.max(at ?? this.current.time, this.current.time), index);
  }

  /** The input log (copies), in insertion order. */
  inputLog(): SimEvent[] {
    return this.agenda.inputLog();
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
    const workNow = (): number => this.work;
    while (left > 0) {
      const frame = this.runBatch(Math.min(batchSize, left), time, workLimits(options, workAtStart, workNow));
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
    this.current = goal < this.current.eventIndex ? this.past.rewindTo(this.current, goal) : this.past.skipAhead(this.current, (k) => k.eventIndex <= goal);
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
    return { patches: this.movePatches(start, options.maxPatches), trace, complete };
  }

  /** Moves to the state after every event with `at <= time`. */
  seekTime(time: Nanos, options: MoveOptions = {}): Move {
    const start = this.current;
    this.current =
      time < this.current.time
        ? this.past.restoreLatest((k) => k.state.time < time || k.eventIndex === 0)
        : this.past.skipAhead(this.current, (k) => k.state.time < time);
    const trace: TraceRecord[] = [];
    this.runUntil(time, { ...options, batchSize: SEEK_BATCH, onFrame: (f) => pushAll(trace, f.trace) });
    const complete = this.agenda.nextAt() > time;
    return { patches: this.movePatches(start, options.maxPatches), trace, complete };
  }

  /** The patches of a move from `from` to the current state, or null when there are more than `limit`. */
  private movePatches(from: S, limit: number | undefined): Patch[] | null {
    if (limit !== undefined && this.patchFloor !== undefined && this.patchFloor(from, this.current) > limit) return null;
    return boundedDiff(from, this.current, limit, this.granularity);
  }

  /** Patches from one state of this engine to another, at the engine's granularity (`diffAtomic`, `diffElementwise`). */
  diff(from: S, to: S): Patch[] {
    return diffPatches(from, to, this.granularity);
  }

  /** Canonical hash of the state and the pending queue: equal hashes mean equal futures. */
  hash(): string {
    return hashValue({ state: this.hashView(this.current), queue: this.agenda.pending(), nextSeq: this.agenda.nextSeq });
  }

  // ---------------------------------------------------------------------------------------

  private assertKind(kind: string): void {
    if (!this.handlers[kind]) throw new UnknownEventKind(kind);
  }

  private runBatch(maxEvents: number, untilTime: Nanos, limits: RunLimits = {}): Frame | null {
    const agenda = this.agenda;
    if (maxEvents <= 0 || agenda.nextAt() > untilTime) return null;
    this.past.captureIfDue(this.current);
    const before = this.current;
    const startIndex = before.eventIndex;
    const policy = this.past.policy;
    const limit = Math.min(maxEvents, policy.eventsLeft(startIndex));
    const popped = this.past.popped;
    const poppedFrom = popped.end;
    const seqBefore = agenda.nextSeq;
    const cursorBefore = agenda.scriptCursor;
    const batch = this.batch;
    const ctx = batch.api;
    const work = batch.copy;
    const maxWork = limits.maxWork ?? Number.POSITIVE_INFINITY;
    batch.begin(before);
    let next: S;
    try {
      let index = startIndex;
      for (let i = 0; i < limit; i++) {
        // Limits are checked between events (the first always runs, so every call progresses).
        if (i > 0 && (batch.work_ >= maxWork || limits.shouldStop?.() === true)) break;
        // The policy reads the clock once per stride of events (see `KeyframePolicy.spentAt`).
        if (i > 0 && policy.spentAt(index)) break;
        const event = agenda.popUntil(untilTime, popped);
        if (event === null) break;
        batch.now = event.at;
        batch.eventIndex = index;
        batch.work_ += 1;
        this.runHandlers(event, 0);
        const touched = batch.takeTouched();
        if (this.afterEvent.length > 0) {
          const seen: Touched = touched ?? EMPTY_TOUCHED;
          for (const hook of this.afterEvent) {
            if (typeof hook === 'function') hook(work.asDraft(), seen, ctx);
            else if (!hook.watches || hook.watches.some((kind) => seen.has(kind))) hook.direct(work.state as Immutable<S>, seen, ctx);
          }
        }
        index = batch.eventIndex + 1;
        if (agenda.hasInputs) agenda.reinsertInputsAfter(index);
      }
      if (batch.now !== before.time) work.setRoot('time', batch.now);
      work.setRoot('eventIndex', index);
      if (!sameRng(batch.rng, before.rng)) work.setRoot('rng', batch.rng);
      next = work.finish();
    } catch (error) {
      // Keep the batch atomic: the working copy is dropped; put the queue back as it was, then report.
      work.abandon();
      agenda.rollBack(startIndex, seqBefore, agenda.nextSeq, cursorBefore, popped, poppedFrom);
      throw error;
    }
    this.current = next;
    this.work += batch.work_;
    this.furthest = Math.max(this.furthest, next.eventIndex);
    this.past.remember({ fromEvent: startIndex, toEvent: next.eventIndex, before, poppedFrom, poppedTo: popped.end, seqBefore, seqAfter: agenda.nextSeq, cursorBefore });
    return lazyFrame(this.frameSeq++, startIndex, before, next, batch.trace_, this.granularity);
  }

  /**
   * Runs the handlers of one event in order; after each, the handlers of what it emitted
   * (`ctx.emit`), depth first, so a notification is handled before the next handler runs.
   */
  private runHandlers(event: SimEvent, depth: number): void {
    const handlers = this.handlers[event.kind];
    // Queued kinds were checked when scheduled; a notification nobody handles (a model built
    // from a subset of modules) is simply not heard.
    if (!handlers) return;
    const batch = this.batch;
    const work = batch.copy;
    for (let h = 0; h < handlers.length; h++) {
      const handler = handlers[h] as Handler<S>;
      if (typeof handler === 'function') handler(work.asDraft(), event, batch.api);
      else handler.direct(work.state as Immutable<S>, event, batch.api);
      const emitted = batch.takeEmitted();
      if (emitted === null) continue;
      // A notification that emits itself forever is a model bug; stop it with a clear error.
      if (depth >= MAX_EMIT_DEPTH) throw new EmitTooDeep(event.kind, MAX_EMIT_DEPTH);
      for (const { kind, payload } of emitted) this.runHandlers({ at: event.at, priority: event.priority, seq: event.seq, kind, payload }, depth + 1);
    }
  }

  /**
   * The engine end of `ctx.schedule`: checks the kind and queues the event. A kind is checked and
   * given its queue id once; a later push of it costs one map lookup, or one string comparison when
   * it is the kind pushed last.
   */
  private pushFromHandler(kind: string, payload: unknown, at: Nanos, priority: number): number {
    if (kind !== this.lastKind) {
      let id = this.kindIds.get(kind);
      if (id === undefined) {
        this.assertKind(kind);
        id = this.agenda.kindId(kind);
        this.kindIds.set(kind, id);
      }
      this.lastKind = kind;
      this.lastKindId = id;
    }
    return this.agenda.pushKind(this.lastKindId, payload, at, priority);
  }
}

const EMPTY_TOUCHED: Touched = new Map();

function sameRng(a: RngState, b: RngState): boolean {
  for (let k = 0; k < a.length; k++) if (a[k] !== b[k]) return false;
  return a.length === b.length;
}
