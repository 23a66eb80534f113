import { describe, expect, it } from 'vitest';
import type { VirtMode } from '../hypervisor/types';
import { DWELL_NS } from './costs';
import { ioPlan, stagesOf } from './io';
import { placementFor } from './placement';
import { callHypervisor, cross, enterKernel, fromUserIfNeeded, hypercallPlan, hypervisorName, kernelPrivilegedPlan, leaveKernel, ownPageTablePlan, syscallPlan, type PlanStep } from './plan';
import type { DomainPlacement, IoRequest } from './types';

const xen = { id: 'x', hypervisor: 'xen' } as const;
const nitro = { id: 'n', hypervisor: 'nitro' } as const;
const at = (mode: VirtMode, host: typeof xen | typeof nitro = xen): DomainPlacement => placementFor('g', host, mode);

/** Each step as [who, level, crossing, dwell]: what the Rings view animates. */
const shape = (plan: PlanStep[]): Array<[string | null, string | null, string | null, number]> => plan.map((s) => [s.vcpu, s.to, s.kind, s.dwellNs]);

describe('plan building blocks', () => {
  it('a crossing dwells at its level, except on the way back to user space', () => {
    expect(cross('v', 'kernel', 'syscall', 't')).toEqual({ vcpu: 'v', to: 'kernel', kind: 'syscall', dwellNs: DWELL_NS.kernel, text: 't' });
    expect(cross('v', 'hypervisor', 'vmcall', 't').dwellNs).toBe(DWELL_NS.hypervisor);
    expect(cross('v', 'user', 'sysret', 't').dwellNs).toBe(0);
    expect(cross('v', 'user', 'sysret', 't', 999).dwellNs).toBe(0);
    expect(cross('v', 'kernel', 'fault', 't', 7).dwellNs).toBe(7);
  });

  it('names the hypervisor a guest calls: Xen, or the Nitro Hypervisor', () => {
    expect(hypervisorName(at('hvm'))).toBe('Xen');
    expect(hypervisorName(at('hvm', nitro))).toBe('the Nitro Hypervisor');
  });

  it('enters a pv64 kernel through Xen, a pv32 kernel through Xen\'s IDT, an HVM kernel directly', () => {
    expect(shape(enterKernel(at('pv64'), 'v'))).toEqual([['v', 'hypervisor', 'syscall', 300], ['v', 'kernel', 'bounce', 200]]);
    expect(enterKernel(at('pv64'), 'v').map((s) => s.text)).toEqual([
      'syscall enters Xen (ring 0) through the SYSCALL entry point Xen owns (the LSTAR MSR, not the IDT): the pv64 kernel runs in ring 3, so the CPU cannot enter it directly',
      'Xen switches to the kernel page table and bounces into the guest kernel, still ring 3',
    ]);
    expect(enterKernel(at('pv32'), 'v').map((s) => [s.kind, s.text])).toEqual([
      ['syscall', 'int 0x80 lands in Xen (ring 0), which owns the real IDT'],
      ['bounce', 'Xen bounces the system call to the ring-1 guest kernel through the trap table it registered'],
    ]);
    expect(enterKernel(at('pvh'), 'v')).toEqual([{ vcpu: 'v', to: 'kernel', kind: 'syscall', dwellNs: 200, text: 'syscall enters the guest kernel in ring 0 of VMX non-root: no VM exit' }]);
  });

  it('leaves a pv64 kernel through Xen (only Xen switches page tables), others with one return', () => {
    expect(leaveKernel(at('pv64'), 'v').map((s) => [s.to, s.kind, s.text])).toEqual([
      ['hypervisor', 'hypercall', 'the pv64 kernel returns to user space through Xen (iret hypercall): only Xen may switch to the user-only page table'],
      ['user', 'pv-return', 'Xen switches to the user page table and returns to ring 3 user space'],
    ]);
    expect(leaveKernel(at('pv32'), 'v').map((s) => [s.to, s.kind, s.text])).toEqual([['user', 'sysret', 'the ring-1 kernel returns to ring 3 user space (iret to a less privileged ring)']]);
    expect(leaveKernel(at('hvm'), 'v').map((s) => s.text)).toEqual(['sysret returns to ring 3 user space in VMX non-root: no VM exit']);
  });

  it('calls the hypervisor with vmcall from VMX non-root, with a hypercall instruction from PV', () => {
    expect(callHypervisor(at('pvh', nitro), 'v', 'sched_op').map((s) => [s.to, s.kind, s.text])).toEqual([
      ['hypervisor', 'vmcall', 'vmcall (sched_op): a VM exit to the Nitro Hypervisor in VMX root'],
      ['kernel', 'vmentry', 'the Nitro Hypervisor handles it and re-enters the guest (VM entry to non-root)'],
    ]);
    expect(callHypervisor(at('pv32'), 'v', 'console_io').map((s) => [s.to, s.kind, s.text])).toEqual([
      ['hypervisor', 'hypercall', 'hypercall via `int 0x82` (console_io) into Xen in ring 0'],
      ['kernel', 'pv-return', 'Xen returns to the guest kernel'],
    ]);
  });

  it('wraps kernel work in a system call only when the program is in user space', () => {
    const inner = [cross('v', 'kernel', 'fault', 'inner')];
    expect(fromUserIfNeeded(at('hvm'), 'v', 'kernel', inner)).toBe(inner);
    expect(fromUserIfNeeded(at('hvm'), 'v', 'hypervisor', inner)).toBe(inner);
    expect(fromUserIfNeeded(at('hvm'), 'v', 'user', inner).map((s) => s.kind)).toEqual(['syscall', 'fault', 'sysret']);
  });
});

