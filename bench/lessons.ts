import { createSimulation } from '../src/host/simulation';
import { builtinLessons } from '../src/lessons';
import type { Lesson } from '../src/lessons/schema';
import { formatRate, percentile, timeCpu } from './measure';
import { timeSeeks } from './seek';
import { fleetLesson, workload } from './tenancy';
import type { BenchResult, BenchSection } from './types';

const SEEK_TARGET_MS = 50;

/**
 * Every built-in lesson run to its end with the app's own engine options (keyframes, step-back
 * history, every auditor), then seeks to random times in it — and the same for a synthetic
 * fleet lesson of 20,000 hosts and 40,000 launches, the heaviest thing a lesson can ask for.
 * Synthetic workloads describe the engine; these rows describe what a class actually runs.
 * CPU time throughout (the machine is shared).
 */
export const lessonsBench: BenchSection = {
  id: 'lessons',
  title: 'Built-in lessons run to the end, and seeks in them',
  run({ quick }) {
    const seeks = quick ? 5 : 20;
    const fleet = quick ? workload(2_000, 4_000) : workload(20_000, 40_000);
    const lessons: Array<{ lesson: Lesson; label: string }> = [
      ...builtinLessons().map((lesson) => ({ lesson, label: lesson.id })),
      { lesson: fleetLesson(fleet), label: `fleet of ${fleet.hosts.toLocaleString('en-US')} hosts, ${fleet.instances.toLocaleString('en-US')} launches (synthetic)` },
    ];
    const results: BenchResult[] = [];
    for (const { lesson, label } of lessons) results.push(...measureLesson(lesson, label, seeks));
    return results;
  },
};

function measureLesson(lesson: Lesson, label: string, seeks: number): BenchResult[] {
  const engine = createSimulation(lesson);
  const run = timeCpu(() => engine.runUntil(Number.MAX_SAFE_INTEGER));
  const events = Math.max(1, engine.eventIndex);
  const perEventUs = (run.cpuMs * 1000) / events;
  const times = timeSeeks(engine, seeks);
  const worst = Math.max(...times.engineMs);
  const worstWall = Math.max(...times.wallMs);
  return [
    {
      name: `${label}: run to the end`,
      value: perEventUs,
      unit: 'µs/event',
      notes: `${events.toLocaleString('en-US')} events in ${run.cpuMs.toFixed(0)} ms CPU (${formatRate(events / Math.max(1e-6, run.cpuMs / 1000))} events/CPU-s; wall ${run.wallMs.toFixed(0)} ms), ${(engine.now / 1e9).toFixed(1)} simulated s`,
    },
    {
      name: `${label}: worst of ${seeks} seeks`,
      value: worst,
      unit: 'ms',
      target: `≤ ${SEEK_TARGET_MS} ms`,
      met: worst <= SEEK_TARGET_MS,
      notes: `CPU time in the engine; median ${percentile(times.engineMs, 0.5).toFixed(1)} ms; wall worst ${worstWall.toFixed(1)} ms; renderer side (patch transfer + mirror apply) median ${percentile(times.rendererMs, 0.5).toFixed(1)} ms, worst ${Math.max(...times.rendererMs).toFixed(1)} ms`,
    },
  ];
}
