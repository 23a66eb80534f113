import { describe, expect, it } from 'vitest';
import { produce } from 'immer';
import { CHUNK_SIZE, chunkCount, chunkedLength, getAt, makeChunked, setAt } from './chunks';

describe('chunked arrays', () => {
  it('splits a length into chunks and reads back every index', () => {
    const chunks = makeChunked(CHUNK_SIZE * 2 + 5, 7);
    expect(chunks).toHaveLength(3);
    expect(chunkCount(CHUNK_SIZE * 2 + 5)).toBe(3);
    expect(chunkedLength(chunks)).toBe(CHUNK_SIZE * 2 + 5);
    expect(getAt(chunks, CHUNK_SIZE * 2 + 4)).toBe(7);
  });

  it('copies only the chunk a change touches inside immer', () => {
    const base = { data: makeChunked(CHUNK_SIZE * 4, 0) };
    const next = produce(base, (draft) => setAt(draft.data, CHUNK_SIZE + 3, 9));
    expect(getAt(next.data, CHUNK_SIZE + 3)).toBe(9);
    expect(next.data[0]).toBe(base.data[0]);
    expect(next.data[2]).toBe(base.data[2]);
    expect(next.data[1]).not.toBe(base.data[1]);
  });

  it('refuses indices outside the array instead of growing it', () => {
    const chunks = makeChunked(10, 0);
    expect(() => getAt(chunks, CHUNK_SIZE * 3)).toThrow(RangeError);
    expect(() => setAt(chunks, -1, 1)).toThrow(RangeError);
  });
});
