import { closeSync, mkdtempSync, readFileSync } from 'node:fs';
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
    expect(file.append('x')?.message).toMatch(/no recording/);
    file.start(path);
    expect(file.append(42)?.message).toMatch(/expected text/);
    expect(file.append({ toString: () => 'x' })?.message).toMatch(/expected text/);
    expect(file.append('y'.repeat(MAX_APPEND_CHARS + 1))?.message).toMatch(/limit/);
    file.close();
    expect(readFileSync(path, 'utf8')).toBe('');
  });

  it('a write to a full device stops the recorder with a message, and what was written stays valid', () => {
    const file = new RecordingFile();
    file.start('/dev/full');
    const result = file.append('{"kind":"header"}\n');
    expect(result).toEqual({ kind: 'stopped', message: expect.stringMatching(/^Recording stopped: the disk is full\. \/dev\/full keeps everything recorded before this point/) });
    expect(file.open).toBe(false);
    expect(file.append('more\n')).toEqual({ kind: 'refused', message: 'no recording is open' });
  });

  it('a failed write keeps the complete lines before it (a valid prefix)', () => {
    const path = join(mkdtempSync(join(tmpdir(), 'isolab-rec-')), 'c.ndjson');
    const file = new RecordingFile();
    file.start(path);
    expect(file.append('{"kind":"header"}\n')).toBeNull();
    // Simulate a disk that fails mid-write: the descriptor is closed under the file's feet.
    const fd = (file as unknown as { fd: number }).fd;
    closeSync(fd);
    expect(file.append('{"kind":"marker"}\n')?.kind).toBe('stopped');
    expect(readFileSync(path, 'utf8')).toBe('{"kind":"header"}\n');
  });

  it('suggests only plain file names', () => {
    expect(safeRecordingName('tour.isolab-rec.ndjson')).toBe('tour.isolab-rec.ndjson');
    expect(safeRecordingName('../../etc/passwd')).toBe('session.isolab-rec.ndjson');
    expect(safeRecordingName('C:\\x\\evil<>.ndjson')).toBe('evil__.ndjson');
    expect(safeRecordingName(7)).toBe('session.isolab-rec.ndjson');
  });
});
