/**
 * Machine memory as frames (the fact sheet). Frames live in chunks of {@link CHUNK_FRAMES},
 * chunks in groups of {@link GROUP_CHUNKS}, so one change copies one group's pointer array and
 * the chunks it rewrites — never the whole host. Each per-frame field of a chunk is either one
 * number (the same for every frame of the chunk: a run-length of one chunk) or an array with one
 * small number per frame. Uniform chunks are shared by reference, which lets a 1 TiB guest of
 * 4 KiB frames (268M frames) be allocated, freed and scrubbed in seconds.
 */

/** Frame state codes (index into `counts`). */
export const FREE_CLEAN = 0;
/** Freed with `need_scrub` set: at the tail of the free lists, not handed out before a scrub. */
export const FREE_DIRTY = 1;
/** Being scrubbed: by an idle CPU (owner 0) or, on Xen ≤ 4.9, during its dying domain's teardown. */
export const SCRUBBING = 2;
export const ALLOCATED = 3;
export const STATE_NAMES = ['free-clean', 'free-dirty', 'scrubbing', 'allocated'] as const;
export type FrameStateName = (typeof STATE_NAMES)[number];

export const CHUNK_FRAMES = 1024;
export const GROUP_CHUNKS = 1024;

/** Per-frame fields. Indices (`owner`, `writerTenant`, `writerDomain`, `label`) are table index + 1; 0 = none. */
export const FRAME_FIELDS = ['state', 'owner', 'writerTenant', 'writerDomain', 'label', 'writtenAt', 'scrubbedAt', 'residue'] as const;
export type FrameField = (typeof FRAME_FIELDS)[number];
/** One frame's values: `residue` is 1 while the frame still holds what `writerDomain` wrote. */
export type FrameValues = Record<FrameField, number>;

export type ChunkField = number | readonly number[];

export type FrameChunk = { readonly [K in FrameField]: ChunkField } & {
  readonly size: number;
  /** Frames per state code: [free-clean, free-dirty, scrubbing, allocated]. */
  readonly counts: readonly number[];
};

export interface FrameGroup {
  readonly chunks: readonly FrameChunk[];
  readonly counts: readonly number[];
}

/** A run of machine frames [mfn, mfn + count): what frame searches, allocations and scrub batches yield. */
export type FrameRun = readonly [mfn: number, count: number];

/** One p2m extent: guest frames [gfn, gfn + count) are backed by machine frames [mfn, mfn + count). */
export type P2mExtent = readonly [gfn: number, mfn: number, count: number];

/** One NUMA node's background scrubber (an idle CPU running `scrub_free_pages()`). */
export interface NodeScrubber {
  /** Frame runs of the batch in progress; empty when idle. */
  batch: FrameRun[];
  /** When the batch in progress completes. */
  until: number;
  busy: boolean;
}

export interface HostMemory {
  hostId: string;
  frames: number;
  frameKiB: number;
  /** NUMA nodes (one per socket); node n owns a contiguous range of machine frames. */
  nodes: number;
  groups: FrameGroup[];
  counts: number[];
  scrubbers: NodeScrubber[];
  /** Xen scrubs pages a live domain frees (`scrub-domheap`, default off; the fact sheet). */
  scrubDomheap: boolean;
  /** Xen ≤ 4.9 scrubs synchronously while destroying a domain (the fact sheet). */
  syncTeardownScrub: boolean;
  /** Frames the allocator had to scrub synchronously because only dirty ones were left. */
  syncScrubbedFrames: number;
  /** Frames scrubbed in the background by idle CPUs. */
  idleScrubbedFrames: number;
  /** dom0's frames: allocated at boot with `MEMF_no_scrub`, so never scrubbed (fact xen-dom0-not-scrubbed). */
  unscrubbedDom0Frames: number;
  /** What boot scrubbing did to the free RAM left after dom0 was built. */
  bootscrub: 'idle' | 'on' | 'off';
  /** Frames `bootscrub=on` zeroed synchronously before the first guest could start. */
  bootScrubbedFrames: number;
}

/** How a guest's physical addresses reach machine frames (the fact sheet). */
export type PagingKind = 'pv-direct' | 'ept';

export interface DomainMemory {
  domainId: string;
  hostId: string;
  /** Index + 1 into `MemoryWorld.domainIds`. */
  index: number;
  /** Index + 1 into `MemoryWorld.tenantIds`; 0 for dom0 (the operator). */
  tenant: number;
  paging: PagingKind;
  /** Guest-physical → machine map as extents, in gfn order. */
  p2m: P2mExtent[];
  frames: number;
  /**
   * `held`: frames kept (allocated) while Xen ≤ 4.9 scrubs them during teardown;
   * `early`: the early-release fault put them back in the pool before that scrub ended;
   * `released`: gone.
   */
  phase: 'live' | 'held' | 'early' | 'released';
}

export interface Grant {
  id: string;
  from: string;
  to: string;
  hostId: string;
  mfn: number;
  gfn: number;
  /** When the granting domain ended foreign access (`gnttab_end_foreign_access`); null while the grant is active. */
  revokedAt?: number | null;
  /** Whether the grantee (e.g. blkback in dom0) has the frame mapped now. */
  mapped?: boolean;
}

export interface ProbeLeak {
  mfn: number;
  tenant: string;
  domain: string;
  label: string;
  writtenAt: number;
}

/** What a residue probe saw: a guest reading frames it was just given. */
export interface ProbeResult {
  at: number;
  eventIndex: number;
  domain: string;
  tenant: string;
  read: number;
  zeros: number;
  /** Frames holding data of the probing tenant itself (not a leak). */
  own: number;
  leakCount: number;
  /** The first leaks seen (bounded). */
  leaks: ProbeLeak[];
}

export interface MemoryConfig {
  mode: 'teaching' | 'realistic';
  frameKiB: number;
  /** Illustrative scrub rate of one CPU, derived from the fact sheet */
  scrubMiBPerSecond: number;
  scrubBatchMiB: number;
}

/** The memory module's slice of the world (`world.memory`). */
export interface MemoryWorld {
  config: MemoryConfig;
  hosts: Record<string, HostMemory>;
  domains: Record<string, DomainMemory>;
  /** Append-only tables that per-frame small ints index (+1). */
  domainIds: string[];
  tenantIds: string[];
  labels: string[];
  grants: Record<string, Grant>;
  nextGrant: number;
  probes: ProbeResult[];
}
