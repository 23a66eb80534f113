import type { Box } from './camera';

/**
 * The memory view's geometry, free of Pixi: margins, the side column's width, and where cells and
 * runs of frames fall in a host's grid of cells (row-major, `cols` cells a row, `perCell` frames
 * a cell, `cell` pixels square).
 */

export const PAD = 12;
/** The side column (plot, fault switches, provenance): a third of the canvas, within bounds. */
export const sideWidth = (width: number): number => Math.round(Math.max(220, Math.min(380, width * 0.34)));

/** How a block's grid is cut: frames per cell, cells per row, cell size in pixels. */
export interface GridShape {
  perCell: number;
  cols: number;
  cell: number;
}

/** A cell's square in grid coordinates. */
export const cellRect = (block: GridShape, cell: number): { x: number; y: number; s: number } => ({ x: (cell % block.cols) * block.cell, y: Math.floor(cell / block.cols) * block.cell, s: block.cell });

/** The cells a run of frames covers, as at most three rectangles (grid coordinates). */
export function runBoxes(block: GridShape, start: number, count: number): Box[] {
  const cols = block.cols;
  const first = Math.floor(start / block.perCell);
  const last = Math.floor((start + count - 1) / block.perCell);
  const r0 = Math.floor(first / cols);
  const r1 = Math.floor(last / cols);
  const c = block.cell;
  if (r0 === r1) return [{ x: (first % cols) * c, y: r0 * c, width: (last - first + 1) * c, height: c }];
  const out: Box[] = [{ x: (first % cols) * c, y: r0 * c, width: (cols - (first % cols)) * c, height: c }];
  if (r1 > r0 + 1) out.push({ x: 0, y: (r0 + 1) * c, width: cols * c, height: (r1 - r0 - 1) * c });
  out.push({ x: 0, y: r1 * c, width: ((last % cols) + 1) * c, height: c });
  return out;
}
