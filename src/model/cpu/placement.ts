import type { Host, VirtMode } from '../hypervisor/types';
import type { DomainPlacement, HypervisorPlacement, Placement, PrivilegeLevel } from './types';

type ModePlacement = Omit<DomainPlacement, 'domainId' | 'hostId' | 'mode'>;

/**
 * Where each layer runs, per virtualization mode. PV guests run without VMX
 * (`vmx: 'none'`); hardware-virtualized guests keep their native rings inside VMX non-root.
 */
const MODE_PLACEMENT: Readonly<Record<VirtMode, ModePlacement>> = {
  pv32: {
    kernel: { ring: 1, vmx: 'none' },
    user: { ring: 3, vmx: 'none' },
    pageTables: 'shared',
    paging: 'pv-direct',
    hypercall: 'int 0x82',
    io: 'split-driver',
    source: 'xen-pv32-ring1',
  },
  pv64: {
    kernel: { ring: 3, vmx: 'none' },
    user: { ring: 3, vmx: 'none' },
    pageTables: 'split',
    paging: 'pv-direct',
    hypercall: 'syscall',
    io: 'split-driver',
    source: 'xen-pv64-ring3',
  },
  hvm: {
    kernel: { ring: 0, vmx: 'non-root' },
    user: { ring: 3, vmx: 'non-root' },
    pageTables: 'shared',
    paging: 'hap',
    hypercall: 'vmcall',
    io: 'emulated',
    source: 'xen-hvm-nonroot',
  },
  pvhvm: {
    kernel: { ring: 0, vmx: 'non-root' },
    user: { ring: 3, vmx: 'non-root' },
    pageTables: 'shared',
    paging: 'hap',
    hypercall: 'vmcall',
    io: 'split-driver',
    source: 'xen-qemu-device-model',
  },
  pvh: {
    kernel: { ring: 0, vmx: 'non-root' },
    user: { ring: 3, vmx: 'non-root' },
    pageTables: 'shared',
    paging: 'hap',
    hypercall: 'vmcall',
    io: 'split-driver',
    source: 'xen-pvh',
  },
};

/** Placement of a domain's layers on a host (Nitro guests are hardware-virtualized and do I/O through cards). */
export function placementFor(domainId: string, host: Pick<Host, 'id' | 'hypervisor'>, mode: VirtMode): DomainPlacement {
  const base = MODE_PLACEMENT[mode];
  const placement: DomainPlacement = {
    domainId,
    hostId: host.id,
    mode,
    kernel: { ...base.kernel },
    user: { ...base.user },
    pageTables: base.pageTables,
    paging: base.paging,
    hypercall: base.hypercall,
    io: base.io,
    source: base.source,
  };
  if (host.hypervisor === 'nitro') {
    placement.io = 'nitro-card';
    placement.source = 'nitro-no-dom0';
  }
  return placement;
}

/** The hypervisor layer: ring 0, VMX root (every simulated host is HVM-capable). */
export function hypervisorPlacementFor(host: Host): HypervisorPlacement {
  return {
    hostId: host.id,
    ring: 0,
    vmx: 'root',
    basis: host.hypervisor === 'xen' ? 'xen' : 'kvm',
    hasDom0: host.hypervisor === 'xen',
  };
}

/** Ring and VMX mode of a privilege level for one domain. */
export function placementOfLevel(level: PrivilegeLevel, domain: DomainPlacement, hypervisor: Placement): Placement {
  if (level === 'user') return domain.user;
  if (level === 'kernel') return domain.kernel;
  return hypervisor;
}

/** "ring 0 (VMX non-root)", "ring 1", … for narration and the UI. */
export function describePlacement(p: Placement): string {
  return p.vmx === 'none' ? `ring ${p.ring} (not in a VM)` : `ring ${p.ring} (VMX ${p.vmx})`;
}

/** Whether guests of this mode run under hardware virtualization (VM exits rather than traps). */
export function isHardwareVirtualized(placement: DomainPlacement): boolean {
  return placement.kernel.vmx === 'non-root';
}
