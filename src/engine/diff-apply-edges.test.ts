import { applyPatches, enablePatches, type Patch } from 'immer';
import { describe, expect, it } from 'vitest';
import { applySharedPatches } from './apply-patches';
import { boundedDiff, diffPatches, smallIntegerLimit } from './diff';

enablePatches();

/** The exact patches a mirror receives, and how the mirror applies them (edges of diff.ts and apply-patches.ts). */

const range = (n: number, f: (i: number) => unknown = (i) => i): unknown[] => Array.from({ length: n }, (_, i) => f(i));

describe('diffPatches', () => {
  it('gives nothing for the same value and for equal subtrees shared by identity', () => {
    const shared = { deep: [1, 2] };
    expect(diffPatches(shared, shared)).toEqual([]);
    expect(diffPatches({ a: shared, b: 1 }, { a: shared, b: 1 })).toEqual([]);
    expect(diffPatches(3, 3)).toEqual([]);
  });

  it('names removed, added and changed keys with their full paths (a record\'s removals after its other keys)', () => {
    const from = { host: { name: 'h1', cpu: 2, old: true }, keep: 1 };
    const to = { host: { name: 'h1', cpu: 4, fresh: 'y' }, keep: 1, extra: { z: 1 } };
    expect(diffPatches(from, to)).toEqual([
      { op: 'replace', path: ['host', 'cpu'], value: 4 },
      { op: 'add', path: ['host', 'fresh'], value: 'y' },
      { op: 'remove', path: ['host', 'old'] },
      { op: 'add', path: ['extra'], value: { z: 1 } },
    ]);
  });

  it('finds a removal where the record keeps its size (one key out, another in)', () => {
    expect(diffPatches({ a: 1, b: 2 }, { a: 1, c: 3 })).toEqual([
      { op: 'add', path: ['c'], value: 3 },
      { op: 'remove', path: ['b'] },
    ]);
  });

  it('tells a key holding undefined from a missing one', () => {
    expect(diffPatches({ a: undefined }, { a: 1 })).toEqual([{ op: 'replace', path: ['a'], value: 1 }]);
    expect(diffPatches({ a: 1 }, { a: undefined })).toEqual([{ op: 'replace', path: ['a'], value: undefined }]);
    expect(diffPatches({}, { a: undefined })).toEqual([{ op: 'add', path: ['a'], value: undefined }]);
  });

  it('gives each patch its own path (a patch\'s path is not the walk\'s stack)', () => {
    const patches = diffPatches({ x: { a: 1, b: 1 } }, { x: { a: 2, b: 2 } });
    expect(patches.map((p) => p.path)).toEqual([['x', 'a'], ['x', 'b']]);
  });

  it('replaces a value whose type changed: record and array, record and null, record and number', () => {
    expect(diffPatches({ v: { a: 1 } }, { v: [1] })).toEqual([{ op: 'replace', path: ['v'], value: [1] }]);
    expect(diffPatches({ v: [1] }, { v: { a: 1 } })).toEqual([{ op: 'replace', path: ['v'], value: { a: 1 } }]);
    expect(diffPatches({ v: null }, { v: { a: 1 } })).toEqual([{ op: 'replace', path: ['v'], value: { a: 1 } }]);
    expect(diffPatches({ v: { a: 1 } }, { v: null })).toEqual([{ op: 'replace', path: ['v'], value: null }]);
    expect(diffPatches({ v: { a: 1 } }, { v: 5 })).toEqual([{ op: 'replace', path: ['v'], value: 5 }]);
    expect(diffPatches({ v: 5 }, { v: { a: 1 } })).toEqual([{ op: 'replace', path: ['v'], value: { a: 1 } }]);
    // A record that only looks like a long array is still replaced whole by the array.
    const long = range(65);
    expect(diffPatches({ v: { length: 65 } }, { v: long })).toEqual([{ op: 'replace', path: ['v'], value: long }]);
  });

  it('sends a changed array of up to 64 items whole, and longer ones of equal length item by item', () => {
    const a64 = range(64);
    const b64 = range(64, (i) => (i === 10 ? 'x' : i));
    expect(diffPatches({ list: a64 }, { list: b64 })).toEqual([{ op: 'replace', path: ['list'], value: b64 }]);
    const a65 = range(65);
    const b65 = range(65, (i) => (i === 10 || i === 64 ? 'x' : i));
    expect(diffPatches({ list: a65 }, { list: b65 })).toEqual([
      { op: 'replace', path: ['list', 10], value: 'x' },
      { op: 'replace', path: ['list', 64], value: 'x' },
    ]);
    // Item by item goes on descending into records inside the long array.
    const c65 = range(65, (i) => ({ id: i, on: false }));
    const d65 = c65.map((item, i) => (i === 3 ? { id: 3, on: true } : item));
    expect(diffPatches(c65, d65)).toEqual([{ op: 'replace', path: [3, 'on'], value: true }]);
    // A long array that grew or shrank is replaced whole.
    const a66 = range(66);
    expect(diffPatches({ list: a65 }, { list: a66 })).toEqual([{ op: 'replace', path: ['list'], value: a66 }]);
    expect(diffPatches({ list: a66 }, { list: a65 })).toEqual([{ op: 'replace', path: ['list'], value: a65 }]);
  });

  it('replaces the root when it is not a record', () => {
    expect(diffPatches(1, 2)).toEqual([{ op: 'replace', path: [], value: 2 }]);
    expect(diffPatches([1], [2])).toEqual([{ op: 'replace', path: [], value: [2] }]);
  });

  it('asks the atomic rule about each path it descends into and stops at an atomic record', () => {
    const asked: string[] = [];
    const atomic = (path: readonly (string | number)[]) => {
      asked.push(path.join('/'));
      return path.join('/') === 'fleet/i-1';
    };
    const from = { fleet: { 'i-1': { cpu: 1, mem: 2 }, 'i-2': { cpu: 1 } } };
    const to = { fleet: { 'i-1': { cpu: 2, mem: 2 }, 'i-2': { cpu: 3 } } };
    expect(diffPatches(from, to, { atomic })).toEqual([
      { op: 'replace', path: ['fleet', 'i-1'], value: { cpu: 2, mem: 2 } },
      { op: 'replace', path: ['fleet', 'i-2', 'cpu'], value: 3 },
    ]);
    expect(asked).toEqual(['', 'fleet', 'fleet/i-1', 'fleet/i-2']);
    // An atomic root is one replace of everything.
    expect(diffPatches(from, to, { atomic: () => true })).toEqual([{ op: 'replace', path: [], value: to }]);
  });

  it('stops once it has produced one patch more than its limit', () => {
    const from = { a: 1, b: 1, c: 1, d: 1, e: 1 };
    const to = { a: 2, b: 2, c: 2, d: 2, e: 2 };
    expect(diffPatches(from, to, { limit: 2 })).toHaveLength(3);
    expect(diffPatches(from, to, { limit: 0 })).toHaveLength(1);
    expect(diffPatches(from, to)).toHaveLength(5);
  });

  it('reads a limit that is not a small integer as the nearest one below it, and none as no limit', () => {
    const from = { a: 1, b: 1, c: 1, d: 1, e: 1 };
    const to = { a: 2, b: 2, c: 2, d: 2, e: 2 };
    expect(diffPatches(from, to, { limit: 2.5 })).toHaveLength(3);
    expect(diffPatches(from, to, { limit: -5 })).toEqual(diffPatches(from, to, { limit: -1 }));
    for (const none of [Number.POSITIVE_INFINITY, Number.NaN, 2 ** 40]) expect(diffPatches(from, to, { limit: none })).toHaveLength(5);
  });

  it('holds its limit as a small integer (V8 optimises the diff for one kind of number only)', () => {
    const most = 2 ** 30 - 1;
    for (const none of [undefined, Number.POSITIVE_INFINITY, Number.NaN, 2 ** 30, 2 ** 40]) expect(smallIntegerLimit(none)).toBe(most);
    expect(smallIntegerLimit(most - 1)).toBe(most - 1);
    expect(smallIntegerLimit(2.5)).toBe(2);
    expect(smallIntegerLimit(0)).toBe(0);
    for (const below of [-0.5, -5, -1e12, Number.NEGATIVE_INFINITY]) expect(smallIntegerLimit(below)).toBe(-1);
  });

  it('sends a short array whole, and diffs it element by element where the elementwise rule says so', () => {
    // A fleet's groups of buckets: an array of 2 groups of 3 buckets, one bucket changed.
    const bucket = (id: string, state: string) => ({ [id]: { id, state } });
    const unchanged = [bucket('i-1', 'running'), bucket('i-2', 'running'), bucket('i-3', 'running')];
    const [i4, i6] = [bucket('i-4', 'running'), bucket('i-6', 'running')];
    const from = { fleet: { instances: [unchanged, [i4, bucket('i-5', 'running'), i6]] } };
    const to = { fleet: { instances: [unchanged, [i4, bucket('i-5', 'stopped'), i6]] } };
    expect(diffPatches(from, to)).toEqual([{ op: 'replace', path: ['fleet', 'instances'], value: to.fleet.instances }]);
    const asked: string[] = [];
    const elementwise = (path: readonly (string | number)[]) => {
      asked.push(path.join('/'));
      return path[1] === 'instances' && path.length <= 3;
    };
    expect(diffPatches(from, to, { elementwise })).toEqual([{ op: 'replace', path: ['fleet', 'instances', 1, 1, 'i-5', 'state'], value: 'stopped' }]);
    // Asked only about arrays of equal length on the way down (not about records or leaves).
    expect(asked).toEqual(['fleet/instances', 'fleet/instances/1']);
    // Arrays of different lengths are sent whole even there.
    const longer = { fleet: { instances: [...to.fleet.instances, []] } };
    expect(diffPatches(from, longer, { elementwise })).toEqual([{ op: 'replace', path: ['fleet', 'instances'], value: longer.fleet.instances }]);
    // The atomic rule still stops the descent inside.
    expect(diffPatches(from, to, { elementwise, atomic: (path) => path.length === 5 })).toEqual([{ op: 'replace', path: ['fleet', 'instances', 1, 1, 'i-5'], value: { id: 'i-5', state: 'stopped' } }]);
  });

  it('gives every added or removed key its full path, at every depth', () => {
    // Depth 4 has a path built field by field; the others are copied. Each patch owns its path.
    for (let depth = 0; depth <= 6; depth++) {
      const nest = (leaf: object): object => range(depth).reduceRight<object>((inner, i) => ({ [`n${String(i)}`]: inner }), leaf);
      const where = range(depth, (i) => `n${String(i)}`);
      const forward = diffPatches(nest({ keep: 1, gone: 1 }), nest({ keep: 1, added: 2 }));
      expect(forward).toEqual([
        { op: 'add', path: [...where, 'added'], value: 2 },
        { op: 'remove', path: [...where, 'gone'] },
      ]);
      expect(forward[0]?.path).not.toBe(forward[1]?.path);
    }
  });
});

