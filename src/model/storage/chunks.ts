import type { Chunked } from './types';

/**
 * Chunked arrays: a large per-block array split into fixed-size chunks, so that changing one
 * block copies one chunk (`ctx.mut` on the direct path, or an immer draft), not a million entries. The outer array is copied
 * once per engine batch, a chunk once per event that touches it: random I/O on a 1M-block volume
 * measured fastest around 256 per chunk (64 and 1,024 were slower).
 */
export const CHUNK_SIZE = 256;

export function chunkCount(length: number): number {
  return Math.ceil(length / CHUNK_SIZE);
}

export function makeChunked<T>(length: number, fill: T): Chunked<T> {
  const chunks: T[][] = [];
  for (let start = 0; start < length; start += CHUNK_SIZE) {
    chunks.push(new Array<T>(Math.min(CHUNK_SIZE, length - start)).fill(fill));
  }
  return chunks;
}

export function getAt<T>(chunks: readonly (readonly T[])[], index: number): T {
  const chunk = chunks[Math.floor(index / CHUNK_SIZE)];
  if (chunk === undefined || index < 0) throw new RangeError(`index ${index} outside the chunked array`);
  return chunk[index % CHUNK_SIZE] as T;
}

export function setAt<T>(chunks: Chunked<T>, index: number, value: T): void {
  const chunk = chunks[Math.floor(index / CHUNK_SIZE)];
  if (chunk === undefined || index < 0) throw new RangeError(`index ${index} outside the chunked array`);
  chunk[index % CHUNK_SIZE] = value;
}

/**
 * `setAt` through a chunk accessor: on the engine's direct path the accessor is
 * `(c) => ctx.mut(…, c)`, so only the chunk holding `index` is copied (once per batch).
 */
export function setVia<T>(chunk: (c: number) => T[], index: number, value: T): void {
  if (index < 0) throw new RangeError(`index ${index} outside the chunked array`);
  chunk(Math.floor(index / CHUNK_SIZE))[index % CHUNK_SIZE] = value;
}

export function chunkedLength<T>(chunks: readonly (readonly T[])[]): number {
  if (chunks.length === 0) return 0;
  return (chunks.length - 1) * CHUNK_SIZE + (chunks[chunks.length - 1]?.length ?? 0);
}
