/**
 * The cpu module's slice of the world (`world.cpu`): where each layer of every domain runs
 * (ring, VMX root/non-root), each vCPU's current privilege state, the transitions it made
 * recently, and I/O requests travelling through the split-driver or Nitro path.
 * Everything is plain JSON so `--dump-state`, hashing and time travel see it.
 */
import type { VirtMode } from '../hypervisor/types';

/** x86 protection ring (CPL). Rings 1 and 2 exist but only 32-bit PV kernels use ring 1. */
export type Ring = 0 | 1 | 3;

/**
 * VMX operation: `root` (hypervisor), `non-root` (hardware-virtualized guest), `none` (PV guests: not
 * inside a hardware VM; on a VMX-enabled host the CPU is then in VMX root operation at ring 1 or 3,
 * which is not ring 0 — fact xen-pv-in-vmx-root).
 */
export type VmxMode = 'root' | 'non-root' | 'none';

/** Where one layer of software runs. */
export interface Placement {
  ring: Ring;
  vmx: VmxMode;
}

/** The three privilege levels the Rings view draws as lanes. */
export type PrivilegeLevel = 'user' | 'kernel' | 'hypervisor';

/** The hypervisor layer of one host (Xen in ring 0 VMX root; Nitro's KVM-based hypervisor likewise). */
export interface HypervisorPlacement extends Placement {
  hostId: string;
  /** What the hypervisor is built on (the Nitro Hypervisor is based on KVM). */
  basis: 'xen' | 'kvm';
  /** Whether a dom0 (hardware + control domain) exists on this host. */
  hasDom0: boolean;
}

/** Where a domain's kernel and user space run, and how it reaches the hypervisor. */
export interface DomainPlacement {
  domainId: string;
  hostId: string;
  mode: VirtMode;
  kernel: Placement;
  user: Placement;
  /**
   * `split`: pv64 keeps a kernel page table (maps kernel + user) and a user-only one and Xen
   * switches between them, because ring 3 cannot protect the kernel from its applications otherwise.
   */
  pageTables: 'shared' | 'split';
  /** `pv-direct`: guest page tables hold machine frames, updated through validated mmu_update; `hap`: EPT/NPT. */
  paging: 'pv-direct' | 'hap';
  /** The instruction a kernel uses to call the hypervisor. */
  hypercall: 'int 0x82' | 'syscall' | 'vmcall';
  /** How I/O leaves the guest: PV split drivers, an emulated device model in dom0, or a Nitro card. */
  io: 'split-driver' | 'emulated' | 'nitro-card';
  /** Fact-sheet reference for this placement. */
  source: string;
}

/** Every kind of privilege crossing the model simulates. */
export type TransitionKind =
  | 'syscall' // user → guest kernel (native on HVM; via Xen on pv64)
  | 'sysret' // guest kernel → user
  | 'hypercall' // PV kernel → Xen (int 0x82 / syscall)
  | 'vmcall' // HVM/PVH kernel → hypervisor (a VM exit by request)
  | 'vmexit' // non-root → root on a privileged instruction, EPT violation, I/O…
  | 'vmentry' // root → non-root
  | 'pv-return' // Xen → PV guest (return from hypercall, emulation or iret)
  | 'trap' // PV: #GP or other exception lands in Xen (ring 0)
  | 'bounce' // Xen delivers an exception/event to a PV guest kernel via its trap table
  | 'fault' // exception delivered to the guest kernel inside the guest (no hypervisor involved)
  | 'event-channel' // event-channel notification (upcall into a guest)
  | 'interrupt' // a device interrupt delivered to the guest kernel
  | 'nitro-doorbell'; // guest driver rings a Nitro card's doorbell over PCIe (no dom0)

/** A cost figure and where it comes from; every number here is illustrative unless `illustrative` is false. */
export interface CostSpec {
  cycles: number;
  illustrative: boolean;
  /** Fact-sheet reference, e.g. "vm-exit-cost" or a source such as "SplitX, WIOV 2011". */
  costSource: string;
}

/** One sample of a vCPU's privilege level over simulated time (the swimlane timeline). */
export interface LevelSample {
  at: number;
  level: PrivilegeLevel;
  /** The crossing that led here (`null` for the initial sample). */
  via: TransitionKind | null;
  cycles: number;
  /** Simulated nanoseconds the crossing took on this host's clock. */
  ns: number;
}

/** A virtual CPU and its current privilege state. */
export interface VcpuState {
  /** `<domain>.v<index>` */
  id: string;
  domainId: string;
  index: number;
  level: PrivilegeLevel;
  ring: Ring;
  vmx: VmxMode;
  /** The last crossing (what the Rings view animates), `null` before any. */
  lastTransition: TransitionKind | null;
  lastCycles: number;
  lastAt: number;
  transitions: number;
  cycles: number;
  /** A new action on this vCPU waits until its current sequence of crossings ends. */
  busyUntil: number;
  /** Fixed-size ring buffer of recent samples (`null`: never written); `historyHead` is the next slot to write. */
  history: Array<LevelSample | null>;
  historyHead: number;
}

/** Attempts the hardware or Xen must refuse. */
export type AttemptKind = 'user-privileged' | 'pv-foreign-frame' | 'hvm-outside-gpa';

export interface AttemptRecord {
  at: number;
  domainId: string;
  vcpuId: string;
  attempt: AttemptKind;
  /** `refused`: the protection held; `allowed`: a fault switched it off (the auditor flags it). */
  outcome: 'refused' | 'allowed';
  explanation: string;
}

/** Stages of an I/O request (facts xen-split-drivers, nitro-components). */
export type IoStage =
  | 'frontend' // guest driver puts a request on the shared ring
  | 'grant' // frontend grants the backend access to the data page
  | 'event-channel' // kick to the other side
  | 'backend' // dom0 backend maps the grant, checks and issues the request
  | 'device-model' // HVM without PV drivers: QEMU in dom0 emulates the device
  | 'device' // the real device does the work
  | 'response' // response on the ring, event back to the guest
  | 'nitro-card' // a Nitro card does the I/O (no dom0)
  | 'done';

export interface IoRequest {
  id: string;
  domainId: string;
  hostId: string;
  op: 'disk-write' | 'net-send';
  bytes: number;
  path: DomainPlacement['io'];
  stages: IoStage[];
  /** Index into `stages` of the stage reached. */
  stage: number;
  /** Grant reference the frontend issued (split driver only). */
  grantRef: number | null;
  /** Device id (from `world.devices`) that served the request. */
  deviceId: string | null;
  startedAt: number;
  completedAt: number | null;
}

export interface CpuStats {
  transitions: number;
  cycles: number;
  refused: number;
  byKind: Partial<Record<TransitionKind, number>>;
}

export interface CpuWorld {
  /** Samples kept per vCPU for the timeline. */
  historyLength: number;
  hypervisors: Record<string, HypervisorPlacement>;
  placements: Record<string, DomainPlacement>;
  vcpus: Record<string, VcpuState>;
  /** Recent refused (or, under a fault, allowed) attempts, newest last, bounded. */
  attempts: AttemptRecord[];
  io: Record<string, IoRequest>;
  nextIoId: number;
  nextGrantRef: number;
  stats: CpuStats;
}
