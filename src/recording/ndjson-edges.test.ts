import { describe, expect, it } from 'vitest';
import { findLesson } from '../lessons';
import type { Lesson } from '../lessons/schema';
import { MAX_LINE_CHARS, MAX_LINES } from './format';
import { headerVersion, migrateHeader, migrateLine } from './migrate';
import { formatLine, parseRecording } from './ndjson';
import { createHeader } from './writer';

// Casts here: a built-in lesson (always found), a recording that parsed without error, lines
// picked by index from a layout the tests check.
const lesson = findLesson('hello-host') as Lesson;
const HEADER = formatLine(createHeader({ app: 'test', lesson, seed: 1, viewport: { width: 1280, height: 720 } })).trimEnd();
const view = (w: number, extra = ''): string => `{"kind":"view","t":0,"e":0,"w":${w},"view":"host"${extra}}`;
const file = (...rows: string[]): string => rows.join('\n');

describe('parseRecording: the valid prefix and where it stopped', () => {
  it('keeps each line’s file line number, skipping blank and whitespace-only lines, and accepts CRLF', () => {
    const result = parseRecording(file(`${HEADER}\r`, '', `${view(0)}\r`, '   \t', view(5), ''), 'crlf.ndjson');
    expect(result.error).toBeUndefined();
    expect(result.lineNumbers).toEqual([3, 5]);
    expect(result.recording?.lines.map((l) => l.w)).toEqual([0, 5]);
    expect(result.sourceVersion).toBe(2);
  });

  it('names the source in every message, "recording" by default', () => {
    expect(parseRecording('')).toEqual({ recording: null, lineNumbers: [], error: { line: 1, message: 'recording:1: empty file; expected a recording header' } });
    expect(parseRecording('\n \n', 'blank.ndjson').error).toEqual({ line: 1, message: 'blank.ndjson:1: empty file; expected a recording header' });
  });

  it('an error after the header keeps the prefix, its line numbers and the version read', () => {
    const result = parseRecording(file(HEADER, view(0), view(10), view(4)), 'back.ndjson');
    expect(result.error).toEqual({ line: 4, message: 'back.ndjson:4: wall-clock offset goes backwards (4 ms after 10 ms): lines are out of order' });
    expect(result.recording?.lines).toHaveLength(2);
    expect(result.lineNumbers).toEqual([2, 3]);
    expect(result.sourceVersion).toBe(2);
  });

  it('an error on the header line has no version and no recording', () => {
    const result = parseRecording('{"kind":"header","version":"2"}', 'v.ndjson');
    expect(result).toEqual({ recording: null, lineNumbers: [], sourceVersion: undefined, error: { line: 1, message: 'v.ndjson:1: header: "version" must be a whole number ≥ 1, got "2"' } });
  });

  it('a newer format version is refused with advice', () => {
    expect(parseRecording('{"kind":"header","version":3}', 'new.ndjson').error).toEqual({
      line: 1,
      message: 'new.ndjson:1: recording format version 3 is newer than this app understands (up to 2); open it with a newer Isolation Lab',
    });
  });

  it('bad JSON: the parser’s message (at most 120 characters), and "truncated" only on the last line', () => {
    const cut = parseRecording(file(HEADER, '{"kind":"view","t":0'), 'cut.ndjson');
    let parserMessage = '';
    try {
      JSON.parse('{"kind":"view","t":0');
    } catch (error) {
      parserMessage = (error as Error).message;
    }
    expect(cut.error).toEqual({ line: 2, message: `cut.ndjson:2: not valid JSON (${parserMessage.slice(0, 120)}); the file looks truncated` });
    const middle = parseRecording(file(HEADER, '{oops', view(0)), 'mid.ndjson');
    expect(middle.error?.message).toMatch(/^mid\.ndjson:2: not valid JSON \([^)]*\)$/);
    const long = parseRecording(file(HEADER, `{"kind":"${'x'.repeat(300)}`, view(0)), 'long.ndjson');
    const quoted = /not valid JSON \((.*)\)$/s.exec(long.error?.message ?? '')?.[1] ?? '';
    expect(quoted.length).toBeGreaterThan(0);
    expect(quoted.length).toBeLessThanOrEqual(120);
  });

  it.each([
    ['null', 'null'],
    ['a number', '42'],
    ['a string', '"header"'],
    ['an array', '[{"kind":"header"}]'],
  ])('a line that is %s is not a JSON object', (_what, row) => {
    expect(parseRecording(row, 'x.ndjson').error).toEqual({ line: 1, message: 'x.ndjson:1: expected a JSON object' });
    expect(parseRecording(file(HEADER, row), 'x.ndjson').error).toEqual({ line: 2, message: 'x.ndjson:2: expected a JSON object' });
  });

  it('the first line must be the header; the kind found is quoted (shortened)', () => {
    expect(parseRecording(view(0), 'a.ndjson').error?.message).toBe('a.ndjson:1: the first line must be the header ({"kind":"header",…}), got kind "view"');
    expect(parseRecording('{"t":0}', 'b.ndjson').error?.message).toBe('b.ndjson:1: the first line must be the header ({"kind":"header",…}), got kind undefined');
    expect(parseRecording(`{"kind":"${'k'.repeat(60)}"}`, 'c.ndjson').error?.message).toBe(`c.ndjson:1: the first line must be the header ({"kind":"header",…}), got kind "${'k'.repeat(39)}`);
  });

  it('a header with a readable version that fails the schema names the field', () => {
    const { lessonHash: _dropped, ...rest } = JSON.parse(HEADER) as Record<string, unknown>; // the header just written
    const result = parseRecording(file(JSON.stringify(rest), view(0)), 'h.ndjson');
    expect(result.recording).toBeNull();
    expect(result.error?.line).toBe(1);
    expect(result.error?.message).toMatch(/^h\.ndjson:1: \$\.lessonHash: \S/);
  });

  it('a second header is refused', () => {
    expect(parseRecording(file(HEADER, view(0), HEADER), 'two.ndjson').error).toEqual({ line: 3, message: 'two.ndjson:3: a second header; a recording has exactly one, on line 1' });
  });

  it('nothing may follow the end line', () => {
    const result = parseRecording(file(HEADER, view(0), '{"kind":"end","t":0,"e":0,"w":1}', view(2)), 'end.ndjson');
    expect(result.error).toEqual({ line: 4, message: 'end.ndjson:4: a line after the "end" line' });
    expect(result.recording?.lines.map((l) => l.kind)).toEqual(['view', 'end']);
  });

  it('a line the schema rejects names the field', () => {
    const result = parseRecording(file(HEADER, '{"kind":"view","t":-1,"e":0,"w":0,"view":"host"}'), 'f.ndjson');
    expect(result.error?.line).toBe(2);
    expect(result.error?.message).toMatch(/^f\.ndjson:2: \$\.t: \S/);
  });

  it('a line of exactly the maximum length is read; one character more is refused', () => {
    const row = view(0);
    const longest = row + ' '.repeat(MAX_LINE_CHARS - row.length);
    expect(parseRecording(file(HEADER, longest)).error).toBeUndefined();
    expect(parseRecording(file(HEADER, `${longest} `), 'big.ndjson').error).toEqual({ line: 2, message: `big.ndjson:2: line is longer than ${MAX_LINE_CHARS} characters` });
  });

  it(`a file of exactly ${MAX_LINES} lines (and a last newline) is read`, () => {
    // Read, not refused for its size: parsing stops at the bad first line.
    expect(parseRecording(`x${'\n'.repeat(MAX_LINES)}`, 'many.ndjson').error?.message).toMatch(/^many\.ndjson:1: not valid JSON/);
  });

  it(`a file of more than ${MAX_LINES} lines is refused before reading it`, () => {
    expect(parseRecording(`x${'\n'.repeat(MAX_LINES + 1)}`, 'many.ndjson')).toEqual({
      recording: null,
      lineNumbers: [],
      error: { line: MAX_LINES + 1, message: `many.ndjson: more than ${MAX_LINES} lines` },
    });
  });
});

