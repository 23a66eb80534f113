import { formatDuration } from '../../src/engine/time';
import type { SimState } from '../../src/model/state';
import { CHUNK_FRAMES, GROUP_CHUNKS, STATE_NAMES } from '../../src/model/memory/types';

/** One place where the two runs of a split screen disagree. */
export interface Difference {
  /** Where, as a JSON path into the state (`$.world.domains["web-a"].status`). */
  path: string;
  /** A short human name for the thing that differs (`host-1 frame 42`, `domain web-a`). */
  label: string;
  /** The entity to outline on the canvas (the id views highlight and select), if any. */
  entity: string | null;
  left: string;
  right: string;
  /** For memory frames: the run of consecutive frames this row stands for. */
  frames?: { host: string; field: string; first: number; last: number };
}

export interface StateDiff {
  differences: Difference[];
  /** Differences found (more than listed when `limit` was reached). */
  total: number;
  /** The walk stopped at its node budget: there may be more. */
  truncated: boolean;
  /** Distinct entities that differ, for highlighting (at most 64). */
  entities: string[];
}

export interface DiffOptions {
  /** Most differences listed. */
  limit?: number;
  /** Most state nodes visited: a huge world is compared partially rather than freezing the UI. */
  budget?: number;
}

type Key = string | number;

/**
 * Compares the states of the two runs of a split screen: the violations first (what the fault
 * broke), then the world, field by field. The two states come from two separate simulators, so
 * nothing is shared and every node is visited, within a budget. Chunked memory frames are named
 * by frame number, as the memory view names them (`<host>:<frame>`).
 */
export function diffStates(left: SimState, right: SimState, options: DiffOptions = {}): StateDiff {
  const limit = options.limit ?? 200;
  let budget = options.budget ?? 300_000;
  const differences: Difference[] = [];
  const entities = new Set<string>();
  let total = 0;
  let truncated = false;

  const record = (difference: Difference): void => {
    total++;
    if (difference.entity && entities.size < 64) entities.add(difference.entity);
    if (differences.length < limit) differences.push(difference);
  };

  const leftViolations = left.violations.map((v) => v.invariant);
  const rightViolations = right.violations.map((v) => v.invariant);
  if (leftViolations.join('\n') !== rightViolations.join('\n')) {
    record({ path: '$.violations', label: 'isolation violations', entity: null, left: summarize(leftViolations), right: summarize(rightViolations) });
    for (const violation of [...left.violations, ...right.violations]) {
      for (const ids of Object.values(violation.entities)) for (const id of ids) if (typeof id === 'string' && entities.size < 64) entities.add(id);
    }
  }

  const walk = (a: unknown, b: unknown, path: Key[], entity: string | null): void => {
    if (a === b) return;
    if (--budget < 0) {
      truncated = true;
      return;
    }
    const chunkField = memoryChunkField(path);
    if (chunkField && (Array.isArray(a) || Array.isArray(b)) && (typeof a === 'number' || typeof b === 'number' || (Array.isArray(a) && Array.isArray(b)))) {
      // A chunk field is one number for a uniform chunk or an array per frame: compare frame by frame.
      const size = Math.max(Array.isArray(a) ? a.length : 0, Array.isArray(b) ? b.length : 0);
      for (let i = 0; i < size && budget > 0; i++, budget--) {
        const x = Array.isArray(a) ? a[i] : a;
        const y = Array.isArray(b) ? b[i] : b;
        if (x !== y) recordFrame(chunkField, i, x, y);
      }
      return;
    }
    const objects = isObject(a) && isObject(b);
    if (!objects || Array.isArray(a) !== Array.isArray(b)) {
      const frame = chunkField && typeof a !== 'object' && typeof b !== 'object' ? chunkField : null;
      if (frame) recordFrame(frame, null, a, b);
      else {
        const field = String(path[path.length - 1]);
        const format = (v: unknown): string => (field.endsWith('At') && typeof v === 'number' ? formatDuration(v) : show(v));
        record({ path: jsonPath(path), label: labelFor(path, entity), entity, left: format(a), right: format(b) });
      }
      return;
    }
    const keys = Array.isArray(a) ? range(Math.max(a.length, (b as unknown[]).length)) : unionKeys(a, b);
    for (const key of keys) {
      if (truncated) return;
      const x = (a as Record<Key, unknown>)[key];
      const y = (b as Record<Key, unknown>)[key];
      walk(x, y, [...path, key], entityOf(key, x, y) ?? entity);
    }
  };

  const recordFrame = (field: MemoryChunkField, index: number | null, a: unknown, b: unknown): void => {
    const first = (field.group * GROUP_CHUNKS + field.chunk) * CHUNK_FRAMES;
    const from = index === null ? first : first + index;
    const to = index === null ? first + CHUNK_FRAMES - 1 : from;
    const [x, y] = [showFrameValue(field.field, a), showFrameValue(field.field, b)];
    // Neighbouring frames that changed the same way are one row ("frames 192–255"), not hundreds.
    const previous = differences[differences.length - 1];
    const run = previous?.frames;
    if (run && run.host === field.host && run.field === field.field && run.last + 1 === from && previous.left === x && previous.right === y) {
      run.last = to;
      previous.label = `${field.host} frames ${run.first}–${run.last} ${field.field}`;
      return;
    }
    record({
      path: jsonPath([...field.chunkPath, field.field, ...(index === null ? [] : [index])]),
      label: from === to ? `${field.host} frame ${from} ${field.field}` : `${field.host} frames ${from}–${to} ${field.field}`,
      entity: `${field.host}:${from}`,
      left: x,
      right: y,
      frames: { host: field.host, field: field.field, first: from, last: to },
    });
  };

  walk(left.world, right.world, ['world'], null);
  return { differences, total, truncated, entities: [...entities] };
}

