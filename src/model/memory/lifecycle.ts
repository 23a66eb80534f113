import type { Draft } from 'immer';
import type { ModelContext } from '../events';
import { PRIORITY } from '../priorities';
import type { Domain } from '../hypervisor/types';
import type { SimState } from '../state';
import { allocateDom0Frames, allocateFrames } from './allocator';
import { framesFor, mibOf, RELINQUISH_NS_PER_MIB, SYNC_SCRUB_NS_PER_MIB } from './config';
import { findRuns, runsLength, setFrames, stateMask } from './frames';
import { tenantIndex } from './registry';
import { SCRUB_EVENT, wakeScrubbers } from './scrubber';
import { TOUCH_FREE, touchRuns } from './touch';
import { FREE_CLEAN, FREE_DIRTY, type DomainMemory, type HostMemory, type MemoryWorld } from './types';

/** Registers a domain's memory record and gives it its frames (at creation, or dom0 at set-up). */
export function giveDomainFrames(mem: MemoryWorld, host: HostMemory, domain: Domain, now: number, ctx: ModelContext | null): DomainMemory {
  mem.domainIds.push(domain.id);
  const record: DomainMemory = {
    domainId: domain.id,
    hostId: host.hostId,
    index: mem.domainIds.length,
    tenant: tenantIndex(mem, domain.tenant),
    // PV guests see machine frames (validated direct paging); HVM/PVH go through EPT (the fact sheet).
    paging: domain.mode === 'pv32' || domain.mode === 'pv64' ? 'pv-direct' : 'ept',
    p2m: [],
    frames: 0,
    phase: 'live',
  };
  mem.domains[domain.id] = record;
  const wanted = framesFor(domain.memoryMiB, mem.config.frameKiB);
  // Assigned plain objects are not drafted, so `record` is the live one.
  const live = record;
  // dom0 is built at boot with MEMF_no_scrub (fact xen-dom0-not-scrubbed); later domains through the scrubbing allocator.
  const { syncScrubbed } = domain.role === 'dom0' && !ctx ? allocateDom0Frames(host, live, wanted) : allocateFrames(host, live, wanted, now, ctx);
  if (ctx) {
    const got = live.frames;
    const paging = live.paging === 'pv-direct' ? 'PV: sees machine frame numbers, page tables validated by Xen' : 'EPT: guest-physical addresses translated by hardware';
    ctx.trace('memory', `${domain.id} gets ${got} frames (${mibOf(got, mem.config.frameKiB)} MiB) on ${host.hostId} (${paging})`, { domain: domain.id, host: host.hostId });
    if (syncScrubbed > 0) {
      ctx.trace('memory', `only dirty frames were left: the allocator scrubbed ${syncScrubbed} of them synchronously before handing them to ${domain.id}`, { domain: domain.id, frames: syncScrubbed });
    }
    if (got < wanted) ctx.trace('error', `${host.hostId} is out of memory: ${domain.id} got ${got} of ${wanted} frames`, { domain: domain.id });
  }
  return live;
}

function scheduleWake(host: HostMemory, ctx: ModelContext): void {
  wakeScrubbers(host, (payload) => ctx.schedule(SCRUB_EVENT, payload, 0, PRIORITY.scrub));
}

/** Ends the grants a domain made or received (Xen tears down its grant table and mappings). */
export function revokeGrants(mem: MemoryWorld, domainId: string, mfns: ((mfn: number) => boolean) | null = null): void {
  for (const [id, grant] of Object.entries(mem.grants)) {
    const involved = grant.from === domainId || grant.to === domainId;
    if (involved && (mfns === null || (grant.from === domainId && mfns(grant.mfn)))) delete mem.grants[id];
  }
}

/**
 * A dying domain's frames. Xen ≥ 4.10 frees them dirty at once (tail of the free lists) and
 * idle CPUs scrub them later; Xen ≤ 4.9 keeps them and scrubs synchronously, holding the
 * destruction until it is done (the fact sheet).
 */
