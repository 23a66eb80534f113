import { describe, expect, it } from 'vitest';
import { appendRuns, gfnOf, translate, trimTail } from './p2m';
import type { P2mExtent } from './types';

describe('p2m extents', () => {
  it('coalesces contiguous runs and translates guest frames', () => {
    const p2m: P2mExtent[] = [];
    const frames = appendRuns(p2m, 0, [[100, 10], [110, 5], [300, 5]]);
    expect(frames).toBe(20);
    expect(p2m).toEqual([[0, 100, 15], [15, 300, 5]]);
    expect(translate(p2m, 12, 6)).toEqual([[112, 3], [300, 3]]);
    expect(gfnOf(p2m, 302)).toBe(17);
    expect(gfnOf(p2m, 99)).toBe(-1);
  });

  it('trims the highest guest frames first', () => {
    const p2m: P2mExtent[] = [[0, 100, 15], [15, 300, 5]];
    expect(trimTail(p2m, 7)).toEqual([[113, 2], [300, 5]]);
    expect(p2m).toEqual([[0, 100, 13]]);
  });
});
