import { readFile, stat } from 'node:fs/promises';
import { isAbsolute, resolve } from 'node:path';

/** Largest input file the CLI reads (lessons and scenarios are a few kilobytes). */
export const MAX_INPUT_BYTES = 4 * 1024 * 1024;

export type ReadResult = { ok: true; text: string } | { ok: false; error: string };

export function resolvePath(cwd: string, file: string): string {
  return isAbsolute(file) ? file : resolve(cwd, file);
}

/**
 * Reads a UTF-8 text file, refusing anything that is missing, not a regular file or larger than
 * `limit` before reading it (so a huge or special file can't exhaust memory or block).
 */
export async function readTextFile(cwd: string, file: string, limit = MAX_INPUT_BYTES): Promise<ReadResult> {
  const path = resolvePath(cwd, file);
  try {
    const info = await stat(path);
    if (!info.isFile()) return { ok: false, error: 'not a regular file' };
    if (info.size > limit) return { ok: false, error: `file is ${info.size} bytes; at most ${limit} bytes are accepted` };
    const text = await readFile(path, 'utf8');
    // The size can change between stat and read (a growing file); check what was actually read.
    if (text.length > limit) return { ok: false, error: `file is larger than ${limit} bytes` };
    return { ok: true, text: text.charCodeAt(0) === 0xfeff ? text.slice(1) : text };
  } catch (error) {
    return { ok: false, error: describeFsError(error) };
  }
}

function describeFsError(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') return 'no such file';
  if (code === 'EACCES' || code === 'EPERM') return 'permission denied';
  if (code === 'EISDIR') return 'is a directory';
  return `cannot read (${code ?? (error as Error).message})`;
}
