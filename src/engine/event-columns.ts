import type { SimEvent } from './types';

/**
 * The engine's event queue: a calendar queue (R. Brown, "Calendar queues", CACM 31(10), 1988)
 * whose events are stored as columns (struct of arrays). Time is cut into buckets of `width`
 * nanoseconds, laid round a "year" of `buckets` lists; an event goes to the list of its bucket,
 * kept sorted by `(at, priority, seq)` like {@link EventQueue}. The next event is the head of the
 * first list, from the current bucket on, whose head falls in that bucket: with the width near a
 * few times the gap between events, a push and a pop each touch one or two lists whatever the
 * queue's size, where a binary heap of 1,000 events takes ten levels of unpredictable compares.
 * On the bench workload's queue it pops and pushes in about a third of the heap's time, in the
 * same order.
 *
 * The number of buckets follows the queue's size and the width follows the gaps between the
 * earliest distinct times (re-estimated when the size doubles or halves, or when the calendar
 * stops fitting: a pop that finds nothing in a whole year, or a push that walks a long list).
 *
 * No object is kept per queued event (each is a node: a row of typed arrays, linked by index),
 * so a keyframe's snapshot is a copy of flat arrays plus one array of payload references, and
 * garbage collection has little to trace. Events are materialised as objects only when popped or
 * listed.
 */
export interface ColumnsSnapshot {
  /** Events queued. */
  readonly size: number;
  /** The node arrays as they were, free nodes included (a copy of flat arrays, no walk of the lists). */
  readonly at: Float64Array;
  readonly priority: Float64Array;
  readonly seq: Float64Array;
  readonly kind: Int32Array;
  /** `inputAfter`, or -1 for events that are not user inputs. */
  readonly input: Float64Array;
  readonly bucketOf: Float64Array;
  readonly next: Int32Array;
  /** Payloads by node; a free node's is `undefined` (nothing popped is kept alive). */
  readonly payload: readonly unknown[];
  readonly freeHead: number;
  /** The calendar: its lists' heads and tails, shape and scan position. */
  readonly head: Int32Array;
  readonly tail: Int32Array;
  readonly buckets: number;
  readonly width: number;
  readonly current: number;
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

/**
 * An event object for `popInto`/`popUntil` to fill again and again, with every field they write
 * and the time already a double: an object that gains `inputAfter` on its first fill, or whose
 * `at` goes from a small integer to a double once times pass 2³⁰ ns, changes hidden class, and
 * each new engine's first pops then threw away the optimised batch loop that had been built for
 * the last engine's object ("wrong map").
 */
export function reusableEvent(): SimEvent {
  return { at: Number.NaN, priority: 0, seq: 0, kind: '', payload: undefined, inputAfter: undefined };
}

const INITIAL_CAPACITY = 64;
/** Fewest buckets in a year (a power of two, as every bucket count is). */
const MIN_BUCKETS = 16;
/** The width of a calendar that has seen no two distinct times yet: 1 µs. */
const DEFAULT_WIDTH = 1000;
/** Distinct earliest times whose gaps set the width, and the gaps a bucket should hold (Brown: 3). */
const WIDTH_SAMPLE = 64;
const GAPS_PER_BUCKET = 3;
/** A push that walks more list nodes than this says the width is too wide for the queue. */
const LONG_WALK = 32;
const NONE = -1;

export class EventColumns {
  private n = 0;
  // Nodes, by index: the event's fields, its bucket number (`floor(at / width)`) and the next node of its list.
  private at = new Float64Array(INITIAL_CAPACITY);
  private priority = new Float64Array(INITIAL_CAPACITY);
  private seqs = new Float64Array(INITIAL_CAPACITY);
  private kind = new Int32Array(INITIAL_CAPACITY);
  private input = new Float64Array(INITIAL_CAPACITY);
  private bucketOf = new Float64Array(INITIAL_CAPACITY);
  private next = new Int32Array(INITIAL_CAPACITY);
  private payload: unknown[] = [];
  /** Freed nodes, linked through `next`; then nodes never used from `nodesUsed` on. */
  private freeHead = NONE;
  private nodesUsed = 0;

  // The calendar: the head and tail node of each bucket's list (NONE when empty).
  private buckets = MIN_BUCKETS;
  private width = DEFAULT_WIDTH;
  private head = new Int32Array(MIN_BUCKETS).fill(NONE);
  private tail = new Int32Array(MIN_BUCKETS).fill(NONE);
  /** No queued event has a bucket number below this one (the scan for the next event starts here). */
  private current = 0;
  /** Pushes and pops since the calendar was last laid out (a new layout costs O(n log n): it waits for n of them). */
  private opsSinceLayout = 0;

