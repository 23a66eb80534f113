import { describe, expect, it } from 'vitest';
import { committedEntries, markCommitted } from './committed-entries';
import { diffPatches } from './diff';
import { commitAll, unmarked, type Bag } from './test-kept-collection';

/** Examples of the diff of kept collections (the property is in `diff-kept-entries.property.test.ts`). */
describe('the diff of kept collections, by example', () => {
  it('reads committed versions by position (the case it is for), from the kept entries', () => {
    // Adds only, as a fleet's instance buckets grow: each version's keys are a prefix of the next one's.
    const [, first, last] = commitAll([[{ kind: 'add', key: 30 }], [{ kind: 'set', key: 3 }, { kind: 'add', key: 31 }]]) as [Bag, Bag, Bag];
    expect(committedEntries(last.wide)).toBeDefined();
    expect(diffPatches(first, last)).toEqual([
      { op: 'replace', path: ['eventIndex'], value: 2 },
      { op: 'replace', path: ['wide', 'k3', 'v'], value: 2 },
      { op: 'add', path: ['wide', 'k31'], value: { id: 31, v: 101 } },
    ]);
    expect(diffPatches(last, first)).toEqual([
      { op: 'replace', path: ['eventIndex'], value: 1 },
      { op: 'replace', path: ['wide', 'k3', 'v'], value: 0 },
      { op: 'remove', path: ['wide', 'k31'] },
    ]);
  });

  it('compares versions with the same keys value by value (a fleet host bucket: hosts are never added)', () => {
    const [, before, after] = commitAll([[{ kind: 'set', key: 3 }], [{ kind: 'set', key: 7 }]]) as [Bag, Bag, Bag];
    const expected = [
      { op: 'replace', path: ['eventIndex'], value: 2 },
      { op: 'replace', path: ['wide', 'k7', 'v'], value: 2 },
    ];
    expect(diffPatches(before, after)).toEqual(expected);
    // One side kept and the other not (a record a handler built): by key, the same patches.
    expect(diffPatches(before, unmarked(after))).toEqual(expected);
    expect(diffPatches(unmarked(before), after)).toEqual(expected);
  });

  it('finds nothing between a copy that changed nothing and its source', () => {
    // Setting a key the collection lacks writes nothing, but the batch has copied the collection.
    const [, before, after] = commitAll([[{ kind: 'set', key: 3 }], [{ kind: 'set', key: 35 }]]) as [Bag, Bag, Bag];
    expect(after.wide).not.toBe(before.wide);
    expect(diffPatches(before, after)).toEqual([{ op: 'replace', path: ['eventIndex'], value: 2 }]);
  });

  it('goes on by key from where two committed versions part (a key deleted in between)', () => {
    const [, before, after] = commitAll([[{ kind: 'add', key: 20 }], [{ kind: 'delete', key: 5 }, { kind: 'set', key: 12 }, { kind: 'add', key: 25 }]]) as [Bag, Bag, Bag];
    expect(committedEntries(before.wide)).toBeDefined();
    expect(committedEntries(after.wide)).toBeDefined();
    // Their keys agree up to k4 and part where k5 was: from there the diff goes by key.
    expect(Object.keys(after.wide).slice(4, 6)).toEqual(['k4', 'k6']);
    const forward = [
      { op: 'replace', path: ['eventIndex'], value: 2 },
      { op: 'replace', path: ['wide', 'k12', 'v'], value: 2 },
      { op: 'add', path: ['wide', 'k25'], value: { id: 25, v: 101 } },
      { op: 'remove', path: ['wide', 'k5'] },
    ];
    expect(diffPatches(before, after)).toEqual(forward);
    expect(diffPatches(unmarked(before), unmarked(after))).toEqual(forward);
    expect(diffPatches(after, before)).toEqual([
      { op: 'replace', path: ['eventIndex'], value: 1 },
      { op: 'add', path: ['wide', 'k5'], value: { id: 5, v: 0 } },
      { op: 'replace', path: ['wide', 'k12', 'v'], value: 0 },
      { op: 'remove', path: ['wide', 'k25'] },
    ]);
  });

  it('never takes a value for a key: a collection of names whose first value is the key the next version adds', () => {
    const names = Object.fromEntries(Array.from({ length: 65 }, (_, i) => [`x${i}`, i === 0 ? 'x65' : `name ${i}`]));
    const a = { ...names };
    const b = { ...names, x65: 'new' };
    for (const record of [a, b]) markCommitted(record);
    expect(diffPatches({ c: a }, { c: b })).toEqual([{ op: 'add', path: ['c', 'x65'], value: 'new' }]);
    expect(diffPatches({ c: b }, { c: a })).toEqual([{ op: 'remove', path: ['c', 'x65'] }]);
  });

  it('compares two versions of a kept collection without reading either by key', () => {
    let reads = 0;
    const counted = <T extends object>(record: T): T =>
      new Proxy(record, {
        get: (target, key, receiver) => (reads++, Reflect.get(target, key, receiver)),
        has: (target, key) => (reads++, Reflect.has(target, key)),
      });
    const entities = Object.fromEntries(Array.from({ length: 20 }, (_, i) => [`k${i}`, { id: i, v: 0 }]));
    const a = counted({ ...entities });
    const b = counted({ ...entities, k3: { id: 3, v: 1 }, k20: { id: 20, v: 0 } });
    for (const record of [a, b]) {
      markCommitted(record);
      committedEntries(record);
    }
    reads = 0;
    expect(diffPatches({ wide: a }, { wide: b })).toEqual([
      { op: 'replace', path: ['wide', 'k3', 'v'], value: 1 },
      { op: 'add', path: ['wide', 'k20'], value: { id: 20, v: 0 } },
    ]);
    expect(reads).toBe(0);
  });
});
