import type { HandlerContext } from '../../engine';
import { findRuns, runsLength, setFrames, stateMask } from './frames';
import { TOUCH_ALLOC, touchRuns } from './touch';
import { ALLOCATED, FREE_CLEAN, FREE_DIRTY, SCRUBBING, type FrameRun } from './types';
import { hostIn, type MemoryWriter } from './writer';

const CLEAN = stateMask(FREE_CLEAN);
/** Dirty frames, and frames an idle CPU is scrubbing (the allocator aborts that scrub and takes them). */
const NEEDS_SCRUB = stateMask(FREE_DIRTY, SCRUBBING);

/** Frames given to a domain (the caller adds `runs` to its p2m). */
export interface Allocation {
  runs: FrameRun[];
  syncScrubbed: number;
}

const ANY_FREE = stateMask(FREE_CLEAN, FREE_DIRTY, SCRUBBING);

/** The highest `count` free frames, lowest address first (a simplified stand-in for Xen's preference of high memory). */
function highestFree(w: MemoryWriter, hostId: string, count: number): FrameRun[] {
  const host = hostIn(w.mem, hostId);
  const runs = findRuns(host, 0, host.frames, ANY_FREE);
  const picked: FrameRun[] = [];
  let left = count;
  for (const [start, n] of runs.reverse()) {
    if (left === 0) break;
    const take = Math.min(n, left);
    picked.unshift([start + n - take, take]);
    left -= take;
  }
  return picked;
}

/**
 * Builds dom0 at boot as Xen does: its pages are allocated with \`MEMF_no_scrub\`, from high memory
 * first (\`alloc_chunk\` in pv/dom0_build.c, \`pvh_populate_memory_range\` in hvm/dom0_build.c).
 * They are not scrubbed: at that point they can only hold what firmware or a previous boot left,
 * never another tenant's data, and dom0 is the operator's own domain. Boot scrubbing of the rest
 * of RAM (\`bootscrub\`) happens after dom0 is built.
 */
export function allocateDom0Frames(w: MemoryWriter, hostId: string, owner: number, count: number): Allocation {
  const runs = highestFree(w, hostId, count);
  const frames = w.frames(hostId);
  for (const [start, n] of runs) setFrames(frames, start, n, { state: ALLOCATED, owner });
  w.host(hostId).unscrubbedDom0Frames += runsLength(runs);
  return { runs, syncScrubbed: 0 };
}

/**
 * Gives `count` frames to the domain with index `owner` as Xen's `alloc_heap_pages()` does (fact
 * xen-alloc-clean-first): clean frames first; only when none are left, dirty ones, scrubbed
 * synchronously before they are handed out. Lowest address first stands in for the buddy
 * allocator's free-list order.
 */
export function allocateFrames(w: MemoryWriter, hostId: string, owner: number, count: number, now: number, ctx: Pick<HandlerContext, 'touch'> | null): Allocation {
  const host = hostIn(w.mem, hostId);
  const clean = findRuns(host, 0, host.frames, CLEAN, count);
  const short = count - runsLength(clean);
  const dirty = short > 0 ? findRuns(host, 0, host.frames, NEEDS_SCRUB, short) : [];
  const frames = w.frames(hostId);
  for (const [start, n] of clean) setFrames(frames, start, n, { state: ALLOCATED, owner });
  for (const [start, n] of dirty) setFrames(frames, start, n, { state: ALLOCATED, owner, residue: 0, scrubbedAt: now });
  const syncScrubbed = runsLength(dirty);
  if (syncScrubbed > 0) w.host(hostId).syncScrubbedFrames += syncScrubbed;
  const runs = [...clean, ...dirty].sort((a, b) => a[0] - b[0]);
  if (ctx) touchRuns(ctx, TOUCH_ALLOC, hostId, runs);
  return { runs, syncScrubbed };
}
