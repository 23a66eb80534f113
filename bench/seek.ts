import type { Nanos } from '../src/engine';
import { createSimulation } from '../src/host/simulation';
import { findLesson, validateLesson } from '../src/lessons';
import type { Lesson } from '../src/lessons/schema';
import type { BenchResult, BenchSection } from './types';

const TARGET_MS = 50;
const HOUR_MS = 3_600_000;

/**
 * Seek latency in a one-hour lesson (issue 7: "seeking anywhere in a one-hour lesson lands in at
 * most 50 ms"). The lesson is the hello-host world plus a steady stream of scripted guest system
 * calls (one every `periodMs` for an hour, each a few events). It is run to the end once, then
 * seeks go to random times, backwards and forwards, using the engine's keyframes + replay. The
 * baseline is what a seek would cost without keyframes: a straight run from time zero to the
 * same point on a fresh engine. Times are CPU time of this process (see `timed`).
 */
export const seekBench: BenchSection = {
  id: 'seek',
  title: 'Seek in a one-hour lesson',
  run({ quick }) {
    const periodMs = quick ? 1000 : 100;
    const seeks = quick ? 20 : 100;
    const lesson = oneHourLesson(periodMs);

    const engine = createSimulation(lesson);
    const runStart = performance.now();
    engine.runUntil(Number.MAX_SAFE_INTEGER);
    const fullRunMs = performance.now() - runStart;
    const events = engine.eventIndex;
    const end = engine.now;

    const random = lcg(7);
    const targets = Array.from({ length: seeks }, () => Math.floor(random() * end));
    const wallMs: number[] = [];
    const seekMs = targets.map((t) => timed(() => engine.seekTime(t), wallMs));
    // The determinism the seek must keep: landing at t equals a straight run to t.
    const check = targets[targets.length - 1] as Nanos;
    const straight = createSimulation(lesson);
    straight.runUntil(check);
    if (straight.hash() !== engine.hash()) throw new Error(`seek to ${check} ns did not land on the straight-run state`);

    const baselineTargets = targets.slice(0, quick ? 3 : 8);
    const baselineMs = baselineTargets.map((t) => timed(() => createSimulation(lesson).runUntil(t)));
    const max = Math.max(...seekMs);
    const median = percentile(seekMs, 0.5);
    const baselineMedian = percentile(baselineMs, 0.5);
    const notes = `${events.toLocaleString('en-US')} events over ${(end / 3.6e12).toFixed(2)} h; full run ${fullRunMs.toFixed(0)} ms; ${seeks} seeks, p90 ${percentile(seekMs, 0.9).toFixed(1)} ms; CPU time (wall: median ${percentile(wallMs, 0.5).toFixed(1)} ms, max ${Math.max(...wallMs).toFixed(1)} ms)`;
    return [
      {
        name: 'worst seek to a random time (keyframes + replay)',
        value: max,
        unit: 'ms',
        target: `≤ ${TARGET_MS} ms`,
        met: max <= TARGET_MS,
        notes,
      },
      {
        name: 'median seek vs straight run from zero',
        value: median,
        unit: 'ms',
        baseline: { name: 'straight run from time zero to the same point (median)', value: baselineMedian },
        ratio: baselineMedian / Math.max(1e-6, median),
        target: `≤ ${TARGET_MS} ms`,
        met: median <= TARGET_MS,
        notes: 'ratio = how many times faster than re-running from the start',
      },
    ] satisfies BenchResult[];
  },
};

/** The hello-host world with one scripted system call every `periodMs` for an hour. */
export function oneHourLesson(periodMs: number): Lesson {
  const base = findLesson('hello-host');
  if (!base) throw new Error('hello-host lesson missing');
  const minutes = 60;
  const perMinute = Math.round(60_000 / periodMs);
  const steps = Array.from({ length: minutes }, (_, m) => ({
    at: `${m * 60_000 + 5_000}ms`,
    ...(m % 10 === 0 ? { chapter: `Minute ${m}` } : {}),
    narration: `Minute ${m} of a steady stream of system calls.`,
    actions: Array.from({ length: perMinute }, (_, i) => ({
      at: `${Math.min(HOUR_MS, m * 60_000 + 5_000 + i * periodMs)}ms`,
      action: { type: 'cpu.syscall', domain: i % 2 ? 'web-a' : 'db-b', vcpu: 0 },
    })),
  }));
  const data = { ...structuredClone(base), id: 'one-hour', title: 'One hour', summary: 'Synthetic one-hour lesson for the seek benchmark.', steps };
  const result = validateLesson(data, 'bench/one-hour.json');
  if (!result.ok) throw new Error(result.errors.map((e) => `${e.path}: ${e.message}`).join('\n'));
  return result.lesson;
}

/**
 * CPU milliseconds of one call (user + system of this process), as measure.ts does: the bench
 * machine is shared, and wall time there mostly measures the other processes.
 */
function timed(action: () => unknown, wall?: number[]): number {
  const cpu0 = process.cpuUsage();
  const start = performance.now();
  action();
  wall?.push(performance.now() - start);
  const used = process.cpuUsage(cpu0);
  return (used.user + used.system) / 1000;
}

function percentile(values: readonly number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? 0;
}

/** A small seeded generator so every run seeks to the same times. */
function lcg(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

