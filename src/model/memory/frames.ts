import {
  CHUNK_FRAMES,
  FRAME_FIELDS,
  GROUP_CHUNKS,
  type ChunkField,
  type FrameChunk,
  type FrameField,
  type FrameGroup,
  type FrameRun,
  type FrameValues,
} from './types';

/**
 * The chunked frame store. Groups and chunks are treated as immutable values: a change builds a
 * new chunk and a new group and assigns the group into the host's group array, so neither a huge
 * array nor a copy per frame is ever made.
 */

const GROUP_FRAMES = CHUNK_FRAMES * GROUP_CHUNKS;
const STATE_COUNT = 4;

/** A host's frames as plain data (set-up and tests build one). */
export interface FrameStore {
  frames: number;
  groups: FrameGroup[];
  counts: number[];
}

/** What reads of the frame store need (a host of the read-only state is one). */
export interface ReadonlyFrameStore {
  readonly frames: number;
  readonly groups: readonly FrameGroup[];
  readonly counts: readonly number[];
}

/**
 * A frame store being written. `store()` is read again on every {@link setFrames} call, so it
 * sees earlier writes of the same batch; `groups()` and `counts()` return the host's arrays
 * writable (in handlers a `ctx.mut` path, copied on the first call of a batch).
 */
export interface FrameTarget {
  store(): ReadonlyFrameStore;
  groups(): FrameGroup[];
  counts(): number[];
}

/** The target of a plain store (set-up code and tests write plain objects in place). */
export function plainFrames(store: FrameStore): FrameTarget {
  return { store: () => store, groups: () => store.groups, counts: () => store.counts };
}

function oneHot(state: number, size: number): number[] {
  const counts = new Array<number>(STATE_COUNT).fill(0);
  counts[state] = size;
  return counts;
}

function uniformChunk(size: number, values: FrameValues): FrameChunk {
  return { ...values, size, counts: oneHot(values.state, size) };
}

/** Builds a host's frames, all with `initial` values; identical chunks share one object. */
export function createFrames(frames: number, initial: FrameValues): FrameGroup[] {
  const full = uniformChunk(CHUNK_FRAMES, initial);
  const groups: FrameGroup[] = [];
  for (let start = 0; start < frames; start += GROUP_FRAMES) {
    const chunks: FrameChunk[] = [];
    const groupFrames = Math.min(GROUP_FRAMES, frames - start);
    for (let c = 0; c * CHUNK_FRAMES < groupFrames; c++) {
      const size = Math.min(CHUNK_FRAMES, groupFrames - c * CHUNK_FRAMES);
      chunks.push(size === CHUNK_FRAMES ? full : uniformChunk(size, initial));
    }
    groups.push({ chunks, counts: oneHot(initial.state, groupFrames) });
  }
  return groups;
}

export function fieldAt(field: ChunkField, i: number): number {
  return typeof field === 'number' ? field : (field[i] as number);
}

export function chunkOf(store: ReadonlyFrameStore, mfn: number): { chunk: FrameChunk; index: number } {
  const c = Math.floor(mfn / CHUNK_FRAMES);
  const group = store.groups[Math.floor(c / GROUP_CHUNKS)] as FrameGroup;
  return { chunk: group.chunks[c % GROUP_CHUNKS] as FrameChunk, index: mfn - c * CHUNK_FRAMES };
}

export function frameAt(store: ReadonlyFrameStore, mfn: number): FrameValues {
  const { chunk, index } = chunkOf(store, mfn);
  const values = {} as FrameValues;
  for (const f of FRAME_FIELDS) values[f] = fieldAt(chunk[f], index);
  return values;
}

/** An array whose entries are all equal collapses back to one number. */
function collapse(values: number[]): ChunkField {
  const first = values[0] as number;
  for (let i = 1; i < values.length; i++) if (values[i] !== first) return values;
  return first;
}

function countStates(field: ChunkField, size: number): number[] {
  if (typeof field === 'number') return oneHot(field, size);
  const counts = new Array<number>(STATE_COUNT).fill(0);
  for (const s of field) counts[s] = (counts[s] as number) + 1;
  return counts;
}

function rewriteChunk(chunk: FrameChunk, lo: number, hi: number, values: Partial<FrameValues>, memo: Map<FrameChunk, FrameChunk>): FrameChunk {
  const full = lo === 0 && hi === chunk.size;
  if (full) {
    const cached = memo.get(chunk);
    if (cached) return cached;
  }
  const next: Record<string, unknown> = { ...chunk };
  let changed = false;
  for (const f of FRAME_FIELDS) {
    const v = values[f];
    if (v === undefined) continue;
    const current = chunk[f];
    if (typeof current === 'number' && current === v) continue;
    changed = true;
    if (full) next[f] = v;
    else {
      const array = typeof current === 'number' ? new Array<number>(chunk.size).fill(current) : current.slice();
      array.fill(v, lo, hi);
      next[f] = collapse(array);
    }
  }
  if (!changed) return chunk;
  if (values.state !== undefined) next.counts = countStates(next.state as ChunkField, chunk.size);
  const result = next as FrameChunk;
  if (full) memo.set(chunk, result);
  return result;
}

