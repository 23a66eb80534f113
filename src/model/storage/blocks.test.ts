import { describe, expect, it } from 'vitest';
import { allocateBlock, createNode, queueForWipe, releaseBlock, wipeOnFirstTouch, wipeQueued } from './blocks';
import { CHUNK_SIZE, getAt, setAt } from './chunks';
import { BlockState } from './types';

function written(node: ReturnType<typeof createNode>, index: number): void {
  setAt(node.state, index, BlockState.WRITTEN);
  setAt(node.prov, index, { tenant: 'a', volume: 'v', label: 'secret', at: 0, seq: 1, key: null });
}

describe('physical blocks', () => {
  it('allocates the lowest clean block and never a dirty one', () => {
    const node = createNode('n', 'r', 8, 'before-reuse');
    const a = allocateBlock(node, false);
    const b = allocateBlock(node, false);
    expect([a?.index, b?.index]).toEqual([0, 1]);
    written(node, 0);
    releaseBlock(node, 0);
    expect(getAt(node.state, 0)).toBe(BlockState.DIRTY);
    expect(allocateBlock(node, false)?.index).toBe(2);
    expect(node.dirtyCount).toBe(1);
  });

  it('reuses a block only after the wiper erased it, and then it holds nothing', () => {
    const node = createNode('n', 'r', 4, 'before-reuse');
    allocateBlock(node, false);
    written(node, 0);
    releaseBlock(node, 0);
    queueForWipe(node, [0]);
    expect(wipeQueued(node, 10)).toEqual({ wiped: [0], remaining: false });
    expect(getAt(node.prov, 0)).toBeNull();
    expect(allocateBlock(node, false)).toEqual({ index: 0, previous: BlockState.WIPED });
  });

  it('hands out a dirty block with its residue when reuse of dirty blocks is allowed (the fault)', () => {
    const node = createNode('n', 'r', 4, 'before-reuse');
    allocateBlock(node, false);
    written(node, 0);
    releaseBlock(node, 0);
    expect(allocateBlock(node, true)).toEqual({ index: 0, previous: BlockState.DIRTY });
    expect(getAt(node.prov, 0)?.label).toBe('secret');
  });

  it('history mode marks a reused dirty block for a wipe on first touch', () => {
    const node = createNode('n', 'r', 4, 'first-touch-historical');
    allocateBlock(node, true);
    written(node, 0);
    releaseBlock(node, 0);
    expect(allocateBlock(node, true)?.index).toBe(0);
    expect(getAt(node.state, 0)).toBe(BlockState.PENDING_WIPE);
    expect(wipeOnFirstTouch(node, 0)).toBe(true);
    expect(getAt(node.prov, 0)).toBeNull();
  });

  it('skips full chunks and reports a full node', () => {
    const node = createNode('n', 'r', CHUNK_SIZE + 2, 'before-reuse');
    for (let i = 0; i < CHUNK_SIZE + 2; i++) expect(allocateBlock(node, false)?.index).toBe(i);
    expect(allocateBlock(node, false)).toBeNull();
    expect(node.allocatedCount).toBe(CHUNK_SIZE + 2);
  });

  it('wipes a long queue in bounded steps', () => {
    const node = createNode('n', 'r', 300, 'before-reuse');
    const all: number[] = [];
    for (let i = 0; i < 300; i++) all.push(allocateBlock(node, false)?.index ?? -1);
    for (const i of all) releaseBlock(node, i);
    queueForWipe(node, all);
    expect(wipeQueued(node, 100)).toMatchObject({ remaining: true });
    expect(node.dirtyCount).toBe(200);
    wipeQueued(node, 500);
    expect(node.dirtyCount).toBe(0);
    expect(node.cleanCursor).toBe(0);
  });
});