interface MemoryChunkField {
  host: string;
  group: number;
  chunk: number;
  field: string;
  chunkPath: Key[];
}

/** `world.memory.hosts.<host>.groups[g].chunks[c].<field>` → where in the host's frames it is. */
function memoryChunkField(path: readonly Key[]): MemoryChunkField | null {
  if (path.length !== 9 || path[1] !== 'memory' || path[2] !== 'hosts' || path[4] !== 'groups' || path[6] !== 'chunks') return null;
  const [host, group, chunk, field] = [path[3], path[5], path[7], path[8]];
  if (typeof host !== 'string' || typeof group !== 'number' || typeof chunk !== 'number' || typeof field !== 'string' || field === 'counts' || field === 'size') return null;
  return { host, group, chunk, field, chunkPath: path.slice(0, 8) };
}

/** Frame fields in words where a number would mean nothing to a reader. */
function showFrameValue(field: string, value: unknown): string {
  if (typeof value !== 'number') return show(value);
  if (field === 'state') return STATE_NAMES[value] ?? String(value);
  if (field === 'residue') return value ? 'holds residue' : 'no residue';
  if (field.endsWith('At')) return formatDuration(value);
  return String(value);
}

function entityOf(key: Key, a: unknown, b: unknown): string | null {
  const node = isObject(b) ? b : isObject(a) ? a : null;
  if (!node || Array.isArray(node)) return null;
  const record = node as Record<string, unknown>;
  for (const field of ['id', 'hostId', 'domainId']) {
    const value = record[field];
    if (typeof value === 'string' && (typeof key === 'number' || value === key)) return value;
  }
  return null;
}

function labelFor(path: readonly Key[], entity: string | null): string {
  const tail = path.slice(-2).filter((k) => k !== entity).join('.');
  return entity ? `${entity} ${tail}` : path.slice(1).join('.');
}

function summarize(invariants: readonly string[]): string {
  if (invariants.length === 0) return 'none';
  const counts = new Map<string, number>();
  for (const name of invariants) counts.set(name, (counts.get(name) ?? 0) + 1);
  return [...counts].map(([name, n]) => (n > 1 ? `${name} ×${n}` : name)).join(', ');
}

function show(value: unknown): string {
  if (value === undefined) return '—';
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  return text.length > 48 ? `${text.slice(0, 47)}…` : text;
}

function isObject(value: unknown): value is object {
  return value !== null && typeof value === 'object';
}

function unionKeys(a: object, b: object): string[] {
  const keys = new Set(Object.keys(a));
  for (const key of Object.keys(b)) keys.add(key);
  return [...keys];
}

function range(n: number): number[] {
  return Array.from({ length: n }, (_, i) => i);
}

function jsonPath(path: readonly Key[]): string {
  let out = '$';
  for (const key of path) out += typeof key === 'number' ? `[${key}]` : /^[A-Za-z_$][\w$]*$/.test(key) ? `.${key}` : `[${JSON.stringify(key)}]`;
  return out;
}
