import { describe, expect, it } from 'vitest';
import { createNode, plainNode, setBlockState, setProv } from './blocks';
import { setAt } from './chunks';
import { inspectBlock } from './inspect';
import {
  EBS_SERVICE_NS,
  LAZY_FETCH_NS,
  NITRO_CARD_HOP_NS,
  XEN_BLKBACK_HOP_NS,
  XEN_ENCRYPTION_NS,
  ioLatency,
  provisionedBlocksPerTick,
} from './latency';
import { emptyStorageWorld } from './module';
import { flattenSnapshot, resolveSnapshotBlock, snapshotLogicalBlocks } from './snapshot-data';
import { BlockState, type Snapshot, type SnapshotBlock, type StorageWorld } from './types';
import { newVolume } from './volumes';

/**
 * The storage model's pure parts: how a snapshot chain is read, the illustrative I/O latencies,
 * the provisioned initialization rate, and the inspector's view of a physical block.
 */
const block = (label: string, at = 1): SnapshotBlock => ({ tenant: 'alice', volume: 'vd', label, at });

function snapshot(id: string, parent: string | null, blocks: Record<string, SnapshotBlock>): Snapshot {
  return {
    id,
    tenant: 'alice',
    region: 'us-east-1',
    sourceVolume: 'vd',
    sourceSnapshot: null,
    parent,
    sizeBlocks: 16,
    encrypted: false,
    kmsKey: null,
    dataKey: null,
    blocks,
    storedBlocks: Object.keys(blocks).length,
    createdAt: 0,
  };
}

describe('reading a snapshot chain', () => {
  const chain: Record<string, Snapshot> = {
    s1: snapshot('s1', null, { 0: block('v1'), 2: block('v1'), 10: block('v1') }),
    s2: snapshot('s2', 's1', { 2: block('v2', 2) }),
    s3: snapshot('s3', 's2', { 3: block('v3', 3) }),
    orphan: snapshot('orphan', 'gone', { 1: block('o') }),
  };

  it('finds a block in the snapshot itself, else in the nearest ancestor that stored it, else zeros', () => {
    expect(resolveSnapshotBlock(chain, 's3', 3)).toEqual(block('v3', 3));
    expect(resolveSnapshotBlock(chain, 's3', 2)).toEqual(block('v2', 2));
    expect(resolveSnapshotBlock(chain, 's3', 10)).toEqual(block('v1'));
    expect(resolveSnapshotBlock(chain, 's3', 5)).toBeNull();
    expect(resolveSnapshotBlock(chain, 's1', 3)).toBeNull();
    expect(resolveSnapshotBlock(chain, 'missing', 0)).toBeNull();
    expect(resolveSnapshotBlock(chain, 'orphan', 1)).toEqual(block('o'));
    expect(resolveSnapshotBlock(chain, 'orphan', 0)).toBeNull();
  });

  it('lists every logical block with data along the chain once, in numeric order', () => {
    expect(snapshotLogicalBlocks(chain, 's3')).toEqual([0, 2, 3, 10]);
    expect(snapshotLogicalBlocks(chain, 's1')).toEqual([0, 2, 10]);
    expect(snapshotLogicalBlocks(chain, 'orphan')).toEqual([1]);
    expect(snapshotLogicalBlocks(chain, 'missing')).toEqual([]);
  });

  it('flattens a chain into a full copy holding each block\'s newest version, sharing nothing with the source', () => {
    const flat = flattenSnapshot(chain, 's3');
    expect(flat).toEqual({ 0: block('v1'), 2: block('v2', 2), 3: block('v3', 3), 10: block('v1') });
    expect(flat[3]).not.toBe(chain.s3?.blocks[3]);
    expect(flattenSnapshot(chain, 'missing')).toEqual({});
  });

  it('stops on a corrupt chain that loops instead of reading forever', () => {
    const loop: Record<string, Snapshot> = { a: snapshot('a', 'b', { 0: block('a') }), b: snapshot('b', 'a', { 1: block('b') }) };
    expect(resolveSnapshotBlock(loop, 'a', 5)).toBeNull();
    expect(snapshotLogicalBlocks(loop, 'a')).toEqual([0, 1]);
  });
});

