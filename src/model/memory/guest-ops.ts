import type { Draft } from 'immer';
import type { ModelContext } from '../events';
import { PRIORITY } from '../priorities';
import type { SimState } from '../state';
import type { AllocateAction, BalloonAction, GrantAction, ScrubDomheapAction, WriteAction } from './actions';
import { allocateFrames } from './allocator';
import { setFrames } from './frames';
import { revokeGrants } from './lifecycle';
import { translate, trimTail } from './p2m';
import { labelIndex } from './registry';
import { SCRUB_EVENT, wakeScrubbers } from './scrubber';
import { TOUCH_FREE, TOUCH_GRANT, touchRuns } from './touch';
import { FREE_CLEAN, FREE_DIRTY, type DomainMemory, type HostMemory } from './types';

interface Live {
  record: DomainMemory;
  host: HostMemory;
}

function liveDomain(draft: Draft<SimState>, domainId: string, what: string, ctx: ModelContext): Live | null {
  const mem = draft.world.memory;
  const record = mem.domains[domainId];
  const host = record ? mem.hosts[record.hostId] : undefined;
  const status = draft.world.domains[domainId]?.status;
  if (!record || !host || record.phase !== 'live' || (status !== 'running' && status !== 'building')) {
    ctx.trace('error', `cannot ${what}: ${domainId} is not a live domain`);
    return null;
  }
  return { record, host };
}

export function writeData(draft: Draft<SimState>, action: WriteAction, ctx: ModelContext): void {
  const live = liveDomain(draft, action.domain, 'write', ctx);
  if (!live) return;
  const mem = draft.world.memory;
  const runs = translate(live.record.p2m, action.offset, action.frames);
  const values = { writerTenant: live.record.tenant, writerDomain: live.record.index, label: labelIndex(mem, action.label), writtenAt: ctx.now, residue: 1 };
  for (const [s, n] of runs) setFrames(live.host, s as number, n as number, values);
  const written = runs.reduce((sum, r) => sum + (r[1] as number), 0);
  ctx.trace('memory', `${action.domain} writes "${action.label}" into ${written} of its frames`, { domain: action.domain, label: action.label });
}

/** Live-guest frees are the guest's to scrub; Xen adds its own scrub only with scrub-domheap (the fact sheet). */
export function balloonOut(draft: Draft<SimState>, action: BalloonAction, ctx: ModelContext): void {
  const live = liveDomain(draft, action.domain, 'balloon', ctx);
  if (!live) return;
  const { record, host } = live;
  const runs = trimTail(record.p2m, action.frames);
  const freed = runs.reduce((sum, r) => sum + (r[1] as number), 0);
  record.frames -= freed;
  revokeGrants(draft.world.memory, record.domainId, (mfn) => runs.some(([s, n]) => mfn >= (s as number) && mfn < (s as number) + (n as number)));
  const xenScrubs = host.scrubDomheap && !ctx.fault('no-scrub');
  const values = { state: xenScrubs ? FREE_DIRTY : FREE_CLEAN, owner: 0, ...(action.guestScrubs ? { residue: 0, scrubbedAt: ctx.now } : {}) };
  for (const [s, n] of runs) setFrames(host, s as number, n as number, values);
  touchRuns(ctx, TOUCH_FREE, host.hostId, runs);
  ctx.touch('domain', record.domainId);
  const who = action.guestScrubs ? "the guest's balloon driver zeroed them first" : 'the guest did NOT zero them';
  ctx.trace('memory', `${action.domain} balloons out ${freed} frames (${who}${xenScrubs ? '; scrub-domheap: Xen scrubs them too' : ''})`, { domain: action.domain });
  if (xenScrubs) wakeScrubbers(host, (payload) => ctx.schedule(SCRUB_EVENT, payload, 0, PRIORITY.scrub));
}

export function balloonIn(draft: Draft<SimState>, action: AllocateAction, ctx: ModelContext): void {
  const live = liveDomain(draft, action.domain, 'allocate', ctx);
  if (!live) return;
  const { runs, syncScrubbed } = allocateFrames(live.host, live.record, action.frames, ctx.now, ctx);
  const got = runs.reduce((sum, r) => sum + (r[1] as number), 0);
  ctx.touch('domain', action.domain);
  ctx.trace('memory', `${action.domain} is given ${got} more frames${syncScrubbed ? ` (${syncScrubbed} dirty ones scrubbed synchronously first)` : ''}`, { domain: action.domain });
}

export function grantFrame(draft: Draft<SimState>, action: GrantAction, ctx: ModelContext): void {
  const live = liveDomain(draft, action.domain, 'grant', ctx);
  if (!live) return;
  const mem = draft.world.memory;
  const target = mem.domains[action.to];
  const [run] = translate(live.record.p2m, action.gfn, 1);
  if (!target || target.phase !== 'live' || target.hostId !== live.host.hostId || !run) {
    return ctx.trace('error', `cannot grant: ${action.to} is not live on ${live.host.hostId}, or ${action.domain} has no frame ${action.gfn}`);
  }
  const id = `grant-${mem.nextGrant++}`;
  mem.grants[id] = { id, from: action.domain, to: action.to, hostId: live.host.hostId, mfn: run[0] as number, gfn: action.gfn };
  ctx.touch(TOUCH_GRANT, id);
  ctx.trace('memory', `${action.domain} grants ${action.to} access to its frame ${action.gfn} (grant table entry ${id})`, { grant: id });
}

export function setScrubDomheap(draft: Draft<SimState>, action: ScrubDomheapAction, ctx: ModelContext): void {
  const host = draft.world.memory.hosts[action.host];
  if (!host) return ctx.trace('error', `no host ${action.host}`);
  host.scrubDomheap = action.on;
  ctx.trace('memory', `scrub-domheap ${action.on ? 'on' : 'off'} on ${action.host}`, { host: action.host });
}