describe('whole plans', () => {
  it('a syscall from the kernel first finishes in user space', () => {
    expect(syscallPlan(at('hvm'), 'v', 'kernel').map((s) => s.kind)).toEqual(['sysret', 'syscall', 'sysret']);
    expect(syscallPlan(at('hvm'), 'v', 'user').map((s) => s.kind)).toEqual(['syscall', 'sysret']);
  });

  it('a hypercall from the kernel needs no system call around it', () => {
    expect(hypercallPlan(at('pv64'), 'v', 'kernel', 'sched_op').map((s) => s.kind)).toEqual(['hypercall', 'pv-return']);
  });

  it('a kernel\'s privileged instruction traps to Xen on PV and exits to the hypervisor on HVM, saying why', () => {
    expect(kernelPrivilegedPlan(at('pv32'), 'v', 'kernel', 'hlt').map((s) => [s.to, s.kind, s.text])).toEqual([
      ['hypervisor', 'trap', '`hlt` is privileged and the PV kernel is not in ring 0: #GP traps to Xen, which checks and emulates it (trap-and-emulate)'],
      ['kernel', 'pv-return', 'Xen returns to the guest kernel after emulating the instruction'],
    ]);
    expect(kernelPrivilegedPlan(at('hvm', nitro), 'v', 'kernel', 'wrmsr').map((s) => [s.to, s.kind, s.text])).toEqual([
      [
        'hypervisor',
        'vmexit',
        '`wrmsr` in the guest kernel causes a VM exit to the Nitro Hypervisor (VMX root) because the Nitro Hypervisor intercepts it (for `wrmsr`: the MSR is marked in the MSR bitmap), and the Nitro Hypervisor emulates it',
      ],
      ['kernel', 'vmentry', 'the Nitro Hypervisor re-enters the guest after emulating `wrmsr`'],
    ]);
  });

  it('a page-table write: in hardware under EPT/NPT, a validated mmu_update on PV', () => {
    expect(ownPageTablePlan(at('pvh'), 'v', 'kernel')).toEqual([
      { vcpu: 'v', to: 'kernel', kind: null, dwellNs: DWELL_NS.kernel, text: 'the guest kernel writes its own page table: no exit to Xen; EPT/NPT translates guest-physical to machine addresses in hardware' },
    ]);
    const pv = ownPageTablePlan(at('pv32'), 'v', 'kernel');
    expect(pv.map((s) => s.kind)).toEqual(['hypercall', 'pv-return']);
    expect(pv[0]?.text).toMatch(/^hypercall via `int 0x82` \(mmu_update .*Xen validates that the new entry maps a frame this domain owns, then applies it\) into Xen in ring 0$/);
  });
});

