/**
 * The keys of the large records of committed states, enumerated once.
 *
 * A fleet bucket is a dictionary-mode object of 80–160 ids, and V8 sorts a dictionary's keys into
 * insertion order on every enumeration (~75 ns a key). A committed bucket was enumerated again by
 * every later copy of it (its next write, every replay from a keyframe that holds it) and by both
 * sides of every diff it took part in. A committed state never changes, so its records' keys can
 * be kept: the working copy remembers the keys of each large record a batch copied when the batch
 * commits it, and copies and diffs read them back. A record never remembered (a small one, one a
 * handler built, any object outside the engine) is enumerated as before.
 */
const KEYS = new WeakMap<object, readonly string[]>();

/** The record's own enumerable keys: remembered ones when it has them. */
export function keysOf(record: object): readonly string[] {
  return KEYS.get(record) ?? Object.keys(record);
}

/** The keys remembered for a record, if any (only records a batch copied key by key have them). */
export function rememberedKeys(record: object): readonly string[] | undefined {
  return KEYS.get(record);
}

/** Remembers the keys of a record that will never change again (one of a committed state). */
export function rememberKeys(record: object): void {
  KEYS.set(record, Object.keys(record));
}