  constructor(private readonly kinds: KindTable = new KindTable()) {}

  get size(): number {
    return this.n;
  }

  /** Time of the next event, or +∞ when empty (the hot path peeks without materialising). */
  peekAt(): number {
    return this.n > 0 ? (this.at[this.findNext()] as number) : Number.POSITIVE_INFINITY;
  }

  /** Whether the head runs before an event with this `(at, priority, seq)`. */
  headRunsBefore(at: number, priority: number, seq: number): boolean {
    return this.n > 0 && this.nodeBefore(this.findNext(), at, priority, seq);
  }

  peek(): SimEvent | undefined {
    return this.n > 0 ? this.eventAt(this.findNext()) : undefined;
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
    const node = this.newNode();
    this.at[node] = at;
    this.priority[node] = priority;
    this.seqs[node] = seq;
    this.kind[node] = kind;
    this.input[node] = input;
    this.payload[node] = payload;
    this.n++;
    this.opsSinceLayout++;
    const walked = this.link(node);
    if (this.n > 2 * this.buckets || (walked > LONG_WALK && this.layoutDue())) this.layOut();
  }

  pop(): SimEvent | undefined {
    if (this.n === 0) return undefined;
    const node = this.findNext();
    const top = this.eventAt(node);
    this.removeHead(node);
    return top;
  }

  /**
   * Pops the next event into `out` instead of a new object (the engine's hot path reuses one
   * event object per engine). False when the queue is empty.
   */
  popInto(out: SimEvent): boolean {
    if (this.n === 0) return false;
    const node = this.findNext();
    this.fill(out, node, this.at[node] as number);
    this.removeHead(node);
    return true;
  }

  /**
   * `popInto` for the engine's batches: only an event at or before `until` (false, nothing taken,
   * otherwise), found with one search of the calendar.
   */
  popUntil(out: SimEvent, until: number): boolean {
    if (this.n === 0) return false;
    const node = this.findNext();
    const at = this.at[node] as number;
    if (at > until) return false;
    this.fill(out, node, at);
    this.removeHead(node);
    return true;
  }

  private fill(out: SimEvent, node: number, at: number): void {
    out.at = at;
    out.priority = this.priority[node] as number;
    out.seq = this.seqs[node] as number;
    out.kind = this.kinds.names[this.kind[node] as number] as string;
    out.payload = this.payload[node];
    const input = this.input[node] as number;
    out.inputAfter = input >= 0 ? input : undefined;
  }

  /** Whether an event with this seq is queued (O(n); time travel only). */
  has(seq: number): boolean {
    return this.nodes().some((node) => this.seqs[node] === seq);
  }

  /** Removes every event matching `predicate` (O(n); time travel, not the hot path). */
  removeWhere(predicate: (event: SimEvent) => boolean): SimEvent[] {
    const removed: SimEvent[] = [];
    const kept: SimEvent[] = [];
    for (const node of this.nodes()) {
      const event = this.eventAt(node);
      (predicate(event) ? removed : kept).push(event);
    }
    if (removed.length > 0) {
      this.clear();
      for (const event of kept) this.push(event);
    }
    return removed;
  }

  /** The queued events in run order (new objects; for hashes, dumps and tests). */
  sorted(): SimEvent[] {
    return this.nodes()
      .map((node) => this.eventAt(node))
      .sort((a, b) => a.at - b.at || a.priority - b.priority || a.seq - b.seq);
  }

  /**
   * A copy of the queue as it is: its arrays, sliced to the nodes ever used. A keyframe takes one
   * every so many events; copying flat arrays cost a tenth of walking the lists into event order.
   */
  snapshot(): ColumnsSnapshot {
    const used = this.nodesUsed;
    return {
      size: this.n,
      at: this.at.slice(0, used),
      priority: this.priority.slice(0, used),
      seq: this.seqs.slice(0, used),
      kind: this.kind.slice(0, used),
      input: this.input.slice(0, used),
      bucketOf: this.bucketOf.slice(0, used),
      next: this.next.slice(0, used),
      payload: this.payload.slice(0, used),
      freeHead: this.freeHead,
      head: this.head.slice(),
      tail: this.tail.slice(),
      buckets: this.buckets,
      width: this.width,
      current: this.current,
      kinds: this.kinds,
    };
  }

