/**
 * How the memory grid fits its area (pure, unit-tested): cells of at least MIN_CELL px, each
 * standing for `perCell` frames when a host has more frames than fit, in as many columns as
 * make the grid fill the area's shape.
 */
export const MIN_CELL = 10;
export const MAX_CELL = 32;

export interface MemoryGridPlan {
  perCell: number;
  cols: number;
  /** Cell pitch in px (the drawn square is one pixel smaller: the gap). */
  cell: number;
  count: number;
}


export function planMemoryGrid(frames: number, width: number, height: number): MemoryGridPlan {
  const w = Math.max(MIN_CELL, width);
  const h = Math.max(MIN_CELL, height);
  // Frames per cell tried, smallest first: powers of two, numbers a teacher can say aloud.
  for (let perCell = 1; ; perCell *= 2) {
    const count = Math.max(1, Math.ceil(frames / perCell));
    // Square-ish cells filling w × h: cols / rows ≈ w / h.
    let cols = Math.max(1, Math.min(count, Math.round(Math.sqrt((count * w) / h))));
    let cell = Math.floor(Math.min(w / cols, h / Math.ceil(count / cols)));
    // Try one more and one fewer column: the rounding can waste a row.
    for (const c of [cols - 1, cols + 1]) {
      if (c < 1 || c > count) continue;
      const size = Math.floor(Math.min(w / c, h / Math.ceil(count / c)));
      if (size > cell) {
        cell = size;
        cols = c;
      }
    }
    cell = Math.min(MAX_CELL, cell);
    const plan = { perCell, cols, cell, count };
    if (cell >= MIN_CELL || count === 1) return plan;
  }
}