export function teardownDomainMemory(draft: Draft<SimState>, domainId: string, ctx: ModelContext): void {
  const mem = draft.world.memory;
  const record = mem.domains[domainId];
  const domain = draft.world.domains[domainId];
  const host = record ? mem.hosts[record.hostId] : undefined;
  if (!record || !domain || !host || record.phase !== 'live') return;
  revokeGrants(mem, domainId);
  const runs = record.p2m.map((e) => [e[1] as number, e[2] as number]);
  const frames = record.frames;
  const mib = mibOf(frames, mem.config.frameKiB);
  const noScrub = ctx.fault('no-scrub');
  let busy = ctx.now + Math.round(mib * RELINQUISH_NS_PER_MIB);
  if (noScrub) {
    for (const [s, n] of runs) setFrames(host, s as number, n as number, { state: FREE_CLEAN, owner: 0 });
    release(record, runs, host, ctx);
    ctx.trace('fault', `no-scrub: ${domainId}'s ${frames} frames go back to the free pool unscrubbed`, { domain: domainId });
  } else if (host.syncTeardownScrub) {
    busy += Math.round(mib * SYNC_SCRUB_NS_PER_MIB);
    if (ctx.fault('early-release')) {
      for (const [s, n] of runs) setFrames(host, s as number, n as number, { state: FREE_CLEAN, owner: 0 });
      touchRuns(ctx, TOUCH_FREE, host.hostId, runs);
      record.phase = 'early';
      ctx.trace('fault', `early-release: ${domainId}'s frames rejoin the pool while Xen is still scrubbing them`, { domain: domainId });
    } else {
      record.phase = 'held';
      ctx.trace('memory', `Xen ${draft.world.hosts[host.hostId]?.xenVersion} scrubs ${domainId}'s ${mib} MiB synchronously; destruction waits for it`, { domain: domainId });
    }
  } else {
    for (const [s, n] of runs) setFrames(host, s as number, n as number, { state: FREE_DIRTY, owner: 0 });
    release(record, runs, host, ctx);
    ctx.trace('memory', `${domainId}'s ${frames} frames are freed dirty to the tail of the free lists; idle CPUs will scrub them`, { domain: domainId });
    scheduleWake(host, ctx);
  }
  domain.teardownBusyUntil = Math.max(domain.teardownBusyUntil, busy);
}

function release(record: DomainMemory, runs: number[][], host: HostMemory, ctx: ModelContext): void {
  record.phase = 'released';
  record.p2m = [];
  record.frames = 0;
  touchRuns(ctx, TOUCH_FREE, host.hostId, runs);
  ctx.touch('domain', record.domainId);
}

/** Xen ≤ 4.9: the reap comes after the synchronous scrub; the frames return to the pool clean. */
export function finishTeardown(draft: Draft<SimState>, domainId: string, ctx: ModelContext): void {
  const mem = draft.world.memory;
  const record = mem.domains[domainId];
  const host = record ? mem.hosts[record.hostId] : undefined;
  if (!record || !host || draft.world.domains[domainId]?.status !== 'destroyed') return;
  if (record.phase !== 'held' && record.phase !== 'early') return;
  const runs = record.p2m.map((e) => [e[1] as number, e[2] as number]);
  const clean = { state: FREE_CLEAN, owner: 0, residue: 0, scrubbedAt: ctx.now };
  if (record.phase === 'held') {
    for (const [s, n] of runs) setFrames(host, s as number, n as number, clean);
  } else {
    // Early-released frames still free get their (late) scrub; reallocated ones are skipped.
    for (const [s, n] of runs) {
      for (const [fs, fn] of findRuns(host, s as number, (s as number) + (n as number), stateMask(FREE_CLEAN))) setFrames(host, fs as number, fn as number, clean);
    }
  }
  host.syncScrubbedFrames += runsLength(runs);
  release(record, runs, host, ctx);
  ctx.trace('memory', `${domainId}'s frames are scrubbed and back in the free pool`, { domain: domainId });
}
