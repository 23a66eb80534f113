import { EventColumns, reusableEvent, type ColumnsSnapshot } from './event-columns';
import { runsBefore } from './heap';
import type { Nanos } from './time';
import type { SimEvent } from './types';

/** The agenda as a keyframe keeps it: the queue as flat columns, the script cursor, the seq counter. */
export interface AgendaSnapshot {
  queue: ColumnsSnapshot;
  cursor: number;
  nextSeq: number;
}

/**
 * Everything still to run, in run order: events queued by set-up and handlers (stored as columns,
 * see {@link EventColumns}), the scenario's script (an immutable sorted list with a cursor, so
 * keyframes never copy it), the user inputs of this session (re-inserted at the index
 * where they were made whenever time travel replays past it), and the seq counter that orders
 * events at the same time and priority.
 */
export class Agenda {
  private queue = new EventColumns();
  private script: readonly SimEvent[] = [];
  private cursor = 0;
  private seq = 0;
  /** User inputs in insertion order; replayed at their `inputAfter` index during time travel. */
  private inputs: SimEvent[] = [];
  /** The event object `popUntil` fills for each queued event (no allocation per event). */
  private readonly reused: SimEvent = reusableEvent();

  get size(): number {
    return this.queue.size + this.script.length - this.cursor;
  }

  get nextSeq(): number {
    return this.seq;
  }

  get hasInputs(): boolean {
    return this.inputs.length > 0;
  }

  /** Script events run so far (with `nextSeq`, where the agenda stood before a batch). */
  get scriptCursor(): number {
    return this.cursor;
  }

  /** The next event to run, if any (a copy; not removed). */
  peek(): SimEvent | undefined {
    if (this.scriptIsNext()) return { ...(this.script[this.cursor] as SimEvent) };
    return this.queue.peek();
  }

  /** Pending events in run order (copies, for state dumps and the state hash). */
  pending(): SimEvent[] {
    const queued = this.queue.sorted();
    if (this.cursor >= this.script.length) return queued;
    const all = [...this.script.slice(this.cursor).map((e) => ({ ...e })), ...queued];
    return all.sort((a, b) => (runsBefore(a, b) ? -1 : 1));
  }

  /** Adds scripted events (not before `now`), numbered in order, to the frozen sorted script. */
  addScript(events: readonly Omit<SimEvent, 'seq'>[], now: Nanos): void {
    const added: SimEvent[] = events.map((e) => ({ at: Math.max(e.at, now), priority: e.priority, seq: this.seq++, kind: e.kind, payload: e.payload }));
    const all = [...this.script, ...added].sort((a, b) => (runsBefore(a, b) ? -1 : 1));
    for (const event of all) Object.freeze(event);
    this.script = Object.freeze(all);
  }

  /** Queues an event; returns its seq. */
  push(kind: string, payload: unknown, at: Nanos, priority: number): number {
    return this.pushKind(this.queue.kindId(kind), payload, at, priority);
  }

  /** The id `pushKind` takes for a kind name (stable for this agenda's life: restores share the table). */
  kindId(kind: string): number {
    return this.queue.kindId(kind);
  }

  /** `push` with the kind as its id (the hot path: the engine caches ids per kind). */
  pushKind(kind: number, payload: unknown, at: Nanos, priority: number): number {
    const seq = this.seq++;
    this.queue.pushKind(at, priority, seq, kind, payload);
    return seq;
  }

  /**
   * Queues a user input made after event `index`. The inputs made later on this timeline (after
   * stepping back) are dropped: a new input replaces the old future.
   */
  input(kind: string, payload: unknown, at: Nanos, index: number): SimEvent {
    this.inputs = this.inputs.filter((e) => (e.inputAfter ?? 0) <= index);
    const event: SimEvent = { at, priority: 0, seq: this.seq++, kind, payload, inputAfter: index };
    this.inputs.push(event);
    this.queue.push(event);
    return event;
  }

  /** The input log (copies), in insertion order. */
  inputLog(): SimEvent[] {
    return this.inputs.map((e) => ({ ...e }));
  }

  /** Time of the next event (queue or script), +∞ when none. */
  nextAt(): number {
    const queued = this.queue.peekAt();
    // Bounds checked first: a read past the end of an array is a slow path in V8, and once the
    // script has run out (or a lesson has none) every event would take it.
    if (this.cursor >= this.script.length) return queued;
    const scripted = this.script[this.cursor] as SimEvent;
    return scripted.at < queued ? scripted.at : queued;
  }

  /**
   * Takes the next event if it runs at or before `time`, else null (nothing is taken): one search
   * of the queue per event (the batch loop used to ask `nextAt` and then pop). A queued event comes
   * in one reusable object: handlers get it for the length of their call (they keep its payload,
   * never the event).
   */
  popUntil(time: Nanos): SimEvent | null {
    if (this.scriptIsNext()) {
      const scripted = this.script[this.cursor] as SimEvent;
      if (scripted.at > time) return null;
      this.cursor++;
      return scripted;
    }
    const event = this.reused;
    return this.queue.popUntil(event, time) ? event : null;
  }

  /** During replay, puts back the inputs that the user inserted right after `index`. */
  reinsertInputsAfter(index: number): void {
    for (const input of this.inputs) {
      if (input.inputAfter !== index || this.queue.has(input.seq)) continue;
      this.queue.push(input);
      this.seq = Math.max(this.seq, input.seq + 1);
    }
  }

  /** The agenda as it stood right after event `index`, before any input made there. */
  snapshot(index: number): AgendaSnapshot {
    let queue = this.queue.snapshot();
    let nextSeq = this.seq;
    const inputsHere = this.inputs.filter((e) => e.inputAfter === index);
    if (inputsHere.length > 0) {
      // Inputs inserted at this index are re-inserted on restore, so they stay out of the snapshot.
      const held = EventColumns.from(queue);
      held.removeWhere((e) => e.inputAfter !== undefined && e.inputAfter >= index);
      queue = held.snapshot();
      for (const input of inputsHere) nextSeq = Math.min(nextSeq, input.seq);
    }
    return { queue, cursor: this.cursor, nextSeq };
  }

  /** Back to a snapshot taken right after event `index`, with the inputs made there queued again. */
  restore(snapshot: AgendaSnapshot, index: number): void {
    this.queue = EventColumns.from(snapshot.queue);
    this.cursor = snapshot.cursor;
    this.seq = snapshot.nextSeq;
    this.reinsertInputsAfter(index);
  }

  /** Whether the next event comes from the script rather than the queue. */
  private scriptIsNext(): boolean {
    if (this.cursor >= this.script.length) return false;
    const scripted = this.script[this.cursor] as SimEvent;
    return !this.queue.headRunsBefore(scripted.at, scripted.priority, scripted.seq);
  }
}
