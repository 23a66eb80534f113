/**
 * Privilege transitions simulated per wall second.
 * - Batched mode (the target): `cpu.burst` events, each simulating many round trips crossing by
 *   crossing on plain data (cost lookup, clock conversion, level/ring state, samples), through
 *   the real engine, handlers and auditor hooks.
 * - Step mode (for context): one `cpu.step` event per crossing, as when stepping a lesson.
 * Baseline, measured in the same run: the engine's bare event rate with a handler that only
 * reschedules itself.
 */
import { Engine, seedRng, type SimCore } from '../src/engine';
import { createSimulation } from '../src/host/simulation';
import { lessonSchema } from '../src/lessons/schema';
import { syscallPlan, hypercallPlan, kernelPrivilegedPlan, type PlanStep } from '../src/model/cpu/plan';
import type { StepPayload } from '../src/model/cpu/events';
import type { BenchResult, BenchSection } from './types';

const BATCH = 10_000;
const MODES = ['pv32', 'pv64', 'hvm', 'pvhvm', 'pvh'] as const;

/** One host with a guest of every mode, each vCPU 0 running a long chain of round trips. */
function lessonWithEveryMode(): ReturnType<typeof lessonSchema.parse> {
  return lessonSchema.parse({
    id: 'bench-transitions',
    title: 'bench',
    summary: 'bench',
    timeScale: '1us',
    world: { tenants: [{ id: 't' }], hosts: [{ id: 'h', guests: MODES.map((mode) => ({ id: mode, tenant: 't', mode })) }] },
  });
}

/** Batched mode: bursts of 10,000 round trips (20–60k crossings each) spread over every mode. */
function batchedRate(target: number): { perSecond: number; transitions: number; seconds: number } {
  const engine = createSimulation(lessonWithEveryMode(), { keyframeEvery: null });
  engine.runUntil(10 ** 10);
  const kinds = ['syscall', 'hypercall', 'privileged'] as const;
  const before = engine.state.world.cpu.stats.transitions;
  const start = performance.now();
  let i = 0;
  while (engine.state.world.cpu.stats.transitions - before < target) {
    const mode = MODES[i % MODES.length] as string;
    engine.input('cpu.burst', { type: 'cpu.burst', domain: mode, vcpu: 0, transition: kinds[i % kinds.length], count: 10_000 });
    engine.runUntil(Number.MAX_SAFE_INTEGER, { batchSize: BATCH });
    i++;
  }
  const seconds = (performance.now() - start) / 1000;
  const transitions = engine.state.world.cpu.stats.transitions - before;
  return { perSecond: transitions / seconds, transitions, seconds };
}

function transitionRate(target: number): { perSecond: number; transitions: number; seconds: number } {
  const engine = createSimulation(lessonWithEveryMode(), { keyframeEvery: null });
  engine.runUntil(10 ** 10); // boot every guest
  const perGuest = Math.ceil(target / MODES.length);
  for (const mode of MODES) {
    const placement = engine.state.world.cpu.placements[mode];
    if (!placement) throw new Error(`no placement for ${mode}`);
    const vcpu = `${mode}.v0`;
    const round: PlanStep[] = [...syscallPlan(placement, vcpu, 'user'), ...hypercallPlan(placement, vcpu, 'user', 'sched_op'), ...kernelPrivilegedPlan(placement, vcpu, 'user', 'wrmsr')];
    const plan: PlanStep[] = [];
    while (plan.length < perGuest) plan.push(...round);
    engine.schedule('cpu.step', { plan, index: 0, ghz: 2.5 } satisfies StepPayload, engine.now);
  }
  const before = engine.state.world.cpu.stats.transitions;
  const start = performance.now();
  engine.runUntil(Number.MAX_SAFE_INTEGER, { batchSize: BATCH });
  const seconds = (performance.now() - start) / 1000;
  const transitions = engine.state.world.cpu.stats.transitions - before;
  return { perSecond: transitions / seconds, transitions, seconds };
}

/** The same engine running self-rescheduling no-op events: its bare event rate. */
function bareEventRate(events: number): number {
  const engine = new Engine<SimCore>({
    state: { time: 0, eventIndex: 0, rng: seedRng(1), faults: {}, violations: [] },
    handlers: { noop: [(_draft, _event, ctx) => void ctx.schedule('noop', null, 1)] },
    keyframeEvery: 100_000,
  });
  for (let i = 0; i < MODES.length; i++) engine.schedule('noop', null, 0);
  const start = performance.now();
  engine.runUntil(Number.MAX_SAFE_INTEGER, { batchSize: BATCH, maxEvents: events });
  return events / ((performance.now() - start) / 1000);
}

export const transitionsBench: BenchSection = {
  id: 'transitions',
  title: 'privilege transitions (cpu model)',
  run({ quick }): BenchResult[] {
    const target = quick ? 20_000 : 1_000_000;
    const stepTarget = quick ? 5_000 : 200_000;
    batchedRate(Math.min(target, 100_000)); // warm-up (JIT)
    transitionRate(Math.min(stepTarget, 20_000));
    const bare = bareEventRate(quick ? 20_000 : 1_000_000);
    const batched = batchedRate(target);
    const stepped = transitionRate(stepTarget);
    // Transitions per second and events per second are different units (a burst event simulates
    // thousands of crossings): no ratio between them, the bare event rate is context only.
    const bareNote = `engine bare event rate in the same run: ${Math.round(bare).toLocaleString('en-US')} events/s (no-op handler; context, not a like-for-like baseline)`;
    return [
      {
        name: 'transitions simulated per wall second, batched mode (cpu.burst)',
        value: Math.round(batched.perSecond),
        unit: 'transitions/s',
        target: '1,000,000 transitions in under 1 s',
        met: quick ? undefined : batched.transitions >= 1_000_000 && batched.seconds < 1,
        notes: `${batched.transitions.toLocaleString('en-US')} transitions in ${batched.seconds.toFixed(3)} s over pv32, pv64, hvm, pvhvm and pvh guests; ${bareNote}`,
      },
      {
        name: `transitions per wall second, step mode (one event per crossing, ${BATCH}-event frames)`,
        value: Math.round(stepped.perSecond),
        unit: 'transitions/s',
        notes: `${stepped.transitions.toLocaleString('en-US')} transitions in ${stepped.seconds.toFixed(3)} s; one event per crossing with a trace record; ${bareNote}`,
      },
    ];
  },
};
