import { builtinLessons } from '../src/lessons';
import { runChild } from './child';
import { FLEET, labelFor, SEEK_TARGET_MS } from './lesson-point';
import type { BenchResult, BenchSection } from './types';

/** Per process; the built-in lessons take about 10 s, the fleet about 15 s. */
const POINT_TIMEOUT_MS = 5 * 60_000;

/**
 * Fresh processes the synthetic fleet is measured in. Its worst seek is decided by whether a full
 * garbage collection of its ~90 MiB heap falls in one of the seeks: in 28 processes of the same
 * commit it was 29–184 ms, at or under 50 in 13, so one process's verdict was a coin toss
 * (`bench/notes/lessons.md`), and three all at or under 50 came up about one run in eight. The row's
 * value is the worst over all five: a "met" then says the seeks stay under the target.
 */
export const FLEET_PROCESSES = 5;

/**
 * Every built-in lesson run to its end with the app's own engine options (keyframes, every
 * auditor), then seeks to random times in it — and the same for a synthetic
 * fleet lesson of 20,000 hosts and 40,000 launches, the heaviest thing a lesson can ask for.
 * Synthetic workloads describe the engine; these rows describe what a class actually runs.
 * CPU time throughout (the machine is shared). The lessons run in processes of their own
 * (bench/lesson-point.ts), not in the bench's, whose earlier sections left it a heap of their own.
 */
export const lessonsBench: BenchSection = {
  id: 'lessons',
  title: 'Built-in lessons run to the end, and seeks in them',
  run({ quick }) {
    const seeks = quick ? 5 : 20;
    const script = new URL('./lesson-point.ts', import.meta.url);
    // The built-in lessons in one process, as a class opens them one after another; the synthetic
    // fleet in processes of its own, with the heap a class that opens it would have.
    const measure = (ids: readonly string[]): BenchResult[] => {
      const ran = runChild(script, [ids.join(','), String(seeks), quick ? 'quick' : 'full'], POINT_TIMEOUT_MS);
      if (ran.ok) return JSON.parse(ran.line) as BenchResult[];
      return ids.map((id) => ({ name: `${labelFor(id, quick)}: worst of ${seeks} seeks`, value: Number.NaN, unit: 'ms', target: `≤ ${SEEK_TARGET_MS} ms`, met: false, notes: `the measuring process failed: ${ran.error}` }));
    };
    const fleet = Array.from({ length: FLEET_PROCESSES }, () => measure([FLEET]));
    return [...measure(builtinLessons().map((lesson) => lesson.id)), ...acrossProcesses(fleet, labelFor(FLEET, quick), seeks)];
  },
};

/**
 * One lesson's rows from several processes ({@link FLEET_PROCESSES}), each `[run to the end, worst
 * of the seeks]`: the run's median, and the worst seek of them all against the target. A process
 * that failed gives its failure row, which is not met.
 */
export function acrossProcesses(runs: readonly BenchResult[][], label: string, seeks: number): BenchResult[] {
  const pairs: Array<{ run: BenchResult; seek: BenchResult }> = [];
  for (const rows of runs) {
    const [run, seek] = rows;
    if (rows.length !== 2 || !run || !seek) return [...rows];
    pairs.push({ run, seek });
  }
  const list = (values: readonly number[]): string => values.map((v) => v.toFixed(1)).join(', ');
  const byRun = [...pairs].sort((a, b) => a.run.value - b.run.value);
  const typical = byRun[Math.ceil(byRun.length / 2) - 1]?.run;
  const worst = pairs.map((p) => p.seek).reduce<BenchResult | undefined>((a, b) => (a === undefined || b.value > a.value || Number.isNaN(b.value) ? b : a), undefined);
  if (!typical || !worst) return [];
  return [
    { ...typical, notes: `median of ${runs.length} processes (${list(pairs.map((p) => p.run.value))} µs/event); that process: ${typical.notes ?? ''}` },
    {
      ...worst,
      name: `${label}: worst of ${runs.length} × ${seeks} seeks`,
      met: worst.value <= SEEK_TARGET_MS,
      notes: `the worst seek of ${runs.length} fresh processes (${list(pairs.map((p) => p.seek.value))} ms CPU); that process: ${worst.notes ?? ''}`,
    },
  ];
}
