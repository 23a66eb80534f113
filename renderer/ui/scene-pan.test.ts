import { describe, expect, it } from 'vitest';
import { panToShow } from './scene-pan';

describe('panning to show the scene outline', () => {
  it('does not move for a box already on screen', () => {
    expect(panToShow({ x: 100, y: 100, width: 50, height: 50 }, 800, 600)).toEqual({ dx: 0, dy: 0 });
  });

  it('brings an off-screen box inside the margin, clear of the caption strip', () => {
    expect(panToShow({ x: 900, y: 100, width: 50, height: 50 }, 800, 600)).toEqual({ dx: 800 - 24 - 950, dy: 0 });
    expect(panToShow({ x: -200, y: -80, width: 50, height: 50 }, 800, 600)).toEqual({ dx: 224, dy: 104 });
    // 100 px of caption at the bottom: the box's bottom must end above 600 - 100 - 24.
    expect(panToShow({ x: 100, y: 460, width: 50, height: 50 }, 800, 600, 100).dy).toBe(476 - 510);
  });

  it('leaves a box larger than the canvas alone while part of it shows, else brings its start in', () => {
    expect(panToShow({ x: -100, y: 10, width: 2000, height: 100 }, 800, 600).dx).toBe(0);
    expect(panToShow({ x: 0, y: 40, width: 300, height: 560 }, 800, 600, 100).dy).toBe(0);
    expect(panToShow({ x: 900, y: 10, width: 2000, height: 100 }, 800, 600).dx).toBe(24 - 900);
  });
});
