import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { serveStatic } from '../web-server';
import { FRAME_PATH, FrameIntake } from './frame-intake';

const closers: Array<() => Promise<void>> = [];
afterEach(async () => {
  await Promise.all(closers.splice(0).map((c) => c()));
});

async function start(frames: number, write: (index: number, png: Buffer) => Promise<void>): Promise<{ post: (from: number, to: number, body?: string) => Promise<number>; intake: FrameIntake; covered: number[] }> {
  const covered: number[] = [];
  const intake = new FrameIntake({ write }, frames, (n) => void covered.push(n));
  const server = await serveStatic(mkdtempSync(join(tmpdir(), 'isolab-intake-')), intake.route);
  closers.push(server.close);
  const post = async (from: number, to: number, body?: string): Promise<number> => (await fetch(`${server.url}${FRAME_PATH}?from=${from}&to=${to}`, { method: 'POST', body: body ?? '' })).status;
  return { post, intake, covered };
}

describe('frame intake (page → ffmpeg)', () => {
  it('writes frames in frame order whatever order they arrive in, skipping the repeats inside a run', async () => {
    const written: string[] = [];
    const { post, intake, covered } = await start(8, async (index, png) => void written.push(`${index}:${png.toString()}`));
    // Frames 0 (a), 1–2 repeat, 3 (d), 4–5 repeat (reported still: 5 is written again), 6 (g), 7 repeats;
    // "8" (one past the end) closes the video.
    const statuses = await Promise.all([post(4, 5), post(1, 3, 'd'), post(7, 7), post(0, 0, 'a'), post(6, 6, 'g')]);
    expect(statuses).toEqual([204, 204, 204, 204, 204]);
    expect(written).toEqual(['0:a', '3:d', '5:d', '6:g', '7:g', '8:g']);
    expect(intake.written).toBe(8);
    expect(covered).toEqual([1, 4, 6, 7, 8]);
  });

  it('answers a request only once its frame is written (the backpressure), and refuses bad requests', async () => {
    let release: () => void = () => {};
    const { post } = await start(4, () => new Promise<void>((r) => (release = r)));
    let answered = false;
    const first = post(0, 0, 'a').then((s) => ((answered = true), s));
    await new Promise((r) => setTimeout(r, 100));
    expect(answered).toBe(false);
    release();
    expect(await first).toBe(204);
    expect(await post(5, 5, 'x')).toBe(400);
    expect(await post(0, 0, 'again')).toBe(400);
    expect(await post(2, 1)).toBe(400);
  });

  it('refuses a first request that repeats a picture it never had', async () => {
    const { post } = await start(3, () => Promise.resolve());
    expect(await post(0, 1)).toBe(500);
  });

  it('passes an encoder failure back to the page', async () => {
    const { post } = await start(2, () => Promise.reject(new Error('ffmpeg stopped taking frames')));
    expect(await post(0, 0, 'a')).toBe(500);
  });
});
