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

/** Compact human number: 1234567 → "1.23 M". */
export function formatRate(value: number): string {
  if (value >= 1e6) return `${(value / 1e6).toFixed(2)} M`;
  if (value >= 1e3) return `${(value / 1e3).toFixed(1)} k`;
  return value.toFixed(value >= 10 ? 0 : 2);
}
