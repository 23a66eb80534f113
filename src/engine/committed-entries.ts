/**
 * The entries of the collections of committed states, read once.
 *
 * A fleet bucket is a dictionary-mode object of 20–160 ids, and V8 sorts a dictionary's keys into
 * insertion order on every enumeration (~75 ns a key). A committed bucket was enumerated again by
 * every later copy of it (its next write, every replay from a keyframe that holds it) and by both
 * sides of every diff it took part in. A committed state never changes, so its entries can be kept:
 * when a batch commits, the working copy marks the collections it copied key by key, and the first
 * read of a marked record keeps its keys and values for the reads after it. A record never marked
 * (a small one, a record of fields, one a handler built, any object outside the engine) is read
 * afresh every time.
 *
 * The values are kept beside the keys because the readers want both: a copy writes each value under
 * its key, and a diff compares two versions of a bucket value by value. Read by position, two versions
 * of one bucket (a copy keeps its source's key order and appends new keys) are compared without a
 * dictionary lookup per key: a far seek in the 20,000-host fleet compares 57,000 entries, and its diff
 * took 9.9–12.2 ms with two lookups per entry against 5.2–7.0 ms by position (the best of 50 diffs of
 * the same two states, four alternated pairs of processes).
 */

/**
 * A committed collection's keys in enumeration order, then their values in the same order:
 * `[k0 … kn−1, v0 … vn−1]`, one array per collection (the heap's object count is what a full
 * garbage collection pays for).
 */
export type KeptEntries = readonly unknown[];

const KEPT = new WeakMap<object, KeptEntries | null>();

/** Marks a collection of a committed state (it will never change again); its entries are read when first asked for. */
export function markCommitted(record: object): void {
  KEPT.set(record, null);
}

/** The entries of a marked collection (read once, then kept); undefined for a record never marked. */
export function committedEntries(record: object): KeptEntries | undefined {
  const known = KEPT.get(record);
  if (known !== null) return known;
  const keys = Object.keys(record);
  const count = keys.length;
  const entries: unknown[] = new Array<unknown>(2 * count);
  const source = record as Record<string, unknown>;
  for (let i = 0; i < count; i++) {
    const key = keys[i] as string;
    entries[i] = key;
    entries[count + i] = source[key];
  }
  KEPT.set(record, entries);
  return entries;
}

/** How many keys kept entries hold. */
export function entryCount(entries: KeptEntries): number {
  return entries.length >>> 1;
}
