import { describe, expect, it } from 'vitest';
import type { TraceRecord } from '../../engine';
import { cpuWorld } from './test-world';
import { historyInOrder } from './vcpu';

type Action = { type: string } & Record<string, unknown>;

/**
 * A small Xen host (a pv64 guest, an HVM guest, a 20-vCPU guest, a guest created at 1 s) and a
 * Nitro host; actions at 2 s. For what the cpu module does around domains' lives and actions.
 */
function world(actions: Action[], options: { cpu?: unknown; faults?: string[] } = {}) {
  const engine = cpuWorld({
    id: 'cpu-module-edges',
    xen: [
      { id: 'pv', tenant: 'a', mode: 'pv64', vcpus: 1, memoryMiB: 256, booted: true },
      { id: 'hvm', tenant: 'b', mode: 'hvm', vcpus: 1, memoryMiB: 256, booted: true },
      { id: 'big', tenant: 'a', mode: 'hvm', vcpus: 20, memoryMiB: 256, booted: true },
      { id: 'late', tenant: 'a', mode: 'pvh', vcpus: 2, memoryMiB: 256, bootAt: '1s' },
    ],
    nitro: [{ id: 'nv', tenant: 'a', memoryMiB: 256, booted: true }],
    actions: actions.map((action) => ({ action })),
    stepAt: '2s',
    ...options,
  });
  const trace: TraceRecord[] = [];
  engine.runUntil(3e9, { onFrame: (f) => trace.push(...f.trace) });
  return { engine, trace, cpu: engine.state.world.cpu };
}

const engineDevices = (w: ReturnType<typeof world>) => Object.fromEntries(Object.entries(w.engine.state.world.devices).filter(([, d]) => d.requests > 0).map(([id, d]) => [id, d.requests]));
const texts = (trace: TraceRecord[], kind: string, from = 2e9) => trace.filter((t) => t.kind === kind && t.at >= from).map((t) => t.text);

describe('vCPUs over a domain\'s life', () => {
  it('a guest created during the lesson gets its vCPUs in its kernel then, and each drops to user space when it boots', () => {
    const { cpu, trace } = world([]);
    expect(cpu.placements.late).toMatchObject({ domainId: 'late', hostId: 'x' });
    expect(historyInOrder(cpu.vcpus['late.v1']!)).toEqual([
      { at: 1e9, level: 'kernel', via: null, cycles: 0, ns: 0 },
      { at: 1.2e9, level: 'user', via: null, cycles: 0, ns: 0 },
    ]);
    expect(cpu.vcpus['late.v0']).toMatchObject({ level: 'user', ring: 3, vmx: 'non-root', transitions: 0, lastTransition: null, lastAt: 1.2e9, busyUntil: 1e9 });
    expect(texts(trace, 'transition', 1e9)).toEqual(['late starts user space on vCPU 0', 'late starts user space on vCPU 1']);
  });

  it('tracks at most 16 vCPUs of a guest, boots them all to user space, and names the range when asked for another', () => {
    const { cpu, trace } = world([{ type: 'cpu.syscall', domain: 'big', vcpu: 16 }, { type: 'cpu.syscall', domain: 'big', vcpu: 15 }]);
    const ids = Object.keys(cpu.vcpus).filter((id) => id.startsWith('big.'));
    expect(ids).toEqual(Array.from({ length: 16 }, (_, i) => `big.v${i}`));
    expect(ids.map((id) => cpu.vcpus[id]?.level)).toEqual(Array.from({ length: 16 }, () => 'user'));
    expect(texts(trace, 'error')).toEqual(['cpu.syscall: big has no tracked vCPU 16 (vCPUs 0–15 are tracked)']);
    expect(cpu.vcpus['big.v15']?.transitions).toBe(2);
  });

  it('forgets every tracked vCPU of a big guest when it is reaped, and only its own', () => {
    const { cpu } = world([{ type: 'guest.destroy', guest: 'big' }]);
    expect(Object.keys(cpu.vcpus).filter((id) => id.startsWith('big.'))).toEqual([]);
    expect(cpu.placements.big).toBeUndefined();
    expect(cpu.vcpus['hvm.v0']?.domainId).toBe('hvm');
    expect(Object.keys(cpu.placements).sort()).toEqual(['hvm', 'late', 'nv', 'pv', 'x.dom0']);
  });

  it('keeps 48 samples per vCPU unless the lesson asks for another number', () => {
    const { cpu } = world([]);
    expect(cpu.historyLength).toBe(48);
    expect(cpu.vcpus['pv.v0']?.history).toHaveLength(48);
  });
});

