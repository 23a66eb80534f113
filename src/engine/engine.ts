import { enablePatches, type Patch } from 'immer';
import { Deque } from './deque';
import { EventColumns } from './event-columns';
import { EmitTooDeep, HistoryExhausted, NoKeyframe, UnknownEventKind } from './errors';
import { hashValue } from './hash';
import { runsBefore } from './heap';
import { BatchContext } from './batch-context';
import type { RngState } from './rng';
import type { Nanos } from './time';
import type { AfterEventHook, Frame, Handler, Immutable, RunLimits, SimCore, SimEvent, Touched, TraceRecord } from './types';
import { boundedDiff, diffPatches, type AtomicPath } from './diff';
import { deepFreeze, FREEZE_BY_DEFAULT } from './working-copy';
import { stopped, workLimits } from './work-limits';
import type { EngineOptions, HandlerTable, Move, MoveOptions, ScriptedEvent } from './engine-options';
import { lazyFrame, mergeFrames, pushAll } from './frames';
import { KeyframePolicy, monotonicMs } from './keyframe-policy';
import { PoppedEvents } from './popped-events';
import { spanOf, type HistoryFrame, type Keyframe } from './history-records';

export type { EngineOptions, HandlerTable, Move, MoveOptions, ScriptedEvent } from './engine-options';

/** Frames of a time seek's replay (they are merged into one move; smaller frames cost more). */
const SEEK_BATCH = 1000;
/** A forward seek restores a keyframe ahead only if that skips at least this many events. */
const SKIP_AHEAD_MIN_EVENTS = 32;

/** How deep `ctx.emit` notifications may nest within one event. */
const MAX_EMIT_DEPTH = 8;

// Tests and tools check frame patches against immer's applyPatches, which needs the plugin.
enablePatches();

/**
 * A deterministic discrete-event engine over an immutable, structurally shared state.
 *
 * The API follows SimPy's spirit: create, `schedule`, `step`, `runUntil`, `peek`. Events are
 * plain data; a batch of events runs on a working copy (see {@link WorkingCopy}) and gives a
 * {@link Frame} whose patches are built from the chunks it replaced. History keeps the states
 * before recent batches (step back) and periodic keyframes (seek); the queue is stored as columns
 * (see {@link EventColumns}) and the scenario's scripted events once, with a cursor.
 */
export class Engine<S extends SimCore> {
  private current: S;
  private queue = new EventColumns();
  /** Set-up and scripted events, sorted by run order, never copied: keyframes keep a cursor. */
  private script: readonly SimEvent[] = [];
  private cursor = 0;
  private readonly batch: BatchContext<S>;
  private nextSeq = 0;
  private frameSeq = 0;
  private readonly handlers: HandlerTable<S>;
  private readonly afterEvent: readonly AfterEventHook<S>[];
  private readonly keyframePolicy: KeyframePolicy;
  private readonly diffAtomic: AtomicPath | undefined;
  /** The event object `popNext` fills for each queued event (no allocation per event). */
  private readonly poppedEvent: SimEvent = { at: 0, priority: 0, seq: 0, kind: '', payload: undefined };
  private readonly historyEvents: number;
  private history = new Deque<HistoryFrame<S>>();
  private historyEventCount = 0;
  private keyframes: Keyframe<S>[] = [];
  /** User inputs in insertion order; replayed at their `inputAfter` index during time travel. */
  private inputs: SimEvent[] = [];
  /** Highest event index this timeline has reached (the end of the known future). */
  private furthest = 0;
  /** Work done by this engine (one unit per event plus reported inner work); never rewound. */
  private work = 0;

  constructor(options: EngineOptions<S>) {
    // States are immutable from here on: a write that bypasses `ctx.mut` throws instead of
    // silently changing a keyframe or a history entry.
    const freeze = options.freeze ?? FREEZE_BY_DEFAULT;
    if (freeze) deepFreeze(options.state);
    this.current = options.state;
    this.batch = new BatchContext<S>(options.state, (kind, payload, at, priority) => this.pushFromHandler(kind, payload, at, priority), freeze);
    this.handlers = options.handlers;
    this.afterEvent = options.afterEvent ?? [];
    const every = options.keyframeEvery === null ? Number.POSITIVE_INFINITY : Math.max(1, options.keyframeEvery ?? 1000);
    this.keyframePolicy = new KeyframePolicy(every, options.keyframeBudgetMs ?? Number.POSITIVE_INFINITY, options.clock ?? monotonicMs, options.keyframeEvery !== null);
    this.historyEvents = Math.max(0, options.historyEvents ?? 20_000);
    this.diffAtomic = options.diffAtomic;
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
    return this.queue.size + this.script.length - this.cursor;
  }

