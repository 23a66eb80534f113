import { mkdtempSync, mkdirSync, writeFileSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { MAX_FILE_BYTES, readOpenedFile } from './open-file';
import { addRecent, loadRecent, MAX_RECENT, pruneRecent, saveRecent } from './recent-files';

const dir = mkdtempSync(join(tmpdir(), 'isolab-files-'));

describe('readOpenedFile', () => {
  it('reads a small JSON file and strips a BOM', async () => {
    const path = join(dir, 'lesson.json');
    writeFileSync(path, '\uFEFF{"id":"x"}');
    expect(await readOpenedFile(path)).toEqual({ ok: true, file: { path, name: 'lesson.json', text: '{"id":"x"}' } });
  });

  it('rejects a file over 4 MiB naming the file', async () => {
    const path = join(dir, 'huge.json');
    writeFileSync(path, Buffer.alloc(MAX_FILE_BYTES + 1, 32));
    const result = await readOpenedFile(path);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.message).toMatch(/^huge\.json: .*larger than the 4 MiB limit/);
  });

  it('accepts a file of exactly the limit', async () => {
    const path = join(dir, 'edge.ndjson');
    writeFileSync(path, Buffer.alloc(1024, 32));
    expect((await readOpenedFile(path, 1024)).ok).toBe(true);
  });

  it.each([
    ['a wrong extension', 'notes.txt', /expected a \.json or \.ndjson/],
    ['a missing file', 'missing.json', /file not found/],
  ])('rejects %s', async (_name, file, pattern) => {
    const path = join(dir, file);
    if (file === 'notes.txt') writeFileSync(path, 'x');
    const result = await readOpenedFile(path);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.message).toMatch(pattern);
  });

  it('rejects a folder and binary data', async () => {
    const folder = join(dir, 'folder.json');
    mkdirSync(folder, { recursive: true });
    expect((await readOpenedFile(folder)).ok).toBe(false);
    const binary = join(dir, 'binary.json');
    writeFileSync(binary, Buffer.from([0xff, 0xfe, 0xfd]));
    const result = await readOpenedFile(binary);
    expect(!result.ok && result.message).toMatch(/not UTF-8/);
  });
});

describe('recent files', () => {
  it('keeps the newest first, without duplicates, at most 10', () => {
    let list: string[] = [];
    for (let i = 0; i < 15; i++) list = addRecent(list, `/f${i}.json`);
    list = addRecent(list, '/f10.json');
    expect(list.length).toBe(MAX_RECENT);
    expect(list[0]).toBe('/f10.json');
    expect(list.filter((p) => p === '/f10.json').length).toBe(1);
  });

  it('drops missing, relative, non-string and duplicate entries', () => {
    const exists = (p: string) => !p.includes('gone');
    expect(pruneRecent(['/a.json', '/gone.json', 'relative.json', 42, null, '/a.json', '/b.json'], exists)).toEqual(['/a.json', '/b.json']);
  });

  it('persists and reloads, dropping files deleted since', async () => {
    const real = join(dir, 'real.json');
    writeFileSync(real, '{}');
    const store = join(dir, 'state', 'recent.json');
    await saveRecent(store, [real, join(dir, 'deleted.json')]);
    expect(JSON.parse(readFileSync(store, 'utf8')).files.length).toBe(2);
    expect(await loadRecent(store)).toEqual([real]);
  });

  it('treats a damaged store as empty', async () => {
    const store = join(dir, 'bad-recent.json');
    for (const text of ['not json', '{"files": "x"}', '[]', 'null', '{"files":[{"__proto__":1}]}']) {
      writeFileSync(store, text);
      expect(await loadRecent(store)).toEqual([]);
    }
    expect(await loadRecent(join(dir, 'never-written.json'))).toEqual([]);
  });
});