  /** The queue a snapshot was taken of (its own copy of the arrays). */
  static from(snapshot: ColumnsSnapshot): EventColumns {
    const queue = new EventColumns(snapshot.kinds);
    const used = snapshot.at.length;
    queue.allocateNodes(Math.max(INITIAL_CAPACITY, used));
    queue.at.set(snapshot.at);
    queue.priority.set(snapshot.priority);
    queue.seqs.set(snapshot.seq);
    queue.kind.set(snapshot.kind);
    queue.input.set(snapshot.input);
    queue.bucketOf.set(snapshot.bucketOf);
    queue.next.set(snapshot.next);
    queue.payload = snapshot.payload.slice();
    queue.nodesUsed = used;
    queue.freeHead = snapshot.freeHead;
    queue.n = snapshot.size;
    queue.buckets = snapshot.buckets;
    queue.width = snapshot.width;
    queue.head = snapshot.head.slice();
    queue.tail = snapshot.tail.slice();
    queue.current = snapshot.current;
    return queue;
  }

  // ---------------------------------------------------------------------------------------

  /**
   * The node of the next event: the head of the first list, from bucket number `current` on,
   * whose head is in that bucket (a list also holds later years' events, sorted after). Moves
   * `current` there, so the pop that follows a peek finds it at once. After a whole year with
   * nothing, the calendar does not fit the queue: the earliest head is found directly, and the
   * calendar is laid out again when that is due.
   */
  private findNext(): number {
    const buckets = this.buckets;
    let number = this.current;
    let b = this.bucketIndex(number);
    for (let k = 0; k < buckets; k++) {
      const node = this.head[b] as number;
      if (node !== NONE && this.bucketOf[node] === number) {
        this.current = number;
        return node;
      }
      number++;
      b = b + 1 === buckets ? 0 : b + 1;
    }
    let best = NONE;
    for (let i = 0; i < buckets; i++) {
      const node = this.head[i] as number;
      if (node !== NONE && (best === NONE || this.nodeBefore(node, this.at[best] as number, this.priority[best] as number, this.seqs[best] as number))) best = node;
    }
    this.current = this.bucketOf[best] as number;
    if (this.layoutDue()) {
      this.layOut();
      return this.findNext();
    }
    return best;
  }

  /** Unlinks `node`, the head of its list (found by `findNext`), and frees it. */
  private removeHead(node: number): void {
    const b = this.bucketIndex(this.bucketOf[node] as number);
    const after = this.next[node] as number;
    this.head[b] = after;
    if (after === NONE) this.tail[b] = NONE;
    this.payload[node] = undefined;
    this.next[node] = this.freeHead;
    this.freeHead = node;
    this.n--;
    this.opsSinceLayout++;
    if (this.buckets > MIN_BUCKETS && 2 * this.n < this.buckets && this.layoutDue()) this.layOut();
  }

  /** Puts `node` in its bucket's list, in order; returns how many nodes the insertion walked past. */
  private link(node: number): number {
    const at = this.at[node] as number;
    const priority = this.priority[node] as number;
    const seq = this.seqs[node] as number;
    // Clamped, so a time of +∞ (or past 2^53 buckets) still has a bucket: the direct search finds it.
    const number = Math.min(Math.floor(at / this.width), Number.MAX_SAFE_INTEGER);
    this.bucketOf[node] = number;
    if (number < this.current) this.current = number;
    const b = this.bucketIndex(number);
    const last = this.tail[b] as number;
    // Most events go last in their list (later than all there, or a burst at one time in seq order).
    if (last === NONE || this.nodeBefore(last, at, priority, seq)) {
      this.next[node] = NONE;
      if (last === NONE) this.head[b] = node;
      else this.next[last] = node;
      this.tail[b] = node;
      return 0;
    }
    let before = NONE;
    let walk = this.head[b] as number;
    let walked = 0;
    while (walk !== NONE && this.nodeBefore(walk, at, priority, seq)) {
      before = walk;
      walk = this.next[walk] as number;
      walked++;
    }
    this.next[node] = walk;
    if (before === NONE) this.head[b] = node;
    else this.next[before] = node;
    return walked;
  }

  /**
   * The list of a bucket number. Bucket counts are powers of two (at most 2^31), so the low bits
   * of the number modulo 2^32 (`>>> 0`, exact for integers below 2^53, negative ones included)
   * are its list: `%` on a double was a tenth of a batched event's time.
   */
  private bucketIndex(number: number): number {
    return (number >>> 0) & (this.buckets - 1);
  }