  /** The next event to run, if any (not removed). */
  peek(): SimEvent | undefined {
    if (this.scriptIsNext()) return { ...(this.script[this.cursor] as SimEvent) };
    return this.queue.peek();
  }

  /** Pending events in run order (a copy, for state dumps and tests). */
  pending(): SimEvent[] {
    const queued = this.queue.sorted();
    if (this.cursor >= this.script.length) return queued;
    const all = [...this.script.slice(this.cursor).map((e) => ({ ...e })), ...queued];
    return all.sort((a, b) => (runsBefore(a, b) ? -1 : 1));
  }

  /**
   * Schedules the scenario's events before the first step, in order (seqs as `schedule` would
   * give them). They are kept once as an immutable sorted list with a cursor, so keyframes and
   * history never copy them: memory stays linear in lesson length.
   */
  scheduleScript(events: readonly ScriptedEvent[]): void {
    if (this.current.eventIndex > 0 || this.cursor > 0) throw new Error('scheduleScript: only before the first step');
    const added: SimEvent[] = events.map((e) => {
      this.assertKind(e.kind);
      return { at: Math.max(e.at, this.current.time), priority: e.priority ?? 0, seq: this.nextSeq++, kind: e.kind, payload: e.payload };
    });
    const all = [...this.script, ...added].sort((a, b) => (runsBefore(a, b) ? -1 : 1));
    for (const event of all) Object.freeze(event);
    this.script = Object.freeze(all);
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
    return { patches: boundedDiff(start, this.current, options.maxPatches, this.diffAtomic), trace, complete };
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
    this.runUntil(time, { ...options, batchSize: SEEK_BATCH, onFrame: (f) => pushAll(trace, f.trace) });
    const complete = this.nextAt() > time;
    return { patches: boundedDiff(start, this.current, options.maxPatches, this.diffAtomic), trace, complete };
  }

  /** Patches from one state of this engine to another, at the engine's granularity (`diffAtomic`). */
  diff(from: S, to: S): Patch[] {
    return diffPatches(from, to, { atomic: this.diffAtomic });
  }

  /** Canonical hash of the state and the pending queue: equal hashes mean equal futures. */
  hash(): string {
    return hashValue({ state: this.current, queue: this.pending(), nextSeq: this.nextSeq });
  }

  // ---------------------------------------------------------------------------------------

  private assertKind(kind: string): void {
    if (!this.handlers[kind]) throw new UnknownEventKind(kind);
  }

