import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { FORMAT_VERSION, type Recording } from './format';
import { parseRecording } from './ndjson';
import { replayRecording } from './replay';
import { startRecordedSession } from './test-session';

const launch = (id: string) => ({ type: 'guest.launch', host: 'host-1', guest: { id, tenant: 'bob', mode: 'pvh', vcpus: 1, memoryMiB: 512 } });

function sessionText(): string {
  const s = startRecordedSession('hello-host');
  s.ui({ type: 'step', count: 3 });
  s.clock.advance(100);
  s.recorder.marker('One', 'first', true);
  s.clock.advance(100);
  s.ui({ type: 'input', action: launch('fz') });
  s.clock.advance(100);
  s.ui({ type: 'step', count: 5 });
  s.clock.advance(100);
  s.recorder.marker('Two');
  s.clock.advance(100);
  s.ui({ type: 'stepBack', count: 2 });
  s.clock.advance(100);
  s.recorder.marker('Three', 'last', true);
  s.recorder.close();
  return s.text();
}

const TEXT = sessionText();
const ROWS = TEXT.trimEnd().split('\n');

/** The contract for any input: no throw, a located error if any, and a replayable valid prefix. */
function checkContract(text: string): { errorLine: number | null; kept: number } {
  const result = parseRecording(text, 'fuzz.ndjson');
  if (result.error) {
    expect(result.error.line).toBeGreaterThanOrEqual(1);
    expect(result.error.message).toContain(`fuzz.ndjson:${result.error.line}:`);
  }
  if (result.recording) {
    const replay = replayRecording(result.recording, { lineNumbers: result.lineNumbers });
    expect(typeof replay.ok).toBe('boolean');
    if (!replay.ok && replay.kind === 'bad-file') expect(replay.error.line).toBeGreaterThanOrEqual(1);
  }
  return { errorLine: result.error?.line ?? null, kept: result.recording?.lines.length ?? 0 };
}

describe('corrupted recordings', () => {
  it('the untouched file parses and verifies', () => {
    const result = parseRecording(TEXT);
    expect(result.error).toBeUndefined();
    expect(replayRecording(result.recording as Recording)).toMatchObject({ ok: true, checked: 3 });
  });

  it('truncated anywhere: located error or a shorter valid file, and the prefix still verifies', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: TEXT.length }), (cut) => {
        const text = TEXT.slice(0, cut);
        const result = parseRecording(text, 'fuzz.ndjson');
        checkContract(text);
        // A clean prefix of a real session replays with every hash matching; it is verified, or
        // (cut before a hash covers its inputs) reported as not verified, never as a mismatch.
        if (result.recording) {
          const replayed = replayRecording(result.recording, { lineNumbers: result.lineNumbers });
          expect(replayed.ok || replayed.kind === 'unverified').toBe(true);
        }
      }),
      { numRuns: 150 },
    );
  });

  it('a line of bad JSON is reported by its number; the lines before it are kept', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: ROWS.length - 1 }), fc.string({ minLength: 1, maxLength: 30 }), (index, junk) => {
        const rows = ROWS.slice();
        rows[index] = `{${junk}`;
        const { errorLine, kept } = checkContract(rows.join('\n'));
        expect(errorLine).toBe(index + 1);
        expect(kept).toBe(Math.max(0, index - 1));
      }),
      { numRuns: 100 },
    );
  });

  it('wrong types in any field never crash and are located at or after the changed line', () => {
    const wrong = fc.oneof(fc.string({ maxLength: 10 }), fc.boolean(), fc.constant(null), fc.double(), fc.integer({ min: -5, max: 5 }), fc.array(fc.integer(), { maxLength: 3 }), fc.object({ maxDepth: 1 }));
    fc.assert(
      fc.property(fc.integer({ min: 0, max: ROWS.length - 1 }), fc.nat(), wrong, (index, keyPick, value) => {
        const rows = ROWS.slice();
        const object = JSON.parse(rows[index] as string) as Record<string, unknown>;
        const keys = Object.keys(object);
        object[keys[keyPick % keys.length] as string] = value;
        rows[index] = JSON.stringify(object);
        const { errorLine } = checkContract(rows.join('\n'));
        if (errorLine !== null) expect(errorLine).toBeGreaterThanOrEqual(index + 1);
      }),
      { numRuns: 200 },
    );
  });

  it('reordered lines never crash; going back in wall time or moving the header is located', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: ROWS.length - 1 }), fc.integer({ min: 0, max: ROWS.length - 1 }), (a, b) => {
        const rows = ROWS.slice();
        [rows[a], rows[b]] = [rows[b] as string, rows[a] as string];
        const { errorLine } = checkContract(rows.join('\n'));
        const w = (row: string): number => (JSON.parse(row) as { w?: number }).w ?? 0;
        const later = Math.max(a, b);
        if (a !== b && (Math.min(a, b) === 0 || w(rows[Math.min(a, b)] as string) > w(rows[later] as string))) expect(errorLine).not.toBeNull();
        if (errorLine !== null) expect(errorLine).toBeLessThanOrEqual(later + 1);
      }),
      { numRuns: 150 },
    );
  });

  it('arbitrary text never crashes', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 400 }), (text) => {
        checkContract(text);
      }),
      { numRuns: 200 },
    );
  });
});

describe('format versions', () => {
  it('refuses a newer version with a clear message on line 1', () => {
    const rows = ROWS.slice();
    rows[0] = JSON.stringify({ ...(JSON.parse(rows[0] as string) as object), version: FORMAT_VERSION + 1 });
    const result = parseRecording(rows.join('\n'), 'future.ndjson');
    expect(result.recording).toBeNull();
    expect(result.error?.line).toBe(1);
    expect(result.error?.message).toMatch(/version 3 is newer than this app understands/);
  });

  it('migrates a version-1 file (old field names, separate chapter lines) and it still verifies', () => {
    const current = parseRecording(TEXT).recording as Recording;
    const { lessonId, faults: _faults, version: _version, ...header } = current.header;
    const v1 = [
      JSON.stringify({ ...header, version: 1, lesson: lessonId }),
      ...current.lines.map((line) => {
        const { t, e, w, ...rest } = line;
        const position = { simTime: t, eventIndex: e, wallMs: w };
        if (rest.kind === 'marker' && rest.chapter) return JSON.stringify({ kind: 'chapter', title: rest.label, ...position });
        if (rest.kind === 'marker') {
          const { narration, ...marker } = rest;
          return JSON.stringify({ ...marker, text: narration, ...position });
        }
        return JSON.stringify({ ...rest, ...position });
      }),
    ].join('\n');
    const result = parseRecording(v1, 'old.ndjson');
    expect(result.error).toBeUndefined();
    expect(result.sourceVersion).toBe(1);
    const migrated = result.recording as Recording;
    expect(migrated.header).toMatchObject({ version: FORMAT_VERSION, lessonId: 'hello-host', faults: [] });
    expect(migrated.lines.filter((l) => l.kind === 'marker' && l.chapter).map((l) => (l as { label: string }).label)).toEqual(['One', 'Three']);
    // Version 1 chapters had no hash; the plain marker still has one and it matches.
    expect(replayRecording(migrated)).toMatchObject({ ok: true, checked: 1 });
  });
});
