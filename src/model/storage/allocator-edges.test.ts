import { describe, expect, it } from 'vitest';
import { allocateBlock, blockState, createNode, plainNode, queueForWipe, releaseBlock, setBlockState, wipeBlock, wipeOnFirstTouch, wipeQueued } from './blocks';
import { CHUNK_SIZE, chunkedLength, getAt, makeChunked, setAt, setVia } from './chunks';
import { describeContent, readContent } from './content';
import { defaultKeyId, keyUnusable, newKey } from './kms';
import { BlockState, type Provenance, type StorageNode } from './types';

/**
 * The EBS allocator's bookkeeping, block by block: which states can be allocated, released and
 * wiped, the counters and the clean cursor after each step, and what a read of a block returns.
 * Wipe-before-reuse is the isolation guarantee of §3.1: a block reaches another volume only
 * clean, unless the fault or the historical first-touch mode says otherwise.
 */

const prov = (label: string, key: string | null = null): Provenance => ({ tenant: 'alice', volume: 'va', label, at: 5, seq: 1, key });

/** Allocates `n` clean blocks, writes them, and returns the node. */
function nodeWith(n: number, blocks = 8, mode: StorageNode['wipeMode'] = 'before-reuse'): StorageNode {
  const node = createNode('n', 'r', blocks, mode);
  for (let i = 0; i < n; i++) {
    const a = allocateBlock(plainNode(node), false);
    if (!a) throw new Error('fixture: node too small');
    setBlockState(plainNode(node), a.index, BlockState.WRITTEN);
    setAt(node.prov, a.index, prov(`data-${a.index}`));
  }
  return node;
}

const counters = (node: StorageNode) => ({ allocated: node.allocatedCount, dirty: node.dirtyCount, available: [...node.chunkAvailable], chunkDirty: [...node.chunkDirty], cursor: node.cleanCursor });

describe('a new storage node', () => {
  it('starts with every block free, counted per chunk, and nothing queued', () => {
    const node = createNode('node-1', 'eu-west-1', CHUNK_SIZE + 44, 'first-touch-historical');
    expect(node).toMatchObject({ id: 'node-1', region: 'eu-west-1', blockCount: CHUNK_SIZE + 44, wipeMode: 'first-touch-historical', chunkAvailable: [CHUNK_SIZE, 44], chunkDirty: [0, 0], cleanCursor: 0, wipeQueue: [], wiperRunning: false, allocatedCount: 0, dirtyCount: 0 });
    expect(chunkedLength(node.state)).toBe(CHUNK_SIZE + 44);
    expect(chunkedLength(node.prov)).toBe(CHUNK_SIZE + 44);
    expect(blockState(node, CHUNK_SIZE + 43)).toBe(BlockState.FREE);
    expect(getAt(node.prov, CHUNK_SIZE + 43)).toBeNull();
  });

  it('a node of exactly one chunk has one count', () => {
    expect(createNode('n', 'r', CHUNK_SIZE, 'before-reuse').chunkAvailable).toEqual([CHUNK_SIZE]);
    expect(createNode('n', 'r', 1, 'before-reuse').chunkAvailable).toEqual([1]);
  });
});

