import type { Immutable } from '../../engine';
import type { ModelWriteContext } from '../events';
import type { SimState } from '../state';
import type { EbsCopySnapshot, EbsInitialize, EbsRestore, EbsSnapshot } from './actions';
import { getAt, setAt } from './chunks';
import { readContent } from './content';
import { loadLazyBlock } from './io';
import { keyUnusable, resolveKey } from './kms';
import { DD_BLOCKS_PER_TICK, FIO_BLOCKS_PER_TICK, INIT_TICK_NS, PROVISIONED_TICK_NS, provisionedBlocksPerTick } from './latency';
import { refuse } from './refuse';
import { flattenSnapshot, resolveSnapshotBlock, snapshotLogicalBlocks } from './snapshot-data';
import { LAZY, type SnapshotBlock, type Volume, type VolumeInit } from './types';
import { fitsOnNode, newVolume, pickNode, volumeIdTaken } from './volumes';

/**
 * Snapshots go to the object store incrementally: only blocks written since the volume's previous
 * snapshot are stored; the rest are found through the parent chain (domain-facts §3.2).
 */
export function takeSnapshot(state: Immutable<SimState>, ctx: ModelWriteContext, a: EbsSnapshot): void {
  const storage = state.world.storage;
  const volume = storage.volumes[a.volume];
  if (!volume || volume.status === 'deleted') return refuse(ctx, 'ebs.snapshot', `no volume ${a.volume}`);
  if (storage.snapshots[a.snapshot]) return refuse(ctx, 'ebs.snapshot', `snapshot id ${a.snapshot} is taken`);
  const node = storage.nodes[volume.nodeId];
  if (!node) return refuse(ctx, 'ebs.snapshot', `storage node ${volume.nodeId} is gone`);
  const parent = volume.lastSnapshot !== null && storage.snapshots[volume.lastSnapshot] ? volume.lastSnapshot : null;
  const blocks: Record<string, SnapshotBlock> = {};
  let stored = 0;
  for (let logical = 0; logical < volume.sizeBlocks; logical++) {
    const entry = getAt(volume.map, logical);
    if (entry === LAZY) {
      // Never loaded: its data is still the source snapshot's. Only a full snapshot copies it.
      const source = parent === null && volume.fromSnapshot !== null ? resolveSnapshotBlock(storage.snapshots, volume.fromSnapshot, logical) : null;
      if (source) {
        blocks[logical] = { ...source };
        stored++;
      }
      continue;
    }
    if (entry < 0) continue;
    const prov = getAt(node.prov, entry);
    if (!prov || (parent !== null && prov.seq <= volume.snapshotSeq)) continue;
    // The snapshot reads the volume's blocks as the volume sees them (through its data key).
    const content = readContent(prov, volume);
    if (content.kind !== 'plain') continue;
    blocks[logical] = { tenant: content.tenant, volume: content.volume, label: content.label, at: prov.at };
    stored++;
  }
  ctx.mut('world', 'storage', 'snapshots')[a.snapshot] = {
    id: a.snapshot,
    tenant: volume.tenant,
    region: volume.region,
    sourceVolume: volume.id,
    sourceSnapshot: null,
    parent,
    sizeBlocks: volume.sizeBlocks,
    encrypted: volume.encrypted,
    kmsKey: volume.kmsKey,
    dataKey: volume.dataKey,
    blocks,
    storedBlocks: stored,
    createdAt: ctx.now,
  };
  const snapshotted = ctx.mut('world', 'storage', 'volumes', volume.id);
  snapshotted.lastSnapshot = a.snapshot;
  snapshotted.snapshotSeq = storage.writeSeq;
  ctx.touch('storage.snapshot', a.snapshot);
  ctx.trace('ebs', `snapshot ${a.snapshot} of ${volume.id} stored in the object store: ${stored} changed blocks${parent ? ` (incremental on ${parent})` : ' (full)'}${volume.encrypted ? ', encrypted like its volume' : ''}`, { snapshot: a.snapshot, volume: volume.id });
}

/**
 * The only way to encrypt existing data: copy a snapshot with encryption (domain-facts §3.3).
 * A copy can never drop encryption; a cross-Region copy needs a key in the destination Region.
 */
