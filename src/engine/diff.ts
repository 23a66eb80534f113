import type { Patch } from 'immer';

/**
 * Patches from `from` to `to` for a UI mirror after a time-travel move. Both are immer states that
 * share structure, so unchanged subtrees are skipped by identity; changed leaves become `replace`s.
 */
export function diffPatches(from: unknown, to: unknown, path: (string | number)[] = [], out: Patch[] = [], limit = Number.POSITIVE_INFINITY): Patch[] {
  if (from === to || out.length > limit) return out;
  const bothObjects = isRecord(from) && isRecord(to) && Array.isArray(from) === Array.isArray(to);
  if (!bothObjects || Array.isArray(to)) {
    if (Array.isArray(from) && Array.isArray(to) && from.length === to.length && from.length > 64) {
      to.forEach((value, i) => diffPatches(from[i], value, [...path, i], out, limit));
      return out;
    }
    out.push({ op: 'replace', path, value: to });
    return out;
  }
  const a = from as Record<string, unknown>;
  const b = to as Record<string, unknown>;
  for (const key of Object.keys(a)) if (!(key in b)) out.push({ op: 'remove', path: [...path, key] });
  for (const key of Object.keys(b)) {
    if (!(key in a)) out.push({ op: 'add', path: [...path, key], value: b[key] });
    else diffPatches(a[key], b[key], [...path, key], out, limit);
  }
  return out;
}

/**
 * {@link diffPatches} that gives up (null) past `limit` patches: a move that rewrote millions of
 * memory frames would otherwise build millions of patches only to send a snapshot instead.
 */
export function boundedDiff(from: unknown, to: unknown, limit = Number.POSITIVE_INFINITY): Patch[] | null {
  const out = diffPatches(from, to, [], [], limit);
  return out.length > limit ? null : out;
}

function isRecord(value: unknown): value is object {
  return typeof value === 'object' && value !== null;
}
