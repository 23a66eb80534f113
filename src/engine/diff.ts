import type { Patch } from 'immer';

type Path = (string | number)[];

/**
 * Where a diff stops descending: true for a path whose value, when changed, is sent whole (one
 * `replace`) rather than field by field. A model declares its entity records atomic when no view
 * needs to know which field of them changed: far fewer patches to build, send and apply.
 */
export type AtomicPath = (path: readonly (string | number)[]) => boolean;

export interface DiffOptions {
  /** Stop (and let {@link boundedDiff} give up) once more patches than this were produced. */
  limit?: number;
  atomic?: AtomicPath;
}

/**
 * Patches from `from` to `to` for a UI mirror after a time-travel move. Both are immutable
 * states that share structure, so unchanged subtrees are skipped by identity; changed leaves (and
 * changed atomic records) become `replace`s.
 */
export function diffPatches(from: unknown, to: unknown, options: DiffOptions = {}): Patch[] {
  const out: Patch[] = [];
  diffInto(from, to, [], out, options.limit ?? Number.POSITIVE_INFINITY, options.atomic);
  return out;
}

function diffInto(from: unknown, to: unknown, path: Path, out: Patch[], limit: number, atomic: AtomicPath | undefined): void {
  if (from === to || out.length > limit) return;
  const bothObjects = isRecord(from) && isRecord(to) && Array.isArray(from) === Array.isArray(to);
  if (!bothObjects || Array.isArray(to) || atomic?.(path) === true) {
    if (Array.isArray(from) && Array.isArray(to) && from.length === to.length && from.length > 64) {
      for (let i = 0; i < to.length; i++) {
        const value: unknown = to[i];
        if (from[i] !== value) diffInto(from[i], value, [...path, i], out, limit, atomic);
      }
      return;
    }
    out.push({ op: 'replace', path, value: to });
    return;
  }
  const a = from as Record<string, unknown>;
  const b = to as Record<string, unknown>;
  for (const key of Object.keys(a)) if (!(key in b)) out.push({ op: 'remove', path: [...path, key] });
  for (const key of Object.keys(b)) {
    if (!(key in a)) out.push({ op: 'add', path: [...path, key], value: b[key] });
    // Identity first: a path is built only for what changed (a far seek in a 20,000-host fleet
    // compares 60,000 mostly shared entries).
    else if (a[key] !== b[key]) diffInto(a[key], b[key], [...path, key], out, limit, atomic);
  }
}

/**
 * {@link diffPatches} that gives up (null) past `limit` patches: a move that rewrote millions of
 * memory frames would otherwise build millions of patches only to send a snapshot instead.
 */
export function boundedDiff(from: unknown, to: unknown, limit = Number.POSITIVE_INFINITY, atomic?: AtomicPath): Patch[] | null {
  const out = diffPatches(from, to, { limit, atomic });
  return out.length > limit ? null : out;
}

function isRecord(value: unknown): value is object {
  return typeof value === 'object' && value !== null;
}