describe('format migration (version 1 files)', () => {
  it.each([
    ['a string', '2', 'got "2"'],
    ['a fraction', 1.5, 'got 1.5'],
    ['zero', 0, 'got 0'],
    ['missing', undefined, 'got undefined'],
    ['a long string', 'v'.repeat(60), `got "${'v'.repeat(39)}`],
  ])('a header version that is %s is refused', (_what, version, got) => {
    expect(headerVersion({ kind: 'header', version })).toEqual({ ok: false, message: `header: "version" must be a whole number ≥ 1, ${got}` });
  });

  it('versions 1 and 2 are read', () => {
    expect(headerVersion({ version: 1 })).toEqual({ ok: true, version: 1 });
    expect(headerVersion({ version: 2 })).toEqual({ ok: true, version: 2 });
  });

  it('a version 1 header: lesson → lessonId, no faults, the viewport kept or defaulted', () => {
    expect(migrateHeader({ kind: 'header', version: 1, lesson: 'hello-host', viewport: { width: 640, height: 480 } }, 1)).toEqual({
      kind: 'header',
      version: 2,
      lessonId: 'hello-host',
      faults: [],
      viewport: { width: 640, height: 480 },
    });
    expect(migrateHeader({ kind: 'header', version: 1, lesson: 'hello-host' }, 1)).toMatchObject({ viewport: { width: 1280, height: 720 } });
    const current = { kind: 'header', version: 2, lessonId: 'x' };
    expect(migrateHeader(current, 2)).toBe(current);
  });

  it('version 1 lines: positions renamed, chapters become markers, a marker’s text becomes its narration', () => {
    expect(migrateLine({ kind: 'chapter', simTime: 5, eventIndex: 2, wallMs: 9, title: 'Intro' }, 1)).toEqual({ kind: 'marker', t: 5, e: 2, w: 9, label: 'Intro', chapter: true });
    expect(migrateLine({ kind: 'marker', simTime: 5, eventIndex: 2, wallMs: 9, label: 'M', text: 'said' }, 1)).toEqual({ kind: 'marker', t: 5, e: 2, w: 9, label: 'M', narration: 'said' });
    const plain = migrateLine({ kind: 'marker', simTime: 5, eventIndex: 2, wallMs: 9, label: 'M' }, 1);
    expect(Object.keys(plain).sort()).toEqual(['e', 'kind', 'label', 't', 'w']);
    // Only markers had `text`: on another kind it is left for the schema to refuse.
    const other = migrateLine({ kind: 'view', simTime: 0, eventIndex: 0, wallMs: 0, view: 'host', text: 'x' }, 1);
    expect(Object.keys(other).sort()).toEqual(['e', 'kind', 't', 'text', 'view', 'w']);
  });

  it('a whole version 1 file parses as the current format', () => {
    const v1 = file(
      `{"kind":"header","format":"isolab-recording","version":1,"app":"old","lesson":"hello-host","lessonHash":"${createHeader({ app: 't', lesson, seed: 1, viewport: { width: 1, height: 1 } }).lessonHash}","seed":1}`,
      '{"kind":"chapter","simTime":0,"eventIndex":0,"wallMs":0,"title":"Start"}',
      '{"kind":"marker","simTime":0,"eventIndex":0,"wallMs":5,"label":"Note","text":"hello"}',
    );
    const result = parseRecording(v1);
    expect(result.error).toBeUndefined();
    expect(result.sourceVersion).toBe(1);
    expect(result.recording?.header).toMatchObject({ version: 2, lessonId: 'hello-host', faults: [], viewport: { width: 1280, height: 720 } });
    expect(result.recording?.lines).toEqual([
      { kind: 'marker', t: 0, e: 0, w: 0, label: 'Start', narration: '', chapter: true },
      { kind: 'marker', t: 0, e: 0, w: 5, label: 'Note', narration: 'hello', chapter: false },
    ]);
  });
});
