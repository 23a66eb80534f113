import { Immer, type Draft } from 'immer';
import { BadWritePath } from './errors';
import { committedEntries, dictionaryRecord, entryCount, markCommitted } from './committed-entries';

/**
 * The mutable state of one batch. It starts as a shallow copy of the (frozen) state before the
 * batch; `mut(path)` copies each chunk along `path` on its first write in the batch and returns
 * the copy, which later writes reuse. Everything never written stays shared with the state before,
 * so the state after the batch shares structure with it (keyframes and `diffPatches` rely on
 * that) at the cost of one shallow copy per written chunk, with no proxy per field access.
 *
 * Unconverted handlers (the compatibility path) get an immer draft of the working copy; it stays
 * open while consecutive draft handlers run and is finished before direct code reads the state.
 *
 * One instance serves every batch of an engine (`begin` … `finish`), so a batch allocates only
 * the copies it needs.
 */
const drafts = new Immer({ autoFreeze: false });

type Node = Record<string | number, unknown>;

/** One step of a write path: a field name or an array index. */
export type PathKey = string | number;

export class WorkingCopy<S extends object> {
  private base: S;
  private root: S;
  /** Chunks copied in this batch: writable without another copy. */
  private readonly owned = new OwnedChunks();
  /** Collections this batch copied key by key: marked as committed when it commits (see `committed-entries.ts`). */
  private readonly wide: Node[] = [];
  private draft: Draft<S> | null = null;
  /** The collection the last two-key write went through, copied in this batch already. */
  private hotParent: Node | null = null;
  /**
   * Chunks this batch copied through a two-key write with a number key, by that key: the chunk now
   * at `parent[b]` is this batch's own when it is `byIndex[b]` (an identity check instead of a
   * hash lookup in `owned`). Only chunks copied in this batch are ever here, so an entry left by
   * another collection of the same batch is still owned; `begin` forgets them.
   */
  private byIndex: (Node | undefined)[] = [];
  /** A `setRoot` in this batch changed a field: the batch changed the state, no need to compare. */
  private rootChanged = false;

  constructor(
    base: S,
    /** Freeze what each batch creates (tests, development): a stray write then throws. */
    private readonly freeze: boolean,
    /** The shallow copy of the root each batch starts from (see `EngineOptions.copyRoot`). */
    private readonly copyRoot: (state: S) => S = spreadRoot,
  ) {
    this.base = base;
    this.root = base;
  }

  begin(base: S): void {
    this.base = base;
    this.root = this.copyRoot(base);
    // Frozen runs (tests, development) check that a model's own copy keeps every field.
    if (this.freeze) checkRootCopy(base, this.root);
    this.owned.clear();
    this.hotParent = null;
    if (this.byIndex.length > 0) this.byIndex = [];
    this.owned.add(this.root);
    this.dropWide();
    this.draft = null;
    this.rootChanged = false;
  }

  /** The working state for direct readers (closes an open compatibility draft first). */
  get state(): S {
    if (this.draft) this.closeDraft();
    return this.root;
  }

  /** The working state for a read that must not close an open draft (fault switches). */
  peek(): S {
    return (this.draft ?? this.root) as S;
  }

  /** The working state as an immer draft, for handlers on the compatibility path. */
  asDraft(): Draft<S> {
    this.draft ??= drafts.createDraft(this.root);
    return this.draft;
  }

  /** The chunk at `path`, copied on its first write in this batch (what `ctx.mut(...path)` returns). */
  mut(path: readonly PathKey[]): unknown {
    let node = this.state as Node;
    for (let i = 0; i < path.length; i++) {
      const child = this.own(node, path[i] as PathKey);
      if (child === null) throw new BadWritePath(path);
      node = child;
    }
    return node;
  }

  /** `mut([a])` without the array: most writes are one or two levels deep. */
  mutOne(a: PathKey): Node {
    const child = this.own(this.state as Node, a);
    if (child === null) throw new BadWritePath([a]);
    return child;
  }

  /** `mut([a, b])` without the array; a bad path is named whole, as `mut` names it. */
  mutTwo(a: PathKey, b: PathKey): Node {
    const root = this.state as Node;
    // Most two-key writes of a batch go through one collection (a chunked array, a bucket list):
    // the identity check against the root skips the owned-set lookup: batched frames of the bench
    // workload 1.06× faster (median of 11 alternated pairs of processes, 1.00–1.14×).
    const hot = this.hotParent;
    const parent = hot !== null && root[a] === hot ? hot : this.own(root, a);
    this.hotParent = parent;
    if (parent === null) throw new BadWritePath([a, b]);
    // A chunk this batch copied at a number key is found by identity, not in `owned` (see `byIndex`).
    if (typeof b === 'number') {
      const known = this.byIndex[b];
      if (known !== undefined && parent[b] === known) return known;
    }
    const child = this.own(parent, b);
    if (child === null) throw new BadWritePath([a, b]);
    if (typeof b === 'number') this.byIndex[b] = child;
    return child;
  }

