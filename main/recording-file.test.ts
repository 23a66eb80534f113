import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { MAX_APPEND_CHARS, RecordingFile, safeRecordingName } from './recording-file';

describe('RecordingFile', () => {
  it('writes each append to disk at once, so nothing is lost if the app stops', () => {
    const path = join(mkdtempSync(join(tmpdir(), 'isolab-rec-')), 'a.ndjson');
    const file = new RecordingFile();
    file.start(path);
    expect(file.append('{"kind":"header"}\n')).toBeNull();
    expect(file.append('{"kind":"marker"}\n')).toBeNull();
    // Read before close: the lines are already on disk.
    expect(readFileSync(path, 'utf8')).toBe('{"kind":"header"}\n{"kind":"marker"}\n');
    file.close();
    expect(file.open).toBe(false);
  });

  it('refuses hostile messages without writing them', () => {
    const path = join(mkdtempSync(join(tmpdir(), 'isolab-rec-')), 'b.ndjson');
    const file = new RecordingFile();
    expect(file.append('x')).toMatch(/no recording/);
    file.start(path);
    expect(file.append(42)).toMatch(/expected text/);
    expect(file.append({ toString: () => 'x' })).toMatch(/expected text/);
    expect(file.append('y'.repeat(MAX_APPEND_CHARS + 1))).toMatch(/limit/);
    file.close();
    expect(readFileSync(path, 'utf8')).toBe('');
  });

  it('suggests only plain file names', () => {
    expect(safeRecordingName('tour.isolab-rec.ndjson')).toBe('tour.isolab-rec.ndjson');
    expect(safeRecordingName('../../etc/passwd')).toBe('session.isolab-rec.ndjson');
    expect(safeRecordingName('C:\\x\\evil<>.ndjson')).toBe('evil__.ndjson');
    expect(safeRecordingName(7)).toBe('session.isolab-rec.ndjson');
  });
});