describe('boundedDiff', () => {
  const from = { a: 1, b: 1, c: 1 };
  const to = { a: 2, b: 2, c: 2 };

  it('gives the patches when there are at most `limit` of them, and null past it', () => {
    expect(boundedDiff(from, to, 3)).toEqual(diffPatches(from, to));
    expect(boundedDiff(from, to, 2)).toBeNull();
    expect(boundedDiff(from, to)).toHaveLength(3);
    expect(boundedDiff(from, from, 0)).toEqual([]);
  });

  it('keeps the atomic rule', () => {
    const nested = { r: { x: 1, y: 1 } };
    const changed = { r: { x: 2, y: 2 } };
    expect(boundedDiff(nested, changed, 10, { atomic: (path) => path.length === 1 })).toEqual([{ op: 'replace', path: ['r'], value: { x: 2, y: 2 } }]);
  });

  it('keeps the elementwise rule', () => {
    const from = { groups: [[{ a: 1 }, { b: 1 }]] };
    const to = { groups: [[{ a: 1 }, { b: 2 }]] };
    expect(boundedDiff(from, to, 10, { elementwise: (path) => path[0] === 'groups' })).toEqual([{ op: 'replace', path: ['groups', 0, 1, 'b'], value: 2 }]);
  });
});

describe('applySharedPatches', () => {
  const frozen = <T>(value: T): T => {
    if (typeof value === 'object' && value !== null) {
      for (const child of Object.values(value)) frozen(child);
      Object.freeze(value);
    }
    return value;
  };

  it('applies several patches under one container to the same copy, and shares everything else', () => {
    const base = frozen({ hosts: { h1: { cpu: 1, mem: 1 }, h2: { cpu: 1 } }, log: [1, 2, 3] });
    const patches: Patch[] = [
      { op: 'replace', path: ['hosts', 'h1', 'cpu'], value: 2 },
      { op: 'replace', path: ['hosts', 'h1', 'mem'], value: 8 },
      { op: 'add', path: ['hosts', 'h3'], value: { cpu: 4 } },
    ];
    const next = applySharedPatches(base, patches);
    expect(next).toEqual({ hosts: { h1: { cpu: 2, mem: 8 }, h2: { cpu: 1 }, h3: { cpu: 4 } }, log: [1, 2, 3] });
    expect(next).toEqual(applyPatches(base, patches));
    expect(next.hosts.h2).toBe(base.hosts.h2);
    expect(next.log).toBe(base.log);
    expect(base.hosts.h1).toEqual({ cpu: 1, mem: 1 });
  });

  it('inserts, removes and replaces array items by number or numeric string, and appends with "-"', () => {
    const base = frozen({ list: ['a', 'b', 'c'] });
    expect(applySharedPatches(base, [{ op: 'add', path: ['list', 1], value: 'x' }]).list).toEqual(['a', 'x', 'b', 'c']);
    expect(applySharedPatches(base, [{ op: 'add', path: ['list', '1'], value: 'x' }]).list).toEqual(['a', 'x', 'b', 'c']);
    expect(applySharedPatches(base, [{ op: 'remove', path: ['list', 1] }]).list).toEqual(['a', 'c']);
    expect(applySharedPatches(base, [{ op: 'replace', path: ['list', '2'], value: 'z' }]).list).toEqual(['a', 'b', 'z']);
    expect(applySharedPatches(base, [{ op: 'add', path: ['list', '-'], value: 'd' }]).list).toEqual(['a', 'b', 'c', 'd']);
    const inArrays = applySharedPatches(frozen([[1, 2], [3]]), [{ op: 'replace', path: [0, 1], value: 9 }]);
    expect(inArrays).toEqual([[1, 9], [3]]);
    expect(Array.isArray(inArrays[0])).toBe(true);
    expect(base.list).toEqual(['a', 'b', 'c']);
  });

  it('replaces a record value and removes a record key', () => {
    const base = frozen({ a: { b: 1, c: 2 } });
    const removed = applySharedPatches(base, [{ op: 'remove', path: ['a', 'b'] }]);
    expect(removed).toEqual({ a: { c: 2 } });
    // Gone, not left behind as an undefined value.
    expect(Object.keys(removed.a)).toEqual(['c']);
    expect(applySharedPatches(base, [{ op: 'replace', path: ['a'], value: 7 }])).toEqual({ a: 7 });
  });

  it('refuses what it cannot apply, naming the path', () => {
    const base = frozen({ a: { b: 1 } });
    expect(() => applySharedPatches(base, [{ op: 'add', path: [], value: 1 }])).toThrow('cannot add the root');
    expect(() => applySharedPatches(base, [{ op: 'remove', path: [] }])).toThrow('cannot remove the root');
    expect(() => applySharedPatches(base, [{ op: 'replace', path: ['a', 'b', 'c', 'd'], value: 1 }])).toThrow(/^no object at a\/b$/);
    expect(() => applySharedPatches(base, [{ op: 'replace', path: ['x', 'y'], value: 1 }])).toThrow(/^no object at x$/);
    // A null on the way is no object either.
    expect(() => applySharedPatches(frozen({ a: null }), [{ op: 'replace', path: ['a', 'b'], value: 1 }])).toThrow(/^no object at a$/);
    expect(() => applySharedPatches(5, [{ op: 'replace', path: ['a'], value: 1 }])).toThrow('no object to patch at a');
    expect(() => applySharedPatches(null, [{ op: 'replace', path: ['a', 'b'], value: 1 }])).toThrow('no object to patch at a/b');
  });

  it('continues from a replaced root with the patches after it', () => {
    const base = frozen({ old: 1 });
    const next = applySharedPatches(base, [
      { op: 'replace', path: [], value: frozen({ fresh: { n: 1 } }) },
      { op: 'replace', path: ['fresh', 'n'], value: 2 },
    ]);
    expect(next).toEqual({ fresh: { n: 2 } });
  });
});
