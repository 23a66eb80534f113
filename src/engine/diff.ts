import type { Patch } from 'immer';
import { committedEntries, entryCount, type KeptEntries } from './committed-entries';

type Path = (string | number)[];

/**
 * Where a diff stops descending: true for a path whose value, when changed, is sent whole (one
 * `replace`) rather than field by field. A model declares its entity records atomic when no view
 * needs to know which field of them changed: far fewer patches to build, send and apply.
 */
export type AtomicPath = (path: readonly (string | number)[]) => boolean;

/**
 * Where a diff compares two arrays of equal length element by element whatever their length: true
 * for a path that holds a collection split into arrays (a fleet's groups of buckets), whose changes
 * are a few elements of many. Elsewhere only an array of more than {@link ELEMENTWISE_LENGTH}
 * elements is; a shorter one that changed is sent whole (one `replace`).
 */
export type ElementwisePath = (path: readonly (string | number)[]) => boolean;

/** How finely a model's states are diffed (the engine's `diffAtomic` and `diffElementwise`). */
export interface DiffGranularity {
  atomic?: AtomicPath | undefined;
  elementwise?: ElementwisePath | undefined;
}

export interface DiffOptions extends DiffGranularity {
  /** Stop (and let {@link boundedDiff} give up) once more patches than this were produced. */
  limit?: number;
}

/** Arrays longer than this, of equal length, are diffed element by element at any path. */
const ELEMENTWISE_LENGTH = 64;

/**
 * Patches from `from` to `to` for a UI mirror after a time-travel move. Both are immutable
 * states that share structure, so unchanged subtrees are skipped by identity; changed leaves (and
 * changed atomic records) become `replace`s.
 */
export function diffPatches(from: unknown, to: unknown, options: DiffOptions = {}): Patch[] {
  const walk = new DiffWalk(smallIntegerLimit(options.limit), options.atomic, options.elementwise);
  walk.into(from, to);
  return walk.out;
}

/**
 * One diff. The path is a stack pushed and popped on the way down and copied only into a patch:
 * a far seek in the 20,000-host fleet descends into thousands of changed entries, and a new path
 * array per descent was a good part of the diff's cost.
 */
class DiffWalk {
  readonly out: Patch[] = [];
  private readonly path: Path = [];

  constructor(
    private readonly limit: number,
    private readonly atomic: AtomicPath | undefined,
    private readonly elementwise: ElementwisePath | undefined,
  ) {}

  into(from: unknown, to: unknown): void {
    if (from === to || this.out.length > this.limit) return;
    const bothObjects = isRecord(from) && isRecord(to) && Array.isArray(from) === Array.isArray(to);
    if (!bothObjects || Array.isArray(to) || this.atomic?.(this.path) === true) {
      if (Array.isArray(from) && Array.isArray(to) && from.length === to.length && (from.length > ELEMENTWISE_LENGTH || this.elementwise?.(this.path) === true)) {
        for (let i = 0; i < to.length; i++) {
          const value: unknown = to[i];
          if (from[i] !== value) this.child(i, from[i], value);
        }
        return;
      }
      this.out.push({ op: 'replace', path: this.path.slice(), value: to });
      return;
    }
    this.record(from as Record<string, unknown>, to as Record<string, unknown>);
  }

  private record(a: Record<string, unknown>, b: Record<string, unknown>): void {
    // Kept entries where the engine has them: enumerating a fleet bucket sorts its keys each time.
    const keptA = committedEntries(a);
    const keptB = committedEntries(b);
    const from = keptA !== undefined && keptB !== undefined ? this.byPosition(keptA, keptB) : 0;
    if (from < 0) return;
    // The rest by key.
    const keysB = keptB ?? Object.keys(b);
    const countB = keptB ? entryCount(keptB) : keysB.length;
    let kept = from;
    for (let i = from; i < countB; i++) {
      const key = keysB[i] as string;
      const before = a[key];
      if (before === undefined && !(key in a)) {
        this.add(key, b[key]);
        continue;
      }
      kept++;
      // Identity first: a far seek in a 20,000-host fleet compares 60,000 mostly shared entries.
      const after = b[key];
      if (before !== after) this.child(key, before, after);
    }
    // Every key of `a` was seen in `b` unless their counts differ: only then look for removals.
    const keysA = keptA ?? Object.keys(a);
    const countA = keptA ? entryCount(keptA) : keysA.length;
    if (kept === countA) return;
    for (let i = 0; i < countA; i++) {
      const key = keysA[i] as string;
      if (!(key in b)) this.remove(key);
    }
  }

  /**
   * Compares two versions of one collection by position while their keys agree: a copy keeps its
   * source's key order and appends new keys, so one version's keys are a prefix of the other's.
   * Returns -1 when that held to the end of the shorter one (its tail is then added or removed),
   * else the position where the keys part, from which the caller compares by key.
   */
  private byPosition(a: KeptEntries, b: KeptEntries): number {
    const countA = entryCount(a);
    const countB = entryCount(b);
    const shorter = Math.min(countA, countB);
    let i = 0;
    for (; i < shorter && a[i] === b[i]; i++) {
      const before = a[countA + i];
      const after = b[countB + i];
      if (before !== after) this.child(b[i] as string, before, after);
    }
    if (i < shorter) return i;
    for (let j = shorter; j < countB; j++) this.add(b[j] as string, b[countB + j]);
    for (let j = shorter; j < countA; j++) this.remove(a[j] as string);
    return -1;
  }

  private child(key: string | number, from: unknown, to: unknown): void {
    this.path.push(key);
    this.into(from, to);
    this.path.pop();
  }

  /** An `add` of `value` under `key` of the record at the current path. */
  private add(key: string, value: unknown): void {
    this.out.push({ op: 'add', path: this.pathTo(key), value });
  }

  /** A `remove` of `key` from the record at the current path. */
  private remove(key: string): void {
    this.out.push({ op: 'remove', path: this.pathTo(key) });
  }

  /**
   * The current path and one key more, as an array of exactly that length: a spread
   * (`[...path, key]`) grows its array as it goes and left slack in every one of 16,000 `add`s.
   */
  private pathTo(key: string): Path {
    const path = this.path;
    if (path.length === 4) return [path[0]!, path[1]!, path[2]!, path[3]!, key];
    path.push(key);
    const copy = path.slice();
    path.pop();
    return copy;
  }
}

/**
 * {@link diffPatches} that gives up (null) past `limit` patches: a move that rewrote millions of
 * memory frames would otherwise build millions of patches only to send a snapshot instead.
 */
export function boundedDiff(from: unknown, to: unknown, limit = Number.POSITIVE_INFINITY, granularity: DiffGranularity = {}): Patch[] | null {
  const out = diffPatches(from, to, { ...granularity, limit });
  return out.length > limit ? null : out;
}

/**
 * The most patches a diff may build, as a small integer: "no limit" is the largest one, not
 * `Infinity`. Frames diff without a limit and seeks with one; a field that held both was a double
 * in one and a small integer in the other, and the optimised diff was thrown away ("not a Smi")
 * in the middle of a seek. No diff could build 2³⁰ patches (tens of gigabytes).
 */
export function smallIntegerLimit(limit: number | undefined): number {
  const asked = limit ?? NO_LIMIT;
  // NaN is no limit, as it was; any negative limit stops at the first patch, as -1 does.
  return asked < NO_LIMIT ? Math.max(-1, Math.floor(asked)) : NO_LIMIT;
}

const NO_LIMIT = 2 ** 30 - 1;

function isRecord(value: unknown): value is object {
  return typeof value === 'object' && value !== null;
}
