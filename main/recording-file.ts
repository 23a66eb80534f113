import { closeSync, openSync, writeSync } from 'node:fs';

/** One append is one or a few NDJSON lines; a larger message is refused, not written. */
export const MAX_APPEND_CHARS = 1024 * 1024;
/** A recording is a few KiB per minute; this bound only stops a runaway or hostile renderer. */
export const MAX_RECORDING_CHARS = 256 * 1024 * 1024;

/**
 * The file a window is recording into. Lines are written synchronously as they arrive, so
 * closing the app mid-recording loses nothing already recorded (issue: recordings are written as
 * they go). One file per window; starting again closes the previous one.
 */
export class RecordingFile {
  private fd: number | null = null;
  private written = 0;

  get open(): boolean {
    return this.fd !== null;
  }

  start(path: string): void {
    this.close();
    this.fd = openSync(path, 'w');
    this.written = 0;
  }

  /** Appends text; returns an error message (and writes nothing) for a bad or oversized message. */
  append(text: unknown): string | null {
    if (this.fd === null) return 'no recording is open';
    if (typeof text !== 'string') return 'expected text';
    if (text.length > MAX_APPEND_CHARS) return `a message of ${text.length} characters is over the ${MAX_APPEND_CHARS} limit`;
    if (this.written + text.length > MAX_RECORDING_CHARS) return 'the recording reached its size limit';
    writeSync(this.fd, text);
    this.written += text.length;
    return null;
  }

  close(): void {
    if (this.fd !== null) closeSync(this.fd);
    this.fd = null;
  }
}

/** A safe default file name from the renderer's suggestion (no folders, no odd characters). */
export function safeRecordingName(suggested: unknown): string {
  const base = typeof suggested === 'string' ? suggested.split(/[\\/]/).pop() ?? '' : '';
  const clean = base.replace(/[^A-Za-z0-9._-]/g, '_').slice(0, 100);
  return clean.endsWith('.ndjson') ? clean : 'session.isolab-rec.ndjson';
}
