import { describe, expect, it } from 'vitest';
import { createSimulation } from '../../src/host/simulation';
import { findLesson } from '../../src/lessons/index';
import { toNanos } from '../../src/lessons/primitives';
import { columnDomains, columnInfo, crossingAlpha, describeRings, lastCrossing } from './rings-model';

function ringsLesson(untilNs: number): ReturnType<typeof createSimulation> {
  const engine = createSimulation(findLesson('rings-pv-vs-hvm')!);
  engine.runUntil(untilNs);
  return engine;
}

describe('rings view model', () => {
  it('shows one column per guest with the right ring per lane', () => {
    const { state } = ringsLesson(500); // the "four guests" step
    const domains = columnDomains(state, new Set());
    expect(domains.map((d) => d.id)).toEqual(['pv32', 'pv64', 'hvm', 'pvh']);
    const lanes = Object.fromEntries(domains.map((d) => [d.id, columnInfo(state, d)!.lanes.map((l) => l.label)]));
    // PV guests are in VMX root operation like Xen (no VM), but never at ring 0.
    expect(lanes.pv32).toEqual(['user space · ring 3 · VMX root (PV)', 'guest kernel · ring 1 · VMX root (PV)', 'Xen · ring 0 · VMX root']);
    expect(lanes.pv64).toEqual(['user space · ring 3 · VMX root (PV)', 'guest kernel · ring 3 · VMX root (PV)', 'Xen · ring 0 · VMX root']);
    expect(lanes.hvm).toEqual(['user space · ring 3 · VMX non-root', 'guest kernel · ring 0 · VMX non-root', 'Xen · ring 0 · VMX root']);
  });

  it('adds dom0 only when the lesson focuses on it', () => {
    const { state } = ringsLesson(0);
    expect(columnDomains(state, new Set(['xen-1.dom0'])).map((d) => d.id)).toContain('xen-1.dom0');
  });

  it('describes the last crossing with its illustrative cost, and the description follows the state', () => {
    const engine = ringsLesson(6_999); // before the hypercalls start (7 µs; their step begins at 8 µs)
    const before = describeRings(engine.state, new Set());
    engine.runUntil(8_000); // the hypercall step: pv32 has entered its kernel (through Xen) and made its int 0x82 hypercall
    const after = describeRings(engine.state, new Set());
    expect(before).toMatch(/pv32 \(pv32: kernel ring 1.*\): vCPU 0 in user space \(ring 3 · VMX root \(PV\)\); last crossing sysret/);
    expect(after).toMatch(/pv32 .*vCPU 0 in the hypervisor \(ring 0 · VMX root\); last crossing hypercall · 1,000 cycles ≈ 400 ns \(illustrative\)/);
    expect(after).toMatch(/hvm .*last crossing vmcall · 2,000 cycles ≈ 800 ns \(illustrative\)/);
  });

  it('finds the last crossing with the level it came from', () => {
    const engine = ringsLesson(8_000);
    const info = columnInfo(engine.state, engine.state.world.domains.pv32!)!;
    expect(lastCrossing(info.samples)).toMatchObject({ from: 'kernel', to: 'hypervisor', via: 'hypercall', cycles: 1000 });
  });

  it('arriving at each step of the lesson shows that step\'s own crossing on its focused columns, not the previous step\'s', () => {
    // What a teacher points at on arriving (seek, Shift+→, a deep link): the state after every
    // event at or before the step's time. Expected: the crossing the step's narration is about.
    const lesson = findLesson('rings-pv-vs-hvm')!;
    const expected: Record<string, Record<string, string>> = {
      'A system call': { pv32: 'syscall', pv64: 'syscall', hvm: 'syscall', pvh: 'syscall' },
      'Hypercalls and vmcall': { pv32: 'hypercall', pv64: 'hypercall', hvm: 'vmcall', pvh: 'vmcall' },
      'A privileged instruction in the kernel': { pv32: 'trap', hvm: 'vmexit' },
      // pv64 needs a hypercall; pvh has entered its kernel and writes its own page table with no crossing at all.
      'Page tables: mmu_update vs EPT': { pv64: 'hypercall', pvh: 'syscall' },
      'A program tries a privileged instruction': { pv32: 'trap', hvm: 'fault' },
      "Reaching for someone else's memory": { pv64: 'hypercall', pvh: 'vmexit' },
    };
    const engine = createSimulation(lesson);
    const seen: Record<string, Record<string, string>> = {};
    for (const step of lesson.steps) {
      const want = expected[step.title ?? ''];
      if (!want) continue;
      engine.seekTime(toNanos(step.at));
      seen[step.title ?? ''] = Object.fromEntries(Object.keys(want).map((id) => [id, columnInfo(engine.state, engine.state.world.domains[id]!)!.last?.via ?? 'none']));
    }
    expect(seen).toEqual(expected);
  });

  it('draws a column for every focused domain, also when the lesson has just opened', () => {
    const lesson = findLesson('rings-pv-vs-hvm')!;
    const engine = createSimulation(lesson);
    for (const [i, step] of lesson.steps.entries()) {
      // Opening a lesson shows step 0 before any event has run (the guests boot by events at t = 0).
      if (i > 0) engine.seekTime(toNanos(step.at));
      const shown = new Set(columnDomains(engine.state, new Set(step.focus?.entities ?? [])).map((d) => d.id));
      expect(step.focus?.entities.filter((id) => !shown.has(id)), step.title).toEqual([]);
    }
  });

  it('fades an arrow with simulated time, never before it happens', () => {
    expect(crossingAlpha(100, 50, 1000)).toBe(0);
    expect(crossingAlpha(100, 100, 1000)).toBe(1);
    expect(crossingAlpha(100, 200, 1000)).toBeCloseTo(0.9);
    expect(crossingAlpha(100, 1e9, 1000)).toBe(0.7);
  });
});
