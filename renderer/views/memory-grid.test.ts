import { describe, expect, it } from 'vitest';
import { cellRect, runBoxes, sideWidth } from './memory-grid';

// A grid of 10 cells a row, 2 frames a cell, 12 px cells.
const grid = { perCell: 2, cols: 10, cell: 12 };

describe('memory grid geometry', () => {
  it('places a cell by row and column', () => {
    expect(cellRect(grid, 0)).toEqual({ x: 0, y: 0, s: 12 });
    expect(cellRect(grid, 23)).toEqual({ x: 36, y: 24, s: 12 });
  });

  it('covers a run within one row with one box', () => {
    // Frames 4..9 are cells 2..4.
    expect(runBoxes(grid, 4, 6)).toEqual([{ x: 24, y: 0, width: 36, height: 12 }]);
  });

  it('covers a run over two rows with a partial first and a partial last row', () => {
    // Frames 16..23 are cells 8..11: two cells at the end of row 0, two at the start of row 1.
    expect(runBoxes(grid, 16, 8)).toEqual([
      { x: 96, y: 0, width: 24, height: 12 },
      { x: 0, y: 12, width: 24, height: 12 },
    ]);
  });

  it('covers whole middle rows with one box', () => {
    // Frames 18..77 are cells 9..38: one cell of row 0, rows 1 and 2 whole, nine cells of row 3.
    expect(runBoxes(grid, 18, 60)).toEqual([
      { x: 108, y: 0, width: 12, height: 12 },
      { x: 0, y: 12, width: 120, height: 24 },
      { x: 0, y: 36, width: 108, height: 12 },
    ]);
  });

  it('keeps the side column between 220 and 380 px, a third of the canvas between', () => {
    expect(sideWidth(300)).toBe(220);
    expect(sideWidth(800)).toBe(272);
    expect(sideWidth(2000)).toBe(380);
  });
});
