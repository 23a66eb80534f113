import { existsSync } from 'node:fs';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { dirname, isAbsolute } from 'node:path';

/**
 * The File > Open Recent list: most recent first, at most MAX_RECENT entries, persisted as JSON
 * under the user-data folder. The file is ours but lives on disk, so it is read defensively:
 * a damaged or hand-edited file yields an empty or filtered list, never a crash.
 */
export const MAX_RECENT = 10;
const MAX_PATH_LENGTH = 4096;

export function addRecent(list: readonly string[], path: string, max = MAX_RECENT): string[] {
  return [path, ...list.filter((p) => p !== path)].slice(0, max);
}

/** Keeps absolute paths of files that still exist, without duplicates. */
export function pruneRecent(list: readonly unknown[], exists: (path: string) => boolean = existsSync, max = MAX_RECENT): string[] {
  const out: string[] = [];
  for (const entry of list) {
    if (typeof entry !== 'string' || entry.length === 0 || entry.length > MAX_PATH_LENGTH || !isAbsolute(entry)) continue;
    if (out.includes(entry) || !exists(entry)) continue;
    out.push(entry);
    if (out.length >= max) break;
  }
  return out;
}

export async function loadRecent(file: string, exists: (path: string) => boolean = existsSync): Promise<string[]> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch {
    return [];
  }
  try {
    const data: unknown = JSON.parse(text);
    const list = typeof data === 'object' && data !== null && Array.isArray((data as { files?: unknown }).files) ? (data as { files: unknown[] }).files : [];
    return pruneRecent(list, exists);
  } catch {
    return [];
  }
}

/** Writes atomically (temp file + rename) so a crash mid-write cannot leave half a file. */
export async function saveRecent(file: string, list: readonly string[]): Promise<void> {
  await mkdir(dirname(file), { recursive: true });
  const temp = `${file}.tmp`;
  await writeFile(temp, `${JSON.stringify({ version: 1, files: list.slice(0, MAX_RECENT) }, null, 2)}\n`, 'utf8');
  await rename(temp, file);
}
