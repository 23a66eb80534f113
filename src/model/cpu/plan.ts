/**
 * A plan is the sequence of steps one action causes: privilege crossings of one or more vCPUs,
 * I/O stages and attempts that must fail. Plans are plain data carried in `cpu.step` events, so
 * every crossing is its own event (visible when stepping) with a cost in cycles.
 */
import { DWELL_NS } from './costs';
import { isHardwareVirtualized } from './placement';
import type { AttemptKind, DomainPlacement, IoStage, PrivilegeLevel, TransitionKind } from './types';

export interface PlanStep {
  /** vCPU that crosses; `null` for steps with no crossing (grant, device work). */
  vcpu: string | null;
  /** Level the vCPU moves to; `null` when no level changes. */
  to: PrivilegeLevel | null;
  /** The crossing (its cost is charged before the next step); `null` for no cost. */
  kind: TransitionKind | null;
  /** Simulated work after this step before the next one. */
  dwellNs: number;
  text: string;
  io?: { id: string; stage: IoStage; device?: string };
  attempt?: { kind: AttemptKind; refused: boolean; explanation: string; victim?: string };
}

/** Who the guest calls: Xen, or on Nitro the KVM-based Nitro Hypervisor. */
export function hypervisorName(p: DomainPlacement): string {
  return p.io === 'nitro-card' ? 'the Nitro Hypervisor' : 'Xen';
}

export function cross(vcpu: string, to: PrivilegeLevel, kind: TransitionKind, text: string, dwellNs: number = DWELL_NS[to === 'user' ? 'kernel' : to]): PlanStep {
  return { vcpu, to, kind, dwellNs: to === 'user' ? 0 : dwellNs, text };
}

/** User → guest kernel (a syscall, or the start of an interrupted program's kernel work). */
export function enterKernel(p: DomainPlacement, vcpu: string): PlanStep[] {
  if (p.mode === 'pv64') {
    return [
      cross(vcpu, 'hypervisor', 'syscall', 'syscall enters Xen (ring 0) through the SYSCALL entry point Xen owns (the LSTAR MSR, not the IDT): the pv64 kernel runs in ring 3, so the CPU cannot enter it directly'),
      cross(vcpu, 'kernel', 'bounce', 'Xen switches to the kernel page table and bounces into the guest kernel, still ring 3'),
    ];
  }
  if (p.mode === 'pv32') {
    // Xen owns the real IDT: the system call lands in Xen, which bounces it to the kernel's registered handler.
    return [
      cross(vcpu, 'hypervisor', 'syscall', 'int 0x80 lands in Xen (ring 0), which owns the real IDT'),
      cross(vcpu, 'kernel', 'bounce', 'Xen bounces the system call to the ring-1 guest kernel through the trap table it registered'),
    ];
  }
  return [cross(vcpu, 'kernel', 'syscall', 'syscall enters the guest kernel in ring 0 of VMX non-root: no VM exit')];
}

/** Guest kernel → user. */
export function leaveKernel(p: DomainPlacement, vcpu: string): PlanStep[] {
  if (p.mode === 'pv64') {
    return [
      cross(vcpu, 'hypervisor', 'hypercall', 'the pv64 kernel returns to user space through Xen (iret hypercall): only Xen may switch to the user-only page table'),
      cross(vcpu, 'user', 'pv-return', 'Xen switches to the user page table and returns to ring 3 user space'),
    ];
  }
  return [cross(vcpu, 'user', 'sysret', p.mode === 'pv32' ? 'the ring-1 kernel returns to ring 3 user space (iret to a less privileged ring)' : 'sysret returns to ring 3 user space in VMX non-root: no VM exit')];
}

/** Guest kernel → hypervisor → guest kernel on an explicit call. */
export function callHypervisor(p: DomainPlacement, vcpu: string, what: string): PlanStep[] {
  const name = hypervisorName(p);
  if (isHardwareVirtualized(p)) {
    return [
      cross(vcpu, 'hypervisor', 'vmcall', `vmcall (${what}): a VM exit to ${name} in VMX root`),
      cross(vcpu, 'kernel', 'vmentry', `${name} handles it and re-enters the guest (VM entry to non-root)`),
    ];
  }
  return [
    cross(vcpu, 'hypervisor', 'hypercall', `hypercall via \`${p.hypercall}\` (${what}) into Xen in ring 0`),
    cross(vcpu, 'kernel', 'pv-return', 'Xen returns to the guest kernel'),
  ];
}

/** Wraps kernel-level work: a program at user level first enters the kernel, and returns after. */
export function fromUserIfNeeded(p: DomainPlacement, vcpu: string, currentLevel: PrivilegeLevel, inner: PlanStep[]): PlanStep[] {
  if (currentLevel !== 'user') return inner;
  return [...enterKernel(p, vcpu), ...inner, ...leaveKernel(p, vcpu)];
}

export function syscallPlan(p: DomainPlacement, vcpu: string, level: PrivilegeLevel): PlanStep[] {
  // A syscall is issued from user space; a vCPU in the kernel finishes there first.
  const leave = level === 'user' ? [] : leaveKernel(p, vcpu);
  return [...leave, ...enterKernel(p, vcpu), ...leaveKernel(p, vcpu)];
}

export function hypercallPlan(p: DomainPlacement, vcpu: string, level: PrivilegeLevel, op: string): PlanStep[] {
  return fromUserIfNeeded(p, vcpu, level, callHypervisor(p, vcpu, op));
}

/** A kernel's privileged instruction: PV trap-and-emulate vs an HVM VM exit. */
export function kernelPrivilegedPlan(p: DomainPlacement, vcpu: string, level: PrivilegeLevel, instruction: string): PlanStep[] {
  const name = hypervisorName(p);
  const inner = isHardwareVirtualized(p)
    ? [
        cross(vcpu, 'hypervisor', 'vmexit', `\`${instruction}\` in the guest kernel causes a VM exit to ${name} (VMX root) because ${name} intercepts it (for \`wrmsr\`: the MSR is marked in the MSR bitmap), and ${name} emulates it`),
        cross(vcpu, 'kernel', 'vmentry', `${name} re-enters the guest after emulating \`${instruction}\``),
      ]
    : [
        cross(vcpu, 'hypervisor', 'trap', `\`${instruction}\` is privileged and the PV kernel is not in ring 0: #GP traps to Xen, which checks and emulates it (trap-and-emulate)`),
        cross(vcpu, 'kernel', 'pv-return', 'Xen returns to the guest kernel after emulating the instruction'),
      ];
  return fromUserIfNeeded(p, vcpu, level, inner);
}

/** Guest page-table update: PV through a validated mmu_update hypercall, HVM directly under EPT/NPT. */
export function ownPageTablePlan(p: DomainPlacement, vcpu: string, level: PrivilegeLevel): PlanStep[] {
  if (p.paging === 'hap') {
    const name = hypervisorName(p);
    return fromUserIfNeeded(p, vcpu, level, [
      {
        vcpu,
        to: 'kernel',
        kind: null,
        dwellNs: DWELL_NS.kernel,
        text: `the guest kernel writes its own page table: no exit to ${name}; EPT/NPT translates guest-physical to machine addresses in hardware`,
      },
    ]);
  }
  return hypercallPlan(p, vcpu, level, 'mmu_update (PV kernels also use update_va_mapping, multicalls, or writes to trapped writable page tables): Xen validates that the new entry maps a frame this domain owns, then applies it');
}
