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

/** A collection being built: its entries are read afresh every time, as it may still be filled. */
const UNFINISHED = 'unfinished';

/** Per marked record: its entries once read, null until then, or {@link UNFINISHED}. */
const KEPT = new WeakMap<object, KeptEntries | null | typeof UNFINISHED>();

/** Marks a collection of a committed state (it will never change again); its entries are read when first asked for. */
export function markCommitted(record: object): void {
  KEPT.set(record, null);
}

/**
 * An empty object in dictionary mode (a hash table), for a collection keyed by ids: it takes no hidden
 * class of its own as keys are added. Deleting a property that is not the newest switches an object
 * to dictionary mode; deleting the only one does not (V8 rolls the last transition back), and a copy
 * filled key by key from such an object stayed fast-mode up to about 20 keys, with a hidden class
 * per key: the 20,000-host fleet kept 39,000 of them alive, marked by every full collection.
 */
export function dictionaryRecord<T>(): Record<string, T> {
  const record: Record<string, unknown> = { dictionaryMode: 0, hashTable: 0 };
  delete record['dictionaryMode'];
  delete record['hashTable'];
  return record as Record<string, T>;
}

/**
 * A new, empty collection (a record keyed by ids, such as a fleet bucket) for a state being built:
 * a {@link dictionaryRecord} marked as a collection, so that its copies are dictionaries too, and
 * kept once committed. Its own entries are never kept: a lesson's setup fills it after creating it.
 */
export function newCollection<T>(): Record<string, T> {
  const record = dictionaryRecord<T>();
  KEPT.set(record, UNFINISHED);
  return record;
}

/** The entries of a marked collection (read once, then kept); undefined for a record never marked. */
export function committedEntries(record: object): KeptEntries | undefined {
  const known = KEPT.get(record);
  if (known === UNFINISHED) return readEntries(record);
  if (known !== null) return known;
  const entries = readEntries(record);
  KEPT.set(record, entries);
  return entries;
}

function readEntries(record: object): KeptEntries {
  const keys = Object.keys(record);
  const count = keys.length;
  const entries: unknown[] = new Array<unknown>(2 * count);
  const source = record as Record<string, unknown>;
  for (let i = 0; i < count; i++) {
    const key = keys[i] as string;
    entries[i] = key;
    entries[count + i] = source[key];
  }
  return entries;
}

/** How many keys kept entries hold. */
export function entryCount(entries: KeptEntries): number {
  return entries.length >>> 1;
}
