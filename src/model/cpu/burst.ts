/**
 * Batched mode: `cpu.burst` simulates many round trips (e.g. a million syscalls) inside one
 * event. Each crossing is still simulated one by one — its cost looked up, converted by the host
 * clock, its level/ring/VMX state computed, its sample kept — but in plain local variables, and
 * the state is written once at the end, through `ctx.mut` (one vCPU entry and the statistics).
 */
import { cyclesToNanos, type Immutable } from '../../engine';
import type { ModelWriteContext } from '../events';
import { costOf } from './costs';
import { hypercallPlan, kernelPrivilegedPlan, leaveKernel, syscallPlan, type PlanStep } from './plan';
import { placementOfLevel } from './placement';
import { historyInOrder } from './vcpu';
import type { CpuWorld, DomainPlacement, LevelSample, Placement, PrivilegeLevel, TransitionKind, VcpuState } from './types';

export interface BurstRequest {
  transition: 'syscall' | 'hypercall' | 'privileged';
  count: number;
}

function roundTrip(p: DomainPlacement, vcpu: string, transition: BurstRequest['transition']): PlanStep[] {
  if (transition === 'syscall') return syscallPlan(p, vcpu, 'user');
  if (transition === 'hypercall') return hypercallPlan(p, vcpu, 'user', 'sched_op');
  return kernelPrivilegedPlan(p, vcpu, 'user', 'wrmsr');
}

interface Crossing {
  to: PrivilegeLevel;
  via: TransitionKind;
  dwellNs: number;
}

export interface BurstOutcome {
  crossings: number;
  cycles: number;
  endsAt: number;
  level: PrivilegeLevel;
  where: Placement;
  byKind: Partial<Record<TransitionKind, number>>;
  /** The last samples, oldest first (at most `keep`). */
  samples: LevelSample[];
}

/** Simulates `rounds` repetitions of `round` (after `prefix`), crossing by crossing, on plain data. */
export function simulateCrossings(prefix: readonly Crossing[], round: readonly Crossing[], rounds: number, start: number, ghz: number, p: DomainPlacement, hyp: Placement, keep: number): BurstOutcome {
  const byKind: Partial<Record<TransitionKind, number>> = {};
  const samples: LevelSample[] = [];
  // Only the last `keep` crossings are sampled (the timeline shows no more); all are simulated.
  const sampleFrom = prefix.length + rounds * round.length - keep;
  let t = start;
  let crossings = 0;
  let cycles = 0;
  let level: PrivilegeLevel = 'user';
  const one = (c: Crossing): void => {
    const cost = costOf(c.via);
    const ns = cyclesToNanos(cost, ghz);
    level = c.to;
    byKind[c.via] = (byKind[c.via] ?? 0) + 1;
    if (crossings >= sampleFrom) samples.push({ at: t, level, via: c.via, cycles: cost, ns });
    t += ns + c.dwellNs;
    crossings += 1;
    cycles += cost;
  };
  for (const c of prefix) one(c);
  for (let r = 0; r < rounds; r++) for (const c of round) one(c);
  return { crossings, cycles, endsAt: t, level, where: placementOfLevel(level, p, hyp), byKind, samples };
}

function crossingsOf(steps: readonly PlanStep[]): Crossing[] {
  const out: Crossing[] = [];
  for (const s of steps) if (s.to && s.kind) out.push({ to: s.to, via: s.kind, dwellNs: s.dwellNs });
  return out;
}

export function runBurst(cpu: Immutable<CpuWorld>, vcpu: Immutable<VcpuState>, p: DomainPlacement, ghz: number, req: BurstRequest, ctx: ModelWriteContext): void {
  const hyp = cpu.hypervisors[p.hostId];
  if (!hyp) return;
  // A burst runs from user space; a vCPU left in the kernel returns there first.
  const prefix = crossingsOf(vcpu.level === 'user' ? [] : leaveKernel(p, vcpu.id));
  const round = crossingsOf(roundTrip(p, vcpu.id, req.transition));
  const n = vcpu.history.length;
  const out = simulateCrossings(prefix, round, req.count, ctx.now, ghz, p, { ring: hyp.ring, vmx: hyp.vmx }, n);
  // One write per field: the history is rebuilt in order, oldest sample first, head at the end.
  // Kept samples are shared, not copied: states are immutable.
  const older = historyInOrder(vcpu);
  const history: Array<LevelSample | null> = [...older.slice(Math.max(0, older.length - (n - out.samples.length))), ...out.samples];
  const kept = history.length;
  while (history.length < n) history.push(null);
  const last = out.samples[out.samples.length - 1];
  const v = ctx.mut('world', 'cpu', 'vcpus', vcpu.id);
  v.history = history;
  v.historyHead = kept % n;
  v.level = out.level;
  v.ring = out.where.ring;
  v.vmx = out.where.vmx;
  v.lastTransition = last?.via ?? v.lastTransition;
  v.lastCycles = last?.cycles ?? v.lastCycles;
  v.lastAt = last?.at ?? v.lastAt;
  v.transitions += out.crossings;
  v.cycles += out.cycles;
  v.busyUntil = out.endsAt;
  const stats = ctx.mut('world', 'cpu', 'stats');
  stats.transitions += out.crossings;
  stats.cycles += out.cycles;
  // Inner work for event budgets (`run --max-events`, the host's slices): a burst is its crossings.
  ctx.work?.(out.crossings);
  const byKind = ctx.mut('world', 'cpu', 'stats', 'byKind');
  for (const [kind, count] of Object.entries(out.byKind) as Array<[TransitionKind, number]>) byKind[kind] = (byKind[kind] ?? 0) + count;
  ctx.touch('vcpu', vcpu.id);
  ctx.trace('transition', `${vcpu.id} runs ${req.count} ${req.transition} round trips in one batch: ${out.crossings} crossings, ${out.cycles} cycles (illustrative costs), back in ${out.level} space`, { vcpu: vcpu.id, crossings: out.crossings, cycles: out.cycles, illustrative: true });
}
