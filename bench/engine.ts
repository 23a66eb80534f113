import type { BenchResult, BenchSection } from './types';
import { runChild } from './child';
import { PROCS, SEED, type EngineVariant, type EnginePoint } from './engine-point';
import { runOnEngine, runPlain, type WorkloadState } from './engine-workload';
import { formatRate, pairedRatio, percentile, type PairedRatio } from './measure';
import { runSimpyWorkload, type SimpyResult, type SimpyWorkload } from './simpy';

/**
 * Engine throughput on a synthetic workload (1,000 self-rescheduling processes, one counter
 * update and one random delay per event; see engine-workload.ts) in four forms: the real Engine
 * in 1,000-event frames and in one-event frames, the same loop on plain objects (same queue and
 * PRNG, mutable state), the engine with time travel off, and SimPy. Rates are events per CPU-second
 * (see measure.ts); every ratio is the median of ratios taken within interleaved rounds.
 */
export const engineBench: BenchSection = {
  id: 'engine',
  title: 'Engine throughput',
  run({ quick }) {
    const scale = quick ? 0.1 : 1;
    const rounds = quick ? 1 : ROUNDS;
    // Every variant, the plain loop and SimPy run the same number of events, each after warm-up
    // runs of that length (engine-point.ts: three for the JavaScript side). Runs of 200,000 events measured V8's compiler as much as
    // the engine (its threads' CPU time counts): batched frames 3.1 M events/CPU-s there, 4.9–5.1 M
    // over 1,000,000 in the same hour, while the plain loop, then given 2,000,000, was not held back.
    const events = EVENTS * scale;
    checkSameLoop(quick ? 5_000 : 50_000);

    // Every variant runs in each round, SimPy included, and each ratio is taken within a round:
    // SimPy's own best-of-three rate swung 500–705 k events/CPU-s from run to run, so a ratio of
    // two separately measured bests moved with the load of the moment, not with the code.
    const variants = {
      batched: variant('batched', events),
      oneEvent: variant('one-event', events),
      plain: variant('plain', events),
      noTravel: variant('no-travel', events),
    };
    const simpy = inRounds(rounds, variants, () => runSimpyWorkload(PROCS, events, SEED, BEST_OF));
    const { batched, oneEvent, plain, noTravel } = variants;

    const unit = 'events/CPU-s';
    const wall = (v: Variant): string => `${formatRate(median(v.perWall))} events/wall-s`;
    const results: BenchResult[] = [];
    if (simpy.ok) {
      const notes = `engine ${wall(batched)}, SimPy ${formatRate(median(simpy.perWall))} events/wall-s`;
      results.push(simpyRow('batched frames (1,000 events/frame) vs SimPy', unit, batched, simpy, 5, `SimPy ${simpy.version} (Python ${simpy.python})`, notes));
    } else {
      results.push({ name: 'batched frames (1,000 events/frame) vs SimPy', value: median(batched.perCpu), unit, target: '≥ 5× SimPy', notes: `SimPy comparison skipped: ${simpy.reason}` });
    }
    const perFrame = pairedRatio(ratiosTo(batched, oneEvent.perCpu));
    results.push({
      name: 'batched frames vs one-event frames',
      value: median(batched.perCpu),
      unit,
      baseline: { name: 'one-event frames', value: median(oneEvent.perCpu) },
      ratio: perFrame.median,
      notes: `${spread(perFrame)}; one-event frames ${wall(oneEvent)}`,
    });
    const overhead = pairedRatio(ratiosTo(plain, batched.perCpu));
    results.push({
      name: 'immutability overhead: plain-object loop / batched frames',
      value: median(plain.perCpu),
      unit,
      baseline: { name: 'batched frames', value: median(batched.perCpu) },
      ratio: overhead.median,
      target: '≤ 3×',
      met: overhead.median <= 3,
      notes: `${spread(overhead)}; plain loop ${wall(plain)}`,
    });
    results.push({
      name: 'stretch: plain-object loop / batched frames',
      value: median(plain.perCpu),
      unit,
      baseline: { name: 'batched frames', value: median(batched.perCpu) },
      ratio: overhead.median,
      target: '≤ 1.5×',
      met: overhead.median <= 1.5,
      notes: 'the same measurements as the row above, against the stretch target',
    });
    const travel = pairedRatio(ratiosTo(noTravel, batched.perCpu));
    results.push({
      name: 'time-travel overhead: keyframes off / on',
      value: median(noTravel.perCpu),
      unit,
      baseline: { name: 'batched frames with keyframes (the app)', value: median(batched.perCpu) },
      ratio: travel.median,
      target: '≤ 1.5×',
      met: travel.median <= 1.5,
      notes: `${spread(travel)}; time travel off (no keyframes: isolab run) ${wall(noTravel)}`,
    });
    if (simpy.ok) results.push(simpyRow('one-event frames vs SimPy', unit, oneEvent, simpy, 1));
    results.push(...otherWorkloads(quick, rounds));
    return results;
  },
};

/** Rounds of every comparison against SimPy; in each, a variant keeps the best of `BEST_OF` runs (SimPy too). */
const ROUNDS = 9;
const BEST_OF = 2;

/** Events in every run of the section, engine and SimPy alike (like for like). */
const EVENTS = 1_000_000;

