import { describe, expect, it } from 'vitest';
import { createSimulation } from '../../src/host/simulation';
import { findLesson } from '../../src/lessons/index';
import { columnDomains, columnInfo, crossingAlpha, describeRings, lastCrossing } from './rings-model';

function ringsLesson(untilNs: number): ReturnType<typeof createSimulation> {
  const engine = createSimulation(findLesson('rings-pv-vs-hvm')!);
  engine.runUntil(untilNs);
  return engine;
}

describe('rings view model', () => {
  it('shows one column per guest with the right ring per lane', () => {
    const { state } = ringsLesson(0);
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
    const engine = ringsLesson(7_999); // just before the hypercall step (8 µs)
    const before = describeRings(engine.state, new Set());
    engine.runUntil(8_000 + 900); // pv32 has entered its kernel (through Xen) and made its int 0x82 hypercall
    const after = describeRings(engine.state, new Set());
    expect(before).toMatch(/pv32 \(pv32: kernel ring 1.*\): vCPU 0 in user space \(ring 3 · VMX root \(PV\)\); last crossing sysret/);
    expect(after).toMatch(/pv32 .*vCPU 0 in the hypervisor \(ring 0 · VMX root\); last crossing hypercall · 1,000 cycles ≈ 400 ns \(illustrative\)/);
    expect(after).toMatch(/hvm .*last crossing vmcall · 2,000 cycles ≈ 800 ns \(illustrative\)/);
  });

  it('finds the last crossing with the level it came from', () => {
    const engine = ringsLesson(8_000 + 900);
    const info = columnInfo(engine.state, engine.state.world.domains.pv32!)!;
    expect(lastCrossing(info.samples)).toMatchObject({ from: 'kernel', to: 'hypervisor', via: 'hypercall', cycles: 1000 });
  });

  it('fades an arrow with simulated time, never before it happens', () => {
    expect(crossingAlpha(100, 50, 1000)).toBe(0);
    expect(crossingAlpha(100, 100, 1000)).toBe(1);
    expect(crossingAlpha(100, 200, 1000)).toBeCloseTo(0.9);
    expect(crossingAlpha(100, 1e9, 1000)).toBe(0.7);
  });
});
