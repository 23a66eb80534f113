import { open } from 'node:fs/promises';
import { basename, extname } from 'node:path';
import type { OpenedFile } from '../src/protocol/lab-api';

/** Lessons and recordings are small; anything bigger is a mistake or an attack. */
export const MAX_FILE_BYTES = 4 * 1024 * 1024;
export const OPEN_EXTENSIONS = ['json', 'ndjson'] as const;

export type ReadResult = { ok: true; file: OpenedFile } | { ok: false; message: string };

/**
 * Reads a lesson or recording the user chose. Checks extension and size before reading, and
 * reads through one handle so the file cannot grow between the size check and the read.
 * Never throws: every problem becomes a message naming the file.
 */
export async function readOpenedFile(path: string, maxBytes = MAX_FILE_BYTES): Promise<ReadResult> {
  const name = basename(path);
  const extension = extname(path).slice(1).toLowerCase();
  if (!(OPEN_EXTENSIONS as readonly string[]).includes(extension)) {
    return { ok: false, message: `${name}: not a lesson or recording (expected a .json or .ndjson file)` };
  }
  let handle: Awaited<ReturnType<typeof open>> | undefined;
  try {
    handle = await open(path, 'r');
    const info = await handle.stat();
    if (!info.isFile()) return { ok: false, message: `${name}: not a regular file` };
    if (info.size > maxBytes) {
      return { ok: false, message: `${name}: file is ${formatMiB(info.size)}, larger than the ${formatMiB(maxBytes)} limit for lessons and recordings` };
    }
    // Read one byte past the limit to notice a file that grew after stat.
    const buffer = Buffer.alloc(Math.min(info.size, maxBytes) + 1);
    const { bytesRead } = await handle.read(buffer, 0, buffer.length, 0);
    if (bytesRead > maxBytes) return { ok: false, message: `${name}: file grew past the ${formatMiB(maxBytes)} limit while being read` };
    let text: string;
    try {
      text = new TextDecoder('utf-8', { fatal: true }).decode(buffer.subarray(0, bytesRead));
    } catch {
      return { ok: false, message: `${name}: not UTF-8 text` };
    }
    return { ok: true, file: { path, name, text: text.replace(/^\uFEFF/, '') } };
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'file not found' : code === 'EACCES' || code === 'EPERM' ? 'permission denied' : code === 'EISDIR' ? 'is a folder' : (error as Error).message;
    return { ok: false, message: `${name}: cannot open (${why})` };
  } finally {
    await handle?.close().catch(() => undefined);
  }
}

function formatMiB(bytes: number): string {
  return `${(bytes / (1024 * 1024)).toFixed(bytes % (1024 * 1024) === 0 ? 0 : 1)} MiB`;
}
