import { describe, expect, it } from 'vitest';
import { SECOND } from '../../engine/time';
import { allocateBlock, createNode, plainNode, queueForWipe, releaseBlock, wipeQueued } from './blocks';
import { getAt } from './chunks';
import { guestOf, storageSimulation, type ActionInput } from './fixture';
import { WIPE_TICK_NS } from './latency';
import { BlockState } from './types';

/**
 * Allocation while released blocks still wait for the wiper. The older tests allocate only after
 * the wiper has run (it is fast), so an allocator that hands out dirty blocks passed them; here
 * the allocation happens first, with the dirty blocks in the allocator's path.
 */

describe('allocation while released blocks wait for the wiper', () => {
  it('skips a dirty block right behind a wiped one (the clean cursor points at it)', () => {
    const node = createNode('n', 'r', 8, 'before-reuse');
    for (let i = 0; i < 4; i++) allocateBlock(plainNode(node), false);
    releaseBlock(plainNode(node), 0);
    releaseBlock(plainNode(node), 1);
    queueForWipe(plainNode(node), [0, 1]);
    // A slow wiper: one block per tick, so block 1 is still dirty when the next volume asks.
    expect(wipeQueued(plainNode(node), 1)).toEqual({ wiped: [0], remaining: true });
    expect(allocateBlock(plainNode(node), false)).toEqual({ index: 0, previous: BlockState.WIPED });
    expect(getAt(node.state, 1)).toBe(BlockState.DIRTY);
    expect(allocateBlock(plainNode(node), false)).toEqual({ index: 4, previous: BlockState.FREE });
  });

  it('reports a node whose only free blocks are dirty as full rather than reuse one', () => {
    const node = createNode('n', 'r', 4, 'before-reuse');
    for (let i = 0; i < 4; i++) allocateBlock(plainNode(node), false);
    for (let i = 0; i < 4; i++) releaseBlock(plainNode(node), i);
    queueForWipe(plainNode(node), [0, 1, 2, 3]);
    expect(wipeQueued(plainNode(node), 1).wiped).toEqual([0]);
    expect(allocateBlock(plainNode(node), false)?.index).toBe(0);
    expect(allocateBlock(plainNode(node), false)).toBeNull();
    expect(node.dirtyCount).toBe(3);
  });

  const create = (volume: string, tenant: string, sizeBlocks: number): ActionInput => ({ type: 'ebs.create', volume, tenant, sizeBlocks, node: 'node-1' });
  const attach = (volume: string, guest: string): ActionInput => ({ type: 'ebs.attach', volume, guest });
  /** Alice writes four blocks and deletes her volume at 3 s; Bob writes his new volume in that same instant. */
  const race: Array<{ at: number; action: ActionInput }> = [
    { at: 1, action: create('va', 'alice', 4) },
    { at: 1, action: attach('va', guestOf('alice')) },
    { at: 2, action: { type: 'ebs.write', volume: 'va', block: 0, count: 4, data: 'alice-secret' } },
    { at: 3, action: { type: 'ebs.detach', volume: 'va' } },
    { at: 3, action: { type: 'ebs.delete', volume: 'va' } },
    { at: 3, action: create('vb', 'bob', 4) },
    { at: 3, action: attach('vb', guestOf('bob')) },
    { at: 3, action: { type: 'ebs.write', volume: 'vb', block: 0, count: 4, data: 'bob-data' } },
  ];
  const BEFORE_WIPER = 3 * SECOND + WIPE_TICK_NS - 1;

  it('in a simulation, a volume written before the wiper ran gets other blocks, never the dirty ones', () => {
    const engine = storageSimulation({ actions: race });
    // Past Bob's write completing (a few hundred µs), just before the wiper's first tick.
    engine.runUntil(BEFORE_WIPER);
    const node = engine.state.world.storage.nodes['node-1'];
    const vb = engine.state.world.storage.volumes.vb;
    if (!node || !vb) throw new Error('fixture: node-1 and volume vb must exist');
    // The race is real: Alice's blocks are still dirty, still queued for the wiper.
    expect([0, 1, 2, 3].map((i) => getAt(node.state, i))).toEqual([BlockState.DIRTY, BlockState.DIRTY, BlockState.DIRTY, BlockState.DIRTY]);
    const physical = [0, 1, 2, 3].map((logical) => getAt(vb.map, logical));
    expect(physical).toEqual([4, 5, 6, 7]);
    expect(engine.state.violations).toEqual([]);
    engine.runUntil(10 * SECOND);
    expect(engine.state.world.storage.nodes['node-1']?.dirtyCount).toBe(0);
  });

  it('in a simulation, a full node refuses the write instead of handing out unwiped blocks', () => {
    const engine = storageSimulation({ actions: race, nodeBlocks: 4 });
    engine.runUntil(BEFORE_WIPER);
    const storage = engine.state.world.storage;
    expect(storage.lastError?.message).toMatch(/storage node node-1 is full/);
    expect(storage.volumes.vb?.mappedCount).toBe(0);
    expect(engine.state.violations).toEqual([]);
  });
});