  private runBatch(maxEvents: number, untilTime: Nanos, limits: RunLimits = {}): Frame | null {
    if (maxEvents <= 0 || this.nextAt() > untilTime) return null;
    this.captureKeyframeIfDue();
    const before = this.current;
    const startIndex = before.eventIndex;
    const policy = this.keyframePolicy;
    const limit = Math.min(maxEvents, policy.eventsLeft(startIndex));
    const popped = new PoppedEvents();
    const seqBefore = this.nextSeq;
    const cursorBefore = this.cursor;
    const batch = this.batch;
    const ctx = batch.api;
    const work = batch.copy;
    const maxWork = limits.maxWork ?? Number.POSITIVE_INFINITY;
    batch.begin(before);
    let next: S;
    try {
      let index = startIndex;
      for (let i = 0; i < limit; i++) {
        if (this.nextAt() > untilTime) break;
        // Limits are checked between events (the first always runs, so every call progresses).
        if (i > 0 && (batch.work_ >= maxWork || limits.shouldStop?.() === true)) break;
        // The clock is read every 8th event: cheap next to an event, precise enough for a budget.
        if ((i & 7) === 7 && policy.overBudget()) break;
        const event = this.popNext(popped);
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
        if (this.inputs.length > 0) this.reinsertInputsAfter(index);
      }
      if (batch.now !== before.time) work.setRoot('time', batch.now);
      work.setRoot('eventIndex', index);
      if (!sameRng(batch.rng, before.rng)) work.setRoot('rng', batch.rng);
      next = work.finish();
    } catch (error) {
      // Keep the batch atomic: the working copy is dropped; put the queue back as it was, then report.
      work.abandon();
      const pushed = new Set(batch.pushedSeqs);
      this.queue.removeWhere((e) => pushed.has(e.seq) || (e.inputAfter ?? -1) > startIndex);
      // As in undoLastFrame: a user input the batch re-inserted for a later index is not put back
      // early (it comes back at its own index).
      popped.putBack(this.queue, (seq, inputAfter) => pushed.has(seq) || inputAfter > startIndex);
      this.nextSeq = seqBefore;
      this.cursor = cursorBefore;
      throw error;
    }
    this.current = next;
    this.work += batch.work_;
    this.furthest = Math.max(this.furthest, next.eventIndex);
    this.remember({ fromEvent: startIndex, toEvent: next.eventIndex, before, popped, pushedSeqs: batch.pushedSeqs, seqBefore, cursorBefore });
    return lazyFrame(this.frameSeq++, startIndex, before, next, batch.trace_, this.diffAtomic);
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

  /** The engine end of `ctx.schedule`: checks the kind and queues the event. */
  private pushFromHandler(kind: string, payload: unknown, at: Nanos, priority: number): number {
    if (!this.handlers[kind]) throw new UnknownEventKind(kind);
    const seq = this.nextSeq++;
    this.queue.pushFields(at, priority, seq, kind, payload);
    return seq;
  }

  /** Time of the next event (queue or script), +∞ when none. */
  private nextAt(): number {
    const queued = this.queue.peekAt();
    const scripted = this.script[this.cursor];
    return scripted && scripted.at < queued ? scripted.at : queued;
  }

  /** Whether the next event comes from the script rather than the queue. */
  private scriptIsNext(): boolean {
    const scripted = this.script[this.cursor];
    return scripted !== undefined && !this.queue.headRunsBefore(scripted.at, scripted.priority, scripted.seq);
  }

  /** Takes the next event; queue events are remembered in `popped` (script events by the cursor). */
  private popNext(popped: PoppedEvents): SimEvent {
    if (this.scriptIsNext()) return this.script[this.cursor++] as SimEvent;
    // One reusable event object: handlers get it for the length of their call (they keep its
    // payload, never the event itself).
    const event = this.poppedEvent;
    this.queue.popInto(event);
    popped.record(event);
    return event;
  }

  /** During replay, puts back the inputs that the user inserted right after `index`. */
  private reinsertInputsAfter(index: number): void {
    for (const input of this.inputs) {
      if (input.inputAfter !== index || this.queue.has(input.seq)) continue;
      this.queue.push(input);
      this.nextSeq = Math.max(this.nextSeq, input.seq + 1);
    }
  }

  private remember(frame: HistoryFrame<S>): void {
    if (this.historyEvents === 0) return;
    this.history.push(frame);
    this.historyEventCount += frame.toEvent - frame.fromEvent;
    while (this.history.length > 1 && this.historyEventCount - spanOf(this.history.first() as HistoryFrame<S>) >= this.historyEvents) {
      this.historyEventCount -= spanOf(this.history.shift() as HistoryFrame<S>);
    }
  }

  private captureKeyframeIfDue(): void {
    const index = this.current.eventIndex;
    if (!this.keyframePolicy.due(index)) return;
    this.keyframePolicy.anchor(index);
    // Replaying behind the newest keyframe (after a seek back): the keyframes there are kept.
    const last = this.keyframes[this.keyframes.length - 1];
    if (last && last.eventIndex >= index) return;
    // Inputs inserted at this index are re-inserted on restore, so they stay out of the snapshot.
    let queue = this.queue.snapshot();
    if (this.inputs.some((e) => e.inputAfter === index)) {
      const held = EventColumns.from(queue);
      held.removeWhere((e) => e.inputAfter !== undefined && e.inputAfter >= index);
      queue = held.snapshot();
    }
    this.keyframes.push({ eventIndex: index, state: this.current, queue, cursor: this.cursor, nextSeq: this.seqAt(index) });
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
    throw new NoKeyframe();
  }

  private restoreKeyframe(keyframe: Keyframe<S>): void {
    this.keyframePolicy.anchor(keyframe.eventIndex);
    this.current = keyframe.state;
    this.queue = EventColumns.from(keyframe.queue);
    this.cursor = keyframe.cursor;
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
      if (keyframe.eventIndex <= this.current.eventIndex + SKIP_AHEAD_MIN_EVENTS) break;
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
    if (oldest && contiguous && oldest.fromEvent <= goal && undoCost <= replayCost + this.keyframePolicy.every) {
      while (this.current.eventIndex > goal) this.undoLastFrame();
      return;
    }
    this.restoreKeyframe(keyframe);
  }

  private undoLastFrame(): void {
    const frame = this.history.pop();
    if (!frame) throw new HistoryExhausted();
    this.historyEventCount -= spanOf(frame);
    this.current = frame.before;
    this.cursor = frame.cursorBefore;
    const from = frame.fromEvent;
    const pushed = new Set(frame.pushedSeqs);
    this.queue.removeWhere((e) => pushed.has(e.seq) || (e.inputAfter ?? -1) > from);
    frame.popped.putBack(this.queue, (seq, inputAfter) => pushed.has(seq) || inputAfter > from);
    this.nextSeq = frame.seqBefore;
    this.reinsertInputsAfter(from);
  }
}

const EMPTY_TOUCHED: Touched = new Map();

function sameRng(a: RngState, b: RngState): boolean {
  for (let k = 0; k < a.length; k++) if (a[k] !== b[k]) return false;
  return a.length === b.length;
}
