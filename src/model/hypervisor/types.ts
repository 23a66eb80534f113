/**
 * Physical hosts, tenants and domains: the hypervisor's view of the world.
 * Where each layer runs (rings, root/non-root) lives in the cpu module; memory frames in memory.
 */
export type HypervisorKind = 'xen' | 'nitro';

/** Xen guest virtualization modes. Nitro guests are always hardware-virtualized (`hvm`). */
export type VirtMode = 'pv32' | 'pv64' | 'hvm' | 'pvhvm' | 'pvh';

export interface Tenant {
  id: string;
  name: string;
  /** Index into the Okabe–Ito palette; the UI adds a second channel (label/pattern). */
  colorIndex: number;
}

export interface Host {
  id: string;
  name: string;
  hypervisor: HypervisorKind;
  /** Xen release the host runs (`4.9`, `4.10`…), which decides e.g. how memory is scrubbed. */
  xenVersion: string | null;
  sockets: number;
  coresPerSocket: number;
  threadsPerCore: number;
  memoryMiB: number;
  clockGHz: number;
  /** Domains on this host in creation order (dom0 first on Xen). */
  domains: string[];
}

export type DomainStatus = 'building' | 'running' | 'dying' | 'destroyed';

export interface Domain {
  id: string;
  hostId: string;
  name: string;
  /** `dom0` is Xen's hardware and control domain; everything else is a guest. */
  role: 'dom0' | 'guest';
  /** Owning tenant; `null` for dom0 (the operator's). */
  tenant: string | null;
  mode: VirtMode;
  vcpus: number;
  memoryMiB: number;
  status: DomainStatus;
  createdAt: number;
  destroyedAt: number | null;
  /** Modules doing teardown work (e.g. synchronous scrubbing) raise this; the domain is reaped after it. */
  teardownBusyUntil: number;
}

/**
 * Devices that carry guest I/O. On Xen hosts the real devices belong to
 * dom0, which runs the backends (blkback, netback) and, for HVM guests without PV drivers, the
 * QEMU device model. On Nitro hosts there is no dom0: I/O goes to Nitro cards over PCIe, and the
 * Nitro Controller and Security Chip provide system control and the hardware root of trust.
 */
export type DeviceKind =
  | 'blkback'
  | 'netback'
  | 'device-model'
  | 'disk'
  | 'nic'
  | 'nitro-card-vpc'
  | 'nitro-card-ebs'
  | 'nitro-card-instance-storage'
  | 'nitro-controller'
  | 'nitro-security-chip';

export interface HostDevice {
  /** `<host>.<kind>` */
  id: string;
  hostId: string;
  kind: DeviceKind;
  name: string;
  /** The domain running it (dom0 for Xen backends), `null` for hardware (disks, NICs, Nitro cards). */
  domainId: string | null;
  /** What it does, with its fact-sheet reference. */
  role: string;
  /** I/O requests served so far. */
  requests: number;
}

export interface HypervisorWorld {
  tenants: Record<string, Tenant>;
  hosts: Record<string, Host>;
  domains: Record<string, Domain>;
  /** Backends, physical devices and Nitro cards, by id (filter by `hostId`). */
  devices: Record<string, HostDevice>;
}
