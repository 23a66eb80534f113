import { describe, expect, it } from 'vitest';
import { allocateBlock, createNode, plainNode, queueForWipe, releaseBlock, wipeOnFirstTouch, wipeQueued } from './blocks';
import { CHUNK_SIZE, getAt, setAt } from './chunks';
import { BlockState } from './types';

function written(node: ReturnType<typeof createNode>, index: number): void {
  setAt(node.state, index, BlockState.WRITTEN);
  setAt(node.prov, index, { tenant: 'a', volume: 'v', label: 'secret', at: 0, seq: 1, key: null });
}

describe('physical blocks', () => {
  it('allocates the lowest clean block and never a dirty one', () => {
    const node = createNode('n', 'r', 8, 'before-reuse');
    const a = allocateBlock(plainNode(node), false);
    const b = allocateBlock(plainNode(node), false);
    expect([a?.index, b?.index]).toEqual([0, 1]);
    written(node, 0);
    releaseBlock(plainNode(node), 0);
    expect(getAt(node.state, 0)).toBe(BlockState.DIRTY);
    expect(allocateBlock(plainNode(node), false)?.index).toBe(2);
    expect(node.dirtyCount).toBe(1);
  });

  it('reuses a block only after the wiper erased it, and then it holds nothing', () => {
    const node = createNode('n', 'r', 4, 'before-reuse');
    allocateBlock(plainNode(node), false);
    written(node, 0);
    releaseBlock(plainNode(node), 0);
    queueForWipe(plainNode(node), [0]);
    expect(wipeQueued(plainNode(node), 10)).toEqual({ wiped: [0], remaining: false });
    expect(getAt(node.prov, 0)).toBeNull();
    expect(allocateBlock(plainNode(node), false)).toEqual({ index: 0, previous: BlockState.WIPED });
  });

  it('hands out a dirty block with its residue when reuse of dirty blocks is allowed (the fault)', () => {
    const node = createNode('n', 'r', 4, 'before-reuse');
    allocateBlock(plainNode(node), false);
    written(node, 0);
    releaseBlock(plainNode(node), 0);
    expect(allocateBlock(plainNode(node), true)).toEqual({ index: 0, previous: BlockState.DIRTY });
    expect(getAt(node.prov, 0)?.label).toBe('secret');
  });

  it('history mode marks a reused dirty block for a wipe on first touch', () => {
    const node = createNode('n', 'r', 4, 'first-touch-historical');
    allocateBlock(plainNode(node), true);
    written(node, 0);
    releaseBlock(plainNode(node), 0);
    expect(allocateBlock(plainNode(node), true)?.index).toBe(0);
    expect(getAt(node.state, 0)).toBe(BlockState.PENDING_WIPE);
    expect(wipeOnFirstTouch(plainNode(node), 0)).toBe(true);
    expect(getAt(node.prov, 0)).toBeNull();
  });

  it('skips full chunks and reports a full node', () => {
    const node = createNode('n', 'r', CHUNK_SIZE + 2, 'before-reuse');
    for (let i = 0; i < CHUNK_SIZE + 2; i++) expect(allocateBlock(plainNode(node), false)?.index).toBe(i);
    expect(allocateBlock(plainNode(node), false)).toBeNull();
    expect(node.allocatedCount).toBe(CHUNK_SIZE + 2);
  });

  it('wipes a long queue in bounded steps', () => {
    const node = createNode('n', 'r', 300, 'before-reuse');
    const all: number[] = [];
    for (let i = 0; i < 300; i++) all.push(allocateBlock(plainNode(node), false)?.index ?? -1);
    for (const i of all) releaseBlock(plainNode(node), i);
    queueForWipe(plainNode(node), all);
    expect(wipeQueued(plainNode(node), 100)).toMatchObject({ remaining: true });
    expect(node.dirtyCount).toBe(200);
    wipeQueued(plainNode(node), 500);
    expect(node.dirtyCount).toBe(0);
    expect(node.cleanCursor).toBe(0);
  });
});