describe('illustrative I/O latencies', () => {
  it('adds the path\'s hop and, on Xen only, host-side encryption to the EBS service time', () => {
    expect(ioLatency({ path: 'xen-blkback', encrypted: false, cause: 'steady' })).toBe(EBS_SERVICE_NS + XEN_BLKBACK_HOP_NS);
    expect(ioLatency({ path: 'xen-blkback', encrypted: true, cause: 'steady' })).toBe(EBS_SERVICE_NS + XEN_BLKBACK_HOP_NS + XEN_ENCRYPTION_NS);
    expect(ioLatency({ path: 'nitro-ebs-card', encrypted: false, cause: 'steady' })).toBe(EBS_SERVICE_NS + NITRO_CARD_HOP_NS);
    expect(ioLatency({ path: 'nitro-ebs-card', encrypted: true, cause: 'steady' })).toBe(EBS_SERVICE_NS + NITRO_CARD_HOP_NS);
    expect(XEN_ENCRYPTION_NS).toBeGreaterThan(0);
  });

  it('adds the object-store fetch to a lazily restored block\'s first touch', () => {
    expect(ioLatency({ path: 'nitro-ebs-card', encrypted: false, cause: 'lazy-fetch' })).toBe(EBS_SERVICE_NS + NITRO_CARD_HOP_NS + LAZY_FETCH_NS);
    expect(ioLatency({ path: 'xen-blkback', encrypted: true, cause: 'lazy-fetch', iopsLoss: 0.5 })).toBe(EBS_SERVICE_NS + XEN_BLKBACK_HOP_NS + XEN_ENCRYPTION_NS + LAZY_FETCH_NS);
  });

  it('stretches a historical first-touch wipe by 1/(1 - IOPS loss), the loss bounded to 0..0.9', () => {
    const steady = EBS_SERVICE_NS + NITRO_CARD_HOP_NS;
    const wipe = (iopsLoss?: number) => ioLatency({ path: 'nitro-ebs-card', encrypted: false, cause: 'first-touch-wipe', ...(iopsLoss === undefined ? {} : { iopsLoss }) });
    expect(wipe(0.5)).toBe(2 * steady);
    expect(wipe(0.05)).toBe(Math.round(steady / 0.95));
    expect(wipe(0.9)).toBe(Math.round(steady / (1 - 0.9)));
    expect(wipe(0.99)).toBe(Math.round(steady / (1 - 0.9)));
    expect(wipe(-1)).toBe(steady);
    expect(wipe()).toBe(steady);
    expect(wipe(0.3333)).toBe(Math.round(steady / (1 - 0.3333)));
  });

  it('turns a provisioned rate into blocks per 10 ms tick, at least one', () => {
    // 100 MiB/s × 10 ms = 1 MiB = two 512 KiB blocks; 300 MiB/s = six.
    expect(provisionedBlocksPerTick(100)).toBe(2);
    expect(provisionedBlocksPerTick(300)).toBe(6);
    expect(provisionedBlocksPerTick(125)).toBe(3);
    expect(provisionedBlocksPerTick(110)).toBe(2);
    expect(provisionedBlocksPerTick(1)).toBe(1);
    expect(provisionedBlocksPerTick(0)).toBe(1);
  });
});

