import type { Immutable } from '../../engine';
import type { ModelWriteContext } from '../events';
import type { SimState } from '../state';
import type { EbsRead, EbsWrite } from './actions';
import type { IoPayload } from './events';
import { allocateBlock, nodeInState, setBlockState, setProv, wipeOnFirstTouch, type NodeWrites } from './blocks';
import { getAt, setVia } from './chunks';
import { describeContent, readContent } from './content';
import { HISTORICAL_IOPS_LOSS_MAX, HISTORICAL_IOPS_LOSS_MIN, ioLatency } from './latency';
import { refuse } from './refuse';
import { resolveSnapshotBlock } from './snapshot-data';
import { BlockState, LAZY, UNMAPPED, type BlockContent, type IoCause, type IoPath, type StorageNode, type Volume } from './types';
import { NO_EBS_WIPE } from './volumes';

/** Ring sizes: enough for the latency plot and the inspector, bounded whatever the run length. */
export const IO_SAMPLES_KEPT = 256;
export const READS_KEPT = 32;

/** Whether the node hands out dirty blocks: the fault (no wipe at all) or history (wipe later). */
function reusesDirty(node: Immutable<StorageNode>, ctx: ModelWriteContext): boolean {
  return node.wipeMode === 'first-touch-historical' || ctx.fault(NO_EBS_WIPE);
}

/** A read or write request from an attached guest: checked now, completed after its latency. */
export function submitIo(state: Immutable<SimState>, ctx: ModelWriteContext, a: EbsRead | EbsWrite): void {
  const storage = state.world.storage;
  const volume = storage.volumes[a.volume];
  if (!volume || volume.status === 'deleted') return refuse(ctx, a.type, `no volume ${a.volume}`);
  if (volume.attachedTo === null) return refuse(ctx, a.type, `volume ${a.volume} is not attached to a guest`);
  const guest = state.world.domains[volume.attachedTo];
  if (!guest || guest.status !== 'running') return refuse(ctx, a.type, `guest ${volume.attachedTo} is not running`);
  if (a.block + a.count > volume.sizeBlocks) return refuse(ctx, a.type, `blocks ${a.block}..${a.block + a.count - 1} are outside volume ${a.volume} (${volume.sizeBlocks} blocks)`);
  const node = storage.nodes[volume.nodeId];
  if (!node) return refuse(ctx, a.type, `storage node ${volume.nodeId} is gone`);
  const path: IoPath = state.world.hosts[guest.hostId]?.hypervisor === 'nitro' ? 'nitro-ebs-card' : 'xen-blkback';
  const cause = firstTouchCause(volume, node, a.block, a.count);
  const iopsLoss = cause === 'first-touch-wipe' ? HISTORICAL_IOPS_LOSS_MIN + ctx.random() * (HISTORICAL_IOPS_LOSS_MAX - HISTORICAL_IOPS_LOSS_MIN) : 0;
  const latency = ioLatency({ path, encrypted: volume.encrypted, cause, iopsLoss });
  const payload: IoPayload = {
    op: a.type === 'ebs.write' ? 'write' : 'read',
    volume: a.volume,
    block: a.block,
    count: a.count,
    data: a.type === 'ebs.write' ? a.data : null,
    domain: guest.id,
    path,
    cause,
    submittedAt: ctx.now,
  };
  ctx.schedule('ebs.io', payload, latency);
}

/** The slow cases of the first touch of a block: lazy fetch from the snapshot, or the historical wipe. */
function firstTouchCause(volume: Immutable<Volume>, node: Immutable<StorageNode>, block: number, count: number): IoCause {
  let cause: IoCause = 'steady';
  for (let logical = block; logical < block + count; logical++) {
    const entry = getAt(volume.map, logical);
    if (entry === LAZY) return 'lazy-fetch';
    if (node.wipeMode === 'first-touch-historical' && (entry === UNMAPPED || getAt(node.state, entry) === BlockState.PENDING_WIPE)) cause = 'first-touch-wipe';
  }
  return cause;
}

/**
 * Maps a logical block of volume `volumeId` (which exists) to a physical one on its node `w`,
 * allocating or lazily loading it on first touch.
 */
function touchBlock(state: Immutable<SimState>, ctx: ModelWriteContext, volumeId: string, w: NodeWrites, logical: number): number {
  const volume = state.world.storage.volumes[volumeId];
  if (!volume) return -1;
  const nodeId = w.node.id;
  const entry = getAt(volume.map, logical);
  if (entry >= 0) {
    if (wipeOnFirstTouch(w, entry)) ctx.touch('storage.wipe', `${nodeId}|${entry}`);
    return entry;
  }
  const allocation = allocateBlock(w, reusesDirty(w.node, ctx));
  if (!allocation) return -1;
  // The auditor checks every allocation: a block that was dirty must be wiped in this same event.
  ctx.touch('storage.alloc', `${nodeId}|${allocation.index}|${volumeId}|${allocation.previous}`);
  if (wipeOnFirstTouch(w, allocation.index)) ctx.touch('storage.wipe', `${nodeId}|${allocation.index}`);
  setVia((c) => ctx.mut('world', 'storage', 'volumes', volumeId, 'map', c), logical, allocation.index);
  const writable = ctx.mut('world', 'storage', 'volumes', volumeId);
  writable.mappedCount++;
  if (entry === LAZY) {
    const data = volume.fromSnapshot === null ? null : resolveSnapshotBlock(state.world.storage.snapshots, volume.fromSnapshot, logical);
    if (data) {
      // Loaded blocks are not changes (seq 0): the next snapshot stays incremental on the source.
      setProv(w, allocation.index, { ...data, seq: 0, key: volume.dataKey });
      setBlockState(w, allocation.index, BlockState.WRITTEN);
    }
    writable.lazyLoaded++;
  }
  return allocation.index;
}