export function copySnapshot(state: Immutable<SimState>, ctx: ModelWriteContext, a: EbsCopySnapshot): void {
  const storage = state.world.storage;
  const source = storage.snapshots[a.source];
  if (!source) return refuse(ctx, 'ebs.copySnapshot', `no snapshot ${a.source}`);
  if (storage.snapshots[a.snapshot]) return refuse(ctx, 'ebs.copySnapshot', `snapshot id ${a.snapshot} is taken`);
  if (source.encrypted && a.encrypt === false) {
    return refuse(ctx, 'ebs.copySnapshot', `snapshot ${a.source} is encrypted and encryption cannot be removed from an encrypted snapshot or volume`);
  }
  const sourceKey = keyUnusable(storage, source.kmsKey);
  if (sourceKey) return refuse(ctx, 'ebs.copySnapshot', `snapshot ${a.source} cannot be read: ${sourceKey}`);
  const region = a.region ?? source.region;
  const encrypted = source.encrypted || a.encrypt === true;
  let kmsKey: string | null = null;
  if (encrypted) {
    const keep = a.key === undefined && region === source.region && source.encrypted;
    kmsKey = keep ? source.kmsKey : resolveKey(state, ctx, 'ebs.copySnapshot', { tenant: source.tenant, region, key: a.key });
    if (kmsKey === null) return;
  } else if (a.key !== undefined) {
    return refuse(ctx, 'ebs.copySnapshot', 'a KMS key was given but the copy is not encrypted; set "encrypt": true');
  }
  // Snapshots are read from the state again: `resolveKey` may have written the keys (a default key).
  const blocks = flattenSnapshot(state.world.storage.snapshots, source.id);
  const stored = Object.keys(blocks).length;
  ctx.mut('world', 'storage', 'snapshots')[a.snapshot] = {
    id: a.snapshot,
    tenant: source.tenant,
    region,
    sourceVolume: source.sourceVolume,
    sourceSnapshot: source.id,
    parent: null,
    sizeBlocks: source.sizeBlocks,
    encrypted,
    kmsKey,
    // Same key, same Region: the copy keeps the source's data key; otherwise KMS makes a new one.
    dataKey: !encrypted ? null : kmsKey === source.kmsKey && region === source.region ? source.dataKey : `dk-${a.snapshot}`,
    blocks,
    storedBlocks: stored,
    createdAt: ctx.now,
  };
  ctx.touch('storage.snapshot', a.snapshot);
  const what = encrypted && !source.encrypted ? `an encrypted copy (key ${kmsKey}) of unencrypted` : 'a copy of';
  ctx.trace('ebs', `snapshot ${a.snapshot}: ${what} ${source.id}${region !== source.region ? ` in ${region}` : ''}, a full copy of ${stored} blocks`, { snapshot: a.snapshot, source: source.id });
}

/** Restore: a new volume whose blocks stay in the object store until first touched (lazy loading). */
export function restoreVolume(state: Immutable<SimState>, ctx: ModelWriteContext, a: EbsRestore): void {
  const storage = state.world.storage;
  const snapshot = storage.snapshots[a.snapshot];
  if (!snapshot) return refuse(ctx, 'ebs.restore', `no snapshot ${a.snapshot}`);
  if (volumeIdTaken(storage, a.volume)) return refuse(ctx, 'ebs.restore', `volume id ${a.volume} is taken`);
  if (snapshot.encrypted && a.encrypt === false) return refuse(ctx, 'ebs.restore', 'a volume restored from an encrypted snapshot is always encrypted');
  const snapshotKey = keyUnusable(storage, snapshot.kmsKey);
  if (snapshotKey) return refuse(ctx, 'ebs.restore', `snapshot ${a.snapshot} cannot be read: ${snapshotKey}`);
  const node = pickNode(state, ctx, 'ebs.restore', { node: a.node, region: snapshot.region });
  if (!node) return;
  if (!fitsOnNode(storage, node, snapshot.sizeBlocks)) return refuse(ctx, 'ebs.restore', `${snapshot.sizeBlocks} more blocks do not fit on node ${node.id}`);
  const encrypted = snapshot.encrypted || a.encrypt === true;
  let kmsKey: string | null = null;
  if (encrypted) {
    kmsKey = snapshot.encrypted && a.key === undefined ? snapshot.kmsKey : resolveKey(state, ctx, 'ebs.restore', { tenant: snapshot.tenant, region: node.region, key: a.key });
    if (kmsKey === null) return;
  }
  const sameEncryption = encrypted === snapshot.encrypted && kmsKey === snapshot.kmsKey;
  // "How Amazon EBS encryption works": under the snapshot's own KMS key the volume reuses the
  // snapshot's data key; under another key KMS generates a new one.
  const sharedDataKey = encrypted && sameEncryption && snapshot.dataKey !== null ? { dataKey: snapshot.dataKey } : {};
  const volume = newVolume({
    id: a.volume,
    tenant: snapshot.tenant,
    nodeId: node.id,
    region: node.region,
    sizeBlocks: snapshot.sizeBlocks,
    encrypted,
    kmsKey,
    createdAt: ctx.now,
    fromSnapshot: snapshot.id,
    fastSnapshotRestore: a.fsr,
    lastSnapshot: sameEncryption ? snapshot.id : null,
    snapshotSeq: storage.writeSeq,
    ...sharedDataKey,
  });
  const lazy = snapshotLogicalBlocks(storage.snapshots, snapshot.id);
  // The new volume is nobody's state yet: it is filled in place, then stored.
  for (const logical of lazy) setAt(volume.map, logical, LAZY);
  volume.lazyTotal = lazy.length;
  ctx.mut('world', 'storage', 'volumes')[a.volume] = volume;
  ctx.touch('storage.volume', a.volume);
  if (a.fsr) {
    for (const logical of lazy) loadLazyBlock(state, ctx, a.volume, logical);
  }
  ctx.trace(
    'ebs',
    a.fsr
      ? `volume ${a.volume} restored from ${snapshot.id} with Fast Snapshot Restore: all ${lazy.length} blocks initialized at creation`
      : `volume ${a.volume} restored from ${snapshot.id}: ${lazy.length} blocks stay in the object store and load on first touch (lazy loading)${sharedDataKey.dataKey ? `; same KMS key as the snapshot, so it reuses the snapshot's data key ${sharedDataKey.dataKey}` : ''}`,
    { volume: a.volume, snapshot: snapshot.id },
  );
  const stored = state.world.storage.volumes[a.volume];
  if (!a.fsr && a.initRateMiBps !== undefined && stored) {
    startInit(ctx, stored, { mode: 'provisioned', nextLogical: 0, blocksPerTick: provisionedBlocksPerTick(a.initRateMiBps), tickNs: PROVISIONED_TICK_NS });
  }
}

