/**
 * EBS-style block storage (domain-facts §3): storage nodes with physical blocks shared by every
 * tenant, volumes that map logical blocks onto them on demand, snapshots in an object store and
 * region-scoped KMS keys. Large per-block data lives in chunked arrays (see `chunks.ts`), so one
 * block change copies one chunk, never a whole volume.
 */

/** A chunked array: fixed-size chunks so a write (`ctx.mut`) copies only the chunk it touches. */
export type Chunked<T> = T[][];

/**
 * Physical block states (small ints, stored in chunks).
 * FREE: never allocated (reads as zeros). ALLOCATED: mapped to a volume, not yet written by it.
 * WRITTEN: holds the owning volume's data. DIRTY: released by a deleted volume, still holding its
 * residue. WIPED: free again after the wipe. PENDING_WIPE: history only (pre-2016 docs): handed to
 * a new volume dirty and wiped on its first touch.
 */
export const BlockState = {
  FREE: 0,
  ALLOCATED: 1,
  WRITTEN: 2,
  DIRTY: 3,
  WIPED: 4,
  PENDING_WIPE: 5,
} as const;
export type BlockStateCode = (typeof BlockState)[keyof typeof BlockState];

/** Volume map entries besides a physical block index (>= 0). */
export const UNMAPPED = -1;
/** A restored volume's block still in the snapshot (object store): loads on first touch. */
export const LAZY = -2;

/** Who wrote a block, and how it is stored (`key`: the data key that encrypted it, or null). */
export interface Provenance {
  tenant: string;
  volume: string;
  label: string;
  at: number;
  /** Global write serial: snapshots copy blocks written since the previous snapshot. */
  seq: number;
  key: string | null;
}

/** Whether a node wipes released blocks in the background (today) or on first touch (history). */
export type WipeMode = 'before-reuse' | 'first-touch-historical';

export interface StorageNode {
  id: string;
  region: string;
  blockCount: number;
  wipeMode: WipeMode;
  state: Chunked<number>;
  prov: Chunked<Provenance | null>;
  /** Per chunk: blocks that are FREE, WIPED or DIRTY (dirty ones are usable only without wiping). */
  chunkAvailable: number[];
  /** Per chunk: DIRTY blocks. */
  chunkDirty: number[];
  /** Lowest index that may hold a clean (FREE/WIPED) block: keeps allocation amortised O(1). */
  cleanCursor: number;
  /** Released blocks waiting for the background wiper, as chunks of physical indices. */
  wipeQueue: number[][];
  wiperRunning: boolean;
  allocatedCount: number;
  dirtyCount: number;
}

export type VolumeStatus = 'available' | 'in-use' | 'deleted';

export interface VolumeInit {
  /** dd/fio read every block; `provisioned` is the 100–300 MiB/s initialization rate (§3.2). */
  mode: 'dd' | 'fio' | 'provisioned';
  nextLogical: number;
  blocksPerTick: number;
  tickNs: number;
}

export interface Volume {
  id: string;
  tenant: string;
  nodeId: string;
  region: string;
  sizeBlocks: number;
  status: VolumeStatus;
  attachedTo: string | null;
  encrypted: boolean;
  kmsKey: string | null;
  /** The per-volume data key (its plaintext lives in the host/Nitro card while attached, §3.3). */
  dataKey: string | null;
  /** logical → physical index, UNMAPPED or LAZY. */
  map: Chunked<number>;
  mappedCount: number;
  fromSnapshot: string | null;
  lazyTotal: number;
  lazyLoaded: number;
  fastSnapshotRestore: boolean;
  init: VolumeInit | null;
  /** Write serial at the last snapshot of this volume (incremental snapshots). */
  snapshotSeq: number;
  lastSnapshot: string | null;
  createdAt: number;
  deletedAt: number | null;
}

/** A block as the object store keeps it (logical content only). */
export interface SnapshotBlock {
  tenant: string;
  volume: string;
  label: string;
  at: number;
}

export interface Snapshot {
  id: string;
  tenant: string;
  region: string;
  sourceVolume: string | null;
  sourceSnapshot: string | null;
  /** Incremental: earlier snapshot of the same volume holding the unchanged blocks. */
  parent: string | null;
  sizeBlocks: number;
  encrypted: boolean;
  kmsKey: string | null;
  /** The data key of an encrypted snapshot: a volume restored under the same KMS key reuses it. */
  dataKey: string | null;
  /** Blocks stored in this snapshot (changed since the parent), keyed by logical index. */
  blocks: Record<string, SnapshotBlock>;
  storedBlocks: number;
  createdAt: number;
}

/**
 * A KMS key's state. `pending-deletion`: scheduled for deletion, waiting 7–30 days, unusable but
 * recoverable; `deleted`: gone for good; `no-material`: imported key material deleted (usable again
 * only if the same material is re-imported, which the simulator does not model).
 */
export type KmsKeyState = 'enabled' | 'disabled' | 'pending-deletion' | 'deleted' | 'no-material';

export interface KmsKey {
  id: string;
  region: string;
  tenant: string;
  /** The AWS-managed default key `alias/aws/ebs` of a region (cannot be disabled or deleted). */
  awsManaged: boolean;
  /** `external`: key material imported by the customer (it can be deleted at once). */
  origin: 'aws-kms' | 'external';
  state: KmsKeyState;
  /** Pending deletion: when the key is deleted (sim time, ns). */
  deletionAt: number | null;
}

/** Which path an I/O took, for the latency plot (illustrative numbers, see latency.ts). */
export type IoPath = 'xen-blkback' | 'nitro-ebs-card';
export type IoCause = 'steady' | 'lazy-fetch' | 'first-touch-wipe';

export interface IoSample {
  at: number;
  volume: string;
  op: 'read' | 'write';
  latencyNs: number;
  path: IoPath;
  cause: IoCause;
}

/** What a read handed back for one block: the auditor checks these. */
export type BlockContent =
  | { kind: 'zero' }
  | { kind: 'plain'; tenant: string; volume: string; label: string }
  | { kind: 'cipher'; key: string };

export interface ReadRecord {
  serial: number;
  at: number;
  volume: string;
  tenant: string;
  domain: string;
  blocks: Array<{ logical: number; physical: number; content: BlockContent }>;
}

/** The storage module's slice of the world (`world.storage`). */
export interface StorageWorld {
  nodes: Record<string, StorageNode>;
  volumes: Record<string, Volume>;
  snapshots: Record<string, Snapshot>;
  keys: Record<string, KmsKey>;
  writeSeq: number;
  /** Ring buffers: recent I/O latencies (plot) and recent reads (inspector, auditor). */
  io: IoSample[];
  ioNext: number;
  reads: ReadRecord[];
  readSerial: number;
  /** Last refused storage request, explained (e.g. a KMS key from another region). */
  lastError: { at: number; action: string; message: string } | null;
}
