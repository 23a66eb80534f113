import { describe, expect, it } from 'vitest';
import type { TraceRecord } from '../../engine';
import { eventsUntil, smallWorld } from './test-world';
import { historyInOrder } from './vcpu';

const texts = (trace: TraceRecord[], from: number) => trace.filter((t) => t.at >= from && (t.kind === 'transition' || t.kind === 'denied')).map((t) => t.text);

describe('vCPUs over a domain\'s life, around its teardown', () => {
  it('a guest destroyed while still being built never starts user space, and keeps its vCPUs until it is reaped', () => {
    // late is created at 1 s, would boot at 1.2 s; destroyed at 1.16 s, reaped when teardown ends at 1.21 s.
    const engine = smallWorld([{ at: '1160ms', action: { type: 'guest.destroy', guest: 'late' } }], { extraXen: [{ id: 'late', tenant: 'a', mode: 'pvh', vcpus: 2, memoryMiB: 256, bootAt: '1s' }] });
    const trace: TraceRecord[] = [];
    engine.runUntil(1.205e9, { onFrame: (f) => trace.push(...f.trace) });
    const cpu = engine.state.world.cpu;
    expect(engine.state.world.domains.late?.status).toBe('dying');
    expect(cpu.placements.late).toMatchObject({ domainId: 'late', hostId: 'x' });
    expect(['late.v0', 'late.v1'].map((id) => cpu.vcpus[id]?.level)).toEqual(['kernel', 'kernel']);
    expect(historyInOrder(cpu.vcpus['late.v1']!)).toEqual([{ at: 1e9, level: 'kernel', via: null, cycles: 0, ns: 0 }]);
    expect(texts(trace, 1e9)).toEqual([]);
    engine.runUntil(1.21e9);
    expect(engine.state.world.domains.late?.status).toBe('destroyed');
    expect(Object.keys(engine.state.world.cpu.vcpus).filter((id) => id.startsWith('late.'))).toEqual([]);
    expect(engine.state.world.cpu.placements.late).toBeUndefined();
  });

  it('tracks exactly the vCPUs of each domain, dom0\'s included, and no other entry', () => {
    const engine = smallWorld([]);
    engine.runUntil(1);
    expect(Object.keys(engine.state.world.cpu.vcpus).sort()).toEqual(['hvm.v0', 'na.v0', 'na.v1', 'nb.v0', 'nb.v1', 'nc.v0', 'nc.v1', 'pv.v0', 'x.dom0.v0', 'x.dom0.v1', 'x.dom0.v2', 'x.dom0.v3']);
    expect(Object.keys(engine.state.world.cpu.placements).sort()).toEqual(['hvm', 'na', 'nb', 'nc', 'pv', 'x.dom0']);
  });

  it('booting starts user space with one event per tracked vCPU (16 of a 20-vCPU guest), and nothing more', () => {
    const engine = smallWorld([], { extraXen: [{ id: 'big', tenant: 'a', mode: 'hvm', vcpus: 20, memoryMiB: 256, booted: true }] });
    const kinds = eventsUntil(engine, 0);
    // pv 1 + hvm 1 + big 16 + na, nb, nc 2 each.
    expect(kinds.filter((k) => k === 'cpu.step')).toHaveLength(24);
    expect(engine.pending().filter((e) => e.kind === 'cpu.step')).toEqual([]);
    expect(Object.values(engine.state.world.cpu.vcpus).filter((v) => v.domainId === 'big' && v.level === 'user')).toHaveLength(16);
  });
});

describe('attempts on another domain\'s memory', () => {
  it('the EPT fault maps a frame of a running neighbour, never of one being torn down', () => {
    // nb is destroyed at 2 s and reaped at 2.05 s; na reads outside its memory at 2.01 s.
    const engine = smallWorld(
      [
        { at: '2s', action: { type: 'guest.destroy', guest: 'nb' } },
        { at: '2010ms', action: { type: 'cpu.memoryAccess', domain: 'na' } },
      ],
      { faults: ['ept-maps-foreign-frame'] },
    );
    engine.runUntil(3e9);
    const { cpu } = engine.state.world;
    expect(cpu.attempts.map((a) => [a.domainId, a.vcpuId, a.attempt, a.outcome])).toEqual([['na', 'na.v0', 'hvm-outside-gpa', 'allowed']]);
    expect(cpu.attempts[0]?.explanation).toBe('the EPT wrongly maps 0x10000000 to a machine frame of nc (fault ept-maps-foreign-frame): the guest reads another domain\'s memory without any exit');
    expect(engine.state.violations.map((v) => v.entities)).toEqual([{ domains: ['na', 'nc'] }]);
  });
});

