/**
 * When the engine takes its next keyframe: after `every` events or after `budgetMs` of running
 * events since the last one, whichever comes first. Spacing by events alone made seeks in heavy
 * lessons slow (a 20,000-host fleet replayed 1,000 events of ~150 µs: 150–250 ms); spacing by
 * time as well bounds the replay of any seek by about `budgetMs`, whatever an event costs.
 * Keyframes only make seeks faster: where they fall never changes a state, so a clock may decide.
 */
export class KeyframePolicy {
  /** Index and clock reading of the last keyframe taken (or due but already held). */
  private anchorIndex = 0;
  private anchorAt: number;

  constructor(
    /** Most events between keyframes; `Infinity` with `enabled` false means none at all. */
    readonly every: number,
    readonly budgetMs: number,
    private readonly clock: () => number,
    /** False for one-way runs (`isolab run`): no keyframes, so no seeking back. */
    readonly enabled: boolean,
  ) {
    this.anchorAt = clock();
  }

  /** Whether a keyframe is due at `index` (the first one, at index 0, always is). */
  due(index: number): boolean {
    if (!this.enabled) return false;
    return index === 0 || index - this.anchorIndex >= this.every || this.overBudget();
  }

  /** Marks `index` as the place of the last keyframe, taken now or already held. */
  anchor(index: number): void {
    this.anchorIndex = index;
    this.anchorAt = this.clock();
  }

  /** How many events the next batch may run before a keyframe is due by count (≥ 1). */
  eventsLeft(index: number): number {
    return Math.max(1, this.anchorIndex + this.every - index);
  }

  /** Whether the time budget since the last keyframe is spent (checked between events). */
  overBudget(): boolean {
    return this.enabled && this.budgetMs !== Number.POSITIVE_INFINITY && this.clock() - this.anchorAt >= this.budgetMs;
  }
}

/** The clock keyframe spacing reads: `performance.now()` exists in browsers, workers and Node. */
export function monotonicMs(): number {
  return performance.now();
}