/** Pre-warming a restored volume by reading every block (dd or fio inside the guest, §3.2). */
export function initializeVolume(state: Immutable<SimState>, ctx: ModelWriteContext, a: EbsInitialize): void {
  const volume = state.world.storage.volumes[a.volume];
  if (!volume || volume.status === 'deleted') return refuse(ctx, 'ebs.initialize', `no volume ${a.volume}`);
  if (volume.attachedTo === null) return refuse(ctx, 'ebs.initialize', `dd and fio run inside a guest: attach ${a.volume} first`);
  if (volume.lazyLoaded >= volume.lazyTotal) {
    return ctx.trace('ebs', `${a.volume} has nothing to initialize${volume.fromSnapshot === null ? ': empty volumes need no initialization' : ''}`, { volume: a.volume });
  }
  startInit(ctx, volume, { mode: a.tool, nextLogical: 0, blocksPerTick: a.tool === 'dd' ? DD_BLOCKS_PER_TICK : FIO_BLOCKS_PER_TICK, tickNs: INIT_TICK_NS });
}

function startInit(ctx: ModelWriteContext, volume: Immutable<Volume>, init: VolumeInit): void {
  const running = volume.init !== null;
  ctx.mut('world', 'storage', 'volumes', volume.id).init = init;
  ctx.touch('storage.volume', volume.id);
  ctx.trace('ebs', `initializing ${volume.id} (${init.mode}): ${init.blocksPerTick} block(s) per ${init.tickNs / 1e6} ms`, { volume: volume.id });
  if (!running) ctx.schedule('ebs.init', { volume: volume.id }, init.tickNs);
}

/** One step of initialization: loads the next lazily restored blocks. */
export function initTick(state: Immutable<SimState>, ctx: ModelWriteContext, volumeId: string): void {
  const volume = state.world.storage.volumes[volumeId];
  if (!volume || volume.status === 'deleted' || !volume.init) return;
  const init = volume.init;
  let loaded = 0;
  let logical = init.nextLogical;
  // Loading writes the volume (map, counters): later reads go through the state, never `volume`.
  for (; logical < volume.sizeBlocks && loaded < init.blocksPerTick; logical++) {
    const map = state.world.storage.volumes[volumeId]?.map ?? volume.map;
    if (getAt(map, logical) === LAZY && loadLazyBlock(state, ctx, volumeId, logical)) loaded++;
  }
  ctx.mut('world', 'storage', 'volumes', volumeId).init = { ...init, nextLogical: logical };
  ctx.touch('storage.volume', volume.id);
  const now = state.world.storage.volumes[volumeId] ?? volume;
  if (logical >= now.sizeBlocks || now.lazyLoaded >= now.lazyTotal) {
    ctx.mut('world', 'storage', 'volumes', volumeId).init = null;
    ctx.trace('ebs', `${volume.id} is fully initialized: every block is local, first-touch latency is gone`, { volume: volume.id });
    return;
  }
  ctx.schedule('ebs.init', { volume: volume.id }, init.tickNs);
}
