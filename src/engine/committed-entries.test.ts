import { setFlagsFromString } from 'node:v8';
import { describe, expect, it } from 'vitest';
import { committedEntries, dictionaryRecord, newCollection } from './committed-entries';
import { commitAll } from './test-kept-collection';
import { WorkingCopy } from './working-copy';
import { seedRng } from './rng';
import type { SimCore } from './types';

// V8's own answer, not a timing: whether an object keeps its keys in a hidden class (fast mode) or a hash table.
setFlagsFromString('--allow-natives-syntax');
const hasFastProperties = new Function('o', 'return %HasFastProperties(o)') as (o: object) => boolean;

interface Fleet extends SimCore {
  bucket: Record<string, { id: number }>;
}

/** Adds `count` keys to a record one by one, as a handler adds hosts to a bucket. */
function fill(record: Record<string, { id: number }>, count: number): void {
  for (let i = 0; i < count; i++) record[`h${String(i)}`] = { id: i };
}

describe('collections in dictionary mode (no hidden class per key)', () => {
  it('makes an empty record a dictionary, which stays one as keys are added', () => {
    const record = dictionaryRecord<{ id: number }>();
    expect(hasFastProperties(record)).toBe(false);
    fill(record, 3);
    expect(hasFastProperties(record)).toBe(false);
    expect(Object.keys(record)).toEqual(['h0', 'h1', 'h2']);
    // The baseline this guards against: a literal filled key by key keeps a hidden class.
    const literal: Record<string, { id: number }> = {};
    fill(literal, 3);
    expect(hasFastProperties(literal)).toBe(true);
  });

  it('copies a new collection, however small, into a dictionary, and its copies too', () => {
    const bucket = newCollection<{ id: number }>();
    fill(bucket, 2);
    const base: Fleet = { time: 0, eventIndex: 0, rng: seedRng(1), faults: {}, violations: [], bucket };
    const copy = new WorkingCopy<Fleet>(base, false);
    let state = base;
    for (let batch = 1; batch <= 3; batch++) {
      copy.begin(state);
      (copy.mut(['bucket']) as Fleet['bucket'])[`n${String(batch)}`] = { id: 100 + batch };
      copy.setRoot('eventIndex', batch);
      state = copy.finish();
      expect(hasFastProperties(state.bucket)).toBe(false);
    }
    expect(Object.keys(state.bucket)).toEqual(['h0', 'h1', 'n1', 'n2', 'n3']);
  });

  it('copies a committed collection of entities into a dictionary', () => {
    const states = commitAll([[{ kind: 'add', key: 30 }], [{ kind: 'set', key: 3 }]]);
    for (const state of states.slice(1)) expect(hasFastProperties(state.wide)).toBe(false);
  });
});

describe('a new collection', () => {
  it('is read afresh while it is being filled, never from a stale first reading', () => {
    const bucket = newCollection<number>();
    bucket['a'] = 1;
    expect(committedEntries(bucket)).toEqual(['a', 1]);
    bucket['b'] = 2;
    expect(committedEntries(bucket)).toEqual(['a', 'b', 1, 2]);
  });
});