describe('allocating a block', () => {
  it('takes the lowest clean block, marks it allocated and moves the clean cursor past it', () => {
    const node = createNode('n', 'r', 4, 'before-reuse');
    expect(allocateBlock(plainNode(node), false)).toEqual({ index: 0, previous: BlockState.FREE });
    expect(blockState(node, 0)).toBe(BlockState.ALLOCATED);
    expect(counters(node)).toEqual({ allocated: 1, dirty: 0, available: [3], chunkDirty: [0], cursor: 1 });
  });

  it('hands out a clean block without any stale record of an earlier owner', () => {
    const node = createNode('n', 'r', 4, 'before-reuse');
    // A corrupt or restored state: a free block that still carries a provenance record.
    setAt(node.prov, 0, prov('stale'));
    expect(allocateBlock(plainNode(node), false)?.index).toBe(0);
    expect(getAt(node.prov, 0)).toBeNull();
  });

  it('with dirty reuse allowed (the fault) takes a dirty block as it is, and leaves the clean cursor alone', () => {
    const node = nodeWith(3);
    releaseBlock(plainNode(node), 1);
    expect(counters(node)).toEqual({ allocated: 2, dirty: 1, available: [6], chunkDirty: [1], cursor: 3 });
    expect(allocateBlock(plainNode(node), true)).toEqual({ index: 1, previous: BlockState.DIRTY });
    // Today's mode: no wipe on first touch either; the residue is simply there.
    expect(blockState(node, 1)).toBe(BlockState.ALLOCATED);
    expect(getAt(node.prov, 1)?.label).toBe('data-1');
    expect(counters(node)).toEqual({ allocated: 3, dirty: 0, available: [5], chunkDirty: [0], cursor: 3 });
  });

  it('with dirty reuse allowed still prefers the lowest free-in-any-sense block, clean ones included', () => {
    const node = nodeWith(2);
    expect(allocateBlock(plainNode(node), true)).toEqual({ index: 2, previous: BlockState.FREE });
    expect(node.cleanCursor).toBe(2);
  });

  it('history mode marks a reused dirty block for a wipe on first touch, but a clean one is just allocated', () => {
    const node = nodeWith(1, 4, 'first-touch-historical');
    releaseBlock(plainNode(node), 0);
    expect(allocateBlock(plainNode(node), true)).toEqual({ index: 0, previous: BlockState.DIRTY });
    expect(blockState(node, 0)).toBe(BlockState.PENDING_WIPE);
    expect(allocateBlock(plainNode(node), true)).toEqual({ index: 1, previous: BlockState.FREE });
    expect(blockState(node, 1)).toBe(BlockState.ALLOCATED);
  });

  it('never returns a block that is allocated, written or waiting for its first-touch wipe', () => {
    const node = nodeWith(2, 3, 'first-touch-historical');
    releaseBlock(plainNode(node), 0);
    allocateBlock(plainNode(node), true);
    expect(blockState(node, 0)).toBe(BlockState.PENDING_WIPE);
    expect(allocateBlock(plainNode(node), true)?.index).toBe(2);
    expect(allocateBlock(plainNode(node), true)).toBeNull();
    expect(allocateBlock(plainNode(node), false)).toBeNull();
  });

  it('finds a clean block in a later chunk when earlier chunks hold only dirty ones', () => {
    const node = createNode('n', 'r', CHUNK_SIZE + 2, 'before-reuse');
    for (let i = 0; i < CHUNK_SIZE; i++) allocateBlock(plainNode(node), false);
    for (let i = 0; i < CHUNK_SIZE; i++) releaseBlock(plainNode(node), i);
    node.cleanCursor = 0;
    expect(allocateBlock(plainNode(node), false)).toEqual({ index: CHUNK_SIZE, previous: BlockState.FREE });
    expect(node.chunkAvailable).toEqual([CHUNK_SIZE, 1]);
  });

  it('a block written through a chunk accessor outside the node is refused', () => {
    const node = createNode('n', 'r', 4, 'before-reuse');
    expect(() => setBlockState(plainNode(node), CHUNK_SIZE, BlockState.WRITTEN)).toThrow(new RangeError('chunk 1 outside the chunked array'));
    expect(() => setVia(() => [], -1, 0)).toThrow(RangeError);
  });
});

describe('releasing a block', () => {
  it('returns an allocated, written or pending block dirty, counted as available but dirty', () => {
    for (const state of [BlockState.ALLOCATED, BlockState.WRITTEN, BlockState.PENDING_WIPE]) {
      const node = nodeWith(1, 4);
      setBlockState(plainNode(node), 0, state);
      releaseBlock(plainNode(node), 0);
      expect(blockState(node, 0)).toBe(BlockState.DIRTY);
      expect(counters(node)).toEqual({ allocated: 0, dirty: 1, available: [4], chunkDirty: [1], cursor: 1 });
      // Its contents stay until the wiper runs.
      expect(getAt(node.prov, 0)?.label).toBe('data-0');
    }
  });

  it('ignores a block that is free, wiped or already dirty (a double release counts nothing twice)', () => {
    const node = nodeWith(1, 4);
    releaseBlock(plainNode(node), 0);
    const before = counters(node);
    releaseBlock(plainNode(node), 0);
    releaseBlock(plainNode(node), 3);
    expect(counters(node)).toEqual(before);
    wipeBlock(plainNode(node), 0);
    const wiped = counters(node);
    releaseBlock(plainNode(node), 0);
    expect(counters(node)).toEqual(wiped);
    expect(blockState(node, 0)).toBe(BlockState.WIPED);
  });
});

