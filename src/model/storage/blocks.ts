import type { Immutable, Writable } from '../../engine';
import type { ModelWriteContext } from '../events';
import type { SimState } from '../state';
import { chunkCount, CHUNK_SIZE, getAt, makeChunked, setVia } from './chunks';
import { BlockState, type Provenance, type StorageNode, type WipeMode } from './types';

/**
 * Physical block bookkeeping on one storage node: allocation, release and wiping. These functions
 * write a node through {@link NodeWrites} and keep its counters exact.
 */

/**
 * Where block bookkeeping writes one node: a plain node (set-up, unit tests) or the node in the
 * engine's working copy, each chunk copied on its first write (`nodeInState`). Reads go through
 * `node`, which is always the node as it is now.
 */
export interface NodeWrites {
  readonly node: Immutable<StorageNode>;
  /** The node's own fields (counters, cursor, wiper flag), writable. */
  fields(): Writable<StorageNode>;
  stateChunk(c: number): number[];
  provChunk(c: number): Array<Immutable<Provenance> | null>;
  counts(which: 'chunkAvailable' | 'chunkDirty'): number[];
  wipeQueue(): Array<readonly number[]>;
}

/** A node that is nobody's state yet (set-up, unit tests): written in place. */
export function plainNode(node: StorageNode): NodeWrites {
  return {
    node,
    fields: () => node,
    stateChunk: (c) => chunkAt(node.state, c),
    provChunk: (c) => chunkAt(node.prov, c),
    counts: (which) => node[which],
    wipeQueue: () => node.wipeQueue,
  };
}

/** The node `id` of the working copy (the caller checked it exists), written through `ctx.mut`. */
export function nodeInState(state: Immutable<SimState>, ctx: ModelWriteContext, id: string): NodeWrites {
  return {
    get node() {
      const node = state.world.storage.nodes[id];
      if (!node) throw new RangeError(`no storage node ${id}`);
      return node;
    },
    fields: () => ctx.mut('world', 'storage', 'nodes', id),
    stateChunk: (c) => ctx.mut('world', 'storage', 'nodes', id, 'state', c),
    provChunk: (c) => ctx.mut('world', 'storage', 'nodes', id, 'prov', c),
    counts: (which) => ctx.mut('world', 'storage', 'nodes', id, which),
    wipeQueue: () => ctx.mut('world', 'storage', 'nodes', id, 'wipeQueue'),
  };
}

function chunkAt<T>(chunks: T[][], c: number): T[] {
  const chunk = chunks[c];
  if (!chunk) throw new RangeError(`chunk ${c} outside the chunked array`);
  return chunk;
}

export function setBlockState(w: NodeWrites, index: number, value: number): void {
  setVia(w.stateChunk, index, value);
}

export function setProv(w: NodeWrites, index: number, value: Immutable<Provenance> | null): void {
  setVia(w.provChunk, index, value);
}

function addCount(w: NodeWrites, which: 'chunkAvailable' | 'chunkDirty', c: number, delta: number): void {
  const counts = w.counts(which);
  counts[c] = (counts[c] ?? 0) + delta;
}

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

export function blockState(node: Immutable<StorageNode>, index: number): number {
  return getAt(node.state, index);
}

function isClean(state: number): boolean {
  return state === BlockState.FREE || state === BlockState.WIPED;
}

/** Lowest clean (FREE or WIPED) block at or after the cursor, skipping chunks with none. */
function findClean(node: Immutable<StorageNode>): number {
  let index = node.cleanCursor;
  while (index < node.blockCount) {
    const c = Math.floor(index / CHUNK_SIZE);
    if ((node.chunkAvailable[c] ?? 0) - (node.chunkDirty[c] ?? 0) <= 0) {
      index = (c + 1) * CHUNK_SIZE;
      continue;
    }
    const chunk = node.state[c] as readonly number[];
    for (let j = index % CHUNK_SIZE; j < chunk.length; j++) if (isClean(chunk[j] as number)) return c * CHUNK_SIZE + j;
    index = (c + 1) * CHUNK_SIZE;
  }
  return -1;
}