  /** The chunk at `node[key]`, copied on its first write in this batch; null if it is no chunk. */
  private own(node: Node, key: PathKey): Node | null {
    let child = node[key];
    if (typeof child !== 'object' || child === null) return null;
    if (!this.owned.has(child)) {
      child = Array.isArray(child) ? this.copyArray(child as unknown[]) : copyRecord(child as Node, this.wide);
      node[key] = child;
      this.owned.add(child as object);
    }
    return child as Node;
  }

  /**
   * A copy of an array chunk. `slice` copies a plain array about 2.5× faster than spread, but
   * V8's `slice` of a frozen array takes a slow path (~40× slower): frozen states (tests,
   * development) spread.
   */
  private copyArray(chunk: unknown[]): unknown[] {
    return this.freeze ? [...chunk] : chunk.slice();
  }

  /** Writes a top-level field of the working root (the engine's clock, index and PRNG). */
  setRoot<K extends keyof S>(key: K, value: S[K]): void {
    if (this.draft) this.closeDraft();
    if (value !== this.base[key]) this.rootChanged = true;
    this.root[key] = value;
  }

  /** Ends the batch: the new state, frozen where it is new (untouched chunks already are). */
  finish(): S {
    const next = this.state;
    if (this.freeze) this.owned.forEach(deepFreeze);
    this.owned.clear();
    const wide = this.wide;
    for (let i = 0; i < wide.length; i++) markCommitted(wide[i] as Node);
    this.dropWide();
    this.root = this.base;
    // The engine sets the event index of every batch, so it never pays for the comparison.
    return this.rootChanged || changedAnything(this.base, next) ? next : this.base;
  }

  /** Drops the batch (a handler threw): nothing of it reaches a state. */
  abandon(): void {
    this.owned.clear();
    this.dropWide();
    this.draft = null;
    this.root = this.base;
  }

  /**
   * Forgets this batch's collections. Only when there are some: setting an array's `length` is a
   * call into V8's runtime even when it is already 0, and two per batch had cost a one-event frame
   * a fifth more instructions (6,116 → 7,332).
   */
  private dropWide(): void {
    if (this.wide.length > 0) this.wide.length = 0;
  }

  private closeDraft(): void {
    const draft = this.draft as Draft<S>;
    this.draft = null;
    const next = drafts.finishDraft(draft) as S;
    if (next !== this.root) {
      // immer copied the root and every chunk it wrote; chunks it left alone are still ours.
      this.root = next;
      this.owned.add(next);
    }
  }
}

/**
 * The set of chunks a batch has copied. Most batches copy a handful (a one-event frame: the root
 * and a chunk or two), and a `Set`'s `clear` allocates a new table, so the first few are kept in
 * a reused array searched by identity; a batch that copies more moves them to a `Set`.
 */
class OwnedChunks {
  /** The first `count` entries are this batch's; later ones are stale (overwritten, not cleared). */
  private readonly few: object[] = [];
  private count = 0;
  private many: Set<object> | null = null;

  has(chunk: object): boolean {
    if (this.many) return this.many.has(chunk);
    const few = this.few;
    for (let i = 0; i < this.count; i++) if (few[i] === chunk) return true;
    return false;
  }

  add(chunk: object): void {
    if (this.many) {
      this.many.add(chunk);
      return;
    }
    if (this.count < FEW_OWNED) {
      this.few[this.count++] = chunk;
      return;
    }
    this.many = new Set(this.few);
    this.many.add(chunk);
  }

  clear(): void {
    this.count = 0;
    this.many = null;
  }

  forEach(visit: (chunk: object) => void): void {
    if (this.many) this.many.forEach((chunk) => visit(chunk));
    else for (let i = 0; i < this.count; i++) visit(this.few[i] as object);
  }
}

/** Copied chunks searched one by one before a batch switches to a `Set` (a linear search of 8 costs about one hash lookup). */
const FEW_OWNED = 8;

/**
 * Freezes a value and everything new under it, stopping at chunks already frozen (the shared
 * ones), so the cost is the size of what the batch created, not of the state.
 */
export function deepFreeze(value: unknown): void {
  if (typeof value !== 'object' || value === null || Object.isFrozen(value)) return;
  Object.freeze(value);
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const item: unknown = value[i];
      if (typeof item === 'object' && item !== null) deepFreeze(item);
    }
  } else {
    for (const key in value) {
      const item = (value as Node)[key];
      if (typeof item === 'object' && item !== null) deepFreeze(item);
    }
  }
}

