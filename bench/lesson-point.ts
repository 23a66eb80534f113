/**
 * Lessons of the lessons section, in a process of their own:
 * `tsx bench/lesson-point.ts <lesson id,… | fleet> <seeks> [quick]` runs each lesson to its end
 * with the app's engine options, seeks to random times in it and prints all their rows as one JSON
 * line. `fleet` is the synthetic 20,000-host, 40,000-launch lesson (2,000 and 4,000 with `quick`).
 */
import { fileURLToPath } from 'node:url';
import { createSimulation } from '../src/host/simulation';
import { findLesson } from '../src/lessons';
import type { Lesson } from '../src/lessons/schema';
import { formatRate, percentile, timeCpu } from './measure';
import { timeSeeks } from './seek';
import { fleetLesson, workload } from './tenancy';
import type { BenchResult } from './types';

/** The seek target of every lesson row. */
export const SEEK_TARGET_MS = 50;

/** The id that names the synthetic fleet lesson. */
export const FLEET = 'fleet';

const fleetSize = (quick: boolean): ReturnType<typeof workload> => (quick ? workload(2_000, 4_000) : workload(20_000, 40_000));

/** The label of an id's rows, without building its lesson. */
export function labelFor(id: string, quick: boolean): string {
  if (id !== FLEET) return id;
  const fleet = fleetSize(quick);
  return `fleet of ${fleet.hosts.toLocaleString('en-US')} hosts, ${fleet.instances.toLocaleString('en-US')} launches (synthetic)`;
}

/** The lesson an id names and the label of its rows; null for an unknown id. */
export function lessonFor(id: string, quick: boolean): { lesson: Lesson; label: string } | null {
  const lesson = id === FLEET ? fleetLesson(fleetSize(quick)) : findLesson(id);
  return lesson ? { lesson, label: labelFor(id, quick) } : null;
}

/**
 * Runs a lesson to its end as the app plays it: the app's host builds every frame's patches for the
 * renderer (sim-host's tick), so the diff a seek then uses is one the app has been running all along.
 * A run that never built one left the diff to be compiled in the middle of the first far seeks of
 * the fleet (about 100 ms of the optimising compiler's CPU time over three seeks).
 */
export function playToEnd(engine: ReturnType<typeof createSimulation>): { patches: number } {
  let patches = 0;
  engine.runUntil(Number.MAX_SAFE_INTEGER, { onFrame: (frame) => (patches += frame.patches.length) });
  return { patches };
}

export function measureLesson(lesson: Lesson, label: string, seeks: number): BenchResult[] {
  const engine = createSimulation(lesson);
  const run = timeCpu(() => playToEnd(engine));
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
      notes: `${events.toLocaleString('en-US')} events in ${run.cpuMs.toFixed(0)} ms CPU (${formatRate(events / Math.max(1e-6, run.cpuMs / 1000))} events/CPU-s; wall ${run.wallMs.toFixed(0)} ms), ${(engine.now / 1e9).toFixed(1)} simulated s; every frame's patches built, as the app plays it (${run.value.patches.toLocaleString('en-US')})`,
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

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const [idList = '', seeksText, mode] = process.argv.slice(2);
  const found = idList.split(',').map((id) => ({ id, found: lessonFor(id, mode === 'quick') }));
  const seeks = Number(seeksText);
  if (found.some((f) => f.found === null) || !(seeks > 0)) {
    process.stderr.write('usage: tsx bench/lesson-point.ts <lesson id,… | fleet> <seeks> [quick]\n');
    process.exit(2);
  }
  // The built-in lessons are a few hundred events each: run cold, the first of them measured V8's
  // compiler (hello-host 71 ms CPU against 7 ms warm), so each runs once untimed first, as a class
  // opens one after another. The fleet's run is long enough to warm up in, and a second engine's
  // 120 MiB would be garbage in its seeks.
  for (const f of found) if (f.id !== FLEET && f.found) playToEnd(createSimulation(f.found.lesson));
  const rows = found.flatMap((f) => (f.found ? measureLesson(f.found.lesson, f.found.label, seeks) : []));
  process.stdout.write(`${JSON.stringify(rows)}\n`);
}