describe('wiping', () => {
  it('erases a dirty block, forgets its owner and lowers the clean cursor to it', () => {
    const node = nodeWith(3);
    releaseBlock(plainNode(node), 1);
    expect(wipeBlock(plainNode(node), 1)).toBe(true);
    expect(blockState(node, 1)).toBe(BlockState.WIPED);
    expect(getAt(node.prov, 1)).toBeNull();
    expect(counters(node)).toEqual({ allocated: 2, dirty: 0, available: [6], chunkDirty: [0], cursor: 1 });
  });

  it('does not raise the clean cursor for a block above it', () => {
    const node = nodeWith(3);
    releaseBlock(plainNode(node), 0);
    releaseBlock(plainNode(node), 2);
    wipeBlock(plainNode(node), 0);
    expect(node.cleanCursor).toBe(0);
    wipeBlock(plainNode(node), 2);
    expect(node.cleanCursor).toBe(0);
  });

  it('leaves a block that is not dirty as it is', () => {
    const node = nodeWith(1, 4);
    expect(wipeBlock(plainNode(node), 0)).toBe(false);
    expect(wipeBlock(plainNode(node), 1)).toBe(false);
    expect(blockState(node, 0)).toBe(BlockState.WRITTEN);
    expect(getAt(node.prov, 0)?.label).toBe('data-0');
    expect(counters(node)).toEqual({ allocated: 1, dirty: 0, available: [3], chunkDirty: [0], cursor: 1 });
  });

  it('history mode: the first touch wipes a pending block once, and nothing else', () => {
    const node = nodeWith(1, 4, 'first-touch-historical');
    setBlockState(plainNode(node), 0, BlockState.PENDING_WIPE);
    expect(wipeOnFirstTouch(plainNode(node), 0)).toBe(true);
    expect(blockState(node, 0)).toBe(BlockState.ALLOCATED);
    expect(getAt(node.prov, 0)).toBeNull();
    expect(wipeOnFirstTouch(plainNode(node), 0)).toBe(false);
    setAt(node.prov, 0, prov('new'));
    setBlockState(plainNode(node), 0, BlockState.WRITTEN);
    expect(wipeOnFirstTouch(plainNode(node), 0)).toBe(false);
    expect(getAt(node.prov, 0)?.label).toBe('new');
  });

  it('queues released blocks in chunks, and an empty release queues nothing', () => {
    const node = createNode('n', 'r', 400, 'before-reuse');
    queueForWipe(plainNode(node), []);
    expect(node.wipeQueue).toEqual([]);
    const indices = Array.from({ length: CHUNK_SIZE + 3 }, (_, i) => i);
    queueForWipe(plainNode(node), indices);
    expect(node.wipeQueue.map((c) => c.length)).toEqual([CHUNK_SIZE, 3]);
    expect(node.wipeQueue[1]).toEqual([CHUNK_SIZE, CHUNK_SIZE + 1, CHUNK_SIZE + 2]);
  });

  it('a wiper pass takes at most its budget, keeps the rest of a chunk queued, and skips blocks no longer dirty', () => {
    const node = nodeWith(5);
    for (const i of [0, 1, 2, 3, 4]) releaseBlock(plainNode(node), i);
    queueForWipe(plainNode(node), [0, 1, 2]);
    queueForWipe(plainNode(node), [3, 4]);
    expect(wipeQueued(plainNode(node), 2)).toEqual({ wiped: [0, 1], remaining: true });
    expect(node.wipeQueue).toEqual([[2], [3, 4]]);
    // Block 2 is reused dirty meanwhile (the fault, after the two wiped ones): the wiper must not erase the new owner's block.
    expect([0, 1, 2].map(() => allocateBlock(plainNode(node), true)?.previous)).toEqual([BlockState.WIPED, BlockState.WIPED, BlockState.DIRTY]);
    expect(blockState(node, 2)).toBe(BlockState.ALLOCATED);
    expect(wipeQueued(plainNode(node), 2)).toEqual({ wiped: [3], remaining: true });
    expect(node.wipeQueue).toEqual([[4]]);
    expect(wipeQueued(plainNode(node), 0)).toEqual({ wiped: [], remaining: true });
    expect(wipeQueued(plainNode(node), 5)).toEqual({ wiped: [4], remaining: false });
    expect(node.wipeQueue).toEqual([]);
    expect(node.dirtyCount).toBe(0);
  });
});

