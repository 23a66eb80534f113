import { applyPatches, enablePatches, type Patch } from 'immer';
import { describe, expect, it } from 'vitest';
import { applySharedPatches } from './apply-patches';

enablePatches();

describe('applySharedPatches', () => {
  const base = Object.freeze({ list: Object.freeze([1, 2, 3]), keep: Object.freeze({ deep: Object.freeze([9]) }), gone: 1 });

  it('does what immer does for array and object adds, removes and replaces, leaving the base as it was', () => {
    const patches: Patch[] = [
      { op: 'add', path: ['list', 1], value: 7 },
      { op: 'add', path: ['list', '-'], value: 8 },
      { op: 'remove', path: ['list', 0] },
      { op: 'replace', path: ['list', 0], value: 5 },
      { op: 'remove', path: ['gone'] },
      { op: 'add', path: ['fresh'], value: { x: 1 } },
    ];
    const shared = applySharedPatches(base, patches);
    expect(shared).toEqual(applyPatches(base, patches));
    expect(shared).toEqual({ list: [5, 2, 3, 8], keep: { deep: [9] }, fresh: { x: 1 } });
    expect(base).toEqual({ list: [1, 2, 3], keep: { deep: [9] }, gone: 1 });
    // Untouched subtrees are shared, not copied.
    expect(shared.keep).toBe(base.keep);
  });

  it('replaces the root, returns the base itself for no patches, and names a bad path', () => {
    expect(applySharedPatches(base, [])).toBe(base);
    expect(applySharedPatches(base, [{ op: 'replace', path: [], value: { other: true } }])).toEqual({ other: true });
    expect(() => applySharedPatches(base, [{ op: 'replace', path: ['gone', 'x', 'y'], value: 1 }])).toThrow('no object at gone');
  });
});
