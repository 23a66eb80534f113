import { describe, expect, it } from 'vitest';
import type { TraceRecord } from '../../engine';
import { cpuWorld } from './test-world';
import { simulateCrossings } from './burst';
import { costOf, TRANSITION_COSTS } from './costs';
import { placementFor } from './placement';

type Action = { type: string } & Record<string, unknown>;

/** A small world: Xen host x (a pv64 guest, an HVM guest, a guest still building), a Nitro host n. */
function world(actions: Action[], options: { cpu?: unknown; faults?: string[] } = {}) {
  const engine = cpuWorld({
    id: 'cpu-edges',
    xen: [
      { id: 'pv', tenant: 'a', mode: 'pv64', vcpus: 2, memoryMiB: 256, booted: true },
      { id: 'hvm', tenant: 'a', mode: 'hvm', vcpus: 1, memoryMiB: 256, booted: true },
      { id: 'slow', tenant: 'a', memoryMiB: 256, bootAt: '1s' },
    ],
    nitro: [{ id: 'nv', tenant: 'a', memoryMiB: 256, booted: true }],
    actions: actions.map((action) => ({ action })),
    stepAt: '1s',
    ...options,
  });
  const trace: TraceRecord[] = [];
  engine.runUntil(2e9, { onFrame: (f) => trace.push(...f.trace) });
  return { engine, trace, errors: trace.filter((t) => t.kind === 'error').map((t) => t.text), cpu: engine.state.world.cpu };
}

describe('cpu actions that cannot run', () => {
  it('names the missing domain or vCPU, and how many vCPUs are tracked', () => {
    const { errors } = world([
      { type: 'cpu.syscall', domain: 'ghost' },
      { type: 'cpu.hypercall', domain: 'slow' },
      { type: 'cpu.privileged', domain: 'pv', vcpu: 5 },
    ]);
    expect(errors).toEqual(['cpu.syscall: no running domain ghost', 'cpu.hypercall: no running domain slow', 'cpu.privileged: pv has no tracked vCPU 5 (vCPUs 0–1 are tracked)']);
  });

  it('explains why an HVM guest cannot name a machine frame, and a PV guest cannot reach memory outside its page tables', () => {
    const { errors, cpu } = world([
      { type: 'cpu.pageTableUpdate', domain: 'hvm', frame: 'foreign' },
      { type: 'cpu.memoryAccess', domain: 'pv', where: 'outside' },
    ]);
    expect(errors).toEqual([
      "hvm is hardware-virtualized: its page tables hold guest-physical addresses, never machine frames, so it cannot even name another domain's frame (try cpu.memoryAccess)",
      'pv is PV: it reaches memory only through page tables Xen validated (try cpu.pageTableUpdate with frame "foreign")',
    ]);
    expect(cpu.attempts).toEqual([]);
  });

  it('sends event-channel notifications only to a running domain on the same Xen host', () => {
    const { errors } = world([
      { type: 'cpu.notify', domain: 'pv', to: 'ghost' },
      { type: 'cpu.notify', domain: 'pv', to: 'nv' },
      { type: 'cpu.notify', domain: 'pv', to: 'slow' },
      { type: 'cpu.notify', domain: 'nv', to: 'nv' },
    ]);
    expect(errors).toEqual([
      'cpu.notify: no running domain ghost on x',
      'cpu.notify: no running domain nv on x',
      'cpu.notify: no running domain slow on x',
      'cpu.notify: event channels are a Xen facility; Nitro hosts have none in this model',
    ]);
  });
});

