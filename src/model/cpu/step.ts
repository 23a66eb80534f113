/**
 * Runs plans: each `cpu.step` event applies one step (a crossing, an I/O stage, an attempt) and
 * schedules the next after the crossing's cost in cycles (converted by the host clock) plus the
 * step's work. One crossing per event keeps every transition visible when stepping.
 */
import { cyclesToNanos, type Immutable } from '../../engine';
import type { ModelContext, ModelWriteContext } from '../events';
import { reportViolation } from '../../audit/violations';
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

export function runStep(state: Immutable<SimState>, payload: StepPayload, ctx: ModelWriteContext): void {
  const { plan, index, ghz } = payload;
  const step = plan[index];
  if (!step) return;
  const cpu = state.world.cpu;
  const cycles = step.kind ? costOf(step.kind) : 0;
  const ns = step.kind ? cyclesToNanos(cycles, ghz) : 0;
  let domainId: string | null = null;
  if (step.vcpu !== null && step.to !== null) {
    const vcpu = cpu.vcpus[step.vcpu];
    const placement = vcpu ? cpu.placements[vcpu.domainId] : undefined;
    const hyp = placement ? cpu.hypervisors[placement.hostId] : undefined;
    if (!vcpu || !placement || !hyp) return; // the domain went away mid-plan
    domainId = vcpu.domainId;
    applyCrossing(ctx, vcpu, placement, hyp, { to: step.to, via: step.kind, cycles, ns, at: ctx.now });
    ctx.touch('vcpu', vcpu.id);
  }
  const cost = step.kind ? { cycles, ns, illustrative: TRANSITION_COSTS[step.kind].illustrative } : undefined;
  ctx.trace(step.attempt ? 'denied' : step.io ? 'io' : 'transition', step.text, { vcpu: step.vcpu, to: step.to, via: step.kind, ...cost });
  if (step.io) advanceIo(state, step.io, ctx);
  if (step.attempt) recordAttempt(step, step.attempt, domainId, ctx);
  if (index + 1 < plan.length) ctx.schedule('cpu.step', { plan, index: index + 1, ghz } satisfies StepPayload, ns + step.dwellNs);
}

function advanceIo(state: Immutable<SimState>, ref: NonNullable<PlanStep['io']>, ctx: ModelWriteContext): void {
  const before = state.world.cpu.io[ref.id];
  if (!before) return;
  const io = ctx.mut('world', 'cpu', 'io', ref.id);
  const index = io.stages.indexOf(ref.stage);
  if (index > io.stage) io.stage = index;
  if (ref.device && state.world.devices[ref.device]) {
    ctx.mut('world', 'devices', ref.device).requests += 1;
    io.deviceId = ref.device;
    ctx.touch('device', ref.device);
  }
  ctx.touch('io', io.id);
  if (ref.stage !== 'done') return;
  io.completedAt = ctx.now;
  dropOldCompletedIo(state, ctx);
}

/** Keeps the newest {@link MAX_COMPLETED_IO} completed requests; the record is copied only when one goes. */
function dropOldCompletedIo(state: Immutable<SimState>, ctx: ModelWriteContext): void {
  // Read through the state root: it already holds this event's copies (the request just completed).
  const all = state.world.cpu.io;
  const done = Object.keys(all).filter((id) => all[id]?.completedAt !== null);
  if (done.length <= MAX_COMPLETED_IO) return;
  // Ids are io-<n> in creation order; drop the oldest completed ones.
  done.sort((a, b) => Number(a.slice(3)) - Number(b.slice(3)));
  const writable = ctx.mut('world', 'cpu', 'io');
  for (const id of done.slice(0, done.length - MAX_COMPLETED_IO)) delete writable[id];
}

function recordAttempt(step: PlanStep, a: NonNullable<PlanStep['attempt']>, domainId: string | null, ctx: ModelWriteContext): void {
  const record: AttemptRecord = {
    at: ctx.now,
    domainId: domainId ?? (step.vcpu ?? '').replace(/\.v\d+$/, ''),
    vcpuId: step.vcpu ?? '',
    attempt: a.kind,
    outcome: a.refused ? 'refused' : 'allowed',
    explanation: a.explanation,
  };
  const attempts = ctx.mut('world', 'cpu', 'attempts');
  attempts.push(record);
  if (attempts.length > MAX_ATTEMPTS) attempts.shift();
  if (a.refused) {
    ctx.mut('world', 'cpu', 'stats').refused += 1;
    return;
  }
  reportViolation(ctx, {
    invariant: a.kind === 'pv-foreign-frame' ? 'pv-page-tables-map-only-own-frames' : 'ept-maps-only-own-frames',
    entities: { domains: a.victim ? [record.domainId, a.victim] : [record.domainId] },
    explanation: a.explanation,
  });
}
