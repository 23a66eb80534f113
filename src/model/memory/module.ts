import type { SimModule } from '../module';
import { memoryAuditHooks } from '../../audit/memory';
import { MEMORY_ACTIONS, type AllocateAction, type BalloonAction, type GrantAction, type GrantMapAction, type GrantRevokeAction, type GrantUnmapAction, type ProbeAction, type ScrubDomheapAction, type WriteAction } from './actions';
import { FAULT_GRANT_MISUSE, mapGrant, revokeGrant, unmapGrant } from './grants';
import { balloonIn, balloonOut, grantFrame, setScrubDomheap, writeData } from './guest-ops';
import { finishTeardown, giveDomainFrames, teardownDomainMemory } from './lifecycle';
import { runProbe } from './probe';
import { SCRUB_EVENT, scrubStep, type ScrubPayload } from './scrubber';
import { setupMemory } from './setup';

/**
 * Machine memory, allocation, scrubbing and grants. Runs after the hypervisor module
 * for the domain lifecycle events: the domain exists before it gets frames.
 */
export const memoryModule: SimModule = {
  id: 'memory',
  actions: MEMORY_ACTIONS,
  faults: [
    { name: 'no-scrub', description: 'Freed frames go back to the free pool without being scrubbed' },
    { name: 'early-release', description: 'Frames rejoin the free pool before their scrub completes' },
    { name: FAULT_GRANT_MISUSE, description: 'A backend keeps mapping a grant after the frontend revoked it (Xen skips the grant check)' },
  ],
  afterEvent: memoryAuditHooks,
  setup: setupMemory,
  handlers: {
    'domain.create'(draft, event, ctx) {
      const { guest } = event.payload as { guest: { id: string } };
      const domain = draft.world.domains[guest.id];
      const mem = draft.world.memory;
      const host = domain ? mem.hosts[domain.hostId] : undefined;
      // Only a domain the hypervisor just created (a refused create leaves no new domain).
      if (!domain || !host || domain.status !== 'building' || domain.createdAt !== ctx.now || mem.domains[guest.id]) return;
      giveDomainFrames(mem, host, domain, ctx.now, ctx);
      ctx.touch('domain', guest.id);
    },
    'domain.destroy'(draft, event, ctx) {
      const { domainId } = event.payload as { domainId: string };
      if (draft.world.domains[domainId]?.status === 'dying') teardownDomainMemory(draft, domainId, ctx);
    },
    'domain.reap'(draft, event, ctx) {
      finishTeardown(draft, (event.payload as { domainId: string }).domainId, ctx);
    },
    [SCRUB_EVENT](draft, event, ctx) {
      scrubStep(draft, event.payload as ScrubPayload, ctx);
    },
    'mem.write': (draft, event, ctx) => writeData(draft, event.payload as WriteAction, ctx),
    'mem.balloon': (draft, event, ctx) => balloonOut(draft, event.payload as BalloonAction, ctx),
    'mem.allocate': (draft, event, ctx) => balloonIn(draft, event.payload as AllocateAction, ctx),
    'mem.probe': (draft, event, ctx) => runProbe(draft, event.payload as ProbeAction, ctx),
    'mem.grant': (draft, event, ctx) => grantFrame(draft, event.payload as GrantAction, ctx),
    'mem.grantMap': (draft, event, ctx) => mapGrant(draft, event.payload as GrantMapAction, ctx),
    'mem.grantUnmap': (draft, event, ctx) => unmapGrant(draft, event.payload as GrantUnmapAction, ctx),
    'mem.grantRevoke': (draft, event, ctx) => revokeGrant(draft, event.payload as GrantRevokeAction, ctx),
    'mem.scrubDomheap': (draft, event, ctx) => setScrubDomheap(draft, event.payload as ScrubDomheapAction, ctx),
  },
};