describe('I/O plans', () => {
  const request = (op: IoRequest['op'], grantRef: number | null = 8): IoRequest => ({
    id: 'io-1',
    domainId: 'g',
    hostId: 'x',
    op,
    bytes: 4096,
    path: 'split-driver',
    stages: [],
    stage: -1,
    grantRef,
    deviceId: null,
    startedAt: 0,
    completedAt: null,
  });
  const dom0 = placementFor('x.dom0', xen, 'pv64');
  const ioSteps = (plan: PlanStep[]) => plan.filter((s) => s.io).map((s) => [s.io?.stage, s.io?.device ?? null, s.vcpu, s.kind]);

  it('split driver for a network send: netfront, netback, the NIC, and a vmcall kick from VMX non-root', () => {
    const plan = ioPlan({ placement: at('pvh'), dom0, vcpu: 'g.v0', dom0Vcpu: 'x.dom0.v0', level: 'kernel', request: request('net-send', 9) });
    expect(ioSteps(plan)).toEqual([
      ['grant', null, null, null],
      ['frontend', null, null, null],
      ['event-channel', null, 'g.v0', 'vmcall'],
      ['backend', 'x.netback', 'x.dom0.v0', 'event-channel'],
      ['device', 'x.nic', null, null],
      ['response', null, 'x.dom0.v0', 'hypercall'],
      ['done', null, null, null],
    ]);
    expect(plan[0]?.text).toBe("netfront grants dom0 access to the data page (grant ref 9): dom0 never learns the page's machine address");
    expect(plan[1]?.text).toBe('netfront in g puts a 4096-byte request carrying grant ref 9 on the shared ring');
    expect(plan[3]?.kind).toBe('vmentry');
    expect(plan.find((s) => s.io?.stage === 'device')?.dwellNs).toBe(DWELL_NS.device);
    expect(plan.find((s) => s.io?.stage === 'device')?.text).toBe('the NIC does the I/O (illustrative 50 µs)');
    expect(plan[plan.length - 1]).toEqual({ vcpu: null, to: null, kind: null, dwellNs: 0, text: 'request io-1 complete', io: { id: 'io-1', stage: 'done' } });
  });

  it('split driver from a PV guest in user space: it first enters its kernel, and kicks with a hypercall', () => {
    const plan = ioPlan({ placement: at('pv32'), dom0, vcpu: 'g.v0', dom0Vcpu: 'x.dom0.v0', level: 'user', request: request('disk-write') });
    expect(plan.slice(0, 2).map((s) => s.kind)).toEqual(['syscall', 'bounce']);
    expect(plan.find((s) => s.io?.stage === 'event-channel')?.kind).toBe('hypercall');
    expect(plan[plan.indexOf(plan.find((s) => s.io?.stage === 'event-channel') as PlanStep) + 1]?.kind).toBe('pv-return');
    expect(plan.find((s) => s.io?.stage === 'backend')?.io?.device).toBe('x.blkback');
  });

  it('plain HVM: the access exits to Xen and QEMU in dom0 user space emulates the device', () => {
    const plan = ioPlan({ placement: at('hvm'), dom0, vcpu: 'g.v0', dom0Vcpu: 'x.dom0.v0', level: 'kernel', request: request('net-send', null) });
    expect(ioSteps(plan)).toEqual([
      ['frontend', null, null, null],
      ['event-channel', null, 'g.v0', 'vmexit'],
      ['device-model', 'x.device-model', 'x.dom0.v0', 'event-channel'],
      ['device', 'x.nic', null, null],
      ['response', null, 'x.dom0.v0', 'hypercall'],
      ['done', null, null, null],
    ]);
    expect(plan[0]?.text).toBe("the guest's ordinary NIC driver programs an emulated controller (no PV drivers: plain HVM)");
    expect(plan.find((s) => s.io?.stage === 'device-model')?.to).toBe('user');
    expect(stagesOf(plan)).toEqual(['frontend', 'event-channel', 'device-model', 'device', 'response', 'done']);
  });

  it('Nitro: a doorbell to the EBS or VPC card and an interrupt back, with no dom0 vCPU on the path', () => {
    const disk = ioPlan({ placement: at('hvm', nitro), dom0: null, vcpu: 'g.v0', dom0Vcpu: null, level: 'kernel', request: request('disk-write', null) });
    expect(ioSteps(disk)).toEqual([
      ['frontend', null, null, null],
      ['nitro-card', 'n.nitro-card-ebs', null, 'nitro-doorbell'],
      ['device', null, null, null],
      ['response', null, 'g.v0', 'interrupt'],
      ['done', null, null, null],
    ]);
    expect(disk[0]?.text).toBe("the guest's NVMe driver writes a command into a queue in its own memory");
    expect(disk[1]?.text).toBe('it rings the doorbell of the Nitro Card for EBS over PCIe: no dom0 on the path');
    expect(disk[disk.length - 1]?.text).toBe('request io-1 complete; the Nitro Hypervisor was not on the data path in this model');
    const net = ioPlan({ placement: at('hvm', nitro), dom0: null, vcpu: 'g.v0', dom0Vcpu: null, level: 'kernel', request: request('net-send', null) });
    expect(net[1]?.io?.device).toBe('n.nitro-card-vpc');
    expect(net[0]?.text).toBe("the guest's ENA driver writes a command into a queue in its own memory");
    expect(net.find((s) => s.io?.stage === 'device')?.text).toBe('the card applies security groups and encapsulates the packet (illustrative time)');
  });

  it('lists each stage once, in the order first reached', () => {
    const io = { id: 'i', stage: 'grant' as const };
    const steps: PlanStep[] = [
      { vcpu: null, to: null, kind: null, dwellNs: 0, text: '', io },
      { vcpu: null, to: null, kind: null, dwellNs: 0, text: '' },
      { vcpu: null, to: null, kind: null, dwellNs: 0, text: '', io: { id: 'i', stage: 'done' } },
      { vcpu: null, to: null, kind: null, dwellNs: 0, text: '', io },
    ];
    expect(stagesOf(steps)).toEqual(['grant', 'done']);
  });
});
