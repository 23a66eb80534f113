import { describe, expect, it } from 'vitest';
import { createSimulation } from '../../host/simulation';
import { findLesson } from '../index';

const IDS = ['rings-pv-vs-hvm', 'io-split-drivers', 'xen-to-nitro', 'who-can-touch-what'] as const;

function run(id: string, seed?: number): { hash: string; violations: number; events: number; errors: string[] } {
  const lesson = findLesson(id);
  if (!lesson) throw new Error(`no lesson ${id}`);
  const engine = createSimulation(lesson, { seed });
  const errors: string[] = [];
  engine.runUntil(Number.MAX_SAFE_INTEGER, { onFrame: (f) => f.trace.forEach((t) => t.kind === 'error' && errors.push(t.text)) });
  return { hash: engine.hash(), violations: engine.state.violations.length, events: engine.eventIndex, errors };
}

describe.each(IDS)('lesson %s', (id) => {
  it('validates, has chapters, a checkpoint and cited narration', () => {
    const lesson = findLesson(id);
    expect(lesson).toBeDefined();
    expect(lesson!.steps.some((s) => s.chapter)).toBe(true);
    expect(lesson!.steps.some((s) => s.checkpoint)).toBe(true);
    for (const step of lesson!.steps) {
      expect(step.narration).toMatch(/domain-facts §\d/);
      expect(['rings', 'host']).toContain(step.focus?.view);
    }
  });

  it('runs headless with zero violations and no errors, deterministically', () => {
    const first = run(id);
    expect(first.violations).toBe(0);
    expect(first.errors).toEqual([]);
    expect(first.events).toBeGreaterThan(10);
    expect(run(id).hash).toBe(first.hash);
  });
});

describe('rings-pv-vs-hvm', () => {
  it('shows every transition the issue names and ends with all four guests in user space', () => {
    const engine = createSimulation(findLesson('rings-pv-vs-hvm')!);
    engine.runUntil(Number.MAX_SAFE_INTEGER);
    const { cpu } = engine.state.world;
    for (const kind of ['syscall', 'hypercall', 'vmcall', 'vmexit', 'trap', 'bounce', 'fault'] as const) expect(cpu.stats.byKind[kind]).toBeGreaterThan(0);
    expect(cpu.attempts.map((a) => a.attempt).sort()).toEqual(['hvm-outside-gpa', 'pv-foreign-frame', 'user-privileged', 'user-privileged']);
    for (const g of ['pv32', 'pv64', 'hvm', 'pvh']) expect(cpu.vcpus[`${g}.v0`]?.level).toBe('user');
  });

  it('reaches the same state by stepping back and forth as by a straight run', () => {
    const straight = createSimulation(findLesson('rings-pv-vs-hvm')!, { keyframeEvery: 50 });
    straight.runUntil(Number.MAX_SAFE_INTEGER);
    const wandering = createSimulation(findLesson('rings-pv-vs-hvm')!, { keyframeEvery: 50 });
    wandering.step(200);
    wandering.stepBack(120);
    wandering.seekEvent(150);
    wandering.runUntil(Number.MAX_SAFE_INTEGER);
    expect(wandering.hash()).toBe(straight.hash());
  });
});
