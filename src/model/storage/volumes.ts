import type { Immutable } from '../../engine';
import type { ModelWriteContext } from '../events';
import type { SimState } from '../state';
import type { EbsAttach, EbsCreate, EbsDelete, EbsDetach } from './actions';
import { nodeInState, queueForWipe, releaseBlock, type NodeWrites } from './blocks';
import { getAt, makeChunked } from './chunks';
import { keyUnusable, resolveKey } from './kms';
import { WIPE_TICK_NS } from './latency';
import { refuse } from './refuse';
import type { StorageNode, StorageWorld, Volume } from './types';
import { tenantName } from '../tenant-name';

export const NO_EBS_WIPE = 'no-ebs-wipe';

/** The node a new volume lands on: the named one, or the first node of the region. */
export function pickNode(
  state: Immutable<SimState>,
  ctx: ModelWriteContext,
  action: string,
  request: { node?: string | undefined; region?: string | undefined },
): Immutable<StorageNode> | null {
  const nodes = state.world.storage.nodes;
  if (request.node !== undefined) {
    const node = nodes[request.node];
    if (!node) return refuse(ctx, action, `no storage node ${request.node}`), null;
    if (request.region !== undefined && node.region !== request.region) {
      return refuse(ctx, action, `storage node ${node.id} is in ${node.region}, not ${request.region}`), null;
    }
    return node;
  }
  const candidates = Object.values(nodes).filter((n) => request.region === undefined || n.region === request.region);
  candidates.sort((a, b) => a.id.localeCompare(b.id));
  const node = candidates[0];
  if (!node) return refuse(ctx, action, `no storage node${request.region ? ` in ${request.region}` : ''}`), null;
  return node;
}

export function newVolume(fields: Pick<Volume, 'id' | 'tenant' | 'nodeId' | 'region' | 'sizeBlocks' | 'encrypted' | 'kmsKey' | 'createdAt'> & Partial<Volume>): Volume {
  return {
    status: 'available',
    attachedTo: null,
    dataKey: fields.encrypted ? `dk-${fields.id}` : null,
    map: makeChunked(fields.sizeBlocks, -1),
    mappedCount: 0,
    fromSnapshot: null,
    lazyTotal: 0,
    lazyLoaded: 0,
    fastSnapshotRestore: false,
    init: null,
    snapshotSeq: 0,
    lastSnapshot: null,
    deletedAt: null,
    ...fields,
  };
}

/**
 * Volumes are thin-provisioned (blocks allocated on first use), but each keeps a logical map:
 * capping the logical total per node at 4× its physical blocks keeps a hostile lesson from
 * asking for gigabytes of state through many huge volumes.
 */
export const OVERCOMMIT = 4;

export function fitsOnNode(storage: Immutable<StorageWorld>, node: Immutable<StorageNode>, sizeBlocks: number): boolean {
  let provisioned = sizeBlocks;
  for (const v of Object.values(storage.volumes)) if (v.nodeId === node.id && v.status !== 'deleted') provisioned += v.sizeBlocks;
  return sizeBlocks <= node.blockCount && provisioned <= node.blockCount * OVERCOMMIT;
}

/** Checks an id is free across volumes (deleted ones keep their id, as AWS ids are never reused). */
export function volumeIdTaken(storage: Immutable<StorageWorld>, id: string): boolean {
  return storage.volumes[id] !== undefined;
}

export function createVolume(state: Immutable<SimState>, ctx: ModelWriteContext, a: EbsCreate): void {
  const storage = state.world.storage;
  if (volumeIdTaken(storage, a.volume)) return refuse(ctx, 'ebs.create', `volume id ${a.volume} is taken`);
  if (!state.world.tenants[a.tenant]) return refuse(ctx, 'ebs.create', `no tenant ${a.tenant}`);
  const node = pickNode(state, ctx, 'ebs.create', a);
  if (!node) return;
  if (!fitsOnNode(storage, node, a.sizeBlocks)) return refuse(ctx, 'ebs.create', `${a.sizeBlocks} more blocks do not fit on node ${node.id} (${node.blockCount} physical blocks, at most ${OVERCOMMIT}× provisioned)`);
  let kmsKey: string | null = null;
  if (a.encrypted) {
    kmsKey = resolveKey(state, ctx, 'ebs.create', { tenant: a.tenant, region: node.region, key: a.key });
    if (kmsKey === null) return;
  } else if (a.key !== undefined) {
    return refuse(ctx, 'ebs.create', 'a KMS key was given for an unencrypted volume; set "encrypted": true');
  }
  ctx.mut('world', 'storage', 'volumes')[a.volume] = newVolume({ id: a.volume, tenant: a.tenant, nodeId: node.id, region: node.region, sizeBlocks: a.sizeBlocks, encrypted: a.encrypted, kmsKey, createdAt: ctx.now });
  ctx.touch('storage.volume', a.volume);
  ctx.trace(
    'ebs',
    `${tenantName(state, a.tenant)} creates ${a.encrypted ? `encrypted (key ${kmsKey}) ` : ''}volume ${a.volume} (${a.sizeBlocks} blocks) on shared storage node ${node.id}; blocks are allocated on first use`,
    { volume: a.volume, node: node.id },
  );
}

