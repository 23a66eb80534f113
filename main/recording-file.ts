import { closeSync, ftruncateSync, openSync, writeSync } from 'node:fs';

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
  private path = '';
  private written = 0;
  /** Bytes on disk that end with a complete message (a failed write is cut back to this). */
  private bytes = 0;

  get open(): boolean {
    return this.fd !== null;
  }

  start(path: string): void {
    this.close();
    this.fd = openSync(path, 'w');
    this.path = path;
    this.written = 0;
    this.bytes = 0;
  }

  /**
   * Appends text. Returns null when written; `refused` (nothing written, the recording goes on)
   * for a bad or oversized message; `stopped` when the disk refused the write (full, removed,
   * read-only): the file is cut back to its last complete line and closed, so it stays a valid
   * recording of everything before, and the caller must tell the user.
   */
  append(text: unknown): null | { kind: 'refused' | 'stopped'; message: string } {
    if (this.fd === null) return { kind: 'refused', message: 'no recording is open' };
    if (typeof text !== 'string') return { kind: 'refused', message: 'expected text' };
    if (text.length > MAX_APPEND_CHARS) return { kind: 'refused', message: `a message of ${text.length} characters is over the ${MAX_APPEND_CHARS} limit` };
    if (this.written + text.length > MAX_RECORDING_CHARS) return { kind: 'refused', message: 'the recording reached its size limit' };
    const data = Buffer.from(text, 'utf8');
    try {
      // writeSync may write part of the buffer (a nearly full disk): keep going until all is out.
      for (let offset = 0; offset < data.length; ) offset += writeSync(this.fd, data, offset, data.length - offset);
    } catch (error) {
      return { kind: 'stopped', message: this.stopAfterFailure(error) };
    }
    this.written += text.length;
    this.bytes += data.length;
    return null;
  }

  private stopAfterFailure(error: unknown): string {
    const fd = this.fd as number;
    const code = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
    let cut = true;
    try {
      ftruncateSync(fd, this.bytes);
    } catch {
      cut = false; // a device such as /dev/full cannot be truncated; nothing partial was kept there
    }
    this.close();
    const reason = code === 'ENOSPC' ? 'the disk is full' : `the write failed (${code})`;
    return `Recording stopped: ${reason}. ${this.path} keeps everything recorded before this point${cut ? '' : ' (it could not be trimmed; its last line may be incomplete)'} and can still be replayed.`;
  }

  close(): void {
    const fd = this.fd;
    this.fd = null;
    if (fd === null) return;
    try {
      closeSync(fd);
    } catch {
      // Closing after a failed write can fail too (EIO); the descriptor is released either way.
    }
  }
}

/** A safe default file name from the renderer's suggestion (no folders, no odd characters). */
export function safeRecordingName(suggested: unknown): string {
  const base = typeof suggested === 'string' ? suggested.split(/[\\/]/).pop() ?? '' : '';
  const clean = base.replace(/[^A-Za-z0-9._-]/g, '_').slice(0, 100);
  return clean.endsWith('.ndjson') ? clean : 'session.isolab-rec.ndjson';
}
