import type { HandlerContext, Immutable } from '../../engine';
import type { ModelWriteContext } from '../events';
import type { Domain } from '../hypervisor/types';
import type { SimState } from '../state';
import { allocateDom0Frames, allocateFrames } from './allocator';
import { framesFor, mibOf, RELINQUISH_NS_PER_MIB, SYNC_SCRUB_NS_PER_MIB } from './config';
import { findRuns, runsLength, setFrames, stateMask } from './frames';
import { appendRuns } from './p2m';
import { tenantIndex } from './registry';
import { wakeScrubbers } from './scrubber';
import { TOUCH_FREE, touchRuns } from './touch';
import { FREE_CLEAN, FREE_DIRTY, type DomainMemory, type FrameRun, type P2mExtent } from './types';
import { hostFrames, type MemoryWriter } from './writer';

/**
 * Registers a domain's memory record and gives it its frames (at creation, or dom0 at set-up,
 * where `ctx` is null and `w` writes plain objects).
 */
export function giveDomainFrames(w: MemoryWriter, hostId: string, domain: Immutable<Domain>, now: number, ctx: Pick<HandlerContext, 'touch' | 'trace'> | null): void {
  const index = w.table('domainIds').push(domain.id);
  const tenant = tenantIndex(w, domain.tenant);
  const { frameKiB } = w.mem.config;
  const wanted = framesFor(domain.memoryMiB, frameKiB);
  // dom0 is built at boot with MEMF_no_scrub (fact xen-dom0-not-scrubbed); later domains through the scrubbing allocator.
  const { runs, syncScrubbed } = domain.role === 'dom0' && !ctx ? allocateDom0Frames(w, hostId, index, wanted) : allocateFrames(w, hostId, index, wanted, now, ctx);
  const p2m: P2mExtent[] = [];
  const record: DomainMemory = {
    domainId: domain.id,
    hostId,
    index,
    tenant,
    // PV guests see machine frames (validated direct paging); HVM/PVH go through EPT (the fact sheet).
    paging: domain.mode === 'pv32' || domain.mode === 'pv64' ? 'pv-direct' : 'ept',
    p2m,
    frames: appendRuns(p2m, 0, runs),
    phase: 'live',
  };
  w.domains()[domain.id] = record;
  if (!ctx) return;
  const got = record.frames;
  const paging = record.paging === 'pv-direct' ? 'PV: sees machine frame numbers, page tables validated by Xen' : 'EPT: guest-physical addresses translated by hardware';
  ctx.trace('memory', `${domain.id} gets ${got} frames (${mibOf(got, frameKiB)} MiB) on ${hostId} (${paging})`, { domain: domain.id, host: hostId });
  if (syncScrubbed > 0) {
    ctx.trace('memory', `only dirty frames were left: the allocator scrubbed ${syncScrubbed} of them synchronously before handing them to ${domain.id}`, { domain: domain.id, frames: syncScrubbed });
  }
  if (got < wanted) ctx.trace('error', `${hostId} is out of memory: ${domain.id} got ${got} of ${wanted} frames`, { domain: domain.id });
}

/** Ends the grants a domain made or received (Xen tears down its grant table and mappings). */
export function revokeGrants(state: Immutable<SimState>, ctx: ModelWriteContext, domainId: string, mfns: ((mfn: number) => boolean) | null = null): void {
  for (const [id, grant] of Object.entries(state.world.memory.grants)) {
    const involved = grant.from === domainId || grant.to === domainId;
    if (involved && (mfns === null || (grant.from === domainId && mfns(grant.mfn)))) delete ctx.mut('world', 'memory', 'grants')[id];
  }
}

/** A domain's machine frames, as runs in gfn order. */
function machineRuns(p2m: readonly P2mExtent[]): FrameRun[] {
  return p2m.map(([, mfn, count]): FrameRun => [mfn, count]);
}

/**
 * A dying domain's frames. Xen ≥ 4.10 frees them dirty at once (tail of the free lists) and
 * idle CPUs scrub them later; Xen ≤ 4.9 keeps them and scrubs synchronously, holding the
 * destruction until it is done (the fact sheet).
 */
