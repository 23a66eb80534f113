import type { Agenda } from './agenda';
import { NoKeyframe } from './errors';
import type { Keyframe } from './keyframe';
import type { KeyframePolicy } from './keyframe-policy';
import type { SimCore } from './types';

/** A forward seek restores a keyframe ahead only if that skips at least this many events. */
const SKIP_AHEAD_MIN_EVENTS = 32;

/**
 * The engine's memory of the past: keyframes (a state with its agenda, every so many events or so
 * much CPU time). Every move back, a step back of one event included, restores the newest keyframe
 * at or before its goal and the engine replays forward from it; the engine is deterministic, so the
 * replay reaches exactly the state that was there.
 *
 * Until the eighteenth session the engine also kept step-back history (the state before each of
 * the last 20,000 events' batches, and every event those batches took from the queue, to put back
 * on undo). Recording each popped event cost batched frames about 15 ns of ~130 an event, and each
 * kept frame held a state of its own for the young-generation collector to copy; a step back by
 * replay costs at most one keyframe interval (about 3 ms of work by the app's budget,
 * `KEYFRAME_BUDGET_MS`), well inside a seek's 50 ms. See "Time travel is keyframes alone" in `docs/architecture.md`.
 */
export class TimeTravel<S extends SimCore> {
  private keyframes: Keyframe<S>[] = [];
  /** Set-up changed the agenda since the last keyframe: the next batch must start with one. */
  private agendaChanged = false;

  constructor(
    private readonly agenda: Agenda,
    readonly policy: KeyframePolicy,
  ) {}

  /**
   * Takes a keyframe of `state` (and the agenda) when the policy says one is due, or when set-up
   * changed the agenda since the last one (a replay could not rebuild that change).
   */
  captureIfDue(state: S): void {
    const index = state.eventIndex;
    if (this.agendaChanged) this.agendaChanged = false;
    else if (!this.policy.due(index)) return;
    this.policy.anchor(index);
    // Replaying behind the newest keyframe (after a seek back): the keyframes there are kept.
    const last = this.keyframes[this.keyframes.length - 1];
    if (last && last.eventIndex >= index) return;
    this.keyframes.push({ eventIndex: index, state, agenda: this.agenda.snapshot(index) });
  }

  /**
   * Set-up queued an event after event `index` (`Engine.schedule` between batches): the future
   * the later keyframes hold is gone, and the next batch starts with a keyframe, so that moves back
   * to it (a failed batch's included) find the event queued. One-way runs keep none.
   */
  agendaChangedAfter(index: number): void {
    // A keyframe at `index` itself (a seek landed there) holds the agenda without the new event.
    this.forgetFrom(index);
    if (this.policy.enabled) this.agendaChanged = true;
  }

  /** A new input after event `index` replaces the old future: its keyframes go. */
  forgetAfter(index: number): void {
    this.forgetFrom(index + 1);
  }

  /** Drops the keyframes at event `index` and later. */
  private forgetFrom(index: number): void {
    // Most calls have nothing to drop (every set-up `schedule` comes here, by the thousand in a
    // tool's set-up): no new array then.
    const last = this.keyframes[this.keyframes.length - 1];
    if (last === undefined || last.eventIndex < index) return;
    this.keyframes = this.keyframes.filter((k) => k.eventIndex < index);
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

  /** Goes back to the newest keyframe at or before event index `goal` (the engine replays the rest). */
  rewindTo(goal: number): S {
    return this.restoreLatest((k) => k.eventIndex <= goal);
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
    return keyframe.state;
  }
}
