/**
 * Attempts that must fail, visibly: user space executing a privileged
 * instruction, a PV kernel mapping a frame it does not own, an HVM guest reaching outside its
 * guest-physical space. Faults can switch the last two protections off to show what they prevent.
 */
import { cross, fromUserIfNeeded, hypervisorName, leaveKernel, type PlanStep } from './plan';
import { isHardwareVirtualized } from './placement';
import type { DomainPlacement, PrivilegeLevel } from './types';

export const FAULT_MMU_VALIDATION_OFF = 'xen-mmu-validation-off';
export const FAULT_EPT_OVERMAP = 'ept-maps-foreign-frame';

/** A program in ring 3 executes a privileged instruction: the CPU faults, the guest kernel handles it. */
export function userPrivilegedPlan(p: DomainPlacement, vcpu: string, level: PrivilegeLevel, instruction: string): PlanStep[] {
  const explanation = `user space (ring 3) executed \`${instruction}\`: the CPU raises #GP and the fault goes to the guest kernel, which kills or signals the program; nothing outside the guest is affected`;
  const prefix = level === 'user' ? [] : leaveKernel(p, vcpu);
  if (isHardwareVirtualized(p)) {
    return [
      ...prefix,
      { ...cross(vcpu, 'kernel', 'fault', `#GP is delivered to the guest kernel inside the guest (no VM exit needed)`), attempt: { kind: 'user-privileged', refused: true, explanation } },
      ...leaveKernel(p, vcpu),
    ];
  }
  return [
    ...prefix,
    cross(vcpu, 'hypervisor', 'trap', `#GP from ring 3 lands in Xen (ring 0), which owns the real IDT`),
    { ...cross(vcpu, 'kernel', 'bounce', 'Xen bounces the #GP to the guest kernel through its virtual trap table'), attempt: { kind: 'user-privileged', refused: true, explanation } },
    ...leaveKernel(p, vcpu),
  ];
}

/** A PV kernel asks Xen to map a machine frame owned by another domain. */
export function foreignFramePlan(p: DomainPlacement, vcpu: string, level: PrivilegeLevel, victim: string, validationOff: boolean): PlanStep[] {
  const explanation = validationOff
    ? `Xen's page-table validation is switched off (fault ${FAULT_MMU_VALIDATION_OFF}): the PTE pointing at a frame of ${victim} is accepted, so ${p.domainId} can now read another domain's memory`
    : `mmu_update rejected: the new page-table entry points at a machine frame owned by ${victim}, and Xen validates every update to a PV guest's page tables`;
  return fromUserIfNeeded(p, vcpu, level, [
    cross(vcpu, 'hypervisor', 'hypercall', `mmu_update hypercall via \`${p.hypercall}\`: map a frame owned by ${victim}`),
    {
      ...cross(vcpu, 'kernel', 'pv-return', validationOff ? 'Xen applies the update without checking ownership' : 'Xen returns an error to the guest kernel; the page table is unchanged'),
      attempt: { kind: 'pv-foreign-frame', refused: !validationOff, explanation, victim },
    },
  ]);
}

/** An HVM-family guest touches a guest-physical address beyond its memory. */
export function outsideGpaPlan(p: DomainPlacement, vcpu: string, level: PrivilegeLevel, memoryMiB: number, victim: string | undefined, overmapped: boolean): PlanStep[] {
  const name = hypervisorName(p);
  const address = `0x${(memoryMiB * 1024 * 1024).toString(16)}`;
  const refused = !(overmapped && victim);
  const explanation = refused
    ? `guest-physical address ${address} lies outside ${p.domainId}'s ${memoryMiB} MiB: the EPT/NPT has no entry for it, so the access exits to ${name}, which does not map it; no machine frame of another domain is reachable`
    : `the EPT wrongly maps ${address} to a machine frame of ${victim} (fault ${FAULT_EPT_OVERMAP}): the guest reads another domain's memory without any exit`;
  if (!refused) {
    return fromUserIfNeeded(p, vcpu, level, [
      { vcpu, to: 'kernel', kind: null, dwellNs: 200, text: `the guest kernel reads guest-physical ${address}`, attempt: { kind: 'hvm-outside-gpa', refused, explanation, victim } },
    ]);
  }
  return fromUserIfNeeded(p, vcpu, level, [
    cross(vcpu, 'hypervisor', 'vmexit', `EPT violation: guest-physical ${address} is not mapped, the CPU exits to ${name} (VMX root)`),
    { ...cross(vcpu, 'kernel', 'vmentry', `${name} refuses the access and re-enters the guest`), attempt: { kind: 'hvm-outside-gpa', refused, explanation } },
  ]);
}
