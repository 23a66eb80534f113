import type { z } from 'zod';
import { jsonPath } from '../lessons/load';
import { headerSchema, lineSchema, MAX_LINE_CHARS, MAX_LINES, type Recording, type RecordingError, type RecordingHeader, type RecordingLine } from './format';
import { headerVersion, migrateHeader, migrateLine } from './migrate';

export interface ParseResult {
  /** The valid prefix (null when even the header is unusable). */
  recording: Recording | null;
  /** The first problem, located by line; absent when the whole file is valid. */
  error?: RecordingError;
  /** The format version the file was written in (before migration), when known. */
  sourceVersion?: number;
  /** Each kept line's 1-based line number in the file (blank lines are skipped). */
  lineNumbers: number[];
}

/**
 * Parses a recording. Never throws: the first bad line (bad JSON, wrong types, time or wall
 * clock going backwards, a second header) ends parsing with a located error, and everything
 * before it is still returned so the valid prefix can be replayed.
 */
export function parseRecording(text: string, source = 'recording'): ParseResult {
  const rows = text.split('\n');
  if (rows.length > MAX_LINES + 1) {
    return { recording: null, lineNumbers: [], error: { line: MAX_LINES + 1, message: `${source}: more than ${MAX_LINES} lines` } };
  }
  let header: RecordingHeader | null = null;
  let version = 0;
  const lines: RecordingLine[] = [];
  const lineNumbers: number[] = [];
  const fail = (line: number, message: string): ParseResult => ({
    recording: header ? { header, lines } : null,
    error: { line, message: `${source}:${line}: ${message}` },
    sourceVersion: version || undefined,
    lineNumbers,
  });
  let lastW = 0;
  for (let i = 0; i < rows.length; i++) {
    const row = (rows[i] as string).replace(/\r$/, '');
    const lineNo = i + 1;
    if (row.trim() === '') continue;
    if (row.length > MAX_LINE_CHARS) return fail(lineNo, `line is longer than ${MAX_LINE_CHARS} characters`);
    let json: unknown;
    try {
      json = JSON.parse(row);
    } catch (error) {
      return fail(lineNo, `not valid JSON (${(error as Error).message.slice(0, 120)})${i === rows.length - 1 ? '; the file looks truncated' : ''}`);
    }
    if (json === null || typeof json !== 'object' || Array.isArray(json)) return fail(lineNo, 'expected a JSON object');
    const object = json as Record<string, unknown>;
    if (!header) {
      if (object.kind !== 'header') return fail(lineNo, `the first line must be the header ({"kind":"header",…}), got kind ${JSON.stringify(object.kind)?.slice(0, 40)}`);
      const v = headerVersion(object);
      if (!v.ok) return fail(lineNo, v.message);
      version = v.version;
      const parsed = headerSchema.safeParse(migrateHeader(object, version));
      if (!parsed.success) return fail(lineNo, describe(parsed.error));
      header = parsed.data;
      continue;
    }
    if (object.kind === 'header') return fail(lineNo, 'a second header; a recording has exactly one, on line 1');
    const parsed = lineSchema.safeParse(migrateLine(object, version));
    if (!parsed.success) return fail(lineNo, describe(parsed.error));
    const line = parsed.data;
    if (line.w < lastW) return fail(lineNo, `wall-clock offset goes backwards (${line.w} ms after ${lastW} ms): lines are out of order`);
    const previous = lines[lines.length - 1];
    if (previous?.kind === 'end') return fail(lineNo, 'a line after the "end" line');
    lastW = line.w;
    lines.push(line);
    lineNumbers.push(lineNo);
  }
  if (!header) return { recording: null, lineNumbers, error: { line: 1, message: `${source}:1: empty file; expected a recording header` } };
  return { recording: { header, lines }, sourceVersion: version, lineNumbers };
}

function describe(error: z.ZodError): string {
  const issue = error.issues[0];
  return issue ? `${jsonPath(issue.path)}: ${issue.message}` : 'invalid line';
}

/** One NDJSON line (with its newline) for a header or a line. */
export function formatLine(value: RecordingHeader | RecordingLine): string {
  return `${JSON.stringify(value)}\n`;
}

/** The whole file. */
export function formatRecording(recording: Recording): string {
  return formatLine(recording.header) + recording.lines.map(formatLine).join('');
}
