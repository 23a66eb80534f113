import type { AgendaSnapshot } from './agenda';

/** What the engine keeps to travel in time: history frames (step back) and keyframes (seek). */

/**
 * One applied batch as history keeps it: enough to undo it exactly. States are immutable and
 * share structure, so the state before the batch is kept by reference (no inverse patches to build).
 */
export interface HistoryFrame<S> {
  fromEvent: number;
  toEvent: number;
  before: S;
  /**
   * Where the events taken from the queue begin and end in the history's popped log (`PoppedLog`; script
   * events are put back by the cursor.)
   */
  poppedFrom: number;
  poppedTo: number;
  /** The agenda's seq counter before and after the batch, and its script cursor before. */
  seqBefore: number;
  seqAfter: number;
  cursorBefore: number;
}

/** A keyframe: a state (shared, immutable) and the agenda (queue as flat columns, script cursor). */
export interface Keyframe<S> {
  eventIndex: number;
  state: S;
  agenda: AgendaSnapshot;
}

/** Events a history frame covers. */
export function spanOf<S>(frame: HistoryFrame<S>): number {
  return frame.toEvent - frame.fromEvent;
}
