import { describe, expect, it } from 'vitest';
import type { Host } from '../hypervisor/types';
import { describePlacement, hypervisorPlacementFor, isHardwareVirtualized, placementFor, placementOfLevel } from './placement';
import { historyInOrder, newVcpu, vcpuId } from './vcpu';
import type { LevelSample, VcpuState } from './types';

const xen = { id: 'x', hypervisor: 'xen' } as const;
const nitro = { id: 'n', hypervisor: 'nitro' } as const;

function host(hypervisor: 'xen' | 'nitro'): Host {
  return { id: 'h', name: 'h', hypervisor, xenVersion: hypervisor === 'xen' ? '4.17' : null, sockets: 1, coresPerSocket: 2, threadsPerCore: 1, memoryMiB: 1024, clockGHz: 2, domains: [] };
}

describe('where each layer runs', () => {
  it('places a pv32 guest: kernel in ring 1 outside any VM, shared page tables, int 0x82, split drivers', () => {
    expect(placementFor('g', xen, 'pv32')).toEqual({
      domainId: 'g',
      hostId: 'x',
      mode: 'pv32',
      kernel: { ring: 1, vmx: 'none' },
      user: { ring: 3, vmx: 'none' },
      pageTables: 'shared',
      paging: 'pv-direct',
      hypercall: 'int 0x82',
      io: 'split-driver',
      source: 'xen-pv32-ring1',
    });
  });

  it('places a pv64 guest: kernel and user both in ring 3, so the page tables are split', () => {
    expect(placementFor('g', xen, 'pv64')).toMatchObject({ kernel: { ring: 3, vmx: 'none' }, pageTables: 'split', hypercall: 'syscall', paging: 'pv-direct', source: 'xen-pv64-ring3' });
  });

  it('places the HVM family in VMX non-root with hardware paging; only plain HVM emulates its devices', () => {
    expect(placementFor('g', xen, 'hvm')).toMatchObject({ kernel: { ring: 0, vmx: 'non-root' }, user: { ring: 3, vmx: 'non-root' }, paging: 'hap', hypercall: 'vmcall', io: 'emulated', source: 'xen-hvm-nonroot' });
    expect(placementFor('g', xen, 'pvhvm')).toMatchObject({ io: 'split-driver', source: 'xen-qemu-device-model' });
    expect(placementFor('g', xen, 'pvh')).toMatchObject({ io: 'split-driver', source: 'xen-pvh' });
  });

  it('sends a Nitro guest\'s I/O to Nitro cards, citing the no-dom0 fact', () => {
    expect(placementFor('g', nitro, 'hvm')).toMatchObject({ hostId: 'n', io: 'nitro-card', source: 'nitro-no-dom0', kernel: { ring: 0, vmx: 'non-root' } });
  });

  it('gives every domain its own placement objects (changing one guest\'s never moves another\'s)', () => {
    const a = placementFor('a', xen, 'hvm');
    const b = placementFor('b', xen, 'hvm');
    expect(a.kernel).not.toBe(b.kernel);
    expect(a.user).not.toBe(b.user);
    a.kernel.ring = 3;
    expect(placementFor('c', xen, 'hvm').kernel.ring).toBe(0);
  });

  it('puts both hypervisors in ring 0 VMX root; only Xen has a dom0', () => {
    expect(hypervisorPlacementFor(host('xen'))).toEqual({ hostId: 'h', ring: 0, vmx: 'root', basis: 'xen', hasDom0: true });
    expect(hypervisorPlacementFor(host('nitro'))).toEqual({ hostId: 'h', ring: 0, vmx: 'root', basis: 'kvm', hasDom0: false });
  });

  it('maps a privilege level to the ring and VMX mode of that layer', () => {
    const p = placementFor('g', xen, 'pv32');
    const hyp = { ring: 0, vmx: 'root' } as const;
    expect(placementOfLevel('user', p, hyp)).toEqual({ ring: 3, vmx: 'none' });
    expect(placementOfLevel('kernel', p, hyp)).toEqual({ ring: 1, vmx: 'none' });
    expect(placementOfLevel('hypervisor', p, hyp)).toBe(hyp);
  });

  it('describes a placement for narration', () => {
    expect(describePlacement({ ring: 1, vmx: 'none' })).toBe('ring 1 (not in a VM)');
    expect(describePlacement({ ring: 0, vmx: 'non-root' })).toBe('ring 0 (VMX non-root)');
    expect(describePlacement({ ring: 0, vmx: 'root' })).toBe('ring 0 (VMX root)');
  });

  it('calls only VMX non-root guests hardware-virtualized', () => {
    expect(isHardwareVirtualized(placementFor('g', xen, 'pvh'))).toBe(true);
    expect(isHardwareVirtualized(placementFor('g', xen, 'pv64'))).toBe(false);
  });
});

describe('a vCPU\'s state and history', () => {
  it('starts in the guest kernel, with one initial sample and the next slot to write after it', () => {
    const v = newVcpu('g', 2, placementFor('g', xen, 'pv32'), 7, 4);
    expect(v).toEqual({
      id: 'g.v2',
      domainId: 'g',
      index: 2,
      level: 'kernel',
      ring: 1,
      vmx: 'none',
      lastTransition: null,
      lastCycles: 0,
      lastAt: 7,
      transitions: 0,
      cycles: 0,
      busyUntil: 7,
      history: [{ at: 7, level: 'kernel', via: null, cycles: 0, ns: 0 }, null, null, null],
      historyHead: 1,
    });
    expect(vcpuId('dom', 0)).toBe('dom.v0');
  });

  it('reads the ring buffer oldest first, skipping empty slots', () => {
    const s = (at: number): LevelSample => ({ at, level: 'user', via: 'sysret', cycles: 1, ns: 1 });
    const base = newVcpu('g', 0, placementFor('g', xen, 'hvm'), 0, 4);
    const wrapped: VcpuState = { ...base, history: [s(4), s(5), s(2), s(3)], historyHead: 2 };
    expect(historyInOrder(wrapped).map((x) => x.at)).toEqual([2, 3, 4, 5]);
    const partial: VcpuState = { ...base, history: [s(0), s(1), null, null], historyHead: 2 };
    expect(historyInOrder(partial).map((x) => x.at)).toEqual([0, 1]);
  });
});