export function attachVolume(state: Immutable<SimState>, ctx: ModelWriteContext, a: EbsAttach): void {
  const volume = state.world.storage.volumes[a.volume];
  const guest = state.world.domains[a.guest];
  if (!volume || volume.status === 'deleted') return refuse(ctx, 'ebs.attach', `no volume ${a.volume}`);
  if (!guest || guest.role !== 'guest' || guest.status === 'dying' || guest.status === 'destroyed') return refuse(ctx, 'ebs.attach', `no live guest ${a.guest}`);
  if (guest.tenant !== volume.tenant) return refuse(ctx, 'ebs.attach', `volume ${a.volume} belongs to tenant ${volume.tenant}; guest ${a.guest} to ${guest.tenant ?? 'nobody'}`);
  if (volume.attachedTo !== null) return refuse(ctx, 'ebs.attach', `volume ${a.volume} is already attached to ${volume.attachedTo}`);
  const unusable = keyUnusable(state.world.storage, volume.kmsKey);
  if (unusable) return refuse(ctx, 'ebs.attach', `the data key of ${a.volume} cannot be decrypted: ${unusable}`);
  const attached = ctx.mut('world', 'storage', 'volumes', a.volume);
  attached.attachedTo = a.guest;
  attached.status = 'in-use';
  ctx.touch('storage.volume', a.volume);
  const host = state.world.hosts[guest.hostId];
  const via = host?.hypervisor === 'nitro' ? 'an NVMe device served by the Nitro Card for EBS' : "a blkfront device served by dom0's blkback";
  ctx.trace('ebs', `volume ${a.volume} attached to ${a.guest} as ${via}${volume.encrypted ? '; the plaintext data key now sits in ' + (host?.hypervisor === 'nitro' ? 'the Nitro card' : 'hypervisor memory') : ''}`, { volume: a.volume, guest: a.guest });
}

export function detachVolume(state: Immutable<SimState>, ctx: ModelWriteContext, a: EbsDetach): void {
  const volume = state.world.storage.volumes[a.volume];
  if (!volume || volume.attachedTo === null) return refuse(ctx, 'ebs.detach', `volume ${a.volume} is not attached`);
  ctx.trace('ebs', `volume ${a.volume} detached from ${volume.attachedTo}`, { volume: a.volume });
  const detached = ctx.mut('world', 'storage', 'volumes', a.volume);
  detached.attachedTo = null;
  detached.status = 'available';
  ctx.touch('storage.volume', a.volume);
}

/** A guest that is gone loses its attachments (the volumes survive, as EBS volumes do). */
export function detachFromReapedGuest(state: Immutable<SimState>, ctx: ModelWriteContext, domainId: string): void {
  const domain = state.world.domains[domainId];
  if (!domain || domain.status !== 'destroyed') return;
  for (const volume of Object.values(state.world.storage.volumes)) {
    if (volume.attachedTo === domainId) detachVolume(state, ctx, { type: 'ebs.detach', volume: volume.id });
  }
}

/** Deleting releases every mapped block dirty; today's EBS queues them for the wiper (§3.1). */
export function deleteVolume(state: Immutable<SimState>, ctx: ModelWriteContext, a: EbsDelete): void {
  const storage = state.world.storage;
  const volume = storage.volumes[a.volume];
  if (!volume || volume.status === 'deleted') return refuse(ctx, 'ebs.delete', `no volume ${a.volume}`);
  if (volume.attachedTo !== null) return refuse(ctx, 'ebs.delete', `volume ${a.volume} is attached to ${volume.attachedTo}; detach it first`);
  const node = storage.nodes[volume.nodeId] ? nodeInState(state, ctx, volume.nodeId) : null;
  const released: number[] = [];
  if (node) {
    for (let logical = 0; logical < volume.sizeBlocks; logical++) {
      const physical = getAt(volume.map, logical);
      if (physical >= 0) {
        releaseBlock(node, physical);
        released.push(physical);
      }
    }
  }
  const deleted = ctx.mut('world', 'storage', 'volumes', a.volume);
  deleted.status = 'deleted';
  deleted.deletedAt = ctx.now;
  deleted.map = [];
  deleted.mappedCount = 0;
  ctx.touch('storage.volume', a.volume);
  ctx.trace('ebs', `volume ${a.volume} deleted: ${released.length} physical blocks on ${volume.nodeId} released dirty (they still hold ${tenantName(state, volume.tenant)}'s bytes)`, { volume: a.volume, blocks: released.length });
  if (node && node.node.wipeMode === 'before-reuse' && released.length > 0) {
    queueForWipe(node, released);
    startWiper(node, ctx);
  }
}

export function startWiper(w: NodeWrites, ctx: ModelWriteContext): void {
  const node = w.node;
  if (node.wiperRunning || node.wipeQueue.length === 0 || ctx.fault(NO_EBS_WIPE)) return;
  w.fields().wiperRunning = true;
  ctx.schedule('ebs.wipe', { node: node.id }, WIPE_TICK_NS);
}
