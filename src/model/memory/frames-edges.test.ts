import { describe, expect, it } from 'vitest';
import { chunkOf, createFrames, fieldAt, findRuns, frameAt, plainFrames, runsLength, setFrames, stateMask, visitFrames, type FrameStore, type FrameTarget } from './frames';
import { ALLOCATED, CHUNK_FRAMES, FREE_CLEAN, FREE_DIRTY, GROUP_CHUNKS, SCRUBBING, type FrameChunk, type FrameGroup, type FrameValues } from './types';

const ZERO: FrameValues = { state: FREE_CLEAN, owner: 0, writerTenant: 0, writerDomain: 0, label: 0, writtenAt: 0, scrubbedAt: 0, residue: 0 };
/** Frames in one group of chunks: a host bigger than this has a second group. */
const GROUP_FRAMES = CHUNK_FRAMES * GROUP_CHUNKS;

function store(frames: number, initial: FrameValues = ZERO): FrameStore {
  const counts = [0, 0, 0, 0];
  counts[initial.state] = frames;
  return { frames, groups: createFrames(frames, initial), counts };
}

/** A target that counts how often the host's arrays were made writable. */
function countingTarget(s: FrameStore): { target: FrameTarget; calls: { groups: number; counts: number } } {
  const calls = { groups: 0, counts: 0 };
  return {
    calls,
    target: {
      store: () => s,
      groups: () => {
        calls.groups++;
        return s.groups;
      },
      counts: () => {
        calls.counts++;
        return s.counts;
      },
    },
  };
}

