import type { SimEvent } from './types';

/**
 * A binary min-heap of events stored as columns (struct of arrays): time, priority, seq, kind id,
 * input index and payload each live in their own array, ordered by `(at, priority, seq)` like
 * {@link EventQueue}. No object is kept per queued event, so a keyframe's snapshot is a copy of
 * flat typed arrays plus one array of payload references, and garbage collection has little to
 * trace. Events are materialised as objects only when popped or listed.
 */
export interface ColumnsSnapshot {
  readonly size: number;
  readonly at: Float64Array;
  readonly priority: Float64Array;
  readonly seq: Float64Array;
  readonly kind: Int32Array;
  /** `inputAfter`, or -1 for events that are not user inputs. */
  readonly input: Float64Array;
  readonly payload: readonly unknown[];
  readonly kinds: KindTable;
}

/** Kind names ↔ small ids; append-only, so snapshots share it with the live queue. */
export class KindTable {
  readonly names: string[] = [];
  private readonly ids = new Map<string, number>();

  id(kind: string): number {
    let id = this.ids.get(kind);
    if (id === undefined) {
      id = this.names.length;
      this.names.push(kind);
      this.ids.set(kind, id);
    }
    return id;
  }
}

const INITIAL_CAPACITY = 64;

export class EventColumns {
  private n = 0;
  private at = new Float64Array(INITIAL_CAPACITY);
  private priority = new Float64Array(INITIAL_CAPACITY);
  private seqs = new Float64Array(INITIAL_CAPACITY);
  private kind = new Int32Array(INITIAL_CAPACITY);
  private input = new Float64Array(INITIAL_CAPACITY);
  private payload: unknown[] = [];

  constructor(private readonly kinds: KindTable = new KindTable()) {}

  get size(): number {
    return this.n;
  }

  /** Time of the next event, or +∞ when empty (the hot path peeks without materialising). */
  peekAt(): number {
    return this.n > 0 ? (this.at[0] as number) : Number.POSITIVE_INFINITY;
  }

  /** Whether the head runs before an event with this `(at, priority, seq)`. */
  headRunsBefore(at: number, priority: number, seq: number): boolean {
    if (this.n === 0) return false;
    const a = this.at[0] as number;
    if (a !== at) return a < at;
    const p = this.priority[0] as number;
    if (p !== priority) return p < priority;
    return (this.seqs[0] as number) < seq;
  }

  peek(): SimEvent | undefined {
    return this.n > 0 ? this.eventAt(0) : undefined;
  }

  /** The id of a kind name in this queue's kind table (added if new). */
  kindId(kind: string): number {
    return this.kinds.id(kind);
  }

  push(event: SimEvent): void {
    this.pushFields(event.at, event.priority, event.seq, event.kind, event.payload, event.inputAfter ?? -1);
  }

  /** `push` without an event object (the hot path: `ctx.schedule`). `input` is -1 for non-inputs. */
  pushFields(at: number, priority: number, seq: number, kindName: string, payload: unknown, input = -1): void {
    this.pushKind(at, priority, seq, this.kinds.id(kindName), payload, input);
  }

