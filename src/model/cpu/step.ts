/**
 * Runs plans: each `cpu.step` event applies one step (a crossing, an I/O stage, an attempt) and
 * schedules the next after the crossing's cost in cycles (converted by the host clock) plus the
 * step's work. One crossing per event keeps every transition visible when stepping.
 */
import type { Draft } from 'immer';
import { cyclesToNanos } from '../../engine';
import type { ModelContext } from '../events';
import { recordViolation } from '../../audit/violations';
import type { SimState } from '../state';
import { costOf, TRANSITION_COSTS } from './costs';
import type { PlanStep } from './plan';
import type { StepPayload } from './events';
import { applyCrossing } from './vcpu';
import type { AttemptRecord } from './types';


/** Keep this many attempt records (the UI shows recent ones). */
const MAX_ATTEMPTS = 64;
/** Completed I/O requests kept for the UI; older ones are dropped so the state stays small. */
const MAX_COMPLETED_IO = 32;

export function stepDelay(step: PlanStep, ghz: number): number {
  return (step.kind ? cyclesToNanos(costOf(step.kind), ghz) : 0) + step.dwellNs;
}

/** Total simulated duration of a plan (how long its vCPU is busy). */
export function planDuration(plan: readonly PlanStep[], ghz: number): number {
  let total = 0;
  for (const step of plan) total += stepDelay(step, ghz);
  return total;
}

/** Starts a plan now (its first step runs in this same instant as a new event). */
export function startPlan(ctx: ModelContext, plan: PlanStep[], ghz: number): void {
  if (plan.length > 0) ctx.schedule('cpu.step', { plan, index: 0, ghz } satisfies StepPayload);
}

export function runStep(draft: Draft<SimState>, payload: StepPayload, ctx: ModelContext): void {
  const { plan, index, ghz } = payload;
  const step = plan[index];
  if (!step) return;
  const cpu = draft.world.cpu;
  const cycles = step.kind ? costOf(step.kind) : 0;
  const ns = step.kind ? cyclesToNanos(cycles, ghz) : 0;
  let domainId: string | null = null;
  if (step.vcpu !== null && step.to !== null) {
    const vcpu = cpu.vcpus[step.vcpu];
    const placement = vcpu ? cpu.placements[vcpu.domainId] : undefined;
    const hyp = placement ? cpu.hypervisors[placement.hostId] : undefined;
    if (!vcpu || !placement || !hyp) return; // the domain went away mid-plan
    domainId = vcpu.domainId;
    applyCrossing(cpu, vcpu, placement, hyp, { to: step.to, via: step.kind, cycles, ns, at: ctx.now });
    ctx.touch('vcpu', vcpu.id);
  }
  const cost = step.kind ? { cycles, ns, illustrative: TRANSITION_COSTS[step.kind].illustrative } : undefined;
  ctx.trace(step.attempt ? 'denied' : step.io ? 'io' : 'transition', step.text, { vcpu: step.vcpu, to: step.to, via: step.kind, ...cost });
  if (step.io) advanceIo(draft, step, ctx);
  if (step.attempt) recordAttempt(draft, step, domainId, ctx);
  if (index + 1 < plan.length) ctx.schedule('cpu.step', { plan, index: index + 1, ghz } satisfies StepPayload, ns + step.dwellNs);
}

function advanceIo(draft: Draft<SimState>, step: PlanStep, ctx: ModelContext): void {
  const ref = step.io;
  if (!ref) return;
  const io = draft.world.cpu.io[ref.id];
  if (!io) return;
  const index = io.stages.indexOf(ref.stage);
  if (index > io.stage) io.stage = index;
  if (ref.device) {
    const device = draft.world.devices[ref.device];
    if (device) {
      device.requests += 1;
      io.deviceId = ref.device;
      ctx.touch('device', ref.device);
    }
  }
  ctx.touch('io', io.id);
  if (ref.stage !== 'done') return;
  io.completedAt = ctx.now;
  const all = draft.world.cpu.io;
  const done = Object.keys(all).filter((id) => all[id]?.completedAt !== null);
  // Ids are io-<n> in creation order; drop the oldest completed ones.
  done.sort((a, b) => Number(a.slice(3)) - Number(b.slice(3)));
  for (const id of done.slice(0, Math.max(0, done.length - MAX_COMPLETED_IO))) delete all[id];
}

function recordAttempt(draft: Draft<SimState>, step: PlanStep, domainId: string | null, ctx: ModelContext): void {
  const a = step.attempt;
  if (!a) return;
  const cpu = draft.world.cpu;
  const record: AttemptRecord = {
    at: ctx.now,
    domainId: domainId ?? (step.vcpu ?? '').replace(/\.v\d+$/, ''),
    vcpuId: step.vcpu ?? '',
    attempt: a.kind,
    outcome: a.refused ? 'refused' : 'allowed',
    explanation: a.explanation,
  };
  cpu.attempts.push(record);
  if (cpu.attempts.length > MAX_ATTEMPTS) cpu.attempts.shift();
  if (a.refused) {
    cpu.stats.refused += 1;
    return;
  }
  recordViolation(draft, ctx, {
    invariant: a.kind === 'pv-foreign-frame' ? 'pv-page-tables-map-only-own-frames' : 'ept-maps-only-own-frames',
    entities: { domains: a.victim ? [record.domainId, a.victim] : [record.domainId] },
    explanation: a.explanation,
  });
}
