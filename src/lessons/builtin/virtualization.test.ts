import { describe, expect, it } from 'vitest';
import { createSimulation } from '../../host/simulation';
import { citedFacts } from '../../facts';
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
  it('validates, has chapters, a checkpoint and narration that cites the fact sheet', () => {
    const lesson = findLesson(id);
    expect(lesson).toBeDefined();
    expect(lesson!.steps.some((s) => s.chapter)).toBe(true);
    expect(lesson!.steps.some((s) => s.checkpoint)).toBe(true);
    for (const step of lesson!.steps) {
      expect(citedFacts(step.narration).length, step.title).toBeGreaterThan(0);
      expect(['rings', 'host', 'access']).toContain(step.focus?.view);
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
  it('teaches the 64-bit Xen mechanism for pv32, and segment limits only as dated history', () => {
    const lesson = findLesson('rings-pv-vs-hvm')!;
    const texts = lesson.steps.map((s) => [s.narration, s.checkpoint?.explanation ?? ''].join(' '));
    expect(texts.join(' ')).toContain('fact:xen-pv32-protection-64bit');
    // Apart from "x86-64 has no segment limits", every mention of segment limits is dated history or a denial.
    for (const text of texts) {
      const rest = text.replace(/x86-64 (?:has|enforces) no segment limits/gi, '');
      expect(rest).not.toMatch(/kept from Xen by segment limits/i);
      if (/segment limits/i.test(rest)) expect(rest).toMatch(/fact:xen-segment-limits-history|not segment limits/);
    }
    const last = lesson.steps.at(-1)!;
    expect(last.narration).toMatch(/Xen 4\.3 \(2013\)/);
    expect(last.checkpoint?.choices?.[Number(last.checkpoint.answer)]).toMatch(/outside the 4 GiB/);
  });

  it('says Windows runs only as HVM and that ring 1 was used outside Xen too', () => {
    const all = findLesson('rings-pv-vs-hvm')!.steps.map((s) => s.narration).join(' ');
    expect(all).toContain('fact:windows-hvm-only');
    expect(all).toContain('fact:ring1-outside-xen');
    expect(all).not.toMatch(/Only 32-bit PV ever used ring 1/);
  });

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

describe('io-split-drivers and xen-to-nitro', () => {
  it('grants the page before the request goes on the ring, and the card encrypts only encrypted volumes', () => {
    const write = findLesson('io-split-drivers')!.steps[1]!.narration;
    expect(write.indexOf('**grant**')).toBeGreaterThan(-1);
    expect(write.indexOf('**grant**')).toBeLessThan(write.indexOf('**frontend**'));
    expect(write).toContain('fact:xen-grant-references');
    const all = findLesson('io-split-drivers')!.steps.map((s) => s.narration).join(' ');
    expect(all).not.toMatch(/the card encrypts the data and/);
  });

  it('does not claim dom0 shared cores with customers\' guests', () => {
    const all = findLesson('xen-to-nitro')!.steps.map((s) => s.narration).join(' ');
    expect(all).not.toMatch(/same CPUs as the customers/i);
    expect(all).toContain('fact:xen-dom0-host-cpus');
    expect(all).toMatch(/C5 in 2017/);
  });
});