describe('frame store edges', () => {
  it('builds each group with its own per-state counts, the last group and chunk partial', () => {
    const s = store(GROUP_FRAMES + 5, { ...ZERO, state: FREE_DIRTY });
    expect(s.groups).toHaveLength(2);
    expect(s.groups[0]?.counts).toEqual([0, GROUP_FRAMES, 0, 0]);
    expect(s.groups[0]?.chunks).toHaveLength(GROUP_CHUNKS);
    expect(s.groups[1]?.counts).toEqual([0, 5, 0, 0]);
    expect(s.groups[1]?.chunks.map((c) => [c.size, c.counts])).toEqual([[5, [0, 5, 0, 0]]]);
    expect(s.groups[0]?.chunks[0]?.counts).toEqual([0, CHUNK_FRAMES, 0, 0]);
  });

  it('reads and writes frames of the second group at the right place', () => {
    const s = store(GROUP_FRAMES + 2 * CHUNK_FRAMES);
    setFrames(plainFrames(s), GROUP_FRAMES - 2, 4, { state: ALLOCATED, owner: 7 });
    expect(frameAt(s, GROUP_FRAMES - 3).owner).toBe(0);
    expect(frameAt(s, GROUP_FRAMES - 2).owner).toBe(7);
    expect(frameAt(s, GROUP_FRAMES + 1).owner).toBe(7);
    expect(frameAt(s, GROUP_FRAMES + 2).owner).toBe(0);
    expect(s.counts).toEqual([GROUP_FRAMES + 2 * CHUNK_FRAMES - 4, 0, 0, 4]);
    expect(s.groups[0]?.counts).toEqual([GROUP_FRAMES - 2, 0, 0, 2]);
    expect(s.groups[1]?.counts).toEqual([2 * CHUNK_FRAMES - 2, 0, 0, 2]);
    expect(findRuns(s, 0, s.frames, stateMask(ALLOCATED))).toEqual([[GROUP_FRAMES - 2, 4]]);
    const { chunk, index } = chunkOf(s, GROUP_FRAMES + CHUNK_FRAMES + 3);
    expect(index).toBe(3);
    expect(chunk).toBe(s.groups[1]?.chunks[1]);
  });

  it('skips a group with none of the wanted frames and finds them in the next one', () => {
    const s = store(GROUP_FRAMES + CHUNK_FRAMES);
    setFrames(plainFrames(s), GROUP_FRAMES + 10, 3, { state: FREE_DIRTY });
    expect(findRuns(s, 0, s.frames, stateMask(FREE_DIRTY))).toEqual([[GROUP_FRAMES + 10, 3]]);
    expect(findRuns(s, 0, GROUP_FRAMES + 11, stateMask(FREE_DIRTY))).toEqual([[GROUP_FRAMES + 10, 1]]);
  });

  it('clamps writes to the host: frames before 0 and past the end are ignored', () => {
    const s = store(CHUNK_FRAMES);
    setFrames(plainFrames(s), -5, 10, { state: ALLOCATED });
    expect(findRuns(s, 0, s.frames, stateMask(ALLOCATED))).toEqual([[0, 5]]);
    setFrames(plainFrames(s), CHUNK_FRAMES - 2, 10, { state: FREE_DIRTY });
    expect(findRuns(s, 0, s.frames, stateMask(FREE_DIRTY))).toEqual([[CHUNK_FRAMES - 2, 2]]);
    expect(s.counts).toEqual([CHUNK_FRAMES - 7, 2, 0, 5]);
  });

  it('does not make the host writable for a write that changes nothing', () => {
    const s = store(CHUNK_FRAMES * 2);
    const groupsBefore = s.groups[0];
    const { target, calls } = countingTarget(s);
    setFrames(target, 0, CHUNK_FRAMES * 2, { state: FREE_CLEAN, owner: 0 });
    setFrames(target, 3, 10, {});
    expect(calls).toEqual({ groups: 0, counts: 0 });
    expect(s.groups[0]).toBe(groupsBefore);
    setFrames(target, 3, 10, { owner: 2 });
    // An owner change writes the group but leaves the state counters alone.
    expect(calls).toEqual({ groups: 1, counts: 1 });
    expect(s.counts).toEqual([CHUNK_FRAMES * 2, 0, 0, 0]);
  });

  it('keeps identical chunks shared after rewriting them whole', () => {
    const s = store(CHUNK_FRAMES * 4);
    setFrames(plainFrames(s), 0, CHUNK_FRAMES * 4, { state: ALLOCATED, owner: 1 });
    const chunks = s.groups[0]?.chunks ?? [];
    expect(new Set(chunks).size).toBe(1);
    expect(chunks[0]).toMatchObject({ state: ALLOCATED, owner: 1, size: CHUNK_FRAMES, counts: [0, 0, 0, CHUNK_FRAMES] });
  });

  it('counts a chunk\'s states frame by frame once its frames differ', () => {
    const s = store(CHUNK_FRAMES);
    setFrames(plainFrames(s), 0, 3, { state: SCRUBBING });
    setFrames(plainFrames(s), 3, 2, { state: ALLOCATED });
    const chunk = s.groups[0]?.chunks[0] as FrameChunk;
    expect(chunk.counts).toEqual([CHUNK_FRAMES - 5, 0, 3, 2]);
    expect(s.groups[0]?.counts).toEqual([CHUNK_FRAMES - 5, 0, 3, 2]);
    expect(fieldAt(chunk.state, 4)).toBe(ALLOCATED);
    expect(fieldAt(chunk.state, 5)).toBe(FREE_CLEAN);
    expect(fieldAt(7, 123)).toBe(7);
  });

  it('finds runs from a start frame, within mixed chunks, up to a limit', () => {
    const s = store(CHUNK_FRAMES * 2);
    setFrames(plainFrames(s), 10, 5, { state: FREE_DIRTY });
    setFrames(plainFrames(s), 20, 5, { state: SCRUBBING });
    const both = stateMask(FREE_DIRTY, SCRUBBING);
    expect(findRuns(s, 0, s.frames, both)).toEqual([[10, 5], [20, 5]]);
    expect(findRuns(s, 12, s.frames, both)).toEqual([[12, 3], [20, 5]]);
    expect(findRuns(s, 0, s.frames, both, 7)).toEqual([[10, 5], [20, 2]]);
    expect(findRuns(s, 0, 22, both)).toEqual([[10, 5], [20, 2]]);
    expect(findRuns(s, -4, 11, both)).toEqual([[10, 1]]);
    expect(findRuns(s, 0, s.frames, both, 0)).toEqual([]);
    // A uniform free chunk is one run, cut by the limit.
    expect(findRuns(s, CHUNK_FRAMES, s.frames, stateMask(FREE_CLEAN), 100)).toEqual([[CHUNK_FRAMES, 100]]);
    expect(findRuns(s, CHUNK_FRAMES + 24, s.frames + 50, stateMask(FREE_CLEAN))).toEqual([[CHUNK_FRAMES + 24, CHUNK_FRAMES - 24]]);
  });

  it('joins adjacent runs across a chunk boundary into one', () => {
    const s = store(CHUNK_FRAMES * 2);
    setFrames(plainFrames(s), CHUNK_FRAMES - 3, 6, { state: FREE_DIRTY });
    expect(findRuns(s, 0, s.frames, stateMask(FREE_DIRTY))).toEqual([[CHUNK_FRAMES - 3, 6]]);
  });

  it('builds state masks bit by bit', () => {
    expect(stateMask()).toBe(0);
    expect(stateMask(FREE_CLEAN)).toBe(1);
    expect(stateMask(FREE_DIRTY, SCRUBBING)).toBe(6);
    expect(stateMask(ALLOCATED)).toBe(8);
  });

  it('visits each chunk slice of a range once, with its local bounds and base frame', () => {
    const s = store(CHUNK_FRAMES * 3);
    const seen: Array<[number, number, number]> = [];
    visitFrames(s, CHUNK_FRAMES - 4, CHUNK_FRAMES + 10, (_chunk, lo, hi, base) => seen.push([lo, hi, base]));
    expect(seen).toEqual([[CHUNK_FRAMES - 4, CHUNK_FRAMES, 0], [0, CHUNK_FRAMES, CHUNK_FRAMES], [0, 6, 2 * CHUNK_FRAMES]]);
    const clipped: Array<[number, number, number]> = [];
    visitFrames(s, -2, 5, (_chunk, lo, hi, base) => clipped.push([lo, hi, base]));
    visitFrames(s, 3 * CHUNK_FRAMES - 1, 5, (_chunk, lo, hi, base) => clipped.push([lo, hi, base]));
    expect(clipped).toEqual([[0, 3, 0], [CHUNK_FRAMES - 1, CHUNK_FRAMES, 2 * CHUNK_FRAMES]]);
  });

  it('adds up run lengths', () => {
    expect(runsLength([])).toBe(0);
    expect(runsLength([[0, 3], [10, 4]])).toBe(7);
  });

  it('writes every field of a frame and reads them back', () => {
    const s = store(CHUNK_FRAMES);
    const values: FrameValues = { state: ALLOCATED, owner: 2, writerTenant: 3, writerDomain: 4, label: 5, writtenAt: 6, scrubbedAt: 7, residue: 1 };
    setFrames(plainFrames(s), 9, 1, values);
    expect(frameAt(s, 9)).toEqual(values);
    expect(frameAt(s, 8)).toEqual(ZERO);
    const group = s.groups[0] as FrameGroup;
    expect(group.counts).toEqual([CHUNK_FRAMES - 1, 0, 0, 1]);
  });

  it('rewrites a shared chunk fully only where the range covers it fully', () => {
    // Three identical (shared) chunks; the range ends inside the last, then starts inside the first.
    const tail = store(CHUNK_FRAMES * 3);
    setFrames(plainFrames(tail), 0, 2 * CHUNK_FRAMES + 10, { owner: 4 });
    expect(frameAt(tail, 2 * CHUNK_FRAMES + 9).owner).toBe(4);
    expect(frameAt(tail, 2 * CHUNK_FRAMES + 10).owner).toBe(0);
    const head = store(CHUNK_FRAMES * 3);
    setFrames(plainFrames(head), 5, 3 * CHUNK_FRAMES, { owner: 4 });
    expect(frameAt(head, 4).owner).toBe(0);
    expect(frameAt(head, CHUNK_FRAMES).owner).toBe(4);
    expect(frameAt(head, CHUNK_FRAMES + 3).owner).toBe(4);
  });

  it('never changes a chunk or group an earlier state still holds', () => {
    const s = store(CHUNK_FRAMES * 2);
    setFrames(plainFrames(s), 0, 3, { owner: 1 });
    const oldGroup = s.groups[0] as FrameGroup;
    const oldChunk = oldGroup.chunks[0] as FrameChunk;
    const oldChunks = [...oldGroup.chunks];
    setFrames(plainFrames(s), 1, 1, { owner: 2 });
    expect(fieldAt(oldChunk.owner, 1)).toBe(1);
    expect(oldGroup.chunks).toEqual(oldChunks);
    expect(frameAt(s, 1).owner).toBe(2);
  });

  it('stops a search exactly at its limit, across array and uniform chunks', () => {
    const s = store(CHUNK_FRAMES * 3);
    setFrames(plainFrames(s), 10, 5, { state: FREE_DIRTY });
    setFrames(plainFrames(s), CHUNK_FRAMES, 2 * CHUNK_FRAMES, { state: FREE_DIRTY });
    const dirty = stateMask(FREE_DIRTY);
    expect(findRuns(s, 0, s.frames, dirty, 5)).toEqual([[10, 5]]);
    expect(findRuns(s, 0, s.frames, dirty, 7)).toEqual([[10, 5], [CHUNK_FRAMES, 2]]);
    expect(findRuns(s, CHUNK_FRAMES, s.frames, dirty, 1500)).toEqual([[CHUNK_FRAMES, 1500]]);
  });
});
