import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { applySharedPatches } from './apply-patches';
import { diffPatches } from './diff';
import { commitAll, unmarked, type Op } from './test-kept-collection';

/**
 * A diff compares two versions of a committed collection by position while their kept keys agree
 * (`committed-entries.ts`), then by key. Whatever the batches did to the collection (added keys,
 * replaced, deleted, deleted and added again), the patches must be those of the by-key diff of
 * the same two records unmarked, in the same order, and must rebuild the later state from the
 * earlier one and back.
 */
const op: fc.Arbitrary<Op> = fc.record({ kind: fc.constantFrom('add', 'set', 'delete'), key: fc.integer({ min: 0, max: 40 }) });

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
});
