import type { DomainPlacement, HypervisorPlacement, IoRequest, Placement, PrivilegeLevel } from '../../src/model/cpu/types';
import type { Domain, VirtMode } from '../../src/model/hypervisor/types';
import type { SimState } from '../../src/model/state';

export interface DomainPrivilege {
  kernel: Placement;
  user: Placement;
  /** The cpu model's full record when it has one (hypercall instruction, paging, I/O path). */
  placement: DomainPlacement | null;
}

/**
 * Domain-facts §1.1: pv32 kernels run in ring 1, pv64 kernels in ring 3 (with separate kernel and
 * user page tables), HVM/PVHVM/PVH kernels in ring 0 of VMX non-root; user space in ring 3.
 * Used only when the cpu model has not recorded a placement (e.g. a state from an older build).
 */
const BY_MODE: Record<VirtMode, { kernel: Placement; user: Placement }> = {
  pv32: { kernel: { ring: 1, vmx: 'none' }, user: { ring: 3, vmx: 'none' } },
  pv64: { kernel: { ring: 3, vmx: 'none' }, user: { ring: 3, vmx: 'none' } },
  hvm: { kernel: { ring: 0, vmx: 'non-root' }, user: { ring: 3, vmx: 'non-root' } },
  pvhvm: { kernel: { ring: 0, vmx: 'non-root' }, user: { ring: 3, vmx: 'non-root' } },
  pvh: { kernel: { ring: 0, vmx: 'non-root' }, user: { ring: 3, vmx: 'non-root' } },
};

export function domainPrivilege(state: SimState, domain: Domain): DomainPrivilege {
  const placement = state.world.cpu?.placements?.[domain.id] ?? null;
  if (placement) return { kernel: placement.kernel, user: placement.user, placement };
  return { ...(BY_MODE[domain.mode] ?? BY_MODE.hvm), placement: null };
}

export function hypervisorPlacement(state: SimState, hostId: string): HypervisorPlacement | null {
  return state.world.cpu?.hypervisors?.[hostId] ?? null;
}

/**
 * PV guests run outside any VM: on a Xen host with VMX enabled the CPU stays in VMX root
 * operation for them too, only at ring 1 or 3 — so "root" must never read as "ring 0".
 */
const VMX_LABEL: Record<Placement['vmx'], string> = { root: 'VMX root', 'non-root': 'non-root', none: 'VMX root (PV)' };

export function describePlacement(p: Placement): string {
  return `ring ${p.ring} · ${VMX_LABEL[p.vmx] ?? p.vmx}`;
}

export const PAGING_LABEL: Record<DomainPlacement['paging'], string> = { 'pv-direct': 'direct, mmu_update', hap: 'EPT/NPT (HAP)' };
export const IO_LABEL: Record<DomainPlacement['io'], string> = { 'split-driver': 'split driver', emulated: 'emulated (QEMU)', 'nitro-card': 'Nitro card' };

/** Each vCPU's current privilege level, if the cpu model tracks it, else null. */
export function vcpuLevels(state: SimState, domain: Domain): Array<PrivilegeLevel | null> {
  const vcpus = state.world.cpu?.vcpus;
  const out: Array<PrivilegeLevel | null> = [];
  for (let i = 0; i < domain.vcpus; i++) out.push(vcpus?.[`${domain.id}.v${i}`]?.level ?? null);
  return out;
}

/** The domain's I/O request still in flight (the latest one), if the cpu model tracks any. */
export function activeIo(state: SimState, domainId: string): IoRequest | null {
  let found: IoRequest | null = null;
  for (const request of Object.values(state.world.cpu?.io ?? {})) {
    if (request.domainId === domainId && request.completedAt === null && (!found || request.startedAt >= found.startedAt)) found = request;
  }
  return found;
}