/**
 * Whether states are frozen unless an engine says otherwise: everywhere except production —
 * `NODE_ENV=production` in Node, and a production Vite build (the browser build's worker, the
 * Electron app) — where the deep-readonly types are the guard and freezing (about 1.7 µs per new
 * object in V8) would cost more than a one-event frame's handler. Tests and development freeze,
 * so a write that bypasses `ctx.mut` throws there.
 */
export const FREEZE_BY_DEFAULT = !isProduction();

function isProduction(): boolean {
  // Vite replaces `import.meta.env.PROD` at build time; in Node (tsx, vitest) `env` is undefined.
  const vite = (import.meta as { env?: { PROD?: boolean } }).env;
  const node = (globalThis as { process?: { env?: Record<string, string | undefined> } }).process;
  return vite?.PROD === true || node?.env?.['NODE_ENV'] === 'production';
}

function changedAnything(before: object, after: object): boolean {
  const a = before as Node;
  const b = after as Node;
  for (const key in b) if (a[key] !== b[key]) return true;
  for (const key in a) if (!(key in b)) return true;
  return false;
}

/** The default root copy: generic, but see `EngineOptions.copyRoot` for why a model may pass its own. */
function spreadRoot<S extends object>(state: S): S {
  return { ...state };
}

/** Throws unless `copy` is a new object with exactly `base`'s fields and values. */
function checkRootCopy(base: object, copy: object): void {
  if (copy === base) throw new Error('copyRoot returned the state itself, not a copy');
  const fields = Object.keys(base);
  const copied = Object.keys(copy);
  for (const field of fields) {
    if (!(field in copy)) throw new Error(`copyRoot dropped the field "${field}"`);
    if ((copy as Record<string, unknown>)[field] !== (base as Record<string, unknown>)[field]) throw new Error(`copyRoot changed the field "${field}"`);
  }
  if (copied.length !== fields.length) throw new Error(`copyRoot added fields: ${copied.filter((f) => !(f in base)).join(', ')}`);
}

/**
 * A shallow copy of a record: by spread, except a collection of entities (fleet buckets: 80–160
 * instances or hosts by id), which is copied key by key into a dictionary-mode object.
 *
 * - Spread is fastest for a record of fields with one shape: a 22-field packet in 0.07 µs, against
 *   3 µs key by key, whose copy is then a dictionary (2.5× slower to read).
 * - A collection keyed by ids is a dictionary in V8 once it has more than ~16 keys. Spreading one
 *   builds a fast-mode object with a hidden class of its own, one transition per key (~0.3 µs a
 *   key), and every key later added or looked up in it misses the caches: key by key is cheaper.
 * - A record keyed by numbers ("0", "1", …) keeps them as elements, which spread copies whole:
 *   256 of them in 0.44 µs, against 9 µs key by key.
 *
 * A record copied key by key before (marked when its batch committed it) is a collection;
 * otherwise a record of more than 16 keys, not all numbers, whose first value is an object (an
 * entity), or one of more than 64 keys, is taken for one. A collection's copy is added to `wide`,
 * so it is marked once its batch commits it, and its entries are then read once (`committed-entries.ts`).
 */
function copyRecord(source: Node, wide: Node[]): Node {
  const kept = committedEntries(source);
  const keys = kept ?? Object.keys(source);
  const count = kept ? entryCount(kept) : keys.length;
  if (kept === undefined) {
    if (count <= FEW_FIELDS || isArrayIndex(keys[count - 1] as string)) return { ...source };
    if (count <= MANY_FIELDS && !isEntity(source[keys[0] as string])) return { ...source };
  }
  const copy: Node = dictionaryRecord();
  if (kept) for (let i = 0; i < count; i++) copy[kept[i] as string] = kept[count + i];
  else for (let i = 0; i < count; i++) copy[keys[i] as string] = source[keys[i] as string];
  wide.push(copy);
  return copy;
}

/** Records of at most this many keys are always spread (a collection this small stays fast-mode in V8). */
const FEW_FIELDS = 16;
/** No record of fields has more keys than this: a larger record is a collection whatever it holds. */
const MANY_FIELDS = 64;

function isEntity(value: unknown): boolean {
  return typeof value === 'object' && value !== null;
}

/**
 * Whether a key is an array index (V8 keeps those as elements, enumerated first in ascending
 * order: when the last key is one, they all are). Up to nine digits, so always below 2³² − 1.
 */
function isArrayIndex(key: string): boolean {
  if (key.length === 0 || key.length > 9 || (key.length > 1 && key.charCodeAt(0) === 48)) return false;
  for (let i = 0; i < key.length; i++) {
    const c = key.charCodeAt(i);
    if (c < 48 || c > 57) return false;
  }
  return true;
}