/** Loads one lazily restored block without an I/O from the guest (initialization, FSR). */
export function loadLazyBlock(state: Immutable<SimState>, ctx: ModelWriteContext, volumeId: string, logical: number): boolean {
  const volume = state.world.storage.volumes[volumeId];
  if (!volume || !state.world.storage.nodes[volume.nodeId] || getAt(volume.map, logical) !== LAZY) return false;
  return touchBlock(state, ctx, volumeId, nodeInState(state, ctx, volume.nodeId), logical) >= 0;
}

export function completeIo(state: Immutable<SimState>, ctx: ModelWriteContext, p: IoPayload): void {
  const volume = state.world.storage.volumes[p.volume];
  if (!volume || volume.status === 'deleted' || volume.attachedTo !== p.domain) {
    return ctx.trace('ebs', `${p.op} on ${p.volume} dropped: the volume went away while the I/O was in flight`, { volume: p.volume });
  }
  if (!state.world.storage.nodes[volume.nodeId]) return;
  const w = nodeInState(state, ctx, volume.nodeId);
  // Fields read below (tenant, id, data key) never change during an I/O, so `volume` may be the copy before it.
  const results: Array<{ logical: number; physical: number; content: BlockContent }> = [];
  for (let logical = p.block; logical < p.block + p.count; logical++) {
    const physical = touchBlock(state, ctx, p.volume, w, logical);
    if (physical < 0) return refuse(ctx, `ebs.${p.op}`, `storage node ${w.node.id} is full`);
    if (p.op === 'write') {
      const seq = ++ctx.mut('world', 'storage').writeSeq;
      setProv(w, physical, { tenant: volume.tenant, volume: volume.id, label: p.data ?? '', at: ctx.now, seq, key: volume.dataKey });
      setBlockState(w, physical, BlockState.WRITTEN);
    } else {
      results.push({ logical, physical, content: readContent(getAt(w.node.prov, physical), volume) });
    }
  }
  recordSample(ctx, p);
  if (p.op === 'read') recordRead(ctx, p, volume.tenant, results);
  else ctx.trace('io', `${p.domain} wrote "${p.data}" to ${p.volume} blocks ${range(p)} in ${formatUs(ctx.now - p.submittedAt)} via ${p.path}${causeNote(p.cause)}${encryptionNote(p.path, volume.dataKey)}`, { volume: p.volume });
}

function recordSample(ctx: ModelWriteContext, p: IoPayload): void {
  const sample = { at: ctx.now, volume: p.volume, op: p.op, latencyNs: ctx.now - p.submittedAt, path: p.path, cause: p.cause };
  const storage = ctx.mut('world', 'storage');
  const io = ctx.mut('world', 'storage', 'io');
  if (io.length < IO_SAMPLES_KEPT) io.push(sample);
  else io[storage.ioNext % IO_SAMPLES_KEPT] = sample;
  storage.ioNext++;
}

function recordRead(ctx: ModelWriteContext, p: IoPayload, tenant: string, blocks: ReadRecordBlocks): void {
  const storage = ctx.mut('world', 'storage');
  const serial = storage.readSerial++;
  const record = { serial, at: ctx.now, volume: p.volume, tenant, domain: p.domain, blocks };
  const reads = ctx.mut('world', 'storage', 'reads');
  if (reads.length < READS_KEPT) reads.push(record);
  else reads[serial % READS_KEPT] = record;
  ctx.touch('storage.read', serial);
  const first = blocks[0];
  const summary = first ? describeContent(first.content) : 'nothing';
  ctx.trace('io', `${p.domain} read ${p.volume} blocks ${range(p)} in ${formatUs(ctx.now - p.submittedAt)} via ${p.path}${causeNote(p.cause)}: ${summary}${blocks.length > 1 ? ' …' : ''}`, { volume: p.volume, serial });
}

type ReadRecordBlocks = Array<{ logical: number; physical: number; content: BlockContent }>;

function range(p: IoPayload): string {
  return p.count === 1 ? `${p.block}` : `${p.block}..${p.block + p.count - 1}`;
}

function formatUs(ns: number): string {
  return ns >= 1_000_000 ? `${(ns / 1_000_000).toFixed(1)} ms` : `${Math.round(ns / 1000)} µs`;
}

/** Who encrypted the data on its way to the volume: said only for encrypted volumes (an unencrypted one stores plaintext). */
export function encryptionNote(path: IoPath, dataKey: string | null): string {
  if (dataKey === null) return '; the volume is not encrypted: its blocks hold plaintext';
  return path === 'nitro-ebs-card'
    ? `; the Nitro card encrypted the data under data key ${dataKey}`
    : `; the host encrypted the data under data key ${dataKey} (the plaintext key sits in hypervisor memory)`;
}

function causeNote(cause: IoCause): string {
  if (cause === 'lazy-fetch') return ' (first touch: block fetched from the snapshot in the object store)';
  if (cause === 'first-touch-wipe') return ' (historical mode: first touch wipes the block, 5–50 % IOPS loss)';
  return '';
}