  /** `pushFields` with the kind's id in this queue's {@link KindTable} (`kindId`), looked up once by the caller. */
  pushKind(at: number, priority: number, seq: number, kind: number, payload: unknown, input = -1): void {
    if (this.n === this.at.length) this.grow();
    let i = this.n++;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!this.before(at, priority, seq, parent)) break;
      this.move(parent, i);
      i = parent;
    }
    this.set(i, at, priority, seq, kind, input, payload);
  }

  pop(): SimEvent | undefined {
    if (this.n === 0) return undefined;
    const top = this.eventAt(0);
    this.removeHead();
    return top;
  }

  /**
   * Pops the head into `out` instead of a new object (the engine's hot path reuses one event
   * object per engine). False when the queue is empty.
   */
  popInto(out: SimEvent): boolean {
    if (this.n === 0) return false;
    out.at = this.at[0] as number;
    out.priority = this.priority[0] as number;
    out.seq = this.seqs[0] as number;
    out.kind = this.kinds.names[this.kind[0] as number] as string;
    out.payload = this.payload[0];
    const input = this.input[0] as number;
    out.inputAfter = input >= 0 ? input : undefined;
    this.removeHead();
    return true;
  }

  private removeHead(): void {
    const last = --this.n;
    if (last > 0) {
      const at = this.at[last] as number;
      const priority = this.priority[last] as number;
      const seq = this.seqs[last] as number;
      const kind = this.kind[last] as number;
      const input = this.input[last] as number;
      const payload = this.payload[last];
      let i = 0;
      for (;;) {
        const left = 2 * i + 1;
        if (left >= last) break;
        const right = left + 1;
        const child = right < last && this.runsBeforeSlot(right, left) ? right : left;
        if (!this.slotBefore(child, at, priority, seq)) break;
        this.move(child, i);
        i = child;
      }
      this.set(i, at, priority, seq, kind, input, payload);
    }
    this.payload[last] = undefined;
  }

  /** Whether an event with this seq is queued (O(n); time travel only). */
  has(seq: number): boolean {
    for (let i = 0; i < this.n; i++) if (this.seqs[i] === seq) return true;
    return false;
  }

  /** Removes every event matching `predicate` (O(n); time travel, not the hot path). */
  removeWhere(predicate: (event: SimEvent) => boolean): SimEvent[] {
    const removed: SimEvent[] = [];
    const kept: SimEvent[] = [];
    for (let i = 0; i < this.n; i++) {
      const event = this.eventAt(i);
      (predicate(event) ? removed : kept).push(event);
    }
    if (removed.length > 0) {
      this.n = 0;
      this.payload.length = 0;
      for (const event of kept) this.push(event);
    }
    return removed;
  }

  /** The queued events in run order (new objects; for hashes, dumps and tests). */
  sorted(): SimEvent[] {
    const all: SimEvent[] = [];
    for (let i = 0; i < this.n; i++) all.push(this.eventAt(i));
    return all.sort((a, b) => a.at - b.at || a.priority - b.priority || a.seq - b.seq);
  }

  /** A copy of the columns; {@link EventColumns.from} restores it without re-heapifying. */
  snapshot(): ColumnsSnapshot {
    const n = this.n;
    return {
      size: n,
      at: this.at.slice(0, n),
      priority: this.priority.slice(0, n),
      seq: this.seqs.slice(0, n),
      kind: this.kind.slice(0, n),
      input: this.input.slice(0, n),
      payload: this.payload.slice(0, n),
      kinds: this.kinds,
    };
  }

  static from(snapshot: ColumnsSnapshot): EventColumns {
    const queue = new EventColumns(snapshot.kinds);
    const capacity = Math.max(INITIAL_CAPACITY, snapshot.size);
    queue.at = copyInto(new Float64Array(capacity), snapshot.at);
    queue.priority = copyInto(new Float64Array(capacity), snapshot.priority);
    queue.seqs = copyInto(new Float64Array(capacity), snapshot.seq);
    queue.kind = copyInto(new Int32Array(capacity), snapshot.kind);
    queue.input = copyInto(new Float64Array(capacity), snapshot.input);
    queue.payload = snapshot.payload.slice();
    queue.n = snapshot.size;
    return queue;
  }

  // ---------------------------------------------------------------------------------------

  private eventAt(i: number): SimEvent {
    const input = this.input[i] as number;
    const event: SimEvent = {
      at: this.at[i] as number,
      priority: this.priority[i] as number,
      seq: this.seqs[i] as number,
      kind: this.kinds.names[this.kind[i] as number] as string,
      payload: this.payload[i],
    };
    if (input >= 0) event.inputAfter = input;
    return event;
  }

  /** Whether `(at, priority, seq)` runs before the event in slot `j`. */
  private before(at: number, priority: number, seq: number, j: number): boolean {
    const a = this.at[j] as number;
    if (at !== a) return at < a;
    const p = this.priority[j] as number;
    if (priority !== p) return priority < p;
    return seq < (this.seqs[j] as number);
  }

  /** Whether the event in slot `j` runs before `(at, priority, seq)`. */
  private slotBefore(j: number, at: number, priority: number, seq: number): boolean {
    const a = this.at[j] as number;
    if (a !== at) return a < at;
    const p = this.priority[j] as number;
    if (p !== priority) return p < priority;
    return (this.seqs[j] as number) < seq;
  }

  private runsBeforeSlot(i: number, j: number): boolean {
    return this.slotBefore(i, this.at[j] as number, this.priority[j] as number, this.seqs[j] as number);
  }

  private move(from: number, to: number): void {
    this.at[to] = this.at[from] as number;
    this.priority[to] = this.priority[from] as number;
    this.seqs[to] = this.seqs[from] as number;
    this.kind[to] = this.kind[from] as number;
    this.input[to] = this.input[from] as number;
    this.payload[to] = this.payload[from];
  }

  private set(i: number, at: number, priority: number, seq: number, kind: number, input: number, payload: unknown): void {
    this.at[i] = at;
    this.priority[i] = priority;
    this.seqs[i] = seq;
    this.kind[i] = kind;
    this.input[i] = input;
    this.payload[i] = payload;
  }

  private grow(): void {
    const capacity = this.at.length * 2;
    this.at = copyInto(new Float64Array(capacity), this.at);
    this.priority = copyInto(new Float64Array(capacity), this.priority);
    this.seqs = copyInto(new Float64Array(capacity), this.seqs);
    this.kind = copyInto(new Int32Array(capacity), this.kind);
    this.input = copyInto(new Float64Array(capacity), this.input);
  }
}

function copyInto<T extends Float64Array<ArrayBuffer> | Int32Array<ArrayBuffer>>(target: T, source: ArrayLike<number>): T {
  target.set(source);
  return target;
}