describe('actions wait for a busy vCPU', () => {
  it('a page-table update, a second memory access and a second burst each start when the vCPU\'s previous action ends', () => {
    const at2 = (action: { type: string } & Record<string, unknown>) => ({ at: '2s', action });
    const engine = smallWorld([
      at2({ type: 'cpu.syscall', domain: 'pv' }),
      at2({ type: 'cpu.pageTableUpdate', domain: 'pv' }),
      at2({ type: 'cpu.memoryAccess', domain: 'hvm', where: 'inside' }),
      at2({ type: 'cpu.memoryAccess', domain: 'hvm' }),
      at2({ type: 'cpu.burst', domain: 'na', count: 2 }),
      at2({ type: 'cpu.burst', domain: 'na', count: 1, transition: 'hypercall' }),
    ]);
    const trace: TraceRecord[] = [];
    engine.runUntil(3e9, { onFrame: (f) => trace.push(...f.trace) });
    const firstAt = (text: string) => (trace.find((t) => t.at >= 2e9 && t.text.startsWith(text))?.at ?? 0) - 2e9;
    // pv: the syscall's plan takes 1975 ns; the mmu_update then enters the kernel again.
    expect(firstAt('hypercall via `syscall` (mmu_update')).toBe(2850);
    expect(trace.filter((t) => t.at >= 2e9 && t.data?.vcpu === 'pv.v0').map((t) => t.at - 2e9)).toEqual([0, 375, 875, 1675, 1975, 2350, 2850, 3650, 4150, 4950]);
    // hvm: reading inside takes 50 ns; the access outside starts then.
    expect(firstAt('EPT violation')).toBe(325);
    expect(trace.filter((t) => t.at >= 2e9 && t.data?.vcpu === 'hvm.v0').map((t) => t.at - 2e9)).toEqual([0, 50, 325, 1625, 2325]);
    // na: two syscall round trips take 650 ns; the hypercall burst runs after them.
    expect(firstAt('na.v0 runs 1 hypercall')).toBe(650);
    expect(engine.state.world.cpu.vcpus['na.v0']).toMatchObject({ transitions: 8, cycles: 3750, busyUntil: 2e9 + 2975, level: 'user' });
  });
});

describe('an event-channel notification', () => {
  it('the sender\'s hypercall names the receiver; Xen upcalls the receiver\'s kernel, which returns to user space', () => {
    const engine = smallWorld([{ at: '2s', action: { type: 'cpu.notify', domain: 'pv', to: 'hvm' } }]);
    const trace: TraceRecord[] = [];
    engine.runUntil(3e9, { onFrame: (f) => trace.push(...f.trace) });
    expect(texts(trace, 2e9).slice(2)).toEqual([
      'hypercall via `syscall` (EVTCHNOP_send to hvm) into Xen in ring 0',
      'Xen returns to the guest kernel',
      'the pv64 kernel returns to user space through Xen (iret hypercall): only Xen may switch to the user-only page table',
      'Xen switches to the user page table and returns to ring 3 user space',
      'Xen marks the event pending and upcalls hvm\'s kernel (event channels carry PV interrupts)',
      'sysret returns to ring 3 user space in VMX non-root: no VM exit',
    ]);
    const receiver = engine.state.world.cpu.vcpus['hvm.v0']!;
    expect(historyInOrder(receiver).map((s) => [s.at - 2e9, s.level, s.via])).toEqual([
      [-2e9, 'kernel', null],
      [-2e9, 'user', null],
      [3275, 'kernel', 'event-channel'],
      [3875, 'user', 'sysret'],
    ]);
  });
});

describe('a burst and the host-wide statistics', () => {
  it('adds every crossing and its cycles to the statistics and labels the costs illustrative', () => {
    const engine = smallWorld([{ at: '2s', action: { type: 'cpu.burst', domain: 'na', count: 2 } }]);
    const trace: TraceRecord[] = [];
    engine.runUntil(3e9, { onFrame: (f) => trace.push(...f.trace) });
    expect(engine.state.world.cpu.stats).toEqual({ transitions: 4, cycles: 500, refused: 0, byKind: { syscall: 2, sysret: 2 } });
    expect(trace.filter((t) => t.at >= 2e9).map((t) => [t.text, t.data])).toEqual([
      ['na.v0 runs 2 syscall round trips in one batch: 4 crossings, 500 cycles (illustrative costs), back in user space', { vcpu: 'na.v0', crossings: 4, cycles: 500, illustrative: true }],
    ]);
  });
});
