import { describe, expect, it } from 'vitest';
import { MAX_FPS, MAX_FRAMES, MAX_SIDE, parseFps, parseSize, planFrames } from './frame-plan';

describe('planFrames: limits and timing', () => {
  it('an empty range (end equal to start) is refused', () => {
    expect(() => planFrames(2000, { fps: 30, fromMs: 500, toMs: 500 })).toThrow('export: the end (500 ms) must come after the start (500 ms)');
  });

  it(`exactly ${MAX_FRAMES} frames are allowed, one more is refused`, () => {
    const ms = (MAX_FRAMES / 30) * 1000;
    expect(planFrames(ms, { fps: 30, fromMs: 0 }).count).toBe(MAX_FRAMES);
    expect(() => planFrames(ms + 34, { fps: 30, fromMs: 0 })).toThrow(`export: ${MAX_FRAMES + 1} frames is more than the ${MAX_FRAMES} allowed`);
  });

  it('frame i is shown at from + i/fps and stamped i/fps seconds into the video', () => {
    const plan = planFrames(10_000, { fps: 4, fromMs: 1000, toMs: 3000 });
    expect(plan.count).toBe(8);
    expect([0, 1, 3].map((i) => plan.playbackMs(i))).toEqual([1000, 1250, 1750]);
    expect([0, 1, 3].map((i) => plan.timestamp(i))).toEqual([0, 0.25, 0.75]);
    expect(plan.frameDuration).toBe(0.25);
  });
});

describe('parseSize', () => {
  const refusal = (text: string) => ({ ok: false, error: `expected a size such as 1280x720 (even numbers from 16 to ${MAX_SIDE}), got ${JSON.stringify(text.slice(0, 40))}` });

  it.each([
    ['16x16', 16, 16],
    [`${MAX_SIDE}x${MAX_SIDE}`, MAX_SIDE, MAX_SIDE],
    [' 640×480 ', 640, 480],
  ])('reads %j', (text, width, height) => {
    expect(parseSize(text)).toEqual({ ok: true, width, height });
  });

  it.each(['14x16', '16x14', `${MAX_SIDE + 2}x16`, `16x${MAX_SIDE + 2}`, 'a1280x720', '1280x720p', '1280x721'])('refuses %j', (text) => {
    expect(parseSize(text)).toEqual(refusal(text));
  });

  it('quotes at most 40 characters of what it refuses', () => {
    const text = 'x'.repeat(60);
    expect(parseSize(text)).toEqual(refusal(text));
    expect(JSON.stringify(refusal(text))).toContain(`"${'x'.repeat(40)}\\"`);
  });
});

describe('parseFps', () => {
  const refusal = (text: string) => ({ ok: false, error: `expected a frame rate from 1 to ${MAX_FPS}, got ${JSON.stringify(text.slice(0, 40))}` });

  it('reads 1 and the maximum', () => {
    expect(parseFps('1')).toEqual({ ok: true, fps: 1 });
    expect(parseFps(String(MAX_FPS))).toEqual({ ok: true, fps: MAX_FPS });
  });

  it.each(['0', String(MAX_FPS + 1), 'a30', '30a', '1.5', 'f'.repeat(50)])('refuses %j', (text) => {
    expect(parseFps(text)).toEqual(refusal(text));
  });
});
