import { describe, expect, it } from 'vitest';
import { allocateBlock, createNode, plainNode, releaseBlock } from './blocks';
import { CHUNK_SIZE } from './chunks';
import { guestOf, storageSimulation, type ActionInput } from './fixture';
import { BlockState } from './types';

/** Volume and key rules not covered elsewhere: other nodes' volumes, keys that cannot be used, dead guests. */
function run(actions: Array<[number, ActionInput]>, keys: Array<{ id: string; region: string; tenant: string }> = []) {
  const engine = storageSimulation({ keys, actions: actions.map(([at, action]) => ({ at, action })) });
  const trace: string[] = [];
  engine.runUntil(100e9, { onFrame: (f) => f.trace.forEach((t) => trace.push(`${t.kind}: ${t.text}`)) });
  return { storage: engine.state.world.storage, refusals: trace.filter((t) => t.startsWith('error: ')) };
}

describe('volume and key rules', () => {
  it('with dirty reuse allowed, the lowest free block of a later chunk is found by its own index', () => {
    const node = createNode('n', 'r', CHUNK_SIZE + 4, 'before-reuse');
    for (let i = 0; i < CHUNK_SIZE + 2; i++) allocateBlock(plainNode(node), false);
    releaseBlock(plainNode(node), CHUNK_SIZE + 1);
    expect(allocateBlock(plainNode(node), true)).toEqual({ index: CHUNK_SIZE + 1, previous: BlockState.DIRTY });
  });

  it('only volumes on the same node count against its limit', () => {
    const { storage, refusals } = run([
      [1, { type: 'ebs.create', volume: 'eu', tenant: 'alice', sizeBlocks: 64, node: 'node-eu' }],
      [1, { type: 'ebs.create', volume: 'v1', tenant: 'alice', sizeBlocks: 256, node: 'node-1' }],
      [1, { type: 'ebs.create', volume: 'v2', tenant: 'alice', sizeBlocks: 256, node: 'node-1' }],
      [1, { type: 'ebs.create', volume: 'v3', tenant: 'alice', sizeBlocks: 256, node: 'node-1' }],
      [1, { type: 'ebs.create', volume: 'v4', tenant: 'alice', sizeBlocks: 256, node: 'node-1' }],
    ]);
    expect(refusals).toEqual([]);
    expect(storage.volumes.v4).toMatchObject({ nodeId: 'node-1', fastSnapshotRestore: false, lazyTotal: 0, init: null, fromSnapshot: null, lastSnapshot: null, snapshotSeq: 0 });
  });

  it('a named key that is disabled cannot encrypt a new volume, and disabling leaves no deletion date', () => {
    const { storage, refusals } = run([
      [1, { type: 'kms.disableKey', key: 'k-a' }],
      [2, { type: 'ebs.create', volume: 've', tenant: 'alice', sizeBlocks: 1, node: 'node-1', encrypted: true, key: 'k-a' }],
      [3, { type: 'ebs.create', volume: 'default', tenant: 'alice', sizeBlocks: 1, node: 'node-1', encrypted: true }],
      [3, { type: 'kms.scheduleKeyDeletion', key: 'aws-ebs.alice.us-east-1', waitingDays: 7 }],
    ], [{ id: 'k-a', region: 'us-east-1', tenant: 'alice' }]);
    expect(refusals).toEqual([
      'error: ebs.create refused: KMS key k-a is disabled (re-enable it to use the data it protects)',
      'error: kms.scheduleKeyDeletion refused: aws-ebs.alice.us-east-1 is an AWS managed key: it cannot be disabled or deleted',
    ]);
    expect(storage.volumes.ve).toBeUndefined();
    expect(storage.keys['k-a']).toEqual({ id: 'k-a', region: 'us-east-1', tenant: 'alice', awsManaged: false, origin: 'aws-kms', state: 'disabled', deletionAt: null });
  });

  it('a destroyed guest cannot take a volume', () => {
    const { refusals } = run([
      [1, { type: 'ebs.create', volume: 'va', tenant: 'alice', sizeBlocks: 1, node: 'node-1' }],
      [2, { type: 'guest.destroy', guest: guestOf('alice') }],
      [50, { type: 'ebs.attach', volume: 'va', guest: guestOf('alice') }],
    ]);
    expect(refusals).toEqual(['error: ebs.attach refused: no live guest n-alice']);
  });
});
