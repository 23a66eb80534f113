import { describe, expect, it } from 'vitest';
import { appendRuns, gfnOf, translate, trimTail } from './p2m';
import type { P2mExtent } from './types';

describe('p2m extents at their edges', () => {
  it('merges a run into the last extent only when both the guest and the machine frames continue it', () => {
    const p2m: P2mExtent[] = [[0, 100, 10]];
    // Guest frames continue (gfn 10) but machine frames do not (110 expected): a new extent.
    expect(appendRuns(p2m, 10, [[200, 4]])).toBe(14);
    expect(p2m).toEqual([[0, 100, 10], [10, 200, 4]]);
    // Machine frames continue (204) but the guest frames start past the end (gfn 20, not 14): a new extent.
    const gap: P2mExtent[] = [[10, 200, 4]];
    expect(appendRuns(gap, 20, [[204, 2]])).toBe(22);
    expect(gap).toEqual([[10, 200, 4], [20, 204, 2]]);
  });

  it('appends to an empty map from the given guest frame, and leaves it alone for no runs', () => {
    const p2m: P2mExtent[] = [];
    expect(appendRuns(p2m, 0, [])).toBe(0);
    expect(p2m).toEqual([]);
    expect(appendRuns(p2m, 5, [[40, 3]])).toBe(8);
    expect(p2m).toEqual([[5, 40, 3]]);
  });

  it('translates only the guest frames asked for, never a neighbouring extent\'s', () => {
    const p2m: P2mExtent[] = [[0, 100, 15], [15, 300, 5]];
    // Exactly the first extent.
    expect(translate(p2m, 0, 15)).toEqual([[100, 15]]);
    // Starting exactly where the second extent starts.
    expect(translate(p2m, 15, 2)).toEqual([[300, 2]]);
    // One frame at each side of the extent boundary.
    expect(translate(p2m, 14, 2)).toEqual([[114, 1], [300, 1]]);
    // Past the end of the guest: nothing.
    expect(translate(p2m, 20, 4)).toEqual([]);
    expect(translate(p2m, 3, 0)).toEqual([]);
    // Clipped at the end of the guest.
    expect(translate(p2m, 18, 10)).toEqual([[303, 2]]);
  });

  it('finds the guest frame of a machine frame only inside an extent', () => {
    const p2m: P2mExtent[] = [[0, 100, 15], [15, 300, 5]];
    expect(gfnOf(p2m, 100)).toBe(0);
    expect(gfnOf(p2m, 114)).toBe(14);
    expect(gfnOf(p2m, 115)).toBe(-1);
    expect(gfnOf(p2m, 300)).toBe(15);
    expect(gfnOf(p2m, 304)).toBe(19);
    expect(gfnOf(p2m, 305)).toBe(-1);
  });

  it('trims a whole extent, several extents, or everything, returning the frames in guest order', () => {
    const exact: P2mExtent[] = [[0, 100, 15], [15, 300, 5]];
    expect(trimTail(exact, 5)).toEqual([[300, 5]]);
    expect(exact).toEqual([[0, 100, 15]]);

    const all: P2mExtent[] = [[0, 100, 15], [15, 300, 5]];
    expect(trimTail(all, 50)).toEqual([[100, 15], [300, 5]]);
    expect(all).toEqual([]);

    const none: P2mExtent[] = [[0, 100, 15]];
    expect(trimTail(none, 0)).toEqual([]);
    expect(none).toEqual([[0, 100, 15]]);
  });
});
