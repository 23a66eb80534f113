import { describe, expect, it } from 'vitest';
import { SamePixels } from './same-pixels';

const frame = (...values: number[]): Uint8ClampedArray => new Uint8ClampedArray(values);

describe('same pixels (send a frame only when it differs)', () => {
  it('is false for the first frame and for any differing byte, true for an exact repeat', () => {
    const pixels = new SamePixels();
    expect(pixels.same(frame(1, 2, 3, 255, 4, 5, 6, 255))).toBe(false);
    expect(pixels.same(frame(1, 2, 3, 255, 4, 5, 6, 255))).toBe(true);
    expect(pixels.same(frame(1, 2, 3, 255, 4, 5, 7, 255))).toBe(false);
    expect(pixels.same(frame(1, 2, 3, 255))).toBe(false);
    pixels.reset();
    expect(pixels.same(frame(1, 2, 3, 255))).toBe(false);
  });
});
