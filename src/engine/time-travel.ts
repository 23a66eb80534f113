import type { Agenda } from './agenda';
import { Deque } from './deque';
import { HistoryExhausted, NoKeyframe } from './errors';
import { spanOf, type HistoryFrame, type Keyframe } from './history-records';
import type { KeyframePolicy } from './keyframe-policy';
import { PoppedLog } from './popped-log';
import type { SimCore } from './types';

/** A forward seek restores a keyframe ahead only if that skips at least this many events. */
const SKIP_AHEAD_MIN_EVENTS = 32;

/**
 * The engine's memory of the past: history frames (the states before recent batches, by
 * reference, to step back exactly) and keyframes (a state with its agenda, every so many events
 * or so much CPU time, to seek). Each move returns the state to continue from and leaves the
 * agenda as it stood there; the engine replays forward from it.
 */
export class TimeTravel<S extends SimCore> {
  private history = new Deque<HistoryFrame<S>>();
  private historyEventCount = 0;
  private keyframes: Keyframe<S>[] = [];
  /** What the batches took from the queue: each history frame's events, and the running batch's. */
  readonly popped = new PoppedLog();

  constructor(
    private readonly agenda: Agenda,
    readonly policy: KeyframePolicy,
    /** Events of history kept for step back (0: none). */
    private readonly historyEvents: number,
    /** Frames of history kept for step back (at least one while any events are kept). */
    private readonly historyFrames: number = Number.POSITIVE_INFINITY,
  ) {}

  /** Keeps an applied batch for step back, dropping the oldest beyond the history budgets. */
  remember(frame: HistoryFrame<S>): void {
    if (this.historyEvents === 0) {
      this.popped.clear();
      return;
    }
    this.history.push(frame);
    this.historyEventCount += spanOf(frame);
    while (this.history.length > 1 && (this.history.length > this.historyFrames || this.historyEventCount - spanOf(this.history.first() as HistoryFrame<S>) >= this.historyEvents)) {
      this.historyEventCount -= spanOf(this.history.shift() as HistoryFrame<S>);
    }
    // The log keeps what the frames still held cover (nothing to drop when none went).
    this.popped.dropBefore((this.history.first() as HistoryFrame<S>).poppedFrom);
  }

  /** Takes a keyframe of `state` (and the agenda) when the policy says one is due. */
  captureIfDue(state: S): void {
    const index = state.eventIndex;
    if (!this.policy.due(index)) return;
    this.policy.anchor(index);
    // Replaying behind the newest keyframe (after a seek back): the keyframes there are kept.
    const last = this.keyframes[this.keyframes.length - 1];
    if (last && last.eventIndex >= index) return;
    this.keyframes.push({ eventIndex: index, state, agenda: this.agenda.snapshot(index) });
  }

  /** A new input after event `index` replaces the old future: its keyframes go. */
  forgetAfter(index: number): void {
    this.keyframes = this.keyframes.filter((k) => k.eventIndex <= index);
  }

  /** The state at the newest keyframe that `accept` takes, restored. */
  restoreLatest(accept: (k: Keyframe<S>) => boolean): S {
    return this.restore(this.latest(accept));
  }

  /**
   * A forward seek into the known future jumps to the latest keyframe it may use instead of
   * replaying everything in between (seeking anywhere in a long lesson stays bounded by one
   * keyframe interval). Keyframes ahead of the current index belong to this timeline: a new
   * input drops every later keyframe (see `forgetAfter`). Returns `current` when none helps.
   */
  skipAhead(current: S, usable: (k: Keyframe<S>) => boolean): S {
    for (let i = this.keyframes.length - 1; i >= 0; i--) {
      const keyframe = this.keyframes[i] as Keyframe<S>;
      if (keyframe.eventIndex <= current.eventIndex + SKIP_AHEAD_MIN_EVENTS) break;
      if (usable(keyframe)) return this.restore(keyframe);
    }
    return current;
  }

  /** Goes back to an index at or before `goal` by undoing history or restoring a keyframe. */
  rewindTo(current: S, goal: number): S {
    const oldest = this.history.first();
    const keyframe = this.latest((k) => k.eventIndex <= goal);
    const undoCost = current.eventIndex - goal;
    const replayCost = goal - keyframe.eventIndex;
    const contiguous = this.history.last()?.toEvent === current.eventIndex;
    if (oldest && contiguous && oldest.fromEvent <= goal && undoCost <= replayCost + this.policy.every) {
      let state = current;
      while (state.eventIndex > goal) state = this.undoLast();
      return state;
    }
    return this.restore(keyframe);
  }

  /**
   * The newest keyframe `accept` takes. Every caller's test holds for a prefix of the keyframes
   * and fails after it (an index or a time bound, and keyframes are in event order), so a binary
   * search finds it: a ten-hour lesson keeps over a thousand keyframes, and a scan from the
   * newest read each one's state on a seek to the start.
   */
  private latest(accept: (k: Keyframe<S>) => boolean): Keyframe<S> {
    let low = 0;
    let high = this.keyframes.length; // the answer is the last index below `high` that accepts
    while (low < high) {
      const middle = (low + high) >>> 1;
      if (accept(this.keyframes[middle] as Keyframe<S>)) low = middle + 1;
      else high = middle;
    }
    const keyframe = this.keyframes[low - 1];
    if (!keyframe) throw new NoKeyframe();
    return keyframe;
  }

  private restore(keyframe: Keyframe<S>): S {
    this.policy.anchor(keyframe.eventIndex);
    this.agenda.restore(keyframe.agenda, keyframe.eventIndex);
    this.history.retain((f) => f.toEvent <= keyframe.eventIndex);
    // Undo needs history that ends exactly here; a gap makes it useless.
    const last = this.history.last();
    if (last?.toEvent === keyframe.eventIndex) this.popped.truncate(last.poppedTo);
    else {
      this.history.clear();
      this.popped.clear();
    }
    this.historyEventCount = this.history.toArray().reduce((sum, f) => sum + spanOf(f), 0);
    return keyframe.state;
  }

  /** Undoes the newest history frame; returns the state before it. */
  private undoLast(): S {
    const frame = this.history.pop();
    if (!frame) throw new HistoryExhausted();
    this.historyEventCount -= spanOf(frame);
    this.agenda.rollBack(frame.fromEvent, frame.seqBefore, frame.seqAfter, frame.cursorBefore, this.popped, frame.poppedFrom);
    this.agenda.reinsertInputsAfter(frame.fromEvent);
    return frame.before;
  }
}
