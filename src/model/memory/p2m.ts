import type { FrameRun, P2mExtent } from './types';

/**
 * A domain's guest-physical → machine map as extents in gfn order. Extents keep a 1 TiB
 * guest's map to a handful of entries when its frames are contiguous. Extents are read-only
 * values: a change replaces one in the (writable) extent array.
 */

/** Appends machine `runs` after guest frame `frames - 1`, merging with the last extent where contiguous; returns the new frame count. */
export function appendRuns(p2m: P2mExtent[], frames: number, runs: readonly FrameRun[]): number {
  let gfn = frames;
  for (const [mfn, count] of runs) {
    const at = p2m.length - 1;
    const last = p2m[at];
    if (last && last[0] + last[2] === gfn && last[1] + last[2] === mfn) p2m[at] = [last[0], last[1], last[2] + count];
    else p2m.push([gfn, mfn, count]);
    gfn += count;
  }
  return gfn;
}

/** Machine runs backing guest frames [gfn, gfn + count). */
export function translate(p2m: readonly P2mExtent[], gfn: number, count: number): FrameRun[] {
  const runs: FrameRun[] = [];
  const end = gfn + count;
  for (const [g, m, n] of p2m) {
    const lo = Math.max(gfn, g);
    const hi = Math.min(end, g + n);
    if (lo < hi) runs.push([m + lo - g, hi - lo]);
  }
  return runs;
}

/** Removes the highest `count` guest frames (what a balloon driver gives back); returns their machine runs. */
export function trimTail(p2m: P2mExtent[], count: number): FrameRun[] {
  const removed: FrameRun[] = [];
  let left = count;
  for (let last = p2m[p2m.length - 1]; left > 0 && last; last = p2m[p2m.length - 1]) {
    const [g, m, n] = last;
    const take = Math.min(n, left);
    removed.push([m + n - take, take]);
    if (take === n) p2m.pop();
    else p2m[p2m.length - 1] = [g, m, n - take];
    left -= take;
  }
  return removed.reverse();
}

/** The guest frame backed by machine frame `mfn`, or -1. */
export function gfnOf(p2m: readonly P2mExtent[], mfn: number): number {
  for (const [g, m, n] of p2m) {
    if (mfn >= m && mfn < m + n) return g + mfn - m;
  }
  return -1;
}
