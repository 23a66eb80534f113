import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { findLesson } from '../../src/lessons';
import type { Lesson } from '../../src/lessons/schema';
import { recordScriptedRun } from '../../src/recording';
import { captureIo } from '../test-io';
import { exportVideoCommand } from './export-video';

const dir = mkdtempSync(join(tmpdir(), 'isolab-export-'));
const dist = join(dir, 'dist');
const haveTools = existsSync('/usr/bin/chromium') && existsSync('/usr/bin/ffprobe') && existsSync('/usr/bin/ffmpeg');

/** Builds just the export page (renderer/export/export.html), so the test doesn't depend on a full web build. */
async function buildExportPage(): Promise<void> {
  const { build } = await import('vite');
  const renderer = fileURLToPath(new URL('../../renderer/', import.meta.url));
  await build({
    root: renderer,
    base: './',
    logLevel: 'error',
    configFile: false,
    build: { outDir: dist, emptyOutDir: true, target: 'es2022', chunkSizeWarningLimit: 5000, rollupOptions: { input: { export: join(renderer, 'export/export.html') } } },
  });
}

async function exportVideo(args: string[]): Promise<{ code: number; out: string; err: string }> {
  const io = captureIo(dir);
  const code = await exportVideoCommand.run([...args, '--dist', dist], io);
  return { code, out: io.stdout.join('\n'), err: io.stderr.join('\n') };
}

function probe(file: string): { frames: number; duration: number; codec: string; width: number; height: number } {
  const json = execFileSync('/usr/bin/ffprobe', ['-v', 'error', '-count_frames', '-show_entries', 'stream=codec_name,nb_read_frames,width,height:format=duration', '-of', 'json', file], { encoding: 'utf8' });
  const parsed = JSON.parse(json) as { streams: Array<{ codec_name: string; nb_read_frames: string; width: number; height: number }>; format: { duration: string } };
  const stream = parsed.streams[0];
  if (!stream) throw new Error(`${file}: no video stream`);
  return { frames: Number(stream.nb_read_frames), duration: Number(parsed.format.duration), codec: stream.codec_name, width: stream.width, height: stream.height };
}

function frameHashes(file: string): string[] {
  const text = execFileSync('/usr/bin/ffmpeg', ['-v', 'error', '-i', file, '-f', 'framemd5', '-'], { encoding: 'utf8' });
  return text.split('\n').filter((l) => l && !l.startsWith('#')).map((l) => l.split(',').pop()?.trim() ?? '');
}

describe.skipIf(!haveTools)('isolab export-video (headless Chromium + ffprobe)', () => {
  beforeAll(async () => {
    let text = '';
    recordScriptedRun(findLesson('hello-host') as Lesson, { app: 'test', sink: (t) => (text += t) });
    writeFileSync(join(dir, 'hello.ndjson'), text);
    await buildExportPage();
  }, 120_000);

  it('exports a WebM whose frame count and duration match, with the same decoded frames every time', async () => {
    const args = ['hello.ndjson', '-o', 'a.webm', '--size', '320x180', '--fps', '10', '--to', '2s', '--json'];
    const first = await exportVideo(args);
    expect(first.err).toBe('');
    expect(first.code).toBe(0);
    expect(JSON.parse(first.out)).toMatchObject({ frames: 20, width: 320, height: 180, fps: 10 });
    const info = probe(join(dir, 'a.webm'));
    expect(info).toMatchObject({ frames: 20, width: 320, height: 180 });
    expect(['vp9', 'vp8']).toContain(info.codec);
    expect(info.duration).toBeCloseTo(2, 1);
    expect(readFileSync(join(dir, 'a.webm')).subarray(0, 4)).toEqual(Buffer.from([0x1a, 0x45, 0xdf, 0xa3]));

    const second = await exportVideo(['hello.ndjson', '-o', 'b.webm', '--size', '320x180', '--fps', '10', '--to', '2s', '--json']);
    expect(second.code).toBe(0);
    const a = frameHashes(join(dir, 'a.webm'));
    expect(a).toHaveLength(20);
    // The picture changes over the 2 s (guests boot), so equal hashes are not a blank video.
    expect(new Set(a).size).toBeGreaterThan(1);
    expect(frameHashes(join(dir, 'b.webm'))).toEqual(a);
  }, 180_000);

  it('--from/--to are positions on the playback timeline', async () => {
    const r = await exportVideo(['hello.ndjson', '-o', 'c.webm', '--size', '160x90', '--fps', '5', '--from', '1s', '--to', '2s', '--no-captions', '--json']);
    expect(r.code).toBe(0);
    expect(probe(join(dir, 'c.webm')).frames).toBe(5);
  }, 120_000);

  it('refuses bad options and bad files with exit 2 and a clear message', async () => {
    await expect(exportVideo(['hello.ndjson', '-o', 'x.webm', '--size', 'huge'])).rejects.toThrow(/--size: expected a size such as 1280x720/);
    await expect(exportVideo(['hello.ndjson', '--fps', '10'])).rejects.toThrow(/-o FILE.webm is required/);
    writeFileSync(join(dir, 'bad.ndjson'), '{"kind":"header"');
    await expect(exportVideo(['bad.ndjson', '-o', 'x.webm'])).rejects.toThrow(/bad\.ndjson:1: not valid JSON/);
  });
});
