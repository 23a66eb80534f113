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

/**
 * Gives `count` frames to a domain as Xen's `alloc_heap_pages()` does (domain-facts §2.2): clean
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
