import type { BenchResult, BenchSection } from './types';
import { runMm1, runOnEngine, runPlain, runShape, type WorkloadState } from './engine-workload';
import { formatRate, measureRate } from './measure';
import { runSimpyWorkload, type SimpyResult, type SimpyWorkload } from './simpy';

const PROCS = 1000;
const SEED = 1;

/**
 * Engine throughput on a synthetic workload (1,000 self-rescheduling processes, one counter
 * update and one random delay per event; see engine-workload.ts) in four forms: the real Engine
 * in 1,000-event frames and in one-event frames, the same loop on plain objects (same heap and
 * PRNG, mutable state), the engine with time travel off, and SimPy. Rates are events per CPU-second
 * (see measure.ts).
 */
export const engineBench: BenchSection = {
  id: 'engine',
  title: 'Engine throughput',
  run({ quick }) {
    const scale = quick ? 0.1 : 1;
    const repeat = quick ? 1 : 3;
    // One-event frames cost microseconds each, so 20,000 of them ran for 40 ms: runs that short swung
    // 276–470 k events/CPU-s from process to process. 100,000 run long enough to beat that noise.
    const sizes = { batched: 200_000 * scale, oneEvent: 100_000 * scale, plain: 2_000_000 * scale, simpy: 200_000 * scale };
    checkSameLoop(quick ? 5_000 : 50_000);

    const batched = measureRate(() => runOnEngine(PROCS, SEED, sizes.batched, 1000).eventIndex, repeat, () => runOnEngine(PROCS, SEED, 20_000, 1000));
    const oneEvent = measureRate(() => runOnEngine(PROCS, SEED, sizes.oneEvent, 1).eventIndex, repeat, () => runOnEngine(PROCS, SEED, 10_000, 1));
    const plain = measureRate(() => runPlain(PROCS, SEED, sizes.plain).eventIndex, repeat, () => runPlain(PROCS, SEED, 200_000));
    const noTravel = measureRate(() => runOnEngine(PROCS, SEED, sizes.batched, 1000, false).eventIndex, repeat, () => runOnEngine(PROCS, SEED, 20_000, 1000, false));
    const simpy = runSimpyWorkload(PROCS, sizes.simpy, SEED, repeat);

    const unit = 'events/CPU-s';
    const wall = (r: { perWallSecond: number }): string => `${formatRate(r.perWallSecond)} events/wall-s`;
    const results: BenchResult[] = [];
    if (simpy.ok) {
      const ratio = batched.perCpuSecond / simpy.perCpuSecond;
      results.push({
        name: 'batched frames (1,000 events/frame) vs SimPy',
        value: batched.perCpuSecond,
        unit,
        baseline: { name: `SimPy ${simpy.version} (Python ${simpy.python})`, value: simpy.perCpuSecond },
        ratio,
        target: '≥ 5× SimPy',
        met: ratio >= 5,
        notes: `engine ${wall(batched)}, SimPy ${wall(simpy)}`,
      });
    } else {
      results.push({ name: 'batched frames (1,000 events/frame) vs SimPy', value: batched.perCpuSecond, unit, target: '≥ 5× SimPy', notes: `SimPy comparison skipped: ${simpy.reason}` });
    }
    results.push({
      name: 'batched frames vs one-event frames',
      value: batched.perCpuSecond,
      unit,
      baseline: { name: 'one-event frames', value: oneEvent.perCpuSecond },
      ratio: batched.perCpuSecond / oneEvent.perCpuSecond,
      notes: `one-event frames ${wall(oneEvent)}`,
    });
    const overhead = plain.perCpuSecond / batched.perCpuSecond;
    results.push({
      name: 'immutability overhead: plain-object loop / batched frames',
      value: plain.perCpuSecond,
      unit,
      baseline: { name: 'batched frames', value: batched.perCpuSecond },
      ratio: overhead,
      target: '≤ 3×',
      met: overhead <= 3,
      notes: `plain loop ${wall(plain)}`,
    });
    results.push({
      name: 'stretch: plain-object loop / batched frames',
      value: plain.perCpuSecond,
      unit,
      baseline: { name: 'batched frames', value: batched.perCpuSecond },
      ratio: overhead,
      target: '≤ 1.5×',
      met: overhead <= 1.5,
      notes: 'the same measurements as the row above, against the stretch target',
    });
    const travel = noTravel.perCpuSecond / batched.perCpuSecond;
    results.push({
      name: 'time-travel overhead: history and keyframes off / on',
      value: noTravel.perCpuSecond,
      unit,
      baseline: { name: 'batched frames with history and keyframes (the app)', value: batched.perCpuSecond },
      ratio: travel,
      target: '≤ 1.5×',
      met: travel <= 1.5,
      notes: `time travel off (no keyframes, no step-back history: isolab run) ${wall(noTravel)}`,
    });
    if (simpy.ok) {
      const ratio = oneEvent.perCpuSecond / simpy.perCpuSecond;
      results.push({ name: 'one-event frames vs SimPy', value: oneEvent.perCpuSecond, unit, baseline: { name: `SimPy ${simpy.version}`, value: simpy.perCpuSecond }, ratio, target: '≥ 1× SimPy', met: ratio >= 1 });
    }
    results.push(...otherWorkloads(quick, repeat));
    return results;
  },
};

/**
 * The other workloads (see engine-workload.ts), each against its SimPy twin in the same run:
 * pure scheduling, one write per event, and an M/M/1 queue counted in customers served.
 */
function otherWorkloads(quick: boolean, repeat: number): BenchResult[] {
  const scale = quick ? 0.1 : 1;
  const events = 200_000 * scale;
  const rows: Array<{ name: string; workload: SimpyWorkload; unit: string; run: (n: number) => number }> = [
    { name: 'pure scheduling (no state writes) vs SimPy', workload: 'scheduling', unit: 'events/CPU-s', run: (n) => runShape('scheduling', PROCS, SEED, n, 1000) },
    { name: 'one write per event vs SimPy', workload: 'one-write', unit: 'events/CPU-s', run: (n) => runShape('one-write', PROCS, SEED, n, 1000) },
    { name: 'M/M/1 queue (ρ = 0.9) vs SimPy', workload: 'mm1', unit: 'customers/CPU-s', run: (n) => runMm1(SEED, n / 2, 1000).served },
  ];
  return rows.map(({ name, workload, unit, run }) => {
    const engine = measureRate(() => run(events), repeat, () => run(events / 10));
    const simpy: SimpyResult = runSimpyWorkload(PROCS, workload === 'mm1' ? events / 2 : events, SEED, repeat, workload);
    if (!simpy.ok) return { name, value: engine.perCpuSecond, unit, notes: `SimPy comparison skipped: ${simpy.reason}` };
    const ratio = engine.perCpuSecond / simpy.perCpuSecond;
    return { name, value: engine.perCpuSecond, unit, baseline: { name: `SimPy ${simpy.version}`, value: simpy.perCpuSecond }, ratio, target: '≥ 5× SimPy', met: ratio >= 5 };
  });
}

/** The plain loop must be the same workload: after the same events it must reach the same state. */
function checkSameLoop(events: number): void {
  const strip = (s: WorkloadState): unknown => ({ time: s.time, eventIndex: s.eventIndex, rng: s.rng, total: s.total, counts: s.counts });
  const viaEngine = JSON.stringify(strip(runOnEngine(PROCS, SEED, events, 1000)));
  const viaPlain = JSON.stringify(strip(runPlain(PROCS, SEED, events)));
  if (viaEngine !== viaPlain) throw new Error('the plain-object loop diverged from the engine: the comparison would be unfair');
}
