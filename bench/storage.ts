import { performance } from 'node:perf_hooks';
import { storageInvariants } from '../src/audit/storage';
import { Engine } from '../src/engine';
import { directHook } from '../src/model/events';
import { afterEventHooks, handlerTable } from '../src/model/registry';
import { MS, SECOND } from '../src/engine/time';
import { copySimState, type SimState } from '../src/model/state';
import { guestOf, storageSimulation } from '../src/model/storage/fixture';
import type { BenchResult, BenchSection } from './types';

/**
 * Storage: simulated block I/O events per wall second on a volume of one million blocks, and the
 * cost of the storage invariants per event, measured with and without the auditor at two volume
 * sizes (target: the auditor's cost per event does not grow with the volume).
 */
const LARGE_BLOCKS = 1 << 20;
const QUICK_LARGE_BLOCKS = 1 << 16;
/** The invariants' baseline: a small volume (the I/O rate's baseline is a 16× smaller one). */
const SMALL_BLOCKS = 16_384;
const QUICK_SMALL_BLOCKS = 1024;

interface Measured {
  events: number;
  seconds: number;
}

/** Reads and writes (half each) scattered over the whole volume, one every 2 ms of simulated time. */
function workload(volumeBlocks: number, ios: number, withoutAuditor: boolean, run = true): { engine: Engine<SimState>; measured: Measured } {
  const engine = storageSimulation({ tenants: ['alice'], nodeBlocks: volumeBlocks, withoutAuditor });
  const guest = guestOf('alice');
  engine.schedule('ebs.create', { type: 'ebs.create', volume: 'big', tenant: 'alice', sizeBlocks: volumeBlocks, node: 'node-1', encrypted: false }, SECOND);
  engine.schedule('ebs.attach', { type: 'ebs.attach', volume: 'big', guest }, SECOND);
  for (let i = 0; i < ios; i++) {
    const at = 2 * SECOND + i * 2 * MS;
    // A prime stride scatters I/Os over the whole volume and, while i < volumeBlocks, never hits
    // a block twice: every I/O allocates at both volume sizes, so only the size differs.
    const block = (i * 7919) % volumeBlocks;
    const action = i % 2 === 0 ? { type: 'ebs.write', volume: 'big', block, count: 1, data: `d${i % 7}` } : { type: 'ebs.read', volume: 'big', block, count: 1 };
    engine.schedule(action.type, action, at);
  }
  // Boot, create and attach are set-up, not measured.
  engine.runUntil(2 * SECOND - 1);
  if (!run) return { engine, measured: { events: 0, seconds: 0 } };
  const before = engine.eventIndex;
  const start = performance.now();
  engine.runUntil(Number.MAX_SAFE_INTEGER);
  const seconds = (performance.now() - start) / 1000;
  return { engine, measured: { events: engine.eventIndex - before, seconds } };
}

/** Best of a few runs: on a shared machine the fastest run is the least disturbed one. */
function best(volumeBlocks: number, ios: number, withoutAuditor: boolean, repeats: number): { measured: Measured } {
  let result = workload(volumeBlocks, ios, withoutAuditor).measured;
  for (let i = 1; i < repeats; i++) {
    const next = workload(volumeBlocks, ios, withoutAuditor).measured;
    if (next.seconds / next.events < result.seconds / result.events) result = next;
  }
  return { measured: result };
}

const rate = (m: Measured) => m.events / m.seconds;

/**
 * The storage invariants timed in place (a with/without difference drowns in noise on a shared
 * machine): the same workload runs on an engine whose storage hooks are wrapped with a clock,
 * so they see exactly the states and touched sets of real events.
 */
function invariantCostNs(volumeBlocks: number, ios: number): number {
  const source = workload(volumeBlocks, ios, false, false).engine;
  const samples: number[] = [];
  const timed = storageInvariants.map((hook) =>
    directHook((state, touched, ctx) => {
      const start = performance.now();
      hook.direct(state, touched, ctx);
      samples.push(performance.now() - start);
    }),
  );
  const storageHooks = new Set<unknown>(storageInvariants);
  const others = afterEventHooks().filter((hook) => !storageHooks.has(hook));
  const engine = new Engine<SimState>({ state: source.state, handlers: handlerTable(), afterEvent: [...others, ...timed], copyRoot: copySimState });
  for (const e of source.pending()) engine.schedule(e.kind, e.payload, e.at, e.priority);
  engine.runUntil(Number.MAX_SAFE_INTEGER);
  // Trimmed mean: the slowest 2 % are garbage-collector pauses that happened to land in a hook
  // (the larger volume makes more garbage elsewhere), not the hooks' own work.
  samples.sort((a, b) => a - b);
  const kept = samples.slice(0, Math.max(1, Math.floor(samples.length * 0.98)));
  return (kept.reduce((sum, x) => sum + x, 0) * 1e6 * storageInvariants.length) / kept.length;
}

export const storageBench: BenchSection = {
  id: 'storage',
  title: 'storage: EBS block I/O and isolation invariants',
  run({ quick }) {
    const large = quick ? QUICK_LARGE_BLOCKS : LARGE_BLOCKS;
    const medium = quick ? 4096 : 1 << 16;
    const ios = quick ? 1000 : 10_000;
    const repeats = quick ? 1 : 3;
    const mediumRun = best(medium, ios, false, repeats);
    const largeRun = best(large, ios, false, repeats);
    const largeWithout = best(large, ios, true, repeats);
    const small = quick ? QUICK_SMALL_BLOCKS : SMALL_BLOCKS;
    const smallCost = Math.min(...Array.from({ length: repeats }, () => invariantCostNs(small, ios)));
    const largeCost = Math.min(...Array.from({ length: repeats }, () => invariantCostNs(large, ios)));
    const sizeRatio = rate(largeRun.measured) / rate(mediumRun.measured);
    const costRatio = largeCost / smallCost;
    return [
      {
        name: `block I/O events/s on a ${large.toLocaleString('en')}-block volume (auditor on)`,
        value: rate(largeRun.measured),
        unit: 'events/s',
        baseline: { name: `${medium.toLocaleString('en')}-block volume`, value: rate(mediumRun.measured) },
        ratio: sizeRatio,
        target: '≥ 0.5× a 16× smaller volume (chunked state)',
        met: sizeRatio >= 0.5,
        notes: `${largeRun.measured.events} events (submit + completion per I/O), each I/O on a fresh block, half writes; the whole simulator runs (all modules, all auditors)`,
      },
      {
        name: 'storage invariants: cost per event, large vs small volume',
        value: largeCost,
        unit: 'ns/event',
        baseline: { name: `${small.toLocaleString('en')}-block volume`, value: smallCost },
        ratio: costRatio,
        target: '≤ 2× (the auditor checks only what an event touched)',
        met: costRatio <= 2,
        notes: 'both storage hooks timed in place around every event of the same workload (includes ~0.1 µs of clock reads)',
      },
      {
        name: `whole simulator on the ${large.toLocaleString('en')}-block volume: auditor on vs off`,
        value: rate(largeRun.measured),
        unit: 'events/s',
        baseline: { name: 'withoutAuditor', value: rate(largeWithout.measured) },
        ratio: rate(largeRun.measured) / rate(largeWithout.measured),
        notes: 'every module\'s after-event hooks, not only storage\'s',
      },
    ] satisfies BenchResult[];
  },
};