/** Lowest block that is free in any sense, dirty included (fault or history mode). */
function findAny(node: Immutable<StorageNode>): number {
  for (let c = 0; c < node.chunkAvailable.length; c++) {
    if ((node.chunkAvailable[c] ?? 0) <= 0) continue;
    const chunk = node.state[c] as readonly number[];
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
export function allocateBlock(w: NodeWrites, reuseDirty: boolean): Allocation | null {
  const node = w.node;
  const index = reuseDirty ? findAny(node) : findClean(node);
  if (index < 0) return null;
  const previous = getAt(node.state, index);
  const hadProv = getAt(node.prov, index) !== null;
  const historical = previous === BlockState.DIRTY && node.wipeMode === 'first-touch-historical';
  const c = Math.floor(index / CHUNK_SIZE);
  addCount(w, 'chunkAvailable', c, -1);
  const fields = w.fields();
  if (previous === BlockState.DIRTY) {
    addCount(w, 'chunkDirty', c, -1);
    fields.dirtyCount--;
  } else {
    // A clean block carries nothing: make that explicit so a stale record can never leak.
    if (hadProv) setProv(w, index, null);
  }
  setBlockState(w, index, historical ? BlockState.PENDING_WIPE : BlockState.ALLOCATED);
  if (!reuseDirty) fields.cleanCursor = index + 1;
  fields.allocatedCount++;
  return { index, previous };
}

/** A deleted volume's block goes back dirty: its old contents stay until the wiper runs. */
export function releaseBlock(w: NodeWrites, index: number): void {
  const state = getAt(w.node.state, index);
  if (state !== BlockState.ALLOCATED && state !== BlockState.WRITTEN && state !== BlockState.PENDING_WIPE) return;
  const c = Math.floor(index / CHUNK_SIZE);
  setBlockState(w, index, BlockState.DIRTY);
  addCount(w, 'chunkAvailable', c, 1);
  addCount(w, 'chunkDirty', c, 1);
  const fields = w.fields();
  fields.dirtyCount++;
  fields.allocatedCount--;
}

/** Erases a dirty block (background wiper). Returns false when the block was no longer dirty. */
export function wipeBlock(w: NodeWrites, index: number): boolean {
  if (getAt(w.node.state, index) !== BlockState.DIRTY) return false;
  const c = Math.floor(index / CHUNK_SIZE);
  setBlockState(w, index, BlockState.WIPED);
  setProv(w, index, null);
  addCount(w, 'chunkDirty', c, -1);
  const fields = w.fields();
  fields.dirtyCount--;
  if (index < fields.cleanCursor) fields.cleanCursor = index;
  return true;
}

/** Historical mode: the first touch of a reused block wipes it before the access proceeds. */
export function wipeOnFirstTouch(w: NodeWrites, index: number): boolean {
  if (getAt(w.node.state, index) !== BlockState.PENDING_WIPE) return false;
  setProv(w, index, null);
  setBlockState(w, index, BlockState.ALLOCATED);
  return true;
}

/** Adds released blocks to the wiper's queue (a list of chunks, so appending copies little). */
export function queueForWipe(w: NodeWrites, indices: readonly number[]): void {
  if (indices.length === 0) return;
  const queue = w.wipeQueue();
  for (let start = 0; start < indices.length; start += CHUNK_SIZE) queue.push(indices.slice(start, start + CHUNK_SIZE));
}

/** Wipes up to `limit` queued blocks; returns how many it wiped and whether work remains. */
export function wipeQueued(w: NodeWrites, limit: number): { wiped: number[]; remaining: boolean } {
  const wiped: number[] = [];
  let budget = limit;
  while (budget > 0 && w.node.wipeQueue.length > 0) {
    const head = w.node.wipeQueue[0] as readonly number[];
    const take = head.slice(0, budget);
    for (const index of take) if (wipeBlock(w, index)) wiped.push(index);
    budget -= take.length;
    if (take.length === head.length) w.wipeQueue().shift();
    else w.wipeQueue()[0] = head.slice(take.length);
  }
  return { wiped, remaining: w.node.wipeQueue.length > 0 };
}
