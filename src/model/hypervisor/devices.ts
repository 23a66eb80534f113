import type { Host, HostDevice, DeviceKind } from './types';

interface DeviceTemplate {
  kind: DeviceKind;
  name: string;
  inDom0: boolean;
  role: string;
}

/** Xen: dom0 owns the real devices and runs the backends (the hardware domain "gets all devices"). */
const XEN_DEVICES: readonly DeviceTemplate[] = [
  { kind: 'blkback', name: 'blkback', inDom0: true, role: 'block backend in dom0: maps the frontend\'s grant, checks the request, issues it to the disk' },
  { kind: 'netback', name: 'netback', inDom0: true, role: 'network backend in dom0' },
  { kind: 'device-model', name: 'QEMU device model', inDom0: true, role: 'emulates disk and NIC for HVM guests without PV drivers (PVH has none)' },
  { kind: 'disk', name: 'physical disk', inDom0: false, role: 'real disk, driven by dom0' },
  { kind: 'nic', name: 'physical NIC', inDom0: false, role: 'real network card, driven by dom0' },
];

/** Nitro: no dom0; cards do I/O and system control, the security chip guards firmware. */
const NITRO_DEVICES: readonly DeviceTemplate[] = [
  { kind: 'nitro-card-vpc', name: 'Nitro Card for VPC', inDom0: false, role: 'ENA networking, security groups, routing, encapsulation' },
  { kind: 'nitro-card-ebs', name: 'Nitro Card for EBS', inDom0: false, role: 'NVMe to remote EBS volumes, encryption' },
  { kind: 'nitro-card-instance-storage', name: 'Nitro Card for Instance Storage', inDom0: false, role: 'NVMe to local instance storage, transparent encryption' },
  { kind: 'nitro-controller', name: 'Nitro Controller', inDom0: false, role: 'system control, hardware root of trust, coordinates the hypervisor' },
  { kind: 'nitro-security-chip', name: 'Nitro Security Chip', inDom0: false, role: 'secure boot from a hardware root of trust; protects system firmware from modification' },
];

/** The I/O and control devices of a host, by hypervisor kind. */
export function hostDevices(host: Host): HostDevice[] {
  const templates = host.hypervisor === 'xen' ? XEN_DEVICES : NITRO_DEVICES;
  return templates.map((t) => ({
    id: `${host.id}.${t.kind}`,
    hostId: host.id,
    kind: t.kind,
    name: t.name,
    domainId: t.inDom0 ? `${host.id}.dom0` : null,
    role: t.role,
    requests: 0,
  }));
}
