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
  /** Index at which `due` last read the clock. */
  private clockIndex = 0;

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
    this.countAt = every;
  }

  /**
   * Whether a keyframe is due at `index` (the first one, at index 0, always is). One due by count
   * but too soon by time is put off by another `every` events, so batches stay long meanwhile.
   */
  due(index: number): boolean {
    if (!this.enabled) return false;
    if (index === 0 || this.overBudgetAt(index)) return true;
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
  }

  /** How many events the next batch may run before a keyframe is due by count (≥ 1). */
  eventsLeft(index: number): number {
    return Math.max(1, this.countAt - index);
  }

  /**
   * `overBudget` read at most once per {@link CLOCK_STRIDE} events: the engine asks before every
   * batch, and a clock read (~75 ns) was a twentieth of a one-event frame. The batch loop reads it
   * every eighth event too, so the budget is checked as often in events whatever the batch size.
   */
  private overBudgetAt(index: number): boolean {
    if (index - this.clockIndex < CLOCK_STRIDE && index >= this.clockIndex) return false;
    this.clockIndex = index;
    return this.overBudget();
  }

  /** Whether the time budget since the last keyframe is spent (checked between events). */
  overBudget(): boolean {
    return this.enabled && this.budgetMs !== Number.POSITIVE_INFINITY && this.clock() - this.anchorAt >= this.budgetMs;
  }
}

/** Events between two readings of the clock (the batch loop reads it every eighth event as well). */
export const CLOCK_STRIDE = 8;

/** The clock keyframe spacing reads: `performance.now()` exists in browsers, workers and Node. */
export function monotonicMs(): number {
  return performance.now();
}
