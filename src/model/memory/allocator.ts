import type { HandlerContext } from '../../engine';
import { findRuns, runsLength, setFrames, stateMask } from './frames';
import { appendRuns } from './p2m';
import { TOUCH_ALLOC, touchRuns } from './touch';
import { ALLOCATED, FREE_CLEAN, FREE_DIRTY, SCRUBBING, type DomainMemory, type HostMemory } from './types';

const CLEAN = stateMask(FREE_CLEAN);
/** Dirty frames, and frames an idle CPU is scrubbing (the allocator aborts that scrub and takes them). */
const NEEDS_SCRUB = stateMask(FREE_DIRTY, SCRUBBING);

export interface Allocation {
  runs: number[][];
  syncScrubbed: number;
}

const ANY_FREE = stateMask(FREE_CLEAN, FREE_DIRTY, SCRUBBING);

/** The highest `count` free frames, lowest address first (a simplified stand-in for Xen's preference of high memory). */
function highestFree(host: HostMemory, count: number): number[][] {
  const runs = findRuns(host, 0, host.frames, ANY_FREE);
  const picked: number[][] = [];
  let left = count;
  for (let i = runs.length - 1; i >= 0 && left > 0; i--) {
    const [start, n] = runs[i] as [number, number];
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
export function allocateDom0Frames(host: HostMemory, domain: DomainMemory, count: number): Allocation {
  const runs = highestFree(host, count);
  for (const [start, n] of runs) setFrames(host, start as number, n as number, { state: ALLOCATED, owner: domain.index });
  domain.frames = appendRuns(domain.p2m, domain.frames, runs);
  host.unscrubbedDom0Frames += runsLength(runs);
  return { runs, syncScrubbed: 0 };
}

/**
 * Gives `count` frames to a domain as Xen's `alloc_heap_pages()` does (fact xen-alloc-clean-first): clean
 * frames first; only when none are left, dirty ones, scrubbed synchronously before they are
 * handed out. Lowest address first stands in for the buddy allocator's free-list order.
 */
export function allocateFrames(host: HostMemory, domain: DomainMemory, count: number, now: number, ctx: HandlerContext | null): Allocation {
  const clean = findRuns(host, 0, host.frames, CLEAN, count);
  const short = count - runsLength(clean);
  const dirty = short > 0 ? findRuns(host, 0, host.frames, NEEDS_SCRUB, short) : [];
  for (const [start, n] of clean) setFrames(host, start as number, n as number, { state: ALLOCATED, owner: domain.index });
  for (const [start, n] of dirty) {
    setFrames(host, start as number, n as number, { state: ALLOCATED, owner: domain.index, residue: 0, scrubbedAt: now });
  }
  const syncScrubbed = runsLength(dirty);
  host.syncScrubbedFrames += syncScrubbed;
  const runs = [...clean, ...dirty].sort((a, b) => (a[0] as number) - (b[0] as number));
  domain.frames = appendRuns(domain.p2m, domain.frames, runs);
  if (ctx) touchRuns(ctx, TOUCH_ALLOC, host.hostId, runs);
  return { runs, syncScrubbed };
}
