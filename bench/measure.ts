/**
 * Rates measured in CPU time of this process (user + system), not wall time: the benchmark
 * machine is shared, and CPU time is what stays comparable when other work competes for the
 * cores. Each measurement keeps the best of `repeat` runs after one warm-up.
 */
export interface Rate {
  /** Events per CPU-second (best run). */
  perCpuSecond: number;
  /** Events per wall-clock second of the same run, for context. */
  perWallSecond: number;
  events: number;
}

export function measureRate(run: () => number, repeat: number, warmUp: () => void): Rate {
  warmUp();
  let best: Rate | null = null;
  for (let i = 0; i < Math.max(1, repeat); i++) {
    const cpu0 = process.cpuUsage();
    const wall0 = performance.now();
    const events = run();
    const wall = (performance.now() - wall0) / 1000;
    const used = process.cpuUsage(cpu0);
    const cpu = Math.max(1e-6, (used.user + used.system) / 1e6);
    const rate: Rate = { perCpuSecond: events / cpu, perWallSecond: events / Math.max(1e-6, wall), events };
    if (!best || rate.perCpuSecond > best.perCpuSecond) best = rate;
  }
  return best as Rate;
}

/**
 * One timed run of `run` on what `prepare` built outside the timed part (a simulation's set-up is
 * not the work the rate describes). Callers repeat it, interleaved with what they compare it to.
 */
export function measurePreparedRate<T>(prepare: () => T, run: (prepared: T) => number): Rate {
  const prepared = prepare();
  return measureRate(() => run(prepared), 1, () => undefined);
}

/** Compact human number: 1234567 → "1.23 M". */
export function formatRate(value: number): string {
  if (value >= 1e6) return `${(value / 1e6).toFixed(2)} M`;
  if (value >= 1e3) return `${(value / 1e3).toFixed(1)} k`;
  return value.toFixed(value >= 10 ? 0 : 2);
}

/** CPU time (user + system of this process) and wall time of one call, in milliseconds. */
export interface Timed<T> {
  cpuMs: number;
  wallMs: number;
  value: T;
}

export function timeCpu<T>(action: () => T): Timed<T> {
  const cpu0 = process.cpuUsage();
  const wall0 = performance.now();
  const value = action();
  const wallMs = performance.now() - wall0;
  const used = process.cpuUsage(cpu0);
  return { cpuMs: (used.user + used.system) / 1000, wallMs, value };
}

/** The p-quantile (0..1) of a list, nearest-rank. */
export function percentile(values: readonly number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1))] ?? Number.NaN;
}

/** A small seeded generator so every run makes the same choices. */
export function lcg(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

/**
 * A ratio that beats the noise of a shared machine: both variants run in interleaved pairs
 * (same JIT state and load), the ratio is taken per pair, and the median of the pairs is kept
 * with its spread. One slow pair (a GC pause, another process) then moves the spread, not the verdict.
 */
export interface PairedRatio {
  median: number;
  low: number;
  high: number;
  pairs: number;
}

export function pairedRatio(ratios: readonly number[]): PairedRatio {
  return { median: percentile(ratios, 0.5), low: Math.min(...ratios), high: Math.max(...ratios), pairs: ratios.length };
}
