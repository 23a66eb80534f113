import type { Draft } from 'immer';
import type { ModelContext } from '../events';
import type { SimState } from '../state';
import type { EbsRead, EbsWrite } from './actions';
import type { IoPayload } from './events';
import { allocateBlock, wipeOnFirstTouch } from './blocks';
import { getAt, setAt } from './chunks';
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
function reusesDirty(node: StorageNode, ctx: ModelContext): boolean {
  return node.wipeMode === 'first-touch-historical' || ctx.fault(NO_EBS_WIPE);
}

/** A read or write request from an attached guest: checked now, completed after its latency. */
export function submitIo(draft: Draft<SimState>, ctx: ModelContext, a: EbsRead | EbsWrite): void {
  const storage = draft.world.storage;
  const volume = storage.volumes[a.volume];
  if (!volume || volume.status === 'deleted') return refuse(draft, ctx, a.type, `no volume ${a.volume}`);
  if (volume.attachedTo === null) return refuse(draft, ctx, a.type, `volume ${a.volume} is not attached to a guest`);
  const guest = draft.world.domains[volume.attachedTo];
  if (!guest || guest.status !== 'running') return refuse(draft, ctx, a.type, `guest ${volume.attachedTo} is not running`);
  if (a.block + a.count > volume.sizeBlocks) return refuse(draft, ctx, a.type, `blocks ${a.block}..${a.block + a.count - 1} are outside volume ${a.volume} (${volume.sizeBlocks} blocks)`);
  const node = storage.nodes[volume.nodeId];
  if (!node) return refuse(draft, ctx, a.type, `storage node ${volume.nodeId} is gone`);
  const path: IoPath = draft.world.hosts[guest.hostId]?.hypervisor === 'nitro' ? 'nitro-ebs-card' : 'xen-blkback';
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
function firstTouchCause(volume: Draft<Volume>, node: StorageNode, block: number, count: number): IoCause {
  let cause: IoCause = 'steady';
  for (let logical = block; logical < block + count; logical++) {
    const entry = getAt(volume.map, logical);
    if (entry === LAZY) return 'lazy-fetch';
    if (node.wipeMode === 'first-touch-historical' && (entry === UNMAPPED || getAt(node.state, entry) === BlockState.PENDING_WIPE)) cause = 'first-touch-wipe';
  }
  return cause;
}

/** Maps a logical block to a physical one, allocating or lazily loading it on first touch. */
function touchBlock(draft: Draft<SimState>, ctx: ModelContext, volume: Draft<Volume>, node: Draft<StorageNode>, logical: number): number {
  const storage = draft.world.storage;
  const entry = getAt(volume.map, logical);
  if (entry >= 0) {
    if (wipeOnFirstTouch(node, entry)) ctx.touch('storage.wipe', `${node.id}|${entry}`);
    return entry;
  }
  const allocation = allocateBlock(node, reusesDirty(node, ctx));
  if (!allocation) return -1;
  // The auditor checks every allocation: a block that was dirty must be wiped in this same event.
  ctx.touch('storage.alloc', `${node.id}|${allocation.index}|${volume.id}|${allocation.previous}`);
  if (wipeOnFirstTouch(node, allocation.index)) ctx.touch('storage.wipe', `${node.id}|${allocation.index}`);
  setAt(volume.map, logical, allocation.index);
  volume.mappedCount++;
  if (entry === LAZY) {
    const data = volume.fromSnapshot === null ? null : resolveSnapshotBlock(storage.snapshots, volume.fromSnapshot, logical);
    if (data) {
      // Loaded blocks are not changes (seq 0): the next snapshot stays incremental on the source.
      setAt(node.prov, allocation.index, { ...data, seq: 0, key: volume.dataKey });
      setAt(node.state, allocation.index, BlockState.WRITTEN);
    }
    volume.lazyLoaded++;
  }
  return allocation.index;
}

/** Loads one lazily restored block without an I/O from the guest (initialization, FSR). */
export function loadLazyBlock(draft: Draft<SimState>, ctx: ModelContext, volume: Draft<Volume>, logical: number): boolean {
  const node = draft.world.storage.nodes[volume.nodeId];
  if (!node || getAt(volume.map, logical) !== LAZY) return false;
  return touchBlock(draft, ctx, volume, node, logical) >= 0;
}

export function completeIo(draft: Draft<SimState>, ctx: ModelContext, p: IoPayload): void {
  const storage = draft.world.storage;
  const volume = storage.volumes[p.volume];
  if (!volume || volume.status === 'deleted' || volume.attachedTo !== p.domain) {
    return ctx.trace('ebs', `${p.op} on ${p.volume} dropped: the volume went away while the I/O was in flight`, { volume: p.volume });
  }
  const node = storage.nodes[volume.nodeId];
  if (!node) return;
  const results: Array<{ logical: number; physical: number; content: BlockContent }> = [];
  for (let logical = p.block; logical < p.block + p.count; logical++) {
    const physical = touchBlock(draft, ctx, volume, node, logical);
    if (physical < 0) return refuse(draft, ctx, `ebs.${p.op}`, `storage node ${node.id} is full`);
    if (p.op === 'write') {
      setAt(node.prov, physical, { tenant: volume.tenant, volume: volume.id, label: p.data ?? '', at: ctx.now, seq: ++storage.writeSeq, key: volume.dataKey });
      setAt(node.state, physical, BlockState.WRITTEN);
    } else {
      results.push({ logical, physical, content: readContent(getAt(node.prov, physical), volume) });
    }
  }
  recordSample(draft, ctx, p);
  if (p.op === 'read') recordRead(draft, ctx, p, volume.tenant, results);
  else ctx.trace('io', `${p.domain} wrote "${p.data}" to ${p.volume} blocks ${range(p)} in ${formatUs(ctx.now - p.submittedAt)} via ${p.path}${causeNote(p.cause)}${encryptionNote(p.path, volume.dataKey)}`, { volume: p.volume });
}

function recordSample(draft: Draft<SimState>, ctx: ModelContext, p: IoPayload): void {
  const storage = draft.world.storage;
  const sample = { at: ctx.now, volume: p.volume, op: p.op, latencyNs: ctx.now - p.submittedAt, path: p.path, cause: p.cause };
  if (storage.io.length < IO_SAMPLES_KEPT) storage.io.push(sample);
  else storage.io[storage.ioNext % IO_SAMPLES_KEPT] = sample;
  storage.ioNext++;
}

function recordRead(draft: Draft<SimState>, ctx: ModelContext, p: IoPayload, tenant: string, blocks: ReadRecordBlocks): void {
  const storage = draft.world.storage;
  const serial = storage.readSerial++;
  const record = { serial, at: ctx.now, volume: p.volume, tenant, domain: p.domain, blocks };
  if (storage.reads.length < READS_KEPT) storage.reads.push(record);
  else storage.reads[serial % READS_KEPT] = record;
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