describe('chunked arrays', () => {
  it('an empty array has no chunks and length 0', () => {
    expect(makeChunked(0, 1)).toEqual([]);
    expect(chunkedLength([])).toBe(0);
    expect(makeChunked(CHUNK_SIZE, 1)).toHaveLength(1);
    expect(makeChunked(CHUNK_SIZE + 1, 1).map((c) => c.length)).toEqual([CHUNK_SIZE, 1]);
  });

  it('reads and writes the last index of a chunk and the first of the next', () => {
    const chunks = makeChunked(CHUNK_SIZE * 2, 0);
    setAt(chunks, CHUNK_SIZE - 1, 1);
    setAt(chunks, CHUNK_SIZE, 2);
    expect([getAt(chunks, CHUNK_SIZE - 1), getAt(chunks, CHUNK_SIZE), getAt(chunks, 0)]).toEqual([1, 2, 0]);
    expect(chunks[0]?.[CHUNK_SIZE - 1]).toBe(1);
    expect(chunks[1]?.[0]).toBe(2);
    expect(() => getAt(chunks, -1)).toThrow(new RangeError('index -1 outside the chunked array'));
    expect(() => setAt(chunks, CHUNK_SIZE * 2, 1)).toThrow(new RangeError(`index ${CHUNK_SIZE * 2} outside the chunked array`));
    setVia((c) => chunks[c] as number[], CHUNK_SIZE + 5, 7);
    expect(getAt(chunks, CHUNK_SIZE + 5)).toBe(7);
    expect(() => setVia((c) => chunks[c] as number[], -2, 7)).toThrow(new RangeError('index -2 outside the chunked array'));
  });
});

describe('what a read of a block returns', () => {
  it('zeros for a block never written, plaintext under the reader\'s own key, ciphertext otherwise', () => {
    expect(readContent(null, { dataKey: null })).toEqual({ kind: 'zero' });
    expect(readContent(prov('payroll'), { dataKey: null })).toEqual({ kind: 'plain', tenant: 'alice', volume: 'va', label: 'payroll' });
    expect(readContent(prov('payroll', 'dk-va'), { dataKey: 'dk-va' })).toEqual({ kind: 'plain', tenant: 'alice', volume: 'va', label: 'payroll' });
    expect(readContent(prov('payroll', 'dk-va'), { dataKey: 'dk-vb' })).toEqual({ kind: 'cipher', key: 'dk-va' });
    expect(readContent(prov('payroll', 'dk-va'), { dataKey: null })).toEqual({ kind: 'cipher', key: 'dk-va' });
    // Plaintext read through an encrypted volume is decrypted into noise, never shown as plaintext.
    expect(readContent(prov('payroll'), { dataKey: 'dk-vb' })).toEqual({ kind: 'cipher', key: 'none' });
  });

  it('describes each kind of content for the trace', () => {
    expect(describeContent({ kind: 'zero' })).toBe('zeros');
    expect(describeContent({ kind: 'plain', tenant: 'alice', volume: 'va', label: 'payroll' })).toBe('"payroll" (tenant alice, volume va)');
    expect(describeContent({ kind: 'cipher', key: 'dk-va' })).toBe('ciphertext under data key dk-va (unreadable without it)');
  });
});

describe('KMS key states', () => {
  it('says why each key state cannot decrypt, and nothing for an enabled key or no key', () => {
    const keys = Object.fromEntries(
      (['enabled', 'disabled', 'pending-deletion', 'deleted', 'no-material'] as const).map((state) => [state, newKey({ id: state, region: 'r', tenant: 't', state })]),
    );
    const storage = { keys };
    expect(keyUnusable(storage, null)).toBeNull();
    expect(keyUnusable(storage, 'enabled')).toBeNull();
    expect(keyUnusable(storage, 'missing')).toBe('KMS key missing does not exist');
    expect(keyUnusable(storage, 'disabled')).toBe('KMS key disabled is disabled (re-enable it to use the data it protects)');
    expect(keyUnusable(storage, 'pending-deletion')).toBe('KMS key pending-deletion is pending deletion (cancel the deletion to use it again)');
    expect(keyUnusable(storage, 'deleted')).toBe('KMS key deleted was deleted: every data key it protected, and so the data, is unrecoverable');
    expect(keyUnusable(storage, 'no-material')).toBe('the imported key material of KMS key no-material was deleted: the data it protected cannot be decrypted');
  });

  it('a new key is an enabled, customer-managed AWS KMS key; the default key is named per tenant and Region', () => {
    expect(newKey({ id: 'k', region: 'r', tenant: 't' })).toEqual({ id: 'k', region: 'r', tenant: 't', awsManaged: false, origin: 'aws-kms', state: 'enabled', deletionAt: null });
    expect(defaultKeyId('alice', 'eu-west-1')).toBe('aws-ebs.alice.eu-west-1');
  });
});
