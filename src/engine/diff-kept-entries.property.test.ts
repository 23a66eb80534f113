import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { applySharedPatches } from './apply-patches';
import { committedEntries, markCommitted } from './committed-entries';
import { diffPatches } from './diff';
import { seedRng } from './rng';
import type { SimCore } from './types';
import { WorkingCopy } from './working-copy';

/**
 * A diff compares two versions of a committed collection by position while their kept keys agree
 * (`committed-entries.ts`), then by key. Whatever the batches did to the collection (added keys,
 * replaced, deleted, deleted and added again), the patches must be those of the by-key diff of
 * the same two records unmarked (a spread copy: same keys in the same order, same values), in the
 * same order, and must rebuild the later state from the earlier one and back.
 */
interface Bag extends SimCore {
  wide: Record<string, { id: number; v: number }>;
}

type Op = { kind: 'add' | 'set' | 'delete'; key: number };

const op: fc.Arbitrary<Op> = fc.record({ kind: fc.constantFrom('add', 'set', 'delete'), key: fc.integer({ min: 0, max: 40 }) });

/** Each batch's ops on the collection, committed in turn; the states after each batch. */
function commitAll(batches: Op[][]): Bag[] {
  const wide = Object.fromEntries(Array.from({ length: 20 }, (_, i) => [`k${i}`, { id: i, v: 0 }]));
  const base: Bag = { time: 0, eventIndex: 0, rng: seedRng(1), faults: {}, violations: [], wide };
  const copy = new WorkingCopy<Bag>(base, false);
  const states = [base];
  let state = base;
  batches.forEach((batch, b) => {
    copy.begin(state);
    for (const { kind, key } of batch) {
      const bag = copy.mut(['wide']) as Bag['wide'];
      const id = `k${key}`;
      if (kind === 'delete') delete bag[id];
      else if (kind === 'set' && bag[id]) bag[id] = { id: key, v: b + 1 };
      else if (kind === 'add' && !bag[id]) bag[id] = { id: key, v: 100 + b };
    }
    copy.setRoot('eventIndex', b + 1);
    state = copy.finish();
    states.push(state);
  });
  return states;
}

const unmarked = (state: Bag): Bag => ({ ...state, wide: { ...state.wide } });

describe('the diff of kept collections', () => {
  it('gives the by-key patches, in order, between any two committed versions, and they rebuild either state', () => {
    fc.assert(
      fc.property(fc.array(fc.array(op, { minLength: 1, maxLength: 8 }), { minLength: 1, maxLength: 8 }), (batches) => {
        const states = commitAll(batches);
        for (const from of states) {
          for (const to of states) {
            const patches = diffPatches(from, to);
            expect(patches).toEqual(diffPatches(unmarked(from), unmarked(to)));
            expect(applySharedPatches(from, patches)).toEqual(to);
          }
        }
      }),
      { numRuns: 150 },
    );
  });

  it('reads committed versions by position (the case it is for), from the kept entries', () => {
    // Adds only, as a fleet's instance buckets grow: each version's keys are a prefix of the next one's.
    const states = commitAll([[{ kind: 'add', key: 30 }], [{ kind: 'set', key: 3 }, { kind: 'add', key: 31 }]]);
    const [, first, last] = states as [Bag, Bag, Bag];
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
