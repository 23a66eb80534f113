import { describe, expect, it } from 'vitest';
import { parseFps, parsePosition, parseSize, planFrames } from './frame-plan';

describe('frame plan', () => {
  it('--fps 10 --to 3s yields 30 frames at 0.1 s steps', () => {
    const plan = planFrames(60_000, { fps: 10, fromMs: 0, toMs: 3000 });
    expect(plan.count).toBe(30);
    expect(plan.playbackMs(29)).toBeCloseTo(2900);
    expect(plan.timestamp(10)).toBeCloseTo(1);
  });

  it('starts at --from and covers the whole recording by default', () => {
    const plan = planFrames(2000, { fps: 30, fromMs: 500 });
    expect(plan.count).toBe(45);
    expect(plan.playbackMs(0)).toBe(500);
    expect(() => planFrames(2000, { fps: 30, fromMs: 3000 })).toThrow(/must come after/);
  });

  it('parses sizes, rates and positions, refusing absurd ones', () => {
    expect(parseSize('320x180')).toEqual({ ok: true, width: 320, height: 180 });
    expect(parseSize('321x180').ok).toBe(false);
    expect(parseSize('99999x2').ok).toBe(false);
    expect(parseFps('30')).toEqual({ ok: true, fps: 30 });
    expect(parseFps('0').ok).toBe(false);
    expect(parseFps('1000').ok).toBe(false);
    expect(parsePosition('3s')).toEqual({ ok: true, ms: 3000 });
    expect(parsePosition('soon').ok).toBe(false);
  });
});