  /** Whether the event of `node` runs before `(at, priority, seq)`. */
  private nodeBefore(node: number, at: number, priority: number, seq: number): boolean {
    const a = this.at[node] as number;
    if (a !== at) return a < at;
    const p = this.priority[node] as number;
    if (p !== priority) return p < priority;
    return (this.seqs[node] as number) < seq;
  }

  /** Whether enough pushes and pops have passed to pay for a new layout. */
  private layoutDue(): boolean {
    return this.opsSinceLayout >= this.n;
  }

  /**
   * Lays the calendar out again for the queue as it is: a power of two of buckets near half the
   * queue's size, and a width of a few gaps between the earliest distinct times.
   */
  private layOut(): void {
    const nodes = this.nodes();
    let buckets = MIN_BUCKETS;
    while (buckets < nodes.length / 2) buckets *= 2;
    this.setCalendar(buckets, estimateWidth(nodes.map((node) => this.at[node] as number), this.width));
    this.current = Number.POSITIVE_INFINITY;
    for (const node of nodes) this.link(node);
    if (nodes.length === 0) this.current = 0;
  }

  private setCalendar(buckets: number, width: number): void {
    this.buckets = buckets;
    this.width = width;
    this.head = new Int32Array(buckets).fill(NONE);
    this.tail = new Int32Array(buckets).fill(NONE);
    this.opsSinceLayout = 0;
  }

  /** Every queued node, list by list, each list in order. */
  private nodes(): number[] {
    const out: number[] = [];
    for (let b = 0; b < this.buckets; b++) {
      for (let node = this.head[b] as number; node !== NONE; node = this.next[node] as number) out.push(node);
    }
    return out;
  }

  private clear(): void {
    this.n = 0;
    this.freeHead = NONE;
    this.nodesUsed = 0;
    this.payload.length = 0;
    this.head.fill(NONE);
    this.tail.fill(NONE);
    this.current = 0;
  }

  private newNode(): number {
    if (this.freeHead !== NONE) {
      const node = this.freeHead;
      this.freeHead = this.next[node] as number;
      return node;
    }
    if (this.nodesUsed === this.at.length) this.growNodes();
    return this.nodesUsed++;
  }

  private eventAt(node: number): SimEvent {
    const input = this.input[node] as number;
    const event: SimEvent = {
      at: this.at[node] as number,
      priority: this.priority[node] as number,
      seq: this.seqs[node] as number,
      kind: this.kinds.names[this.kind[node] as number] as string,
      payload: this.payload[node],
    };
    if (input >= 0) event.inputAfter = input;
    return event;
  }

  private growNodes(): void {
    const { at, priority, seqs, kind, input, bucketOf, next } = this;
    this.allocateNodes(at.length * 2);
    this.at.set(at);
    this.priority.set(priority);
    this.seqs.set(seqs);
    this.kind.set(kind);
    this.input.set(input);
    this.bucketOf.set(bucketOf);
    this.next.set(next);
  }

  private allocateNodes(capacity: number): void {
    this.at = new Float64Array(capacity);
    this.priority = new Float64Array(capacity);
    this.seqs = new Float64Array(capacity);
    this.kind = new Int32Array(capacity);
    this.input = new Float64Array(capacity);
    this.bucketOf = new Float64Array(capacity);
    this.next = new Int32Array(capacity);
  }
}

/**
 * A bucket width for these times: {@link GAPS_PER_BUCKET} times the mean gap between the
 * earliest {@link WIDTH_SAMPLE} distinct times (the front of the queue is what the calendar
 * serves next; distinct, so a burst of events at one time does not make the width zero; finite).
 * `fallback` when there are fewer than two distinct finite times.
 */
export function estimateWidth(times: readonly number[], fallback: number): number {
  const sorted = Float64Array.from(times).sort();
  let distinct = 0;
  let first = 0;
  let last = 0;
  for (let i = 0; i < sorted.length && distinct < WIDTH_SAMPLE; i++) {
    const t = sorted[i] as number;
    // An event at +∞ ("never") says nothing about the gaps (sorted last, so the sample ends).
    if (!Number.isFinite(t)) break;
    if (distinct === 0) first = t;
    else if (t === last) continue;
    last = t;
    distinct++;
  }
  if (distinct < 2) return fallback;
  return Math.max(1, (GAPS_PER_BUCKET * (last - first)) / (distinct - 1));
}
