/**
 * A domain's guest-physical → machine map as extents [gfn, mfn, count] in gfn order. Extents
 * keep a 1 TiB guest's map to a handful of entries when its frames are contiguous.
 */

export function appendRuns(p2m: number[][], frames: number, runs: readonly (readonly number[])[]): number {
  let gfn = frames;
  for (const [mfn, count] of runs as number[][]) {
    const last = p2m[p2m.length - 1];
    if (last && (last[0] as number) + (last[2] as number) === gfn && (last[1] as number) + (last[2] as number) === mfn) {
      last[2] = (last[2] as number) + (count as number);
    } else {
      p2m.push([gfn, mfn as number, count as number]);
    }
    gfn += count as number;
  }
  return gfn;
}

/** Machine runs [mfn, count] backing guest frames [gfn, gfn + count). */
export function translate(p2m: readonly (readonly number[])[], gfn: number, count: number): number[][] {
  const runs: number[][] = [];
  const end = gfn + count;
  for (const [g, m, n] of p2m as number[][]) {
    const lo = Math.max(gfn, g as number);
    const hi = Math.min(end, (g as number) + (n as number));
    if (lo < hi) runs.push([(m as number) + lo - (g as number), hi - lo]);
  }
  return runs;
}

/** Removes the highest `count` guest frames (what a balloon driver gives back); returns their machine runs. */
export function trimTail(p2m: number[][], count: number): number[][] {
  const removed: number[][] = [];
  let left = count;
  while (left > 0 && p2m.length > 0) {
    const last = p2m[p2m.length - 1] as number[];
    const n = last[2] as number;
    const take = Math.min(n, left);
    removed.push([(last[1] as number) + n - take, take]);
    if (take === n) p2m.pop();
    else last[2] = n - take;
    left -= take;
  }
  return removed.reverse();
}

/** The guest frame backed by machine frame `mfn`, or -1. */
export function gfnOf(p2m: readonly (readonly number[])[], mfn: number): number {
  for (const [g, m, n] of p2m as number[][]) {
    if (mfn >= (m as number) && mfn < (m as number) + (n as number)) return (g as number) + mfn - (m as number);
  }
  return -1;
}
