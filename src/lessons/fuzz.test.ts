import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BUILTIN_LESSON_DATA } from './builtin';
import { jsonPath, parseLessonText, validateLesson, type LoadResult } from './load';

/**
 * Property tests for the lesson loader: malformed lessons — mutations of the real built-in
 * lessons, random JSON and truncated files — never make `parseLessonText` throw or hang, and every
 * rejection names the file, a JSON path and what was expected.
 */

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type Path = Array<string | number>;

const FILE = 'fuzzed.json';
const SAMPLES = BUILTIN_LESSON_DATA as Json[];
/** Every lesson, parsed alone, must stay well under this (the absurd ones are refused early). */
const MAX_PARSE_MS = 1500;

function allPaths(value: Json, prefix: Path = [], out: Path[] = []): Path[] {
  out.push(prefix);
  if (out.length > 5000 || value === null || typeof value !== 'object') return out;
  if (Array.isArray(value)) value.forEach((v, i) => allPaths(v, [...prefix, i], out));
  else for (const [k, v] of Object.entries(value)) allPaths(v, [...prefix, k], out);
  return out;
}

/** Returns a deep copy of `root` with the value at `path` replaced (or deleted when `value` is undefined). */
function setAt(root: Json, path: Path, value: Json | undefined): Json {
  if (path.length === 0) return value ?? null;
  const copy = structuredClone(root);
  let node = copy as Record<string | number, Json>;
  for (const key of path.slice(0, -1)) node = node[key] as Record<string | number, Json>;
  const last = path[path.length - 1] as string | number;
  if (value === undefined) {
    if (Array.isArray(node)) node.splice(last as number, 1);
    else delete node[last];
  } else node[last] = value;
  return copy;
}

function valueAt(root: Json, path: Path): Json {
  let node: Json = root;
  for (const key of path) node = (node as Record<string | number, Json>)[key] as Json;
  return node;
}

function jsonType(value: Json): string {
  return value === null ? 'null' : Array.isArray(value) ? 'array' : typeof value;
}

function parse(text: string): { result: LoadResult; ms: number } {
  const start = performance.now();
  let result: LoadResult;
  try {
    result = parseLessonText(text, FILE);
  } catch (error) {
    throw new Error(`parseLessonText threw on ${JSON.stringify(text.slice(0, 200))}: ${String(error)}`);
  }
  return { result, ms: performance.now() - start };
}

function expectLocated(result: LoadResult): asserts result is Extract<LoadResult, { ok: false }> {
  expect(result.ok).toBe(false);
  if (result.ok) return;
  expect(result.errors.length).toBeGreaterThan(0);
  for (const error of result.errors) {
    expect(error.file).toBe(FILE);
    expect(error.path).toMatch(/^\$/);
    expect(error.message.length).toBeGreaterThan(0);
  }
}

function deepNest(depth: number): Json {
  let value: Json = 1;
  for (let i = 0; i < depth; i++) value = i % 2 ? [value] : { x: value };
  return value;
}

/** Values of the wrong kind for almost any field. */
const wrongValue: fc.Arbitrary<Json> = fc.oneof(
  fc.constant(null),
  fc.boolean(),
  fc.integer(),
  fc.constantFrom(-1, -1e9, 1e21, 2 ** 53, 1e308, 0.5),
  fc.string({ maxLength: 20 }),
  fc.constantFrom('-5s', '1e400s', '999999999h', 'NaN', '', ' '),
  fc.constant('x'.repeat(200_000)),
  fc.constant(deepNest(200)),
  fc.array(fc.integer(), { maxLength: 3 }),
  fc.dictionary(fc.string({ maxLength: 5 }), fc.integer(), { maxKeys: 3 }),
);

const sample = fc.constantFrom(...SAMPLES.map((_, i) => i));

