import { seedRng } from './rng';
import type { SimCore } from './types';
import { WorkingCopy } from './working-copy';

/**
 * A state with one collection of entities (more than 16, so the working copy copies it key by key
 * and marks each committed copy: `committed-entries.ts`), and batches of writes to it, for the tests
 * of the diff of kept collections.
 */
export interface Bag extends SimCore {
  wide: Record<string, { id: number; v: number }>;
}

/** One write to the collection: add a key it lacks, replace a key's value, or delete a key. */
export interface Op {
  kind: 'add' | 'set' | 'delete';
  /** The key `k<key>`; the collection starts with k0 … k19. */
  key: number;
}

/** Each batch's writes, committed in turn through one working copy; the states before and after each batch. */
export function commitAll(batches: readonly (readonly Op[])[]): Bag[] {
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

/** The same state with its collection as a spread copy: same keys in the same order, same values, never marked. */
export const unmarked = (state: Bag): Bag => ({ ...state, wide: { ...state.wide } });
