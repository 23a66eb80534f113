/**
 * When the engine takes its next keyframe: after `every` events or after `budgetMs` of running
 * events since the last one, whichever comes first. Spacing by events alone made seeks in heavy
 * lessons slow (a 20,000-host fleet replayed 1,000 events of ~150 µs: 150–250 ms); spacing by
 * time as well bounds the replay of any seek by about `budgetMs`, whatever an event costs.
 * A keyframe due by count also waits for `minMs` of running since the last one: where events cost
 * a microsecond or less, a keyframe every 1,000 events copied the queue every millisecond or less,
 * more often than any seek needs, and those copies were the largest part of time travel's cost.
 * Keyframes only make seeks faster: where they fall never changes a state, so a clock may decide.
 */
export class KeyframePolicy {
  /** Clock reading at the last keyframe taken (or due but already held). */
  private anchorAt: number;
  /** The index from which a keyframe is due by count (moved on when one is too soon by time). */
  private countAt: number;
  /** Index and clock of the last reading of the clock, and the index from which the next is due. */
  private clockIndex = 0;
  private clockAt: number;
  private readAt = 0;
  /** Events between two readings of the clock (see {@link spentAt}). */
  private stride = MIN_CLOCK_STRIDE;
  /** The last reading found the budget spent: it stays spent until the next keyframe (`anchor`). */
  private spent = false;

  constructor(
    /** Most events between keyframes; `Infinity` with `enabled` false means none at all. */
    readonly every: number,
    readonly budgetMs: number,
    private readonly clock: () => number,
    /** False for one-way runs (`isolab run`): no keyframes, so no seeking back. */
    readonly enabled: boolean,
    /** Least running time (ms) between keyframes due by count (0: none). */
    readonly minMs = 0,
  ) {
    this.anchorAt = clock();
    this.clockAt = this.anchorAt;
    this.countAt = every;
  }

  /**
   * Whether a keyframe is due at `index` (the first one, at index 0, always is). One due by count
   * but too soon by time is put off by another `every` events, so batches stay long meanwhile.
   */
  due(index: number): boolean {
    if (!this.enabled) return false;
    if (index === 0 || this.spentAt(index)) return true;
    if (index < this.countAt) return false;
    if (this.minMs <= 0 || this.clock() - this.anchorAt >= this.minMs) return true;
    this.countAt = index + this.every;
    return false;
  }

  /** Marks `index` as the place of the last keyframe, taken now or already held. */
  anchor(index: number): void {
    this.countAt = index + this.every;
    this.anchorAt = this.clock();
    this.clockIndex = index;
    this.clockAt = this.anchorAt;
    this.readAt = index + this.stride;
    this.spent = false;
  }

  /** How many events the next batch may run before a keyframe is due by count (≥ 1). */
  eventsLeft(index: number): number {
    return Math.max(1, this.countAt - index);
  }

  /**
   * Whether the time budget since the last keyframe is spent at event `index` (asked before every
   * batch and between events). The clock is read once per stride of events, and at once after a
   * move back: a reading costs about 70 ns, and at a reading every eighth event the bench
   * workload's batched frames spent 6 % of their time on the clock. So the stride follows the
   * events' cost: it may double at each reading (up to {@link MAX_CLOCK_STRIDE}) while a stride
   * of events is predicted to take under 1/{@link STRIDE_SHARE} of the budget, and it falls back
   * as soon as they cost more (never below {@link MIN_CLOCK_STRIDE}, the fixed stride it was).
   * The budget is overrun by at most one stride of events: where events cost ~150 µs (a
   * 20,000-host fleet), a stride stays at its least.
   */
  spentAt(index: number): boolean {
    if (this.spent) return true;
    if (index < this.readAt && index >= this.clockIndex) return false;
    if (!this.timed()) return false;
    const now = this.clock();
    this.adaptStride(index - this.clockIndex, now - this.clockAt);
    this.clockIndex = index;
    this.clockAt = now;
    this.readAt = index + this.stride;
    this.spent = now - this.anchorAt >= this.budgetMs;
    return this.spent;
  }

  /** Events between readings of the clock now (for tests and notes). */
  get clockStride(): number {
    return this.stride;
  }

  /** Whether keyframes are spaced by time at all (one-way runs and an infinite budget never read the clock). */
  private timed(): boolean {
    return this.enabled && this.budgetMs !== Number.POSITIVE_INFINITY;
  }

  /**
   * The next stride from the last one's `events` and `ms`: the most events predicted to take
   * 1/{@link STRIDE_SHARE} of the budget, at most twice the stride before; the least after a move
   * back (no events to judge by). A clock too coarse to see a stride (browsers round to 0.1 ms)
   * reads 0 ms, an infinite fit, which lets the stride grow: at most {@link MAX_CLOCK_STRIDE}
   * events go unseen.
   */
  private adaptStride(events: number, ms: number): void {
    if (events <= 0) {
      this.stride = MIN_CLOCK_STRIDE;
      return;
    }
    const fits = Math.floor((this.budgetMs / STRIDE_SHARE) * (events / ms));
    this.stride = Math.max(MIN_CLOCK_STRIDE, Math.min(fits, 2 * this.stride, MAX_CLOCK_STRIDE));
  }
}

/** The fewest and most events between two readings of the clock. */
export const MIN_CLOCK_STRIDE = 8;
export const MAX_CLOCK_STRIDE = 64;
/** A stride of events should take at most this fraction of the time budget (1/32 of the app's 3 ms: about 0.1 ms). */
const STRIDE_SHARE = 32;

/** The clock keyframe spacing reads: `performance.now()` exists in browsers, workers and Node. */
export function monotonicMs(): number {
  return performance.now();
}