describe('lesson loader fuzz', () => {
  it('the unmutated built-in lessons load (so the mutations start from valid files)', () => {
    for (const lesson of SAMPLES) expect(parse(JSON.stringify(lesson)).result.ok).toBe(true);
  });

  it('replacing any value with a wrong one never throws and errors point at (or around) it', () => {
    fc.assert(
      fc.property(sample, fc.nat(), wrongValue, (index, pick, value) => {
        const lesson = SAMPLES[index] as Json;
        const paths = allPaths(lesson).filter((p) => p.length > 0);
        const path = paths[pick % paths.length] as Path;
        const { result, ms } = parse(JSON.stringify(setAt(lesson, path, value)));
        expect(ms).toBeLessThan(MAX_PARSE_MS);
        if (result.ok) return; // e.g. a number where any number is fine
        expectLocated(result);
        // A value of another JSON type must fail at the schema, at (or around) its own path. A
        // same-typed change can instead break a cross-reference reported at the referring field.
        if (jsonType(value) === jsonType(valueAt(lesson, path))) return;
        const mutated = jsonPath(path);
        const related = result.errors.some((e) => e.path === '$' || mutated.startsWith(e.path) || e.path.startsWith(mutated));
        expect(related, `errors ${JSON.stringify(result.errors)} do not point at ${mutated}`).toBe(true);
      }),
      { numRuns: 300 },
    );
  });

  it('deleting any field never throws; errors are located', () => {
    fc.assert(
      fc.property(sample, fc.nat(), (index, pick) => {
        const lesson = SAMPLES[index] as Json;
        const paths = allPaths(lesson).filter((p) => p.length > 0);
        const { result } = parse(JSON.stringify(setAt(lesson, paths[pick % paths.length] as Path, undefined)));
        if (!result.ok) expectLocated(result);
      }),
      { numRuns: 200 },
    );
  });

  it('negative and out-of-range times are rejected at the field', () => {
    fc.assert(
      fc.property(sample, fc.constantFrom('-1s', '-0.5ms', '105d', '9999999h', '1e3s', '2.5.1s'), (index, bad) => {
        const lesson = structuredClone(SAMPLES[index]) as { steps: Array<{ at: string }> };
        if (lesson.steps.length === 0) return;
        lesson.steps[0]!.at = bad;
        const { result } = parse(JSON.stringify(lesson));
        expectLocated(result);
        expect(result.errors.some((e) => e.path === '$.steps[0].at')).toBe(true);
      }),
      { numRuns: 60 },
    );
  });

  it('random JSON and random text never throw and are always rejected with a location', () => {
    fc.assert(
      fc.property(fc.oneof(fc.json({ maxDepth: 6 }), fc.string({ maxLength: 300 })), (text) => {
        const { result } = parse(text);
        expectLocated(result);
      }),
      { numRuns: 300 },
    );
  });

  it('arbitrary values handed to validateLesson (the IPC path, no JSON text) never throw', () => {
    fc.assert(
      fc.property(fc.anything({ maxDepth: 4, withNullPrototype: true, withMap: true, withSet: true, withBigInt: true, withDate: true, withTypedArray: true }), (value) => {
        let result: LoadResult | undefined;
        expect(() => (result = validateLesson(value, FILE))).not.toThrow();
        expectLocated(result as LoadResult);
      }),
      { numRuns: 300 },
    );
  });

  it('any truncation of a valid lesson is rejected, never crashes', () => {
    fc.assert(
      fc.property(sample, fc.double({ min: 0, max: 1, noNaN: true }), (index, cut) => {
        const text = JSON.stringify(SAMPLES[index], null, 2);
        const { result } = parse(text.slice(0, Math.floor(cut * (text.length - 1))));
        expectLocated(result);
      }),
      { numRuns: 200 },
    );
  });

  it('absurd lessons (billions of hosts, deep nesting, huge strings, huge files) are refused quickly', () => {
    const base = structuredClone(SAMPLES[0]) as Record<string, Json> & { world: Record<string, Json> };
    const absurd: Array<[string, Json | string]> = [
      ['billions of fleet hosts', { ...base, world: { ...base.world, fleet: { regions: [{ id: 'r', azs: ['a'] }], hosts: [{ family: 'm5', az: 'a', count: 5_000_000_000 }] } } }],
      ['a million hosts listed', { ...base, world: { ...base.world, hosts: Array.from({ length: 1_000_000 }, (_, i) => ({ id: `h${i}`, name: 'h', hypervisor: 'xen' })) } }],
      ['a billion vCPUs', setAt(base, ['world', 'hosts', 0, 'guests', 0, 'vcpus'], 1e9)],
      ['deep nesting', `{"id":"x","world":${'['.repeat(100_000)}${']'.repeat(100_000)}}`],
      ['a huge title', { ...base, title: 'T'.repeat(3_000_000) }],
      ['a 5 MB file', `{"id":"x","pad":"${'y'.repeat(5 * 1024 * 1024)}"}`],
      ['unbalanced brackets', '['.repeat(1_000_000)],
    ];
    for (const [name, lesson] of absurd) {
      const text = typeof lesson === 'string' ? lesson : JSON.stringify(lesson);
      const { result, ms } = parse(text);
      expectLocated(result);
      expect(ms, `${name} took ${ms.toFixed(0)} ms`).toBeLessThan(MAX_PARSE_MS);
    }
  });
});
