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

async function start(frames: number, write: (png: Buffer) => Promise<void>): Promise<{ post: (i: number, body?: string) => Promise<number>; intake: FrameIntake }> {
  const intake = new FrameIntake({ write }, frames, () => {});
  const server = await serveStatic(mkdtempSync(join(tmpdir(), 'isolab-intake-')), intake.route);
  closers.push(server.close);
  const post = async (i: number, body?: string): Promise<number> => (await fetch(`${server.url}${FRAME_PATH}?i=${i}${body === undefined ? '&same=1' : ''}`, { method: 'POST', body: body ?? '' })).status;
  return { post, intake };
}

describe('frame intake (page → ffmpeg)', () => {
  it('writes frames in frame order whatever order they arrive in, repeating the last for "same"', async () => {
    const written: string[] = [];
    const { post, intake } = await start(4, async (png) => void written.push(png.toString()));
    const statuses = await Promise.all([post(2), post(3, 'd'), post(0, 'a'), post(1, 'b')]);
    expect(statuses).toEqual([204, 204, 204, 204]);
    expect(written).toEqual(['a', 'b', 'b', 'd']);
    expect(intake.written).toBe(4);
  });

  it('answers a frame only once it is written (the backpressure), and refuses bad requests', async () => {
    let release: () => void = () => {};
    const { post } = await start(2, () => new Promise<void>((r) => (release = r)));
    let answered = false;
    const first = post(0, 'a').then((s) => ((answered = true), s));
    await new Promise((r) => setTimeout(r, 100));
    expect(answered).toBe(false);
    release();
    expect(await first).toBe(204);
    expect(await post(5, 'x')).toBe(400);
    expect(await post(0, 'again')).toBe(400);
  });

  it('passes an encoder failure back to the page', async () => {
    const { post } = await start(2, () => Promise.reject(new Error('ffmpeg stopped taking frames')));
    expect(await post(0, 'a')).toBe(500);
  });
});
