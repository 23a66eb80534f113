/**
 * The keys of the collections of committed states, enumerated once.
 *
 * A fleet bucket is a dictionary-mode object of 80–160 ids, and V8 sorts a dictionary's keys into
 * insertion order on every enumeration (~75 ns a key). A committed bucket was enumerated again by
 * every later copy of it (its next write, every replay from a keyframe that holds it) and by both
 * sides of every diff it took part in. A committed state never changes, so its keys can be kept:
 * when a batch commits, the working copy marks the collections it copied key by key, and the
 * first enumeration of a marked record is kept for the ones after it. A record never marked (a
 * small one, a record of fields, one a handler built, any object outside the engine) is
 * enumerated every time, as before.
 */
const KEYS = new WeakMap<object, readonly string[] | null>();

/** Marks a collection of a committed state (it will never change again); its keys are read when first asked for. */
export function markCommitted(record: object): void {
  KEYS.set(record, null);
}

/** The keys of a marked collection (read once, then kept); undefined for a record never marked. */
export function committedKeys(record: object): readonly string[] | undefined {
  const known = KEYS.get(record);
  if (known !== null) return known;
  const keys = Object.keys(record);
  KEYS.set(record, keys);
  return keys;
}

/** The record's own enumerable keys: kept ones when it is a marked collection. */
export function keysOf(record: object): readonly string[] {
  return committedKeys(record) ?? Object.keys(record);
}
