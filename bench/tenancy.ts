import { performance } from 'node:perf_hooks';
import process from 'node:process';
import { createSimulation } from '../src/host/simulation';
import { lessonSchema, type Lesson } from '../src/lessons/schema';
import { parseInstanceType } from '../src/model/tenancy/capacity';
import { allInstances } from '../src/model/tenancy/store';
import type { BenchResult, BenchSection } from './types';

/**
 * Placing 40,000 instances on 20,000 hosts — the scale CloudSim Plus publishes for its
 * first-fit example (1.3 minutes there). Target: under 5 s here with the tenancy rules, the
 * placement explanations, immutable states with time travel and the after-event auditor all on. Baseline, same run: a naive
 * first-fit loop over plain arrays (capacity only, no rules, no auditor, mutable state).
 */
const SIZES = ['m5.large', 'm5.xlarge', 'm5.2xlarge', 'm5.4xlarge'] as const;
const ACCOUNTS = 8;

interface Workload {
  hosts: number;
  instances: number;
  /** Per instance: account index, instance type, dedicated or not. */
  plan: Array<{ account: number; type: string; dedicated: boolean }>;
}

export function workload(hosts: number, instances: number): Workload {
  // A fixed LCG so the workload is the same on every run and machine.
  let seed = 12345;
  const next = (n: number) => {
    seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
    return seed % n;
  };
  const plan = Array.from({ length: instances }, () => ({ account: next(ACCOUNTS), type: SIZES[next(SIZES.length)] as string, dedicated: next(10) === 0 }));
  return { hosts, instances, plan };
}

/** The fleet the workload places on: `w.hosts` m5 hosts in one AZ, one VPC per account. */
function fleetWorld(w: Workload): Record<string, unknown> {
  return {
    fleet: {
      regions: [{ id: 'r1', azs: ['az1'] }],
      accounts: Array.from({ length: ACCOUNTS }, (_, i) => ({ id: `acct-${i}` })),
      vpcs: Array.from({ length: ACCOUNTS }, (_, i) => ({ id: `vpc-${i}`, account: `acct-${i}`, region: 'r1' })),
      hosts: [{ family: 'm5', az: 'az1', count: w.hosts }],
    },
  };
}

function launchAction(w: Workload, i: number): Record<string, unknown> {
  const p = w.plan[i];
  if (!p) throw new Error(`no instance ${i} in the workload`);
  return {
    type: 'fleet.launch', instance: `i-${i}`, account: `acct-${p.account}`, vpc: `vpc-${p.account}`, az: 'az1',
    instanceType: p.type, tenancy: p.dedicated ? 'dedicated' : 'default', affinity: 'off',
  };
}

/**
 * The workload as a lesson: every launch a scripted action, 1,000 per simulated second, so the
 * app's own options (keyframes) apply and seeks can be measured in it.
 */
export function fleetLesson(w: Workload): Lesson {
  const perStep = 1000;
  const steps = Array.from({ length: Math.ceil(w.instances / perStep) }, (_, s) => ({
    at: `${s + 1}s`,
    narration: `Launches ${s * perStep}–${Math.min(w.instances, (s + 1) * perStep) - 1}.`,
    actions: Array.from({ length: Math.min(perStep, w.instances - s * perStep) }, (_, k) => ({ at: `${(s + 1) * 1000 + k * 0.5}ms`, action: launchAction(w, s * perStep + k) })),
  }));
  return lessonSchema.parse({ id: `fleet-${w.hosts}`, title: `${w.hosts} hosts`, summary: 'bench', timeScale: '1s', world: fleetWorld(w), steps });
}

export function simulated(w: Workload): { ms: number; cpuMs: number; placed: number; violations: number } {
  const lesson = lessonSchema.parse({
    id: 'bench-tenancy', title: 'bench', summary: 'bench', timeScale: '1s',
    world: fleetWorld(w),
  });
  const started = performance.now();
  const cpuBefore = process.cpuUsage();
  // Placement and audit only: no step-back history and no keyframes (as `isolab run`).
  const engine = createSimulation(lesson, { keyframeEvery: null });
  w.plan.forEach((_, i) => engine.schedule('fleet.launch', launchAction(w, i), i));
  engine.runUntil(Number.MAX_SAFE_INTEGER, { batchSize: 2000 });
  const ms = performance.now() - started;
  const cpu = process.cpuUsage(cpuBefore);
  let placed = 0;
  for (const instance of allInstances(engine.state.world.fleet)) if (instance.state === 'running') placed++;
  return { ms, cpuMs: (cpu.user + cpu.system) / 1000, placed, violations: engine.state.violations.length };
}

function naiveFirstFit(w: Workload): { ms: number; cpuMs: number; placed: number } {
  const started = performance.now();
  const cpuBefore = process.cpuUsage();
  const free = new Array<number>(w.hosts).fill(48);
  let placed = 0;
  for (const p of w.plan) {
    const type = parseInstanceType(p.type);
    const cores = typeof type === 'string' ? 1 : type.cores;
    for (let h = 0; h < free.length; h++) {
      if ((free[h] as number) >= cores) {
        free[h] = (free[h] as number) - cores;
        placed++;
        break;
      }
    }
  }
  const cpu = process.cpuUsage(cpuBefore);
  return { ms: performance.now() - started, cpuMs: (cpu.user + cpu.system) / 1000, placed };
}

export const tenancyBench: BenchSection = {
  id: 'tenancy',
  title: 'tenancy: placing 40,000 instances on 20,000 hosts',
  run({ quick }) {
    const w = quick ? workload(2_000, 4_000) : workload(20_000, 40_000);
    const base = naiveFirstFit(w);
    const sim = simulated(w);
    // One clock for value, ratio and verdict: CPU time (the target must not depend on what else
    // the shared machine runs). Issue 15 found the old row judged CPU time but showed wall time.
    const result: BenchResult = {
      name: `place ${w.instances} instances on ${w.hosts} m5 hosts (rules + explanations + auditor), CPU time`,
      value: sim.cpuMs / 1000,
      unit: 'CPU s',
      baseline: { name: 'naive first-fit over plain arrays (no rules, no auditor, mutable state)', value: base.cpuMs / 1000 },
      ratio: sim.cpuMs / Math.max(base.cpuMs, 1e-3),
      target: '< 5 s CPU time for 40,000 on 20,000 (CloudSim Plus publishes 1.3 min with first-fit)',
      met: quick ? undefined : sim.cpuMs < 5000 && sim.violations === 0,
      notes: `wall time ${(sim.ms / 1000).toFixed(2)} s (suffers on a loaded machine); placed ${sim.placed} (baseline ${base.placed}), violations ${sim.violations}; ratio = simulator CPU time / baseline CPU time; ~10% Dedicated Instances across ${ACCOUNTS} accounts`,
    };
    return [result];
  },
};
