import type { Immutable } from '../../engine';
import type { ModelWriteContext } from '../events';
import type { SimState } from '../state';
import type { AllocateAction, BalloonAction, GrantAction, ScrubDomheapAction, WriteAction } from './actions';
import { allocateFrames } from './allocator';
import { runsLength, setFrames } from './frames';
import { revokeGrants } from './lifecycle';
import { appendRuns, translate, trimTail } from './p2m';
import { labelIndex } from './registry';
import { wakeScrubbers } from './scrubber';
import { TOUCH_FREE, TOUCH_GRANT, touchRuns } from './touch';
import { FREE_CLEAN, FREE_DIRTY, type DomainMemory, type HostMemory } from './types';
import { directWriter, hostFrames } from './writer';

interface Live {
  record: Immutable<DomainMemory>;
  host: Immutable<HostMemory>;
}

function liveDomain(state: Immutable<SimState>, domainId: string, what: string, ctx: ModelWriteContext): Live | null {
  const mem = state.world.memory;
  const record = mem.domains[domainId];
  const host = record ? mem.hosts[record.hostId] : undefined;
  const status = state.world.domains[domainId]?.status;
  if (!record || !host || record.phase !== 'live' || (status !== 'running' && status !== 'building')) {
    ctx.trace('error', `cannot ${what}: ${domainId} is not a live domain`);
    return null;
  }
  return { record, host };
}

export function writeData(state: Immutable<SimState>, action: WriteAction, ctx: ModelWriteContext): void {
  const live = liveDomain(state, action.domain, 'write', ctx);
  if (!live) return;
  const runs = translate(live.record.p2m, action.offset, action.frames);
  const values = { writerTenant: live.record.tenant, writerDomain: live.record.index, label: labelIndex(directWriter(state, ctx), action.label), writtenAt: ctx.now, residue: 1 };
  const target = hostFrames(state, ctx, live.host.hostId);
  for (const [s, n] of runs) setFrames(target, s, n, values);
  ctx.trace('memory', `${action.domain} writes "${action.label}" into ${runsLength(runs)} of its frames`, { domain: action.domain, label: action.label });
}

/** Live-guest frees are the guest's to scrub; Xen adds its own scrub only with scrub-domheap (the fact sheet). */
export function balloonOut(state: Immutable<SimState>, action: BalloonAction, ctx: ModelWriteContext): void {
  const live = liveDomain(state, action.domain, 'balloon', ctx);
  if (!live) return;
  const { domainId } = live.record;
  const { hostId, scrubDomheap } = live.host;
  const record = ctx.mut('world', 'memory', 'domains', domainId);
  const runs = trimTail(ctx.mut('world', 'memory', 'domains', domainId, 'p2m'), action.frames);
  const freed = runsLength(runs);
  record.frames -= freed;
  revokeGrants(state, ctx, domainId, (mfn) => runs.some(([s, n]) => mfn >= s && mfn < s + n));
  const xenScrubs = scrubDomheap && !ctx.fault('no-scrub');
  const values = { state: xenScrubs ? FREE_DIRTY : FREE_CLEAN, owner: 0, ...(action.guestScrubs ? { residue: 0, scrubbedAt: ctx.now } : {}) };
  const target = hostFrames(state, ctx, hostId);
  for (const [s, n] of runs) setFrames(target, s, n, values);
  touchRuns(ctx, TOUCH_FREE, hostId, runs);
  ctx.touch('domain', domainId);
  const who = action.guestScrubs ? "the guest's balloon driver zeroed them first" : 'the guest did NOT zero them';
  ctx.trace('memory', `${action.domain} balloons out ${freed} frames (${who}${xenScrubs ? '; scrub-domheap: Xen scrubs them too' : ''})`, { domain: action.domain });
  if (xenScrubs) wakeScrubbers(state, ctx, hostId);
}

export function balloonIn(state: Immutable<SimState>, action: AllocateAction, ctx: ModelWriteContext): void {
  const live = liveDomain(state, action.domain, 'allocate', ctx);
  if (!live) return;
  const { domainId, index } = live.record;
  const { runs, syncScrubbed } = allocateFrames(directWriter(state, ctx), live.host.hostId, index, action.frames, ctx.now, ctx);
  const p2m = ctx.mut('world', 'memory', 'domains', domainId, 'p2m');
  const record = ctx.mut('world', 'memory', 'domains', domainId);
  record.frames = appendRuns(p2m, record.frames, runs);
  ctx.touch('domain', action.domain);
  ctx.trace('memory', `${action.domain} is given ${runsLength(runs)} more frames${syncScrubbed ? ` (${syncScrubbed} dirty ones scrubbed synchronously first)` : ''}`, { domain: action.domain });
}

export function grantFrame(state: Immutable<SimState>, action: GrantAction, ctx: ModelWriteContext): void {
  const live = liveDomain(state, action.domain, 'grant', ctx);
  if (!live) return;
  const mem = state.world.memory;
  const target = mem.domains[action.to];
  const [run] = translate(live.record.p2m, action.gfn, 1);
  const { hostId } = live.host;
  if (!target || target.phase !== 'live' || target.hostId !== hostId || !run) {
    return ctx.trace('error', `cannot grant: ${action.to} is not live on ${hostId}, or ${action.domain} has no frame ${action.gfn}`);
  }
  const id = `grant-${mem.nextGrant}`;
  ctx.mut('world', 'memory').nextGrant = mem.nextGrant + 1;
  ctx.mut('world', 'memory', 'grants')[id] = { id, from: action.domain, to: action.to, hostId, mfn: run[0], gfn: action.gfn };
  ctx.touch(TOUCH_GRANT, id);
  ctx.trace('memory', `${action.domain} grants ${action.to} access to its frame ${action.gfn} (grant table entry ${id})`, { grant: id });
}

export function setScrubDomheap(state: Immutable<SimState>, action: ScrubDomheapAction, ctx: ModelWriteContext): void {
  if (!state.world.memory.hosts[action.host]) return ctx.trace('error', `no host ${action.host}`);
  ctx.mut('world', 'memory', 'hosts', action.host).scrubDomheap = action.on;
  ctx.trace('memory', `scrub-domheap ${action.on ? 'on' : 'off'} on ${action.host}`, { host: action.host });
}
