import { builtinLessons } from '../src/lessons';
import { runChild } from './child';
import { FLEET, labelFor, SEEK_TARGET_MS } from './lesson-point';
import type { BenchResult, BenchSection } from './types';

/** Per process; the built-in lessons take about 10 s, the fleet about 15 s. */
const POINT_TIMEOUT_MS = 5 * 60_000;

/**
 * Every built-in lesson run to its end with the app's own engine options (keyframes, step-back
 * history, every auditor), then seeks to random times in it — and the same for a synthetic
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
    // fleet in one of its own, with the heap a class that opens it would have.
    const groups = [builtinLessons().map((lesson) => lesson.id), [FLEET]];
    return groups.flatMap((ids): BenchResult[] => {
      const ran = runChild(script, [ids.join(','), String(seeks), quick ? 'quick' : 'full'], POINT_TIMEOUT_MS);
      if (ran.ok) return JSON.parse(ran.line) as BenchResult[];
      return ids.map((id) => ({ name: `${labelFor(id, quick)}: worst of ${seeks} seeks`, value: Number.NaN, unit: 'ms', target: `≤ ${SEEK_TARGET_MS} ms`, met: false, notes: `the measuring process failed: ${ran.error}` }));
    });
  },
};
