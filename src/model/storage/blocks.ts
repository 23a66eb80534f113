import { chunkCount, CHUNK_SIZE, getAt, makeChunked, setAt } from './chunks';
import { BlockState, type StorageNode, type WipeMode } from './types';

/**
 * Physical block bookkeeping on one storage node: allocation, release and wiping.
 * These functions mutate a node (an immer draft inside handlers) and keep its counters exact.
 */

export function createNode(id: string, region: string, blockCount: number, wipeMode: WipeMode): StorageNode {
  const chunks = chunkCount(blockCount);
  const available: number[] = [];
  for (let c = 0; c < chunks; c++) available.push(Math.min(CHUNK_SIZE, blockCount - c * CHUNK_SIZE));
  return {
    id,
    region,
    blockCount,
    wipeMode,
    state: makeChunked<number>(blockCount, BlockState.FREE),
    prov: makeChunked(blockCount, null),
    chunkAvailable: available,
    chunkDirty: new Array<number>(chunks).fill(0),
    cleanCursor: 0,
    wipeQueue: [],
    wiperRunning: false,
    allocatedCount: 0,
    dirtyCount: 0,
  };
}

export function blockState(node: StorageNode, index: number): number {
  return getAt(node.state, index);
}

function isClean(state: number): boolean {
  return state === BlockState.FREE || state === BlockState.WIPED;
}

/** Lowest clean (FREE or WIPED) block at or after the cursor, skipping chunks with none. */
function findClean(node: StorageNode): number {
  let index = node.cleanCursor;
  while (index < node.blockCount) {
    const c = Math.floor(index / CHUNK_SIZE);
    if ((node.chunkAvailable[c] ?? 0) - (node.chunkDirty[c] ?? 0) <= 0) {
      index = (c + 1) * CHUNK_SIZE;
      continue;
    }
    const chunk = node.state[c] as number[];
    for (let j = index % CHUNK_SIZE; j < chunk.length; j++) if (isClean(chunk[j] as number)) return c * CHUNK_SIZE + j;
    index = (c + 1) * CHUNK_SIZE;
  }
  return -1;
}

/** Lowest block that is free in any sense, dirty included (fault or history mode). */
function findAny(node: StorageNode): number {
  for (let c = 0; c < node.chunkAvailable.length; c++) {
    if ((node.chunkAvailable[c] ?? 0) <= 0) continue;
    const chunk = node.state[c] as number[];
    for (let j = 0; j < chunk.length; j++) {
      const s = chunk[j] as number;
      if (isClean(s) || s === BlockState.DIRTY) return c * CHUNK_SIZE + j;
    }
  }
  return -1;
}

export interface Allocation {
  index: number;
  /** State the block had before: DIRTY means it still held another volume's residue. */
  previous: number;
}

/**
 * Takes one physical block for a volume. Today's EBS never hands out a dirty block (`reuseDirty`
 * false). With the `no-ebs-wipe` fault dirty blocks are reused as they are; in the historical
 * first-touch mode they are reused but marked PENDING_WIPE, wiped when first accessed.
 */
export function allocateBlock(node: StorageNode, reuseDirty: boolean): Allocation | null {
  const index = reuseDirty ? findAny(node) : findClean(node);
  if (index < 0) return null;
  const previous = getAt(node.state, index);
  const c = Math.floor(index / CHUNK_SIZE);
  node.chunkAvailable[c] = (node.chunkAvailable[c] ?? 0) - 1;
  if (previous === BlockState.DIRTY) {
    node.chunkDirty[c] = (node.chunkDirty[c] ?? 0) - 1;
    node.dirtyCount--;
  } else {
    // A clean block carries nothing: make that explicit so a stale record can never leak.
    if (getAt(node.prov, index) !== null) setAt(node.prov, index, null);
  }
  const historical = previous === BlockState.DIRTY && node.wipeMode === 'first-touch-historical';
  setAt(node.state, index, historical ? BlockState.PENDING_WIPE : BlockState.ALLOCATED);
  if (!reuseDirty) node.cleanCursor = index + 1;
  node.allocatedCount++;
  return { index, previous };
}

/** A deleted volume's block goes back dirty: its old contents stay until the wiper runs. */
export function releaseBlock(node: StorageNode, index: number): void {
  const state = getAt(node.state, index);
  if (state !== BlockState.ALLOCATED && state !== BlockState.WRITTEN && state !== BlockState.PENDING_WIPE) return;
  const c = Math.floor(index / CHUNK_SIZE);
  setAt(node.state, index, BlockState.DIRTY);
  node.chunkAvailable[c] = (node.chunkAvailable[c] ?? 0) + 1;
  node.chunkDirty[c] = (node.chunkDirty[c] ?? 0) + 1;
  node.dirtyCount++;
  node.allocatedCount--;
}

/** Erases a dirty block (background wiper). Returns false when the block was no longer dirty. */
export function wipeBlock(node: StorageNode, index: number): boolean {
  if (getAt(node.state, index) !== BlockState.DIRTY) return false;
  const c = Math.floor(index / CHUNK_SIZE);
  setAt(node.state, index, BlockState.WIPED);
  setAt(node.prov, index, null);
  node.chunkDirty[c] = (node.chunkDirty[c] ?? 0) - 1;
  node.dirtyCount--;
  if (index < node.cleanCursor) node.cleanCursor = index;
  return true;
}

/** Historical mode: the first touch of a reused block wipes it before the access proceeds. */
export function wipeOnFirstTouch(node: StorageNode, index: number): boolean {
  if (getAt(node.state, index) !== BlockState.PENDING_WIPE) return false;
  setAt(node.prov, index, null);
  setAt(node.state, index, BlockState.ALLOCATED);
  return true;
}

/** Adds released blocks to the wiper's queue (a list of chunks, so appending copies little). */
export function queueForWipe(node: StorageNode, indices: readonly number[]): void {
  for (let start = 0; start < indices.length; start += CHUNK_SIZE) node.wipeQueue.push(indices.slice(start, start + CHUNK_SIZE));
}

/** Wipes up to `limit` queued blocks; returns how many it wiped and whether work remains. */
export function wipeQueued(node: StorageNode, limit: number): { wiped: number[]; remaining: boolean } {
  const wiped: number[] = [];
  let budget = limit;
  while (budget > 0 && node.wipeQueue.length > 0) {
    const head = node.wipeQueue[0] as number[];
    const take = head.slice(0, budget);
    for (const index of take) if (wipeBlock(node, index)) wiped.push(index);
    budget -= take.length;
    if (take.length === head.length) node.wipeQueue.shift();
    else node.wipeQueue[0] = head.slice(take.length);
  }
  return { wiped, remaining: node.wipeQueue.length > 0 };
}
