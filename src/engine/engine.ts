import { enablePatches, type Patch } from 'immer';
import { Agenda } from './agenda';
import { EmitTooDeep, EngineStopped, UnknownEventKind } from './errors';
import { hashValue } from './hash';
import { BatchContext } from './batch-context';
import { HandlerQueue } from './handler-queue';
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
 * {@link Agenda}; the past (keyframes, from which every move back replays) is
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
  /** The error that stopped this engine: a failed batch it could not undo (see `undoFailedBatch`). */
  private stoppedBy: { failure: unknown } | null = null;

  constructor(options: EngineOptions<S>) {
    // States are immutable from here on: a write that bypasses `ctx.mut` throws instead of
    // silently changing a keyframe.
    const freeze = options.freeze ?? FREEZE_BY_DEFAULT;
    if (freeze) deepFreeze(options.state);
    this.current = options.state;
    this.batch = new BatchContext<S>(options.state, new HandlerQueue(this.agenda, options.handlers), freeze, options.copyRoot);
    this.handlers = options.handlers;
    this.afterEvent = options.afterEvent ?? [];
    const every = options.keyframeEvery === null ? Number.POSITIVE_INFINITY : Math.max(1, options.keyframeEvery ?? 1000);
    const policy = new KeyframePolicy(every, options.keyframeBudgetMs ?? Number.POSITIVE_INFINITY, options.clock ?? monotonicMs, options.keyframeEvery !== null, options.keyframeMinMs ?? 0);
    this.past = new TimeTravel<S>(this.agenda, policy);
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
   * give them). They are kept once as an immutable sorted list with a cursor, so keyframes never
   * copy them: memory stays linear in lesson length.
   */
  scheduleScript(events: readonly ScriptedEvent[]): void {
    if (this.current.eventIndex > 0 || this.agenda.scriptCursor > 0) throw new Error('scheduleScript: only before the first step');
    for (const e of events) this.assertKind(e.kind);
    this.agenda.addScript(
      events.map((e) => ({ at: e.at, priority: e.priority ?? 0, kind: e.kind, payload: e.payload })),
      this.current.time,
    );
  }

  /**
   * Schedules an event at an absolute time (set-up time, before or between steps). Between steps
   * it changes the future: later keyframes go, and the next batch begins with a keyframe, so a
   * move back finds the event queued (a failed batch's undo included).
   */
  schedule(kind: string, payload: unknown, at: Nanos, priority = 0): number {
    this.assertUsable();
    this.assertKind(kind);
    this.past.agendaChangedAfter(this.current.eventIndex);
    return this.agenda.push(kind, payload, Math.max(at, this.current.time), priority);
  }

  /**
   * Inserts a user input as an event at `at` (default: now). Inputs are the master record of a
   * session: time travel re-inserts them where they happened. A new input after stepping back
   * replaces the old future (its later inputs and keyframes are dropped).
   */
  input(kind: string, payload: unknown, at?: Nanos): SimEvent {
    this.assertUsable();
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
    this.current = goal < this.current.eventIndex ? this.past.rewindTo(goal) : this.past.skipAhead(this.current, (k) => k.eventIndex <= goal);
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
    this.assertUsable();
    return hashValue({ state: this.hashView(this.current), queue: this.agenda.pending(), nextSeq: this.agenda.nextSeq });
  }

  // ---------------------------------------------------------------------------------------

  private assertKind(kind: string): void {
    if (!this.handlers[kind]) throw new UnknownEventKind(kind);
  }

  private runBatch(maxEvents: number, untilTime: Nanos, limits: RunLimits = {}): Frame | null {
    this.assertUsable();
    const agenda = this.agenda;
    if (maxEvents <= 0 || agenda.nextAt() > untilTime) return null;
    this.past.captureIfDue(this.current);
    const before = this.current;
    const startIndex = before.eventIndex;
    const policy = this.past.policy;
    const limit = Math.min(maxEvents, policy.eventsLeft(startIndex));
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
        const event = agenda.popUntil(untilTime);
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
      // Keep the batch atomic: the working copy is dropped and the engine goes back to where the
      // batch began, then reports.
      work.abandon();
      this.undoFailedBatch(before, error);
      throw error;
    }
    this.current = next;
    this.work += batch.work_;
    this.furthest = Math.max(this.furthest, next.eventIndex);
    return lazyFrame(this.frameSeq++, startIndex, before, next, batch.trace_, this.granularity);
  }

  /**
   * Puts the engine back where a failed batch began: the queue as it stood there is rebuilt by
   * restoring the newest keyframe at or before it and replaying up to it (the events before the
   * batch ran without failing, and the engine is deterministic), and the state is the one the batch
   * began from. A run without keyframes (`isolab run`) cannot go back: it stops, and every later
   * call says why; so does an engine whose replay failed too (a handler that is not deterministic).
   * A batch of that replay that fails is undone the same way first, from the same keyframe to where
   * it began, an earlier index: the nesting ends.
   */
  private undoFailedBatch(before: S, error: unknown): void {
    try {
      this.current = this.past.rewindTo(before.eventIndex);
      while (this.current.eventIndex < before.eventIndex && this.runBatch(before.eventIndex - this.current.eventIndex, Number.MAX_SAFE_INTEGER) !== null);
      this.current = before;
    } catch {
      // No keyframe to go back to (a one-way run), or the replay failed as well.
      this.stoppedBy = { failure: error };
    }
  }

  private assertUsable(): void {
    if (this.stoppedBy !== null) throw new EngineStopped(this.stoppedBy.failure);
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
}

const EMPTY_TOUCHED: Touched = new Map();

function sameRng(a: RngState, b: RngState): boolean {
  for (let k = 0; k < a.length; k++) if (a[k] !== b[k]) return false;
  return a.length === b.length;
}
