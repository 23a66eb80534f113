/** Numbers per recorded event (at, priority, seq, inputAfter, kind id) and references (payload). */
const NUMBERS = 5;
const REFERENCES = 1;

/** What takes events back: the queue (`EventColumns.pushKind`; an interface, so the two modules do not import each other). */
export interface Requeue {
  pushKind(at: number, priority: number, seq: number, kind: number, payload: unknown, input: number): void;
}

/** Events the log has room for at first (it doubles when full). */
const INITIAL_CAPACITY = 1024;

/**
 * The events recent batches took from the queue, oldest first, in one ring of flat arrays shared
 * by every batch that history keeps: undoing a batch (history) or aborting it (a handler threw)
 * puts its events back. A batch's events are the positions from where the log ended when it began
 * to where it ended after it; history frames hold those two numbers, and their ranges follow one
 * another as the frames do (history drops its oldest frames, undo and restore its newest).
 *
 * One log rather than arrays per batch: a 1,000-event batch's own arrays (48 KB, copied by the
 * young-generation collector while history held them) were about 7 % of the bench workload's
 * time. The numbers are kept in a `Float64Array` (in one array with the references, each time past
 * 2³⁰ ns was a heap number of its own), the kind as its id in the queue's kind table (shared by
 * every queue restored from a snapshot), so an event's only reference is its payload. A dropped
 * event's payload stays referenced until the ring comes round to its slot: at most the log's
 * capacity (history's events and one batch).
 */
export class PoppedLog {
  private numbers = new Float64Array(NUMBERS * INITIAL_CAPACITY);
  private references: unknown[] = new Array<unknown>(REFERENCES * INITIAL_CAPACITY);
  private mask = INITIAL_CAPACITY - 1;
  /** Positions of the oldest event kept and one past the newest (they only grow, except `truncate`). */
  private first = 0;
  private last = 0;

  /** The position the next recorded event gets (where a batch's events begin). */
  get end(): number {
    return this.last;
  }

  /** Events kept. */
  get length(): number {
    return this.last - this.first;
  }

  /** Records an event taken from the queue (`kind`: its id in the queue's kind table; `input`: -1 for non-inputs). */
  record(at: number, priority: number, seq: number, kind: number, payload: unknown, input: number): void {
    if (this.last - this.first > this.mask) this.grow();
    const slot = this.last & this.mask;
    const numbers = this.numbers;
    let n = NUMBERS * slot;
    numbers[n++] = at;
    numbers[n++] = priority;
    numbers[n++] = seq;
    numbers[n++] = input;
    numbers[n] = kind;
    this.references[slot] = payload;
    this.last++;
  }

  /**
   * Queues the events recorded from position `from` on again, except those `skip` rejects (by seq
   * and `inputAfter`, -1 if none), and forgets them: the newest batch is undone or aborted.
   */
  takeBack(queue: Requeue, from: number, skip: (seq: number, inputAfter: number) => boolean): void {
    this.checkKept(from);
    const numbers = this.numbers;
    const references = this.references;
    for (let position = from; position < this.last; position++) {
      const slot = position & this.mask;
      const n = NUMBERS * slot;
      const seq = numbers[n + 2] as number;
      const input = numbers[n + 3] as number;
      if (skip(seq, input)) continue;
      queue.pushKind(numbers[n] as number, numbers[n + 1] as number, seq, numbers[n + 4] as number, references[slot], input);
    }
    this.truncate(from);
  }

  /** Forgets the events from position `to` on (history dropped its newest frames). */
  truncate(to: number): void {
    this.checkKept(to);
    for (let position = to; position < this.last; position++) this.references[position & this.mask] = undefined;
    this.last = to;
  }

  /** Forgets the events before position `to` (history dropped its oldest frames). */
  dropBefore(to: number): void {
    if (to < this.first || to > this.last) throw new RangeError(`popped log: cannot drop to ${to}, it holds ${this.first}–${this.last}`);
    this.first = to;
  }

  /** Forgets every event (history was cleared, or keeps none: after every batch then, so no loop). */
  clear(): void {
    this.first = this.last;
  }

  private checkKept(position: number): void {
    if (position < this.first || position > this.last) throw new RangeError(`popped log: position ${position} is not kept (${this.first}–${this.last})`);
  }

  /**
   * Twice the room, the kept events at their positions' slots in it. A position's slot in the new
   * ring is its old slot, or that plus the old capacity when the position has that bit set: those
   * move up by block copies (a growth runs a few times per engine, so its code stays unoptimised,
   * and a copy event by event took milliseconds).
   */
  private grow(): void {
    const old = this.mask + 1;
    const numbers = new Float64Array(2 * NUMBERS * old);
    numbers.set(this.numbers);
    const references = this.references.concat(new Array<unknown>(REFERENCES * old));
    for (let position = this.first; position < this.last; ) {
      const blockEnd = Math.min(this.last, (Math.floor(position / old) + 1) * old);
      if ((position & old) !== 0) {
        const slot = position & this.mask;
        const count = blockEnd - position;
        numbers.copyWithin(NUMBERS * (slot + old), NUMBERS * slot, NUMBERS * (slot + count));
        references.copyWithin(REFERENCES * (slot + old), REFERENCES * slot, REFERENCES * (slot + count));
      }
      position = blockEnd;
    }
    this.numbers = numbers;
    this.references = references;
    this.mask = 2 * old - 1;
  }
}