describe('inspecting a physical block', () => {
  function world(): StorageWorld {
    const storage = emptyStorageWorld();
    const node = createNode('node-1', 'us-east-1', 8, 'before-reuse');
    const w = plainNode(node);
    const states = [BlockState.WRITTEN, BlockState.ALLOCATED, BlockState.WRITTEN, BlockState.DIRTY, BlockState.WIPED, BlockState.PENDING_WIPE, BlockState.FREE, BlockState.WRITTEN];
    states.forEach((s, i) => setBlockState(w, i, s));
    setProv(w, 0, { tenant: 'alice', volume: 'va', label: 'payroll', at: 5, seq: 1, key: null });
    setProv(w, 2, { tenant: 'bob', volume: 'vb', label: 'diary', at: 7, seq: 2, key: 'dk-vb' });
    setProv(w, 3, { tenant: 'carol', volume: 'vc', label: 'old', at: 3, seq: 3, key: null });
    storage.nodes['node-1'] = node;
    // A node whose id is a number: `1`, then `:`, then an index.
    storage.nodes['1'] = createNode('1', 'us-east-1', 20, 'before-reuse');
    storage.nodes['node-2'] = createNode('node-2', 'us-east-1', 300, 'before-reuse');
    const va = newVolume({ id: 'va', tenant: 'alice', nodeId: 'node-1', region: 'us-east-1', sizeBlocks: 2, encrypted: false, kmsKey: null, createdAt: 0 });
    setAt(va.map, 0, 0);
    setAt(va.map, 1, 1);
    const vb = newVolume({ id: 'vb', tenant: 'bob', nodeId: 'node-1', region: 'us-east-1', sizeBlocks: 1, encrypted: true, kmsKey: 'k', createdAt: 0 });
    setAt(vb.map, 0, 2);
    // A deleted volume and a volume of another node that map the same indices own nothing here.
    const gone = newVolume({ id: 'gone', tenant: 'carol', nodeId: 'node-1', region: 'us-east-1', sizeBlocks: 1, encrypted: false, kmsKey: null, createdAt: 0, status: 'deleted' });
    setAt(gone.map, 0, 3);
    const elsewhere = newVolume({ id: 'elsewhere', tenant: 'carol', nodeId: 'node-2', region: 'us-east-1', sizeBlocks: 1, encrypted: false, kmsKey: null, createdAt: 0 });
    setAt(elsewhere.map, 0, 7);
    // A volume of two map chunks owns a block its first chunk maps.
    const wide = newVolume({ id: 'wide', tenant: 'carol', nodeId: 'node-2', region: 'us-east-1', sizeBlocks: 300, encrypted: false, kmsKey: null, createdAt: 0 });
    setAt(wide.map, 0, 5);
    storage.volumes = { gone, elsewhere, va, vb, wide };
    return storage;
  }

  it('describes a written block: its state, the volume using it, who wrote what and when', () => {
    expect(inspectBlock(world(), 'node-1:0')).toEqual({ node: 'node-1', index: 0, state: 'written', volume: 'va', writtenBy: 'tenant alice, volume va', data: '"payroll"', writtenAt: 5 });
  });

  it('shows encrypted data as ciphertext under its data key', () => {
    expect(inspectBlock(world(), 'node-1:2')).toEqual({ node: 'node-1', index: 2, state: 'written', volume: 'vb', writtenBy: 'tenant bob, volume vb', data: 'ciphertext (data key dk-vb)', writtenAt: 7 });
  });

  it('names every block state, and no owner for a block only a deleted volume or another node\'s volume maps', () => {
    const storage = world();
    const names = [0, 1, 2, 3, 4, 5, 6, 7].map((i) => inspectBlock(storage, `node-1:${i}`)?.state);
    expect(names).toEqual(['written', 'allocated, not written', 'written', 'released dirty', 'wiped', 'history: wipe on first touch', 'unallocated', 'written']);
    expect(inspectBlock(storage, 'node-1:3')).toMatchObject({ volume: null, writtenBy: 'tenant carol, volume vc', data: '"old"', writtenAt: 3 });
    expect(inspectBlock(storage, 'node-1:7')).toEqual({ node: 'node-1', index: 7, state: 'written', volume: null, writtenBy: null, data: 'zeros', writtenAt: null });
    expect(inspectBlock(storage, 'node-1:1')).toMatchObject({ volume: 'va', writtenBy: null, data: 'zeros' });
  });

  it('answers undefined for an id that names no block', () => {
    const storage = world();
    expect(inspectBlock(storage, 'node-1:8')).toBeUndefined();
    expect(inspectBlock(storage, 'node-1:-1')).toBeUndefined();
    expect(inspectBlock(storage, 'node-1:1.5')).toBeUndefined();
    expect(inspectBlock(storage, 'node-1:x')).toBeUndefined();
    expect(inspectBlock(storage, 'node-9:0')).toBeUndefined();
    // No `:` at all: "12" is not block 12 of node "1".
    expect(inspectBlock(storage, '12')).toBeUndefined();
    expect(inspectBlock(storage, '1:12')).toMatchObject({ node: '1', index: 12, state: 'unallocated' });
    expect(inspectBlock(storage, 'node-2:299')).toMatchObject({ node: 'node-2', index: 299, state: 'unallocated' });
    expect(inspectBlock(storage, 'node-2:5')?.volume).toBe('wide');
  });
});
