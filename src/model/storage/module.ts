import { storageInvariants } from '../../audit/storage';
import type { SimModule } from '../module';
import { STORAGE_ACTIONS } from './actions';
import { createNode, wipeQueued } from './blocks';
import { completeIo, submitIo } from './io';
import { createKey, deleteImportedMaterial, deleteKeyNow, newKey, setKeyEnabled, scheduleKeyDeletion, cancelKeyDeletion } from './kms';
import { WIPE_BLOCKS_PER_TICK, WIPE_TICK_NS } from './latency';
import { copySnapshot, initializeVolume, initTick, restoreVolume, takeSnapshot } from './snapshots';
import { attachVolume, createVolume, deleteVolume, detachFromReapedGuest, detachVolume, NO_EBS_WIPE, startWiper } from './volumes';
import type { StorageWorld } from './types';

export function emptyStorageWorld(): StorageWorld {
  return { nodes: {}, volumes: {}, snapshots: {}, keys: {}, writeSeq: 0, io: [], ioNext: 0, reads: [], readSerial: 0, lastError: null };
}

/** EBS-style storage isolation (domain-facts §3): volumes, wiping, snapshots, encryption. */
export const storageModule: SimModule = {
  id: 'storage',
  actions: STORAGE_ACTIONS,
  faults: [{ name: NO_EBS_WIPE, description: 'EBS reuses released blocks without wiping them: the next volume can read the previous tenant\'s data' }],
  afterEvent: storageInvariants,

  setup(world, lesson) {
    const storage = emptyStorageWorld();
    const scenario = lesson.storage;
    for (const spec of scenario?.nodes ?? []) {
      const mode = spec.wipeMode ?? (scenario?.historicalWipeOnFirstTouch ? 'first-touch-historical' : 'before-reuse');
      storage.nodes[spec.id] = createNode(spec.id, spec.region, spec.blocks, mode);
    }
    for (const key of scenario?.keys ?? []) storage.keys[key.id] = newKey({ id: key.id, region: key.region, tenant: key.tenant });
    world.storage = storage;
  },

  handlers: {
    'kms.createKey': (draft, e, ctx) => createKey(draft, ctx, e.payload),
    'kms.disableKey': (draft, e, ctx) => setKeyEnabled(draft, ctx, e.payload.key, false),
    'kms.enableKey': (draft, e, ctx) => setKeyEnabled(draft, ctx, e.payload.key, true),
    'kms.scheduleKeyDeletion': (draft, e, ctx) => scheduleKeyDeletion(draft, ctx, e.payload),
    'kms.cancelKeyDeletion': (draft, e, ctx) => cancelKeyDeletion(draft, ctx, e.payload.key),
    'kms.deleteImportedKeyMaterial': (draft, e, ctx) => deleteImportedMaterial(draft, ctx, e.payload.key),
    'kms.deleteKey': (draft, e, ctx) => deleteKeyNow(draft, ctx, e.payload.key),
    'ebs.create': (draft, e, ctx) => createVolume(draft, ctx, e.payload),
    'ebs.attach': (draft, e, ctx) => attachVolume(draft, ctx, e.payload),
    'ebs.detach': (draft, e, ctx) => detachVolume(draft, ctx, e.payload),
    'ebs.write': (draft, e, ctx) => submitIo(draft, ctx, e.payload),
    'ebs.read': (draft, e, ctx) => submitIo(draft, ctx, e.payload),
    'ebs.io': (draft, e, ctx) => completeIo(draft, ctx, e.payload),
    'ebs.delete': (draft, e, ctx) => deleteVolume(draft, ctx, e.payload),
    'ebs.snapshot': (draft, e, ctx) => takeSnapshot(draft, ctx, e.payload),
    'ebs.copySnapshot': (draft, e, ctx) => copySnapshot(draft, ctx, e.payload),
    'ebs.restore': (draft, e, ctx) => restoreVolume(draft, ctx, e.payload),
    'ebs.initialize': (draft, e, ctx) => initializeVolume(draft, ctx, e.payload),
    'ebs.init': (draft, e, ctx) => initTick(draft, ctx, e.payload.volume),
    'ebs.wipe'(draft, e, ctx) {
      const node = draft.world.storage.nodes[e.payload.node];
      if (!node) return;
      node.wiperRunning = false;
      if (ctx.fault(NO_EBS_WIPE)) return ctx.trace('ebs', `wiper on ${node.id} skipped (fault ${NO_EBS_WIPE})`, { node: node.id });
      const { wiped, remaining } = wipeQueued(node, WIPE_BLOCKS_PER_TICK);
      for (const index of wiped) ctx.touch('storage.wipe', `${node.id}|${index}`);
      if (wiped.length > 0) ctx.trace('ebs', `wiper on ${node.id} erased ${wiped.length} released block(s); they can be reused now`, { node: node.id, blocks: wiped.length });
      if (remaining) {
        node.wiperRunning = true;
        ctx.schedule('ebs.wipe', { node: node.id }, WIPE_TICK_NS);
      }
    },
    'domain.reap': (draft, e, ctx) => detachFromReapedGuest(draft, ctx, e.payload.domainId),
    'fault.set'(draft, e, ctx) {
      const { fault, on } = e.payload;
      if (fault !== NO_EBS_WIPE || on) return;
      // Wiping is back: finish the queue the fault left behind.
      for (const node of Object.values(draft.world.storage.nodes)) if (node.wipeMode === 'before-reuse') startWiper(node, ctx);
    },
  },
};