describe('what an action costs its vCPU', () => {
  it('keeps the vCPU busy for the whole plan: each crossing\'s cycles by the host clock, plus the work between', () => {
    const { cpu } = world([{ type: 'cpu.syscall', domain: 'hvm' }]);
    // syscall 150 cycles at 2 GHz (75 ns) + 200 ns in the kernel + sysret 100 cycles (50 ns).
    expect(cpu.vcpus['hvm.v0']?.busyUntil).toBe(2e9 + 325);
  });

  it('an HVM guest reading its own memory: no exit, no crossing, 50 ns of work', () => {
    const { cpu, trace } = world([{ type: 'cpu.memoryAccess', domain: 'hvm', where: 'inside' }]);
    expect(texts(trace, 'transition')).toEqual(['hvm reads its own guest-physical memory: the EPT/NPT walk happens in hardware, no exit']);
    expect(cpu.vcpus['hvm.v0']).toMatchObject({ level: 'user', transitions: 0, busyUntil: 2e9 + 50 });
    expect(cpu.attempts).toEqual([]);
  });
});

describe('a burst from a vCPU in its kernel', () => {
  it('dom0\'s vCPU, still in its kernel, first returns to user space, then runs the round trips', () => {
    const { cpu } = world([{ type: 'cpu.burst', domain: 'x.dom0', transition: 'syscall', count: 1 }], { cpu: { historyLength: 8 } });
    const v = cpu.vcpus['x.dom0.v0']!;
    expect(historyInOrder(v).map((s) => [s.at - 2e9, s.level, s.via])).toEqual([
      [-2e9, 'kernel', null],
      [0, 'hypervisor', 'hypercall'],
      [800, 'user', 'pv-return'],
      [1100, 'hypervisor', 'syscall'],
      [1475, 'kernel', 'bounce'],
      [1975, 'hypervisor', 'hypercall'],
      [2775, 'user', 'pv-return'],
    ]);
    expect(v.history[7]).toBeNull();
    expect(v).toMatchObject({ historyHead: 7, transitions: 6, cycles: 3950, level: 'user', ring: 3, vmx: 'none', lastTransition: 'pv-return', lastCycles: 600, lastAt: 2e9 + 2775, busyUntil: 2e9 + 3075 });
  });

  it('keeps the newest samples when a burst has more crossings than the history holds', () => {
    const { cpu } = world([{ type: 'cpu.burst', domain: 'hvm', transition: 'syscall', count: 3 }], { cpu: { historyLength: 4 } });
    const v = cpu.vcpus['hvm.v0']!;
    expect(historyInOrder(v).map((s) => [s.at - 2e9, s.via])).toEqual([
      [325, 'syscall'],
      [600, 'sysret'],
      [650, 'syscall'],
      [925, 'sysret'],
    ]);
    expect(v.historyHead).toBe(0);
  });

  it('a burst that fills the history exactly keeps the older samples before it', () => {
    const { cpu } = world([{ type: 'cpu.burst', domain: 'hvm', transition: 'syscall', count: 1 }], { cpu: { historyLength: 4 } });
    const v = cpu.vcpus['hvm.v0']!;
    expect(historyInOrder(v).map((s) => [s.at, s.level, s.via])).toEqual([
      [0, 'kernel', null],
      [0, 'user', null],
      [2e9, 'kernel', 'syscall'],
      [2e9 + 275, 'user', 'sysret'],
    ]);
    expect(v.historyHead).toBe(0);
  });
});