export function teardownDomainMemory(state: Immutable<SimState>, domainId: string, ctx: ModelWriteContext): void {
  const mem = state.world.memory;
  const record = mem.domains[domainId];
  const domain = state.world.domains[domainId];
  const host = record ? mem.hosts[record.hostId] : undefined;
  if (!record || !domain || !host || record.phase !== 'live') return;
  const hostId = host.hostId;
  revokeGrants(state, ctx, domainId);
  const runs = machineRuns(record.p2m);
  const frames = record.frames;
  const mib = mibOf(frames, mem.config.frameKiB);
  const target = hostFrames(state, ctx, hostId);
  let busy = ctx.now + Math.round(mib * RELINQUISH_NS_PER_MIB);
  if (ctx.fault('no-scrub')) {
    for (const [s, n] of runs) setFrames(target, s, n, { state: FREE_CLEAN, owner: 0 });
    release(ctx, domainId, hostId, runs);
    ctx.trace('fault', `no-scrub: ${domainId}'s ${frames} frames go back to the free pool unscrubbed`, { domain: domainId });
  } else if (host.syncTeardownScrub) {
    busy += Math.round(mib * SYNC_SCRUB_NS_PER_MIB);
    if (ctx.fault('early-release')) {
      for (const [s, n] of runs) setFrames(target, s, n, { state: FREE_CLEAN, owner: 0 });
      touchRuns(ctx, TOUCH_FREE, hostId, runs);
      ctx.mut('world', 'memory', 'domains', domainId).phase = 'early';
      ctx.trace('fault', `early-release: ${domainId}'s frames rejoin the pool while Xen is still scrubbing them`, { domain: domainId });
    } else {
      ctx.mut('world', 'memory', 'domains', domainId).phase = 'held';
      ctx.trace('memory', `Xen ${state.world.hosts[hostId]?.xenVersion} scrubs ${domainId}'s ${mib} MiB synchronously; destruction waits for it`, { domain: domainId });
    }
  } else {
    for (const [s, n] of runs) setFrames(target, s, n, { state: FREE_DIRTY, owner: 0 });
    release(ctx, domainId, hostId, runs);
    ctx.trace('memory', `${domainId}'s ${frames} frames are freed dirty to the tail of the free lists; idle CPUs will scrub them`, { domain: domainId });
    wakeScrubbers(state, ctx, hostId);
  }
  // Written only when it grows: an unchanged value must not copy the domain table.
  if (busy > domain.teardownBusyUntil) ctx.mut('world', 'domains', domainId).teardownBusyUntil = busy;
}

function release(ctx: ModelWriteContext, domainId: string, hostId: string, runs: readonly FrameRun[]): void {
  const record = ctx.mut('world', 'memory', 'domains', domainId);
  record.phase = 'released';
  record.p2m = [];
  record.frames = 0;
  touchRuns(ctx, TOUCH_FREE, hostId, runs);
  ctx.touch('domain', domainId);
}

/** Xen ≤ 4.9: the reap comes after the synchronous scrub; the frames return to the pool clean. */
export function finishTeardown(state: Immutable<SimState>, domainId: string, ctx: ModelWriteContext): void {
  const mem = state.world.memory;
  const record = mem.domains[domainId];
  const host = record ? mem.hosts[record.hostId] : undefined;
  if (!record || !host || state.world.domains[domainId]?.status !== 'destroyed') return;
  if (record.phase !== 'held' && record.phase !== 'early') return;
  const hostId = host.hostId;
  const runs = machineRuns(record.p2m);
  const target = hostFrames(state, ctx, hostId);
  const clean = { state: FREE_CLEAN, owner: 0, residue: 0, scrubbedAt: ctx.now };
  if (record.phase === 'held') {
    for (const [s, n] of runs) setFrames(target, s, n, clean);
  } else {
    // Early-released frames still free get their (late) scrub; reallocated ones are skipped.
    for (const [s, n] of runs) {
      for (const [fs, fn] of findRuns(target.store(), s, s + n, stateMask(FREE_CLEAN))) setFrames(target, fs, fn, clean);
    }
  }
  ctx.mut('world', 'memory', 'hosts', hostId).syncScrubbedFrames += runsLength(runs);
  release(ctx, domainId, hostId, runs);
  ctx.trace('memory', `${domainId}'s frames are scrubbed and back in the free pool`, { domain: domainId });
}
