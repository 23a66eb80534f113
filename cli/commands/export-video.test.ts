import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { findLesson } from '../../src/lessons';
import type { Lesson } from '../../src/lessons/schema';
import { recordScriptedRun } from '../../src/recording';
import { buildExportPage } from '../export/export-page';
import { CHROMIUM, FFMPEG, FFPROBE, requireTools } from '../test-support/require-tool';
import { captureIo } from '../test-io';
import { exportVideoCommand, runExportVideo } from './export-video';

const dir = mkdtempSync(join(tmpdir(), 'isolab-export-'));
const dist = join(dir, 'dist');
// Never silent: with CI set a missing tool fails this file; locally the skip prints why.
const haveTools = requireTools('isolab export-video tests', [CHROMIUM, FFMPEG, FFPROBE]);

async function exportVideo(args: string[], signal?: AbortSignal): Promise<{ code: number; out: string; err: string }> {
  const io = captureIo(dir);
  const code = signal ? await runExportVideo([...args, '--dist', dist], io, { signal }) : await exportVideoCommand.run([...args, '--dist', dist], io);
  return { code, out: io.stdout.join('\n'), err: io.stderr.join('\n') };
}

interface Probe {
  video: { codec: string; frames: number; width: number; height: number };
  subtitle?: { codec: string };
  duration: number;
  chapters: Array<{ start: number; end: number; title: string }>;
}

function probe(file: string): Probe {
  const json = execFileSync('/usr/bin/ffprobe', ['-v', 'error', '-count_frames', '-show_entries', 'stream=codec_type,codec_name,nb_read_frames,width,height:format=duration', '-show_chapters', '-of', 'json', file], { encoding: 'utf8' });
  const parsed = JSON.parse(json) as {
    streams: Array<{ codec_type: string; codec_name: string; nb_read_frames: string; width: number; height: number }>;
    format: { duration: string };
    chapters: Array<{ start_time: string; end_time: string; tags?: { title?: string } }>;
  };
  const video = parsed.streams.find((s) => s.codec_type === 'video');
  if (!video) throw new Error(`${file}: no video stream`);
  const subtitle = parsed.streams.find((s) => s.codec_type === 'subtitle');
  return {
    video: { codec: video.codec_name, frames: Number(video.nb_read_frames), width: video.width, height: video.height },
    subtitle: subtitle && { codec: subtitle.codec_name },
    duration: Number(parsed.format.duration),
    chapters: parsed.chapters.map((c) => ({ start: Number(c.start_time), end: Number(c.end_time), title: c.tags?.title ?? '' })),
  };
}

/** The embedded subtitle track, read back by ffmpeg as WebVTT (cue times and text). */
function embeddedCues(file: string): string {
  return execFileSync('/usr/bin/ffmpeg', ['-v', 'error', '-i', file, '-map', '0:s:0', '-f', 'webvtt', '-'], { encoding: 'utf8' });
}

/** The largest mean absolute brightness difference (0–255) between the first frame and a later one. */
function pictureChange(file: string): number {
  const gray = execFileSync('/usr/bin/ffmpeg', ['-v', 'error', '-i', file, '-f', 'rawvideo', '-pix_fmt', 'gray', '-'], { maxBuffer: 256 * 1024 * 1024 });
  const info = probe(file).video;
  const size = info.width * info.height;
  let largest = 0;
  for (let f = 1; f * size < gray.length; f++) {
    let sum = 0;
    for (let i = 0; i < size; i++) sum += Math.abs((gray[f * size + i] as number) - (gray[i] as number));
    largest = Math.max(largest, sum / size);
  }
  return largest;
}

/** The first frame's average brightness (0–255). */
function meanLuma(file: string): number {
  const gray = execFileSync('/usr/bin/ffmpeg', ['-v', 'error', '-i', file, '-frames:v', '1', '-f', 'rawvideo', '-pix_fmt', 'gray', '-']);
  return gray.reduce((sum, v) => sum + v, 0) / gray.length;
}

function frameHashes(file: string): string[] {
  const text = execFileSync('/usr/bin/ffmpeg', ['-v', 'error', '-i', file, '-map', '0:v:0', '-f', 'framemd5', '-'], { encoding: 'utf8' });
  return text.split('\n').filter((l) => l && !l.startsWith('#')).map((l) => l.split(',').pop()?.trim() ?? '');
}

