import { FORMAT_VERSION } from './format';

/**
 * Format migrations. Files are migrated line by line, as plain JSON, BEFORE schema validation,
 * so the current schema is the only one the rest of the code knows.
 *
 * Version 1 (the first draft, still found in early trainers' files) differed from version 2:
 * - header: `lesson` held the lesson id (now `lessonId`), no `faults`, `viewport` optional;
 * - every line spelt its position `simTime`, `eventIndex`, `wallMs` (now `t`, `e`, `w`);
 * - chapters were their own kind `{kind:"chapter", title}` (now a marker with `chapter: true`);
 *   markers carried their narration as `text`.
 */
export type MigrationResult = { ok: true; value: Record<string, unknown> } | { ok: false; message: string };

type Json = Record<string, unknown>;

/** Reads the version a header claims, or an error message. */
export function headerVersion(header: Json): { ok: true; version: number } | { ok: false; message: string } {
  const version = header.version;
  if (typeof version !== 'number' || !Number.isInteger(version) || version < 1) {
    return { ok: false, message: `header: "version" must be a whole number ≥ 1, got ${JSON.stringify(version)?.slice(0, 40)}` };
  }
  if (version > FORMAT_VERSION) {
    return {
      ok: false,
      message: `recording format version ${version} is newer than this app understands (up to ${FORMAT_VERSION}); open it with a newer Isolation Lab`,
    };
  }
  return { ok: true, version };
}

export function migrateHeader(header: Json, version: number): Json {
  let out = header;
  if (version < 2) {
    const { lesson, ...rest } = out;
    out = { ...rest, version: 2, lessonId: lesson, faults: [], viewport: out.viewport ?? { width: 1280, height: 720 } };
  }
  return out;
}

export function migrateLine(line: Json, version: number): Json {
  let out = line;
  if (version < 2) {
    const { simTime, eventIndex, wallMs, ...rest } = out;
    out = { ...rest, t: simTime, e: eventIndex, w: wallMs };
    if (out.kind === 'chapter') {
      const { title, ...chapter } = out;
      out = { ...chapter, kind: 'marker', label: title, chapter: true };
    } else if (out.kind === 'marker' && 'text' in out) {
      const { text, ...marker } = out;
      out = { ...marker, narration: text };
    }
  }
  return out;
}