/** One variant of a paired measurement: which engine point to run, and its rate in each round. */
interface Variant {
  name: EngineVariant;
  events: number;
  perCpu: number[];
  perWall: number[];
}

function variant(name: EngineVariant, events: number): Variant {
  return { name, events, perCpu: [], perWall: [] };
}

/** A child process per measurement (see engine-point.ts); past this it is a failed run. */
const POINT_TIMEOUT_MS = 5 * 60_000;

function runPoint(v: Variant): EnginePoint {
  const ran = runChild(new URL('./engine-point.ts', import.meta.url), [v.name, String(v.events), String(BEST_OF)], POINT_TIMEOUT_MS);
  if (!ran.ok) throw new Error(`engine bench point ${v.name} (${v.events} events) failed: ${ran.error}`);
  return JSON.parse(ran.line) as EnginePoint;
}

/** SimPy's rates in each round, or why it could not run. */
type SimpyRan = { ok: true; version: string; python: string; perCpu: number[]; perWall: number[] };
type SimpyRounds = SimpyRan | { ok: false; reason: string };

/**
 * Runs `rounds` rounds: each variant in a fresh process (see engine-point.ts), then SimPy, each the
 * best of `BEST_OF` runs after a warm-up. Per-round rates go into each variant; SimPy's come back.
 */
function inRounds(rounds: number, variants: Record<string, Variant>, simpyOnce: () => SimpyResult): SimpyRounds {
  const simpy = { perCpu: [] as number[], perWall: [] as number[] };
  let last: SimpyResult | null = null;
  for (let r = 0; r < rounds; r++) {
    for (const v of Object.values(variants)) {
      const point = runPoint(v);
      v.perCpu.push(point.perCpu);
      v.perWall.push(point.perWall);
    }
    last = simpyOnce();
    if (!last.ok) return { ok: false, reason: last.reason };
    simpy.perCpu.push(last.perCpuSecond);
    simpy.perWall.push(last.perWallSecond);
  }
  if (!last?.ok) return { ok: false, reason: 'no round ran' };
  return { ok: true, version: last.version, python: last.python, ...simpy };
}

/** The variant's rate over the baseline's, round by round. */
function ratiosTo(v: Variant, baseline: readonly number[]): number[] {
  return v.perCpu.map((rate, i) => rate / (baseline[i] as number));
}

function median(values: readonly number[]): number {
  return percentile(values, 0.5);
}

function spread(ratio: PairedRatio): string {
  return `median of ${ratio.pairs} interleaved rounds (${ratio.low.toFixed(2)}–${ratio.high.toFixed(2)}×)`;
}

/**
 * The other workloads (see engine-workload.ts), each against its SimPy twin in the same rounds:
 * pure scheduling, one write per event, and an M/M/1 queue counted in customers served.
 */
function otherWorkloads(quick: boolean, rounds: number): BenchResult[] {
  const scale = quick ? 0.1 : 1;
  const events = EVENTS * scale;
  const rows: Array<{ name: string; workload: SimpyWorkload & EngineVariant; unit: string }> = [
    { name: 'pure scheduling (no state writes) vs SimPy', workload: 'scheduling', unit: 'events/CPU-s' },
    { name: 'one write per event vs SimPy', workload: 'one-write', unit: 'events/CPU-s' },
    { name: 'M/M/1 queue (ρ = 0.9) vs SimPy', workload: 'mm1', unit: 'customers/CPU-s' },
  ];
  return rows.map(({ name, workload, unit }) => {
    const engine = variant(workload, events);
    const simpy = inRounds(rounds, { engine }, () => runSimpyWorkload(PROCS, workload === 'mm1' ? events / 2 : events, SEED, BEST_OF, workload));
    if (!simpy.ok) return { name, value: median(engine.perCpu), unit, notes: `SimPy comparison skipped: ${simpy.reason}` };
    return simpyRow(name, unit, engine, simpy, 5);
  });
}

/** A variant's row against SimPy's rates in the same rounds, met at `least`× SimPy's rate. */
function simpyRow(name: string, unit: string, v: Variant, simpy: SimpyRan, least: number, simpyName = `SimPy ${simpy.version}`, notes?: string): BenchResult {
  const ratio = pairedRatio(ratiosTo(v, simpy.perCpu));
  return {
    name,
    value: median(v.perCpu),
    unit,
    baseline: { name: simpyName, value: median(simpy.perCpu) },
    ratio: ratio.median,
    target: `≥ ${least}× SimPy`,
    met: ratio.median >= least,
    notes: notes ? `${spread(ratio)}; ${notes}` : spread(ratio),
  };
}

/** The plain loop must be the same workload: after the same events it must reach the same state. */
function checkSameLoop(events: number): void {
  const strip = (s: WorkloadState): unknown => ({ time: s.time, eventIndex: s.eventIndex, rng: s.rng, total: s.total, counts: s.counts });
  const viaEngine = JSON.stringify(strip(runOnEngine(PROCS, SEED, events, 1000)));
  const viaPlain = JSON.stringify(strip(runPlain(PROCS, SEED, events)));
  if (viaEngine !== viaPlain) throw new Error('the plain-object loop diverged from the engine: the comparison would be unfair');
}
