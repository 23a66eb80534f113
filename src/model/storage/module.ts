import { storageInvariants } from '../../audit/storage';
import { direct } from '../events';
import type { SimModule } from '../module';
import { STORAGE_ACTIONS } from './actions';
import { createNode, nodeInState, wipeQueued } from './blocks';
import { completeIo, submitIo } from './io';
import { createKey, deleteImportedMaterial, deleteKeyNow, newKey, setKeyEnabled, scheduleKeyDeletion, cancelKeyDeletion } from './kms';
import { WIPE_BLOCKS_PER_TICK, WIPE_TICK_NS } from './latency';
import { copySnapshot, initializeVolume, initTick, restoreVolume, takeSnapshot } from './snapshots';
import { attachVolume, createVolume, deleteVolume, detachFromReapedGuest, detachVolume, NO_EBS_WIPE, startWiper } from './volumes';
import type { StorageWorld } from './types';

export function emptyStorageWorld(): StorageWorld {
  return { nodes: {}, volumes: {}, snapshots: {}, keys: {}, writeSeq: 0, io: [], ioNext: 0, reads: [], readSerial: 0, lastError: null };
}

/**
 * EBS-style storage isolation (domain-facts §3): volumes, wiping, snapshots, encryption. Every
 * handler is on the engine's direct path (reads the frozen state, writes through `ctx.mut`).
 */
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
    'kms.createKey': direct((state, e, ctx) => createKey(state, ctx, e.payload)),
    'kms.disableKey': direct((state, e, ctx) => setKeyEnabled(state, ctx, e.payload.key, false)),
    'kms.enableKey': direct((state, e, ctx) => setKeyEnabled(state, ctx, e.payload.key, true)),
    'kms.scheduleKeyDeletion': direct((state, e, ctx) => scheduleKeyDeletion(state, ctx, e.payload)),
    'kms.cancelKeyDeletion': direct((state, e, ctx) => cancelKeyDeletion(state, ctx, e.payload.key)),
    'kms.deleteImportedKeyMaterial': direct((state, e, ctx) => deleteImportedMaterial(state, ctx, e.payload.key)),
    'kms.deleteKey': direct((state, e, ctx) => deleteKeyNow(state, ctx, e.payload.key)),
    'ebs.create': direct((state, e, ctx) => createVolume(state, ctx, e.payload)),
    'ebs.attach': direct((state, e, ctx) => attachVolume(state, ctx, e.payload)),
    'ebs.detach': direct((state, e, ctx) => detachVolume(state, ctx, e.payload)),
    'ebs.write': direct((state, e, ctx) => submitIo(state, ctx, e.payload)),
    'ebs.read': direct((state, e, ctx) => submitIo(state, ctx, e.payload)),
    'ebs.io': direct((state, e, ctx) => completeIo(state, ctx, e.payload)),
    'ebs.delete': direct((state, e, ctx) => deleteVolume(state, ctx, e.payload)),
    'ebs.snapshot': direct((state, e, ctx) => takeSnapshot(state, ctx, e.payload)),
    'ebs.copySnapshot': direct((state, e, ctx) => copySnapshot(state, ctx, e.payload)),
    'ebs.restore': direct((state, e, ctx) => restoreVolume(state, ctx, e.payload)),
    'ebs.initialize': direct((state, e, ctx) => initializeVolume(state, ctx, e.payload)),
    'ebs.init': direct((state, e, ctx) => initTick(state, ctx, e.payload.volume)),
    'ebs.wipe': direct((state, e, ctx) => {
      const id = e.payload.node;
      if (!state.world.storage.nodes[id]) return;
      const w = nodeInState(state, ctx, id);
      w.fields().wiperRunning = false;
      if (ctx.fault(NO_EBS_WIPE)) return ctx.trace('ebs', `wiper on ${id} skipped (fault ${NO_EBS_WIPE})`, { node: id });
      const { wiped, remaining } = wipeQueued(w, WIPE_BLOCKS_PER_TICK);
      for (const index of wiped) ctx.touch('storage.wipe', `${id}|${index}`);
      if (wiped.length > 0) ctx.trace('ebs', `wiper on ${id} erased ${wiped.length} released block(s); they can be reused now`, { node: id, blocks: wiped.length });
      if (remaining) {
        w.fields().wiperRunning = true;
        ctx.schedule('ebs.wipe', { node: id }, WIPE_TICK_NS);
      }
    }),
    'domain.reap': direct((state, e, ctx) => detachFromReapedGuest(state, ctx, e.payload.domainId)),
    'fault.set': direct((state, e, ctx) => {
      const { fault, on } = e.payload;
      if (fault !== NO_EBS_WIPE || on) return;
      // Wiping is back: finish the queue the fault left behind.
      for (const node of Object.values(state.world.storage.nodes)) if (node.wipeMode === 'before-reuse') startWiper(nodeInState(state, ctx, node.id), ctx);
    }),
  },
};
