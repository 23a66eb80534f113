import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { MIN_CELL, planMemoryGrid } from './memory-layout';

describe('memory grid plan', () => {
  it('keeps one frame per cell while frames fit at 10 px or more', () => {
    const plan = planMemoryGrid(1024, 460, 500);
    expect(plan.perCell).toBe(1);
    expect(plan.cell).toBeGreaterThanOrEqual(MIN_CELL);
    expect(plan.cols * plan.cell).toBeLessThanOrEqual(460);
  });

  it('aggregates frames into cells when a host has more than fit', () => {
    const plan = planMemoryGrid(6144, 440, 200);
    expect(plan.perCell).toBeGreaterThan(1);
    expect(plan.cell).toBeGreaterThanOrEqual(MIN_CELL);
  });

  it('always fits the area with cells of at least 10 px', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 1 << 22 }), fc.integer({ min: 100, max: 2000 }), fc.integer({ min: 60, max: 1200 }), (frames, w, h) => {
        const plan = planMemoryGrid(frames, w, h);
        expect(plan.cell).toBeGreaterThanOrEqual(MIN_CELL);
        expect(plan.cols * plan.cell).toBeLessThanOrEqual(w);
        expect(Math.ceil(plan.count / plan.cols) * plan.cell).toBeLessThanOrEqual(h);
        expect(plan.count * plan.perCell).toBeGreaterThanOrEqual(frames);
      }),
    );
  });
});
