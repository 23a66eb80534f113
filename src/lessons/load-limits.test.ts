import { describe, expect, it } from 'vitest';
import { formatErrors, jsonPath, MAX_LESSON_BYTES, MAX_NESTING, parseLessonText, validateLesson } from './load';
import { LESSON_FORMAT_VERSION } from './schema';

/**
 * The edges of lesson loading that mutation testing found untested: exact size and nesting
 * limits, brackets inside strings, the format version boundary, JSON paths for odd keys, the cap
 * on reported errors and the wording for an unknown action type.
 */
const minimal = {
  id: 'tiny',
  title: 'Tiny',
  summary: 'One host, one guest.',
  timeScale: '1s',
  world: { tenants: [{ id: 'a' }], hosts: [{ id: 'h', guests: [{ id: 'g', tenant: 'a' }] }] },
  steps: [{ at: '0s', narration: 'Hello.' }],
};

function errorsOf(text: string): string[] {
  const result = parseLessonText(text, 'lesson.json');
  return result.ok ? [] : formatErrors(result.errors).split('\n');
}

/** The minimal lesson with `summary` as its summary (bracket-heavy strings). */
function withSummary(summary: string): string {
  return JSON.stringify({ ...minimal, summary });
}

describe('lesson loading limits', () => {
  it('accepts a file of exactly the size limit and refuses one byte more', () => {
    const base = JSON.stringify(minimal);
    const exact = base + ' '.repeat(MAX_LESSON_BYTES - base.length);
    expect(exact.length).toBe(MAX_LESSON_BYTES);
    expect(errorsOf(exact)).toEqual([]);
    expect(errorsOf(`${exact} `)).toEqual([`lesson.json: $: file is ${MAX_LESSON_BYTES + 1} bytes; lessons are limited to ${MAX_LESSON_BYTES} bytes`]);
  });

  it('accepts exactly the nesting limit and refuses one level more', () => {
    const nest = (levels: number) => JSON.stringify({ ...minimal, world: { ...minimal.world, extra: JSON.parse('['.repeat(levels - 2) + ']'.repeat(levels - 2)) } });
    expect(errorsOf(nest(MAX_NESTING)).join('\n')).not.toMatch(/nests/);
    expect(errorsOf(nest(MAX_NESTING + 1))).toEqual([`lesson.json: $: JSON nests ${MAX_NESTING + 1} levels deep; at most ${MAX_NESTING} are allowed`]);
  });

  it('counts closing brackets and braces: many shallow siblings are not deep', () => {
    const siblings = JSON.stringify({ ...minimal, world: { ...minimal.world, extra: { list: Array.from({ length: 100 }, () => []), objects: Array.from({ length: 100 }, () => ({})) } } });
    expect(errorsOf(siblings)).toEqual(['lesson.json: $.world: unexpected field(s) "extra"']);
  });

  it('does not count brackets inside strings, escaped quotes included', () => {
    const brackets = '['.repeat(100) + '{'.repeat(100);
    expect(errorsOf(withSummary(brackets))).toEqual([]);
    expect(errorsOf(withSummary(`say "${brackets}"`))).toEqual([]);
    expect(errorsOf(withSummary(`a\\${brackets}`))).toEqual([]);
  });

  it('reads the current format version and refuses only a newer one', () => {
    expect(validateLesson({ ...minimal, formatVersion: LESSON_FORMAT_VERSION }, 'l.json').ok).toBe(true);
    const newer = validateLesson({ ...minimal, formatVersion: LESSON_FORMAT_VERSION + 1 }, 'l.json');
    expect(newer.ok ? [] : newer.errors.map((e) => e.path)).toEqual(['$.formatVersion']);
    // A version that is not a number is the schema's business, not "newer than this app".
    const text = validateLesson({ ...minimal, formatVersion: '99' }, 'l.json');
    expect(text.ok ? '' : formatErrors(text.errors)).not.toMatch(/newer/);
  });

  it('reports data that is not an object without throwing', () => {
    for (const data of [null, undefined, 42, 'lesson']) {
      const result = validateLesson(data, 'l.json');
      expect(result.ok).toBe(false);
    }
  });

  it('writes JSON paths with dots for identifiers and brackets for anything else', () => {
    expect(jsonPath(['world', 'hosts', 0, 'guests', 12, 'id'])).toBe('$.world.hosts[0].guests[12].id');
    expect(jsonPath(['my key', '9lives', 'a-b', '_ok', '$x'])).toBe('$["my key"]["9lives"]["a-b"]._ok.$x');
    expect(jsonPath(['x y', 'ok'])).toBe('$["x y"].ok');
    expect(jsonPath(['ok', 'x y'])).toBe('$.ok["x y"]');
    expect(jsonPath([Symbol.for('s')])).toBe('$["Symbol(s)"]');
  });

  it('reports at most 50 errors', () => {
    const steps = Array.from({ length: 80 }, () => ({ at: '0s', narration: 7 }));
    const result = validateLesson({ ...minimal, steps }, 'l.json');
    expect(result.ok ? 0 : result.errors.length).toBe(50);
  });

  it('lists every unexpected field, comma-separated', () => {
    expect(errorsOf(JSON.stringify({ ...minimal, colour: 1, size: 2 }))).toEqual(['lesson.json: $: unexpected field(s) "colour", "size"']);
  });

  it('names an unknown action type as such', () => {
    const lines = errorsOf(JSON.stringify({ ...minimal, steps: [{ at: '0s', narration: 'x', actions: [{ action: { type: 'rm.rf' } }] }] }));
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^lesson\.json: \$\.steps\[0\]\.actions\[0\]\.action\.type: .+: unknown action type$/);
    // Other union errors keep zod's own message, without the suffix.
    const other = errorsOf(JSON.stringify({ ...minimal, steps: [{ at: '0s', narration: 'x', checkpoint: { question: 'q', kind: 'pick', answer: true } }] }));
    expect(other.join('\n')).not.toMatch(/unknown action type/);
  });
});