/**
 * Sets `values` on frames [start, start + count). Cost: the chunks touched, plus one group copy
 * per group; the host's arrays are made writable only once a chunk really changes.
 */
export function setFrames(target: FrameTarget, start: number, count: number, values: Partial<FrameValues>): void {
  const store = target.store();
  const end = Math.min(store.frames, start + count);
  const memo = new Map<FrameChunk, FrameChunk>();
  // After the first write the writable arrays are the current ones (`store` may be a replaced chunk).
  let groups: FrameGroup[] | null = null;
  let totals: number[] | null = null;
  let mfn = Math.max(0, start);
  while (mfn < end) {
    const g = Math.floor(mfn / GROUP_FRAMES);
    const groupEnd = Math.min(end, (g + 1) * GROUP_FRAMES);
    const group = (groups ?? store.groups)[g] as FrameGroup;
    const chunks = group.chunks.slice();
    const counts = group.counts.slice();
    let changed = false;
    while (mfn < groupEnd) {
      const c = Math.floor(mfn / CHUNK_FRAMES);
      const local = c - g * GROUP_CHUNKS;
      const chunk = chunks[local] as FrameChunk;
      const base = c * CHUNK_FRAMES;
      const hi = Math.min(chunk.size, groupEnd - base);
      const next = rewriteChunk(chunk, mfn - base, hi, values, memo);
      if (next !== chunk) {
        changed = true;
        chunks[local] = next;
        for (let s = 0; s < STATE_COUNT; s++) counts[s] = (counts[s] as number) + (next.counts[s] as number) - (chunk.counts[s] as number);
      }
      mfn = base + hi;
    }
    if (!changed) continue;
    totals ??= target.counts();
    for (let s = 0; s < STATE_COUNT; s++) {
      const delta = (counts[s] as number) - (group.counts[s] as number);
      if (delta !== 0) totals[s] = (totals[s] as number) + delta;
    }
    groups ??= target.groups();
    groups[g] = { chunks, counts };
  }
}

function maskCount(counts: readonly number[], mask: number): number {
  let n = 0;
  for (let s = 0; s < STATE_COUNT; s++) if (mask & (1 << s)) n += counts[s] as number;
  return n;
}

/** A run being built (extended in place); handed out as a read-only {@link FrameRun}. */
type OpenRun = [mfn: number, count: number];

function pushRun(runs: OpenRun[], start: number, count: number): void {
  const last = runs[runs.length - 1];
  if (last && last[0] + last[1] === start) last[1] += count;
  else runs.push([start, count]);
}

/**
 * Runs of frames in [from, to) whose state is in `stateMask` (bit per state
 * code), lowest address first, at most `limit` frames. Groups and chunks without such frames
 * are skipped by their counters, so the cost follows what is found, not the host's size.
 */
export function findRuns(store: ReadonlyFrameStore, from: number, to: number, stateMask: number, limit = Number.POSITIVE_INFINITY): FrameRun[] {
  const runs: OpenRun[] = [];
  let found = 0;
  const end = Math.min(to, store.frames);
  let mfn = Math.max(0, from);
  while (mfn < end && found < limit) {
    const g = Math.floor(mfn / GROUP_FRAMES);
    const group = store.groups[g] as FrameGroup;
    const groupEnd = Math.min(end, (g + 1) * GROUP_FRAMES);
    if (maskCount(group.counts, stateMask) === 0) {
      mfn = groupEnd;
      continue;
    }
    while (mfn < groupEnd && found < limit) {
      const c = Math.floor(mfn / CHUNK_FRAMES);
      const chunk = group.chunks[c - g * GROUP_CHUNKS] as FrameChunk;
      const base = c * CHUNK_FRAMES;
      const hi = Math.min(chunk.size, groupEnd - base);
      if (maskCount(chunk.counts, stateMask) > 0) {
        const state = chunk.state;
        if (typeof state === 'number') {
          const n = Math.min(hi - (mfn - base), limit - found);
          pushRun(runs, mfn, n);
          found += n;
        } else {
          for (let i = mfn - base; i < hi && found < limit; i++) {
            if (stateMask & (1 << (state[i] as number))) {
              pushRun(runs, base + i, 1);
              found++;
            }
          }
        }
      }
      mfn = base + hi;
    }
  }
  return runs;
}

export function stateMask(...states: number[]): number {
  return states.reduce((mask, s) => mask | (1 << s), 0);
}

/** Calls `visit` for each chunk slice of [start, start + count), for scans that must read fields. */
export function visitFrames(store: ReadonlyFrameStore, start: number, count: number, visit: (chunk: FrameChunk, lo: number, hi: number, base: number) => void): void {
  const end = Math.min(store.frames, start + count);
  let mfn = Math.max(0, start);
  while (mfn < end) {
    const { chunk, index } = chunkOf(store, mfn);
    const base = mfn - index;
    const hi = Math.min(chunk.size, end - base);
    visit(chunk, index, hi, base);
    mfn = base + hi;
  }
}

/** The number of frames in `runs`. */
export function runsLength(runs: readonly FrameRun[]): number {
  let n = 0;
  for (const [, count] of runs) n += count;
  return n;
}

export type { FrameField };
