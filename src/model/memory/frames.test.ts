import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createFrames, findRuns, frameAt, plainFrames, runsLength, setFrames, stateMask, type FrameStore } from './frames';
import { ALLOCATED, CHUNK_FRAMES, FREE_CLEAN, FREE_DIRTY, SCRUBBING, type FrameValues } from './types';

const ZERO: FrameValues = { state: FREE_CLEAN, owner: 0, writerTenant: 0, writerDomain: 0, label: 0, writtenAt: 0, scrubbedAt: 0, residue: 0 };

function store(frames: number): FrameStore {
  return { frames, groups: createFrames(frames, ZERO), counts: [frames, 0, 0, 0] };
}

describe('frame store', () => {
  it('shares one object between identical uniform chunks', () => {
    const s = store(CHUNK_FRAMES * 8);
    const chunks = s.groups[0]?.chunks ?? [];
    expect(chunks).toHaveLength(8);
    expect(new Set(chunks).size).toBe(1);
  });

  it('keeps a partial last chunk', () => {
    const s = store(CHUNK_FRAMES + 10);
    expect(s.groups[0]?.chunks[1]?.size).toBe(10);
    expect(frameAt(s, CHUNK_FRAMES + 9)).toEqual(ZERO);
  });

  it('collapses a chunk back to scalars when all its frames agree again', () => {
    const s = store(CHUNK_FRAMES);
    setFrames(plainFrames(s), 5, 10, { state: ALLOCATED, owner: 3 });
    expect(Array.isArray(s.groups[0]?.chunks[0]?.state)).toBe(true);
    setFrames(plainFrames(s), 5, 10, { state: FREE_CLEAN, owner: 0 });
    expect(s.groups[0]?.chunks[0]?.state).toBe(FREE_CLEAN);
    expect(s.counts).toEqual([CHUNK_FRAMES, 0, 0, 0]);
  });

  it('finds runs lowest address first, up to a limit', () => {
    const s = store(CHUNK_FRAMES * 3);
    setFrames(plainFrames(s), 100, 50, { state: FREE_DIRTY });
    setFrames(plainFrames(s), CHUNK_FRAMES * 2, 20, { state: FREE_DIRTY });
    expect(findRuns(s, 0, s.frames, stateMask(FREE_DIRTY))).toEqual([[100, 50], [CHUNK_FRAMES * 2, 20]]);
    expect(findRuns(s, 0, s.frames, stateMask(FREE_DIRTY), 60)).toEqual([[100, 50], [CHUNK_FRAMES * 2, 10]]);
  });

  it('agrees with a flat array under random updates (counts, fields, runs)', () => {
    const frames = CHUNK_FRAMES * 2 + 300;
    const op = fc.record({
      start: fc.integer({ min: 0, max: frames - 1 }),
      count: fc.integer({ min: 1, max: 1500 }),
      state: fc.constantFrom(FREE_CLEAN, FREE_DIRTY, SCRUBBING, ALLOCATED),
      owner: fc.integer({ min: 0, max: 3 }),
    });
    fc.assert(
      fc.property(fc.array(op, { maxLength: 25 }), fc.integer({ min: 0, max: 3 }), (ops, wanted) => {
        const s = store(frames);
        const flat = Array.from({ length: frames }, () => ({ ...ZERO }));
        for (const { start, count, state, owner } of ops) {
          setFrames(plainFrames(s), start, count, { state, owner });
          for (let i = start; i < Math.min(frames, start + count); i++) flat[i] = { ...(flat[i] as FrameValues), state, owner };
        }
        const counts = [0, 0, 0, 0];
        for (const f of flat) counts[f.state] = (counts[f.state] as number) + 1;
        expect(s.counts).toEqual(counts);
        for (let i = 0; i < frames; i += 97) expect(frameAt(s, i)).toEqual(flat[i]);
        const runs = findRuns(s, 0, frames, stateMask(wanted));
        expect(runsLength(runs)).toBe(counts[wanted]);
        for (const [start, n] of runs) for (let i = start; i < start + n; i++) expect(flat[i]?.state).toBe(wanted);
      }),
      { numRuns: 60 },
    );
  });
});
