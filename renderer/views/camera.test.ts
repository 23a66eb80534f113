import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { clampPose, frameFocus, IDENTITY, toScreen, union } from './camera';

const W = 720;
const H = 500;
const content = { x: 0, y: 0, width: 720, height: 1200 };

describe('lesson camera', () => {
  it('keeps the view as laid out when the focus is already on screen and large', () => {
    expect(frameFocus([{ x: 20, y: 30, width: 200, height: 150 }], W, H, content)).toEqual(IDENTITY);
    expect(frameFocus([], W, H, content)).toEqual(IDENTITY);
  });

  it('brings an off-screen focus into view without zooming out below 1', () => {
    const box = { x: 40, y: 900, width: 300, height: 200 };
    const pose = frameFocus([box], W, H, content);
    const onScreen = toScreen(pose, box);
    expect(pose.zoom).toBeGreaterThanOrEqual(1);
    expect(onScreen.y).toBeGreaterThanOrEqual(0);
    expect(onScreen.y + onScreen.height).toBeLessThanOrEqual(H);
  });

  it('zooms in on a small focus', () => {
    const box = { x: 100, y: 100, width: 12, height: 12 };
    const pose = frameFocus([box], W, H, content);
    expect(pose.zoom).toBeGreaterThan(1.5);
    const s = toScreen(pose, box);
    expect(s.x).toBeGreaterThan(0);
    expect(s.x + s.width).toBeLessThan(W);
  });

  it('frames the inner entity when a container and its part do not fit together', () => {
    const host = { x: 0, y: 0, width: 700, height: 1100 };
    const dom0 = { x: 20, y: 800, width: 200, height: 200 };
    const pose = frameFocus([host, dom0], W, H, content);
    const s = toScreen(pose, dom0);
    expect(s.y).toBeGreaterThanOrEqual(0);
    expect(s.y + s.height).toBeLessThanOrEqual(H);
  });

  it('shows a focus taller than the canvas from its top, where its name is', () => {
    const host = { x: 10, y: 300, width: 680, height: 730 };
    const s = toScreen(frameFocus([host], W, H, content), host);
    expect(s.y).toBe(24);
  });

  it('keeps any focus that fits on screen (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 600 }), fc.integer({ min: 0, max: 1100 }), fc.integer({ min: 30, max: 120 }), fc.integer({ min: 30, max: 100 }), (x, y, w, h) => {
        const box = { x, y, width: w, height: h };
        const s = toScreen(frameFocus([box], W, H, content), box);
        expect(s.x).toBeGreaterThanOrEqual(-0.5);
        expect(s.y).toBeGreaterThanOrEqual(-0.5);
        expect(s.x + s.width).toBeLessThanOrEqual(W + 0.5);
        expect(s.y + s.height).toBeLessThanOrEqual(H + 0.5);
      }),
    );
  });
});

describe('camera helpers', () => {
  it('unions boxes and centres content smaller than the viewport', () => {
    expect(union([{ x: 0, y: 0, width: 10, height: 10 }, { x: 20, y: 5, width: 5, height: 20 }])).toEqual({ x: 0, y: 0, width: 25, height: 25 });
    expect(clampPose({ zoom: 1, x: 300, y: 0 }, { x: 0, y: 0, width: 100, height: 1000 }, 500, 500).x).toBe(200);
  });
});