describe('what each I/O path says, step by step', () => {
  it('split driver, disk write from a PV guest: grant, ring, event channel, blkback in dom0, the disk, the response', () => {
    const { trace, cpu } = world([{ type: 'io.write', domain: 'pv', bytes: 512 }]);
    expect(texts(trace, 'io')).toEqual([
      'blkfront grants dom0 access to the data page (grant ref 8): dom0 never learns the page\'s machine address',
      'blkfront in pv puts a 512-byte request carrying grant ref 8 on the shared ring',
      'EVTCHNOP_send: blkfront kicks the backend through an event channel',
      'Xen delivers the event to blkback in dom0 (an upcall)',
      'the disk does the I/O (illustrative 50 µs)',
      'blkback puts the response on the ring, unmaps the grant and notifies the frontend',
      'request io-1 complete',
    ]);
    expect(cpu.io['io-1']).toMatchObject({ deviceId: 'x.disk', stage: 6, completedAt: expect.any(Number) as number });
    expect(engineDevices(world([{ type: 'io.write', domain: 'pv', bytes: 512 }]))).toEqual({ 'x.blkback': 1, 'x.disk': 1 });
  });

  it('split driver, network send from an HVM guest with PV drivers: netfront, netback, the NIC, a vmcall kick', () => {
    const { trace } = world([{ type: 'io.write', domain: 'late', device: 'net', bytes: 1024 }]);
    const all = trace.filter((t) => t.at >= 2e9 && (t.kind === 'io' || t.kind === 'transition')).map((t) => t.text);
    expect(all).toContain('netfront in late puts a 1024-byte request carrying grant ref 8 on the shared ring');
    expect(all).toContain('back in the guest kernel; the program waits for the response');
    expect(all).toContain('the NIC does the I/O (illustrative 50 µs)');
    expect(all).toContain('netback maps the grant (GNTTABOP_map_grant_ref); Xen checks the grant names dom0');
    expect(all).toContain('netback checks the request does not break isolation and issues it to the real device');
    expect(all).toContain('dom0 goes back to its other work');
    expect(all).toContain('the guest\'s event channel fires; netfront completes the request');
    expect(trace.find((t) => t.text === 'EVTCHNOP_send: netfront kicks the backend through an event channel')?.data).toMatchObject({ vcpu: 'late.v0', to: 'hypervisor', via: 'vmcall' });
  });

  it('plain HVM: an emulated controller, a VM exit, QEMU in dom0 user space', () => {
    const { trace, cpu } = world([{ type: 'io.write', domain: 'hvm' }]);
    expect(texts(trace, 'io')).toEqual([
      'the guest\'s ordinary disk driver programs an emulated controller (no PV drivers: plain HVM)',
      'the I/O-port/MMIO access causes a VM exit to Xen',
      'Xen hands the I/O request to QEMU, the device model in dom0 user space, through an event channel',
      'QEMU performs the I/O through dom0\'s real driver (illustrative device time)',
      'QEMU completes the request and notifies Xen',
      'request io-1 complete (PV drivers — PVHVM or PVH — avoid most of these exits)',
    ]);
    expect(texts(trace, 'transition')).toContain('Xen re-enters the guest with the emulated access completed; the vCPU was stalled all along');
    expect(cpu.io['io-1']).toMatchObject({ path: 'emulated', grantRef: null, deviceId: 'x.disk', stages: ['frontend', 'event-channel', 'device-model', 'device', 'response', 'done'] });
  });

  it('Nitro: a command queue, a doorbell to the card, the card\'s work, an interrupt back', () => {
    const disk = world([{ type: 'io.write', domain: 'nv' }]);
    expect(texts(disk.trace, 'io')).toEqual([
      'the guest\'s NVMe driver writes a command into a queue in its own memory',
      'it rings the doorbell of the Nitro Card for EBS over PCIe: no dom0 on the path',
      'the card sends the data to the EBS volume, encrypting it first if the volume is encrypted (illustrative time)',
      'the card posts a completion and interrupts the guest kernel',
      'request io-1 complete; the Nitro Hypervisor was not on the data path in this model',
    ]);
    const net = world([{ type: 'io.write', domain: 'nv', device: 'net' }]);
    expect(texts(net.trace, 'io').slice(0, 3)).toEqual([
      'the guest\'s ENA driver writes a command into a queue in its own memory',
      'it rings the doorbell of the Nitro Card for VPC over PCIe: no dom0 on the path',
      'the card applies security groups and encapsulates the packet (illustrative time)',
    ]);
    expect(net.trace.find((t) => t.text.startsWith('it rings the doorbell'))?.data).toMatchObject({ vcpu: null, to: null, via: 'nitro-doorbell', cycles: 300, ns: 150 });
    expect(net.cpu.io['io-1']).toMatchObject({ deviceId: 'n.nitro-card-vpc', stages: ['frontend', 'nitro-card', 'device', 'response', 'done'] });
  });
});

describe('how plan steps are traced and recorded', () => {
  it('files a crossing as a transition with its cost, an I/O stage without a crossing as io with no cost', () => {
    const { trace } = world([{ type: 'io.write', domain: 'pv' }]);
    const grant = trace.find((t) => t.text.startsWith('blkfront grants dom0'));
    expect(grant?.kind).toBe('io');
    expect(grant?.data).toEqual({ vcpu: null, to: null, via: null });
    const enter = trace.find((t) => t.at >= 2e9 && t.kind === 'transition');
    expect(enter?.data).toEqual({ vcpu: 'pv.v0', to: 'hypervisor', via: 'syscall', cycles: 150, ns: 75, illustrative: true });
  });

  it('keeps the last 64 attempts, dropping the oldest, and counts every refusal', () => {
    const attempts = Array.from({ length: 66 }, (): Action => ({ type: 'cpu.privileged', domain: 'hvm', from: 'user' }));
    const { cpu } = world(attempts);
    expect(cpu.attempts).toHaveLength(64);
    expect(cpu.stats.refused).toBe(66);
    const times = cpu.attempts.map((a) => a.at);
    expect(times).toEqual([...times].sort((a, b) => a - b));
    const all = world(attempts.slice(0, 2)).cpu.attempts;
    expect(cpu.attempts[0]?.at).toBeGreaterThan(all[1]?.at ?? Infinity);
    expect(cpu.attempts[0]).toMatchObject({ domainId: 'hvm', vcpuId: 'hvm.v0', outcome: 'refused' });
  });
});
