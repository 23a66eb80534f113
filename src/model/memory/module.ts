import type { SimModule } from '../module';
import { memoryAuditHooks } from '../../audit/memory';
import { MEMORY_ACTIONS } from './actions';
import { FAULT_GRANT_MISUSE, mapGrant, revokeGrant, unmapGrant } from './grants';
import { balloonIn, balloonOut, grantFrame, setScrubDomheap, writeData } from './guest-ops';
import { finishTeardown, giveDomainFrames, teardownDomainMemory } from './lifecycle';
import { runProbe } from './probe';
import { SCRUB_EVENT, scrubStep } from './scrubber';
import { setupMemory } from './setup';

/**
 * Machine memory, allocation, scrubbing and grants. A domain gets its frames when the hypervisor
 * announces it (`domain.created`); teardown follows the hypervisor's lifecycle events.
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
    'domain.created'(draft, event, ctx) {
      const { domainId } = event.payload;
      const domain = draft.world.domains[domainId];
      const mem = draft.world.memory;
      const host = domain ? mem.hosts[domain.hostId] : undefined;
      if (!domain || !host || mem.domains[domainId]) return;
      giveDomainFrames(mem, host, domain, ctx.now, ctx);
      ctx.touch('domain', domainId);
    },
    'domain.destroy'(draft, event, ctx) {
      const { domainId } = event.payload;
      if (draft.world.domains[domainId]?.status === 'dying') teardownDomainMemory(draft, domainId, ctx);
    },
    'domain.reap'(draft, event, ctx) {
      finishTeardown(draft, event.payload.domainId, ctx);
    },
    [SCRUB_EVENT](draft, event, ctx) {
      scrubStep(draft, event.payload, ctx);
    },
    'mem.write': (draft, event, ctx) => writeData(draft, event.payload, ctx),
    'mem.balloon': (draft, event, ctx) => balloonOut(draft, event.payload, ctx),
    'mem.allocate': (draft, event, ctx) => balloonIn(draft, event.payload, ctx),
    'mem.probe': (draft, event, ctx) => runProbe(draft, event.payload, ctx),
    'mem.grant': (draft, event, ctx) => grantFrame(draft, event.payload, ctx),
    'mem.grantMap': (draft, event, ctx) => mapGrant(draft, event.payload, ctx),
    'mem.grantUnmap': (draft, event, ctx) => unmapGrant(draft, event.payload, ctx),
    'mem.grantRevoke': (draft, event, ctx) => revokeGrant(draft, event.payload, ctx),
    'mem.scrubDomheap': (draft, event, ctx) => setScrubDomheap(draft, event.payload, ctx),
  },
};