describe.skipIf(!haveTools)('isolab export-video (headless Chromium + ffmpeg + ffprobe)', () => {
  let hello = '';
  beforeAll(async () => {
    recordScriptedRun(findLesson('hello-host') as Lesson, { app: 'test', sink: (t) => (hello += t) });
    writeFileSync(join(dir, 'hello.ndjson'), hello);
    await buildExportPage(dist);
  }, 180_000);

  it('writes a VP9 WebM with the right frames, chapters and narration subtitles, the same decoded frames every time', async () => {
    const args = ['hello.ndjson', '-o', 'a.webm', '--size', '320x180', '--fps', '10', '--to', '2s', '--json'];
    const first = await exportVideo(args);
    expect(first.err).toBe('');
    expect(first.code).toBe(0);
    expect(JSON.parse(first.out)).toMatchObject({ path: 'ffmpeg', format: 'webm', frames: 20, width: 320, height: 180, fps: 10 });
    const info = probe(join(dir, 'a.webm'));
    expect(info.video).toEqual({ codec: 'vp9', frames: 20, width: 320, height: 180 });
    expect(info.duration).toBeCloseTo(2, 1);
    expect(info.subtitle).toEqual({ codec: 'webvtt' });
    // hello-host's first step opens the chapter "A host"; it runs to the end of these 2 s.
    expect(info.chapters).toEqual([{ start: 0, end: 2, title: 'A host' }]);
    expect(embeddedCues(join(dir, 'a.webm'))).toMatch(/00:00\.000 --> 00:01\.000\nA physical host runs the Xen hypervisor/);
    expect(readFileSync(join(dir, 'a.webm')).subarray(0, 4)).toEqual(Buffer.from([0x1a, 0x45, 0xdf, 0xa3]));

    const second = await exportVideo(['hello.ndjson', '-o', 'b.webm', '--size', '320x180', '--fps', '10', '--to', '2s', '--json']);
    expect(second.code).toBe(0);
    const a = frameHashes(join(dir, 'a.webm'));
    expect(a).toHaveLength(20);
    // The picture changes over the 2 s (a guest boots), so equal hashes are not a blank or frozen
    // video (lossy frames of a still picture differ a little too; a real change differs a lot).
    expect(new Set(a).size).toBeGreaterThan(1);
    expect(pictureChange(join(dir, 'a.webm'))).toBeGreaterThan(2);
    expect(frameHashes(join(dir, 'b.webm'))).toEqual(a);
  }, 240_000);

  it('writes an H.264 MP4 with a title card, chapters, mov_text subtitles and a WebVTT side file', async () => {
    const r = await exportVideo(['hello.ndjson', '-o', 'c.mp4', '--size', '320x180', '--fps', '10', '--to', '2s', '--title-card', '--subtitles', 'c.vtt', '--json']);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    const info = probe(join(dir, 'c.mp4'));
    // 3 s of title card, then the 2 s of recording.
    expect(info.video).toEqual({ codec: 'h264', frames: 50, width: 320, height: 180 });
    expect(info.duration).toBeCloseTo(5, 1);
    expect(info.subtitle).toEqual({ codec: 'mov_text' });
    const title = (findLesson('hello-host') as Lesson).title;
    expect(info.chapters).toEqual([
      { start: 0, end: 3, title },
      { start: 3, end: 5, title: 'A host' },
    ]);
    const side = readFileSync(join(dir, 'c.vtt'), 'utf8');
    expect(side).toMatch(/^WEBVTT\n\n1\n00:00:03\.000 --> 00:00:04\.000\nA physical host/);
    expect(embeddedCues(join(dir, 'c.mp4'))).toMatch(/00:03\.000 --> 00:04\.000\nA physical host/);
  }, 240_000);

  it('encodes in the page (WebCodecs) with --in-page, deterministically, with the subtitle track', async () => {
    const args = (out: string): string[] => ['hello.ndjson', '-o', out, '--size', '160x90', '--fps', '10', '--to', '1s', '--no-captions', '--json', '--in-page'];
    const first = await exportVideo(args('d.webm'));
    expect(first.code).toBe(0);
    expect(JSON.parse(first.out)).toMatchObject({ path: 'in-page', frames: 10 });
    const info = probe(join(dir, 'd.webm'));
    expect(info.video.frames).toBe(10);
    // mediabunny writes Matroska's S_TEXT/WEBVTT, which Debian's ffprobe lists as "unknown".
    expect(info.subtitle).toBeDefined();
    expect((await exportVideo(args('e.webm'))).code).toBe(0);
    expect(frameHashes(join(dir, 'e.webm'))).toEqual(frameHashes(join(dir, 'd.webm')));
  }, 240_000);

  it('cancelled, it leaves no file under the output name nor a partial one', async () => {
    const controller = new AbortController();
    const pending = exportVideo(['hello.ndjson', '-o', 'cancelled.webm', '--size', '320x180', '--fps', '10', '--json'], controller.signal);
    // Cancel once frames are flowing into ffmpeg (the partial file exists by then).
    for (let i = 0; i < 600 && !readdirSync(dir).some((f) => f.includes('.partial')); i++) await new Promise((r) => setTimeout(r, 50));
    controller.abort();
    const r = await pending;
    expect(r.code).toBe(130);
    expect(r.err).toMatch(/cancelled; no video written/);
    expect(readdirSync(dir).filter((f) => f.includes('cancelled'))).toEqual([]);
  }, 240_000);

  it('exports the valid prefix of a recording with a damaged tail, with a warning', async () => {
    const lines = hello.trimEnd().split('\n');
    // Cut the file in the middle of its last line, as a crash mid-write would.
    const last = lines[lines.length - 1] as string;
    writeFileSync(join(dir, 'damaged.ndjson'), `${lines.slice(0, -1).join('\n')}\n${last.slice(0, last.length / 2)}`);
    const r = await exportVideo(['damaged.ndjson', '-o', 'damaged.webm', '--size', '160x90', '--fps', '5', '--no-captions', '--json']);
    expect(r.code).toBe(0);
    expect(r.err).toMatch(new RegExp(`warning: damaged\\.ndjson:${lines.length}: not valid JSON .*the file looks truncated; exporting the valid prefix \\(${lines.length - 2} lines\\)`));
    expect(probe(join(dir, 'damaged.webm')).video.frames).toBe(JSON.parse(r.out).frames);
  }, 240_000);

  it('draws the projector theme with --theme projector (the page honours ?theme=)', async () => {
    const args = (out: string, theme: string): string[] => ['hello.ndjson', '-o', out, '--size', '160x90', '--fps', '5', '--from', '5s', '--to', '5.2s', '--no-captions', '--json', '--theme', theme, '--reduced-motion'];
    expect((await exportVideo(args('dark.webm', 'dark'))).code).toBe(0);
    expect((await exportVideo(args('projector.webm', 'projector'))).code).toBe(0);
    // The light theme's first frame is far brighter on average than the dark one's.
    expect(meanLuma(join(dir, 'projector.webm'))).toBeGreaterThan(meanLuma(join(dir, 'dark.webm')) + 60);
  }, 240_000);

  it('refuses bad options and bad files with exit 2 and a clear message', async () => {
    await expect(exportVideo(['hello.ndjson', '-o', 'x.webm', '--theme', 'sepia'])).rejects.toThrow(/--theme: expected dark or projector, got "sepia"/);
    await expect(exportVideo(['hello.ndjson', '-o', 'x.webm', '--size', 'huge'])).rejects.toThrow(/--size: expected a size such as 1280x720/);
    await expect(exportVideo(['hello.ndjson', '--fps', '10'])).rejects.toThrow(/-o FILE.webm is required/);
    await expect(exportVideo(['hello.ndjson', '-o', 'x.webm', '--format', 'avi'])).rejects.toThrow(/--format: expected webm or mp4/);
    await expect(exportVideo(['hello.ndjson', '-o', 'x.mp4', '--codec', 'vp8'])).rejects.toThrow(/--codec is for WebM/);
    writeFileSync(join(dir, 'bad.ndjson'), '{"kind":"header"');
    await expect(exportVideo(['bad.ndjson', '-o', 'x.webm'])).rejects.toThrow(/bad\.ndjson:1: not valid JSON/);
  });
});