describe('cpu actions that run', () => {
  it('a PV foreign mapping names the neighbour it aimed at: a running domain on the same host', () => {
    const { cpu } = world([{ type: 'cpu.pageTableUpdate', domain: 'pv', frame: 'foreign' }]);
    expect(cpu.attempts[0]?.explanation).toBe(
      "mmu_update rejected: the new page-table entry points at a machine frame owned by x.dom0, and Xen validates every update to a PV guest's page tables",
    );
  });

  it('numbers I/O requests and grant references; only the split-driver path uses a grant', () => {
    const { cpu } = world([
      { type: 'io.write', domain: 'pv', bytes: 512 },
      { type: 'io.write', domain: 'nv', device: 'net' },
      { type: 'io.write', domain: 'pv', vcpu: 1, device: 'net' },
    ]);
    expect(Object.values(cpu.io).map((r) => [r.id, r.domainId, r.hostId, r.op, r.bytes, r.path, r.grantRef])).toEqual([
      ['io-1', 'pv', 'x', 'disk-write', 512, 'split-driver', 8],
      ['io-2', 'nv', 'n', 'net-send', 4096, 'nitro-card', null],
      ['io-3', 'pv', 'x', 'net-send', 4096, 'split-driver', 9],
    ]);
    expect(cpu.nextIoId).toBe(4);
    expect(cpu.nextGrantRef).toBe(10);
    expect(Object.values(cpu.io).every((r) => r.completedAt !== null && r.stage === r.stages.length - 1)).toBe(true);
    expect(cpu.io['io-1']?.startedAt).toBe(1e9);
  });

  it('a burst of privileged instructions counts each VM exit and reports its crossings', () => {
    const { cpu, trace } = world([{ type: 'cpu.burst', domain: 'hvm', transition: 'privileged', count: 2 }]);
    const v = cpu.vcpus['hvm.v0'];
    // Each round trip: syscall, vmexit, vmentry, sysret.
    expect(v?.transitions).toBe(8);
    expect(v?.cycles).toBe(2 * (costOf('syscall') + costOf('vmexit') + costOf('vmentry') + costOf('sysret')));
    expect(cpu.stats.byKind.vmexit).toBe(2);
    expect(trace.find((t) => t.kind === 'transition' && t.at >= 1e9 && t.data?.vcpu === 'hvm.v0')?.text).toBe(
      `hvm.v0 runs 2 privileged round trips in one batch: 8 crossings, ${v?.cycles} cycles (illustrative costs), back in user space`,
    );
  });

  it('adds each crossing to the host-wide statistics: count, cycles and kind', () => {
    const before = world([]).cpu.stats;
    const { cpu } = world([{ type: 'cpu.syscall', domain: 'hvm' }]);
    expect(cpu.stats.transitions - before.transitions).toBe(2);
    expect(cpu.stats.cycles - before.cycles).toBe(TRANSITION_COSTS.syscall.cycles + TRANSITION_COSTS.sysret.cycles);
    expect(cpu.stats.byKind).toEqual({ ...before.byKind, syscall: (before.byKind.syscall ?? 0) + 1, sysret: (before.byKind.sysret ?? 0) + 1 });
    expect(cpu.stats.byKind.syscall).toBe(1);
  });

  it('keeps as many samples per vCPU as the lesson asks', () => {
    const { cpu } = world([], { cpu: { historyLength: 4 } });
    expect(cpu.historyLength).toBe(4);
    expect(cpu.vcpus['pv.v0']?.history).toHaveLength(4);
  });

  it('drops a destroyed guest\'s vCPUs and placement only when it is reaped', () => {
    const { cpu } = world([{ type: 'guest.destroy', guest: 'pv' }]);
    expect(cpu.placements['pv']).toBeUndefined();
    expect(Object.keys(cpu.vcpus).filter((id) => id.startsWith('pv.'))).toEqual([]);
    expect(cpu.vcpus['hvm.v0']).toBeDefined();
  });

  it('stops a plan whose domain went away mid-way, without touching other vCPUs', () => {
    const { cpu, engine } = world([
      { type: 'cpu.burst', domain: 'hvm', transition: 'syscall', count: 1 },
      { type: 'io.write', domain: 'pv' },
      { type: 'guest.destroy', guest: 'pv' },
    ]);
    expect(engine.state.world.domains['pv']?.status).toBe('destroyed');
    expect(cpu.vcpus['hvm.v0']?.transitions).toBe(2);
  });
});

describe('batched crossings', () => {
  it('simulates every crossing but samples only the last ones, oldest first', () => {
    const p = placementFor('g', { id: 'x', hypervisor: 'xen' }, 'hvm');
    const round = [
      { to: 'kernel' as const, via: 'syscall' as const, dwellNs: 200 },
      { to: 'user' as const, via: 'sysret' as const, dwellNs: 0 },
    ];
    const out = simulateCrossings([], round, 3, 1000, 2, p, { ring: 0, vmx: 'root' }, 3);
    expect(out.crossings).toBe(6);
    expect(out.cycles).toBe(3 * (TRANSITION_COSTS.syscall.cycles + TRANSITION_COSTS.sysret.cycles));
    expect(out.byKind).toEqual({ syscall: 3, sysret: 3 });
    expect(out.level).toBe('user');
    expect(out.where).toEqual({ ring: 3, vmx: 'non-root' });
    // Each round trip: 75 ns syscall + 200 ns in the kernel + 50 ns sysret = 325 ns.
    expect(out.endsAt).toBe(1000 + 3 * 325);
    expect(out.samples).toEqual([
      { at: 1000 + 325 + 275, level: 'user', via: 'sysret', cycles: 100, ns: 50 },
      { at: 1000 + 650, level: 'kernel', via: 'syscall', cycles: 150, ns: 75 },
      { at: 1000 + 650 + 275, level: 'user', via: 'sysret', cycles: 100, ns: 50 },
    ]);
    const prefixed = simulateCrossings([{ to: 'user', via: 'sysret', dwellNs: 0 }], round, 1, 0, 2, p, { ring: 0, vmx: 'root' }, 10);
    expect(prefixed.samples.map((s) => s.via)).toEqual(['sysret', 'syscall', 'sysret']);
    expect(prefixed.crossings).toBe(3);
  });
});
