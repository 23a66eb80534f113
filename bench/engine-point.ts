/**
 * One measurement of the engine section, in a process of its own, as SimPy's twin runs in its
 * own: `tsx bench/engine-point.ts <variant> <events> <best-of>` warms up with
 * {@link WARM_UP_RUNS} whole runs, keeps the best of `best-of` runs and prints one JSON line
 * ({@link EnginePoint}). In one shared process, each variant paid for the heap the previous one
 * left (a batched run's dropped keyframes): the one-event rate measured 1.9 µs an event there
 * against 1.2–1.6 µs alone.
 */
import { fileURLToPath } from 'node:url';
import { runMm1, runOnEngine, runPlain, runShape } from './engine-workload';
import { measureRate } from './measure';

export const ENGINE_VARIANTS = ['batched', 'one-event', 'plain', 'no-travel', 'scheduling', 'one-write', 'mm1'] as const;
export type EngineVariant = (typeof ENGINE_VARIANTS)[number];

export interface EnginePoint {
  variant: EngineVariant;
  /** Events (customers for mm1) per CPU-second and per wall-second of the best run. */
  perCpu: number;
  perWall: number;
}

export const PROCS = 1000;
export const SEED = 1;

/** Runs `events` of a variant once; returns what it counts (events, or customers served). */
function runOnce(variant: EngineVariant, events: number): number {
  switch (variant) {
    case 'batched':
      return runOnEngine(PROCS, SEED, events, 1000).eventIndex;
    case 'one-event':
      return runOnEngine(PROCS, SEED, events, 1).eventIndex;
    case 'plain':
      return runPlain(PROCS, SEED, events).eventIndex;
    case 'no-travel':
      return runOnEngine(PROCS, SEED, events, 1000, false).eventIndex;
    case 'scheduling':
    case 'one-write':
      return runShape(variant, PROCS, SEED, events, 1000);
    case 'mm1':
      return runMm1(SEED, events / 2, 1000).served;
  }
}

/**
 * Whole runs before the timed ones, for every variant alike (the plain loop too). A fresh process
 * reaches its steady rate only at its fourth 1,000,000-event run of batched frames: CPU ms per run
 * 250, 210, 160, then 115, 110, 110 (eighteenth session), the first three paying for V8 growing
 * its young generation (2,000–3,800 page faults a run, then none) and optimising again for each
 * new engine. With one warm-up run, as until then, the best of the next two measured a mix of
 * warm-up and steady rate (about 155 ns an event against 110). The plain loop settles a run
 * earlier (115, 83, 76, then 71).
 */
export const WARM_UP_RUNS = 3;

export function measurePoint(variant: EngineVariant, events: number, bestOf: number): EnginePoint {
  // Whole runs: after a tenth of one, V8 was still compiling the engine during the timed runs.
  const warmUp = (): void => {
    for (let i = 0; i < WARM_UP_RUNS; i++) runOnce(variant, events);
  };
  const rate = measureRate(() => runOnce(variant, events), bestOf, warmUp);
  return { variant, perCpu: rate.perCpuSecond, perWall: rate.perWallSecond };
}

function isVariant(name: string | undefined): name is EngineVariant {
  return ENGINE_VARIANTS.some((v) => v === name);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const [variant, events, bestOf] = process.argv.slice(2);
  if (!isVariant(variant) || !(Number(events) > 0) || !(Number(bestOf) > 0)) {
    process.stderr.write(`usage: tsx bench/engine-point.ts <${ENGINE_VARIANTS.join('|')}> <events> <best-of>\n`);
    process.exit(2);
  }
  process.stdout.write(`${JSON.stringify(measurePoint(variant, Number(events), Number(bestOf)))}\n`);
}
