import { direct } from '../events';
import type { SimModule } from '../module';
import { memoryAuditHooks } from '../../audit/memory';
import { MEMORY_ACTIONS } from './actions';
import { FAULT_GRANT_MISUSE, mapGrant, revokeGrant, unmapGrant } from './grants';
import { balloonIn, balloonOut, grantFrame, setScrubDomheap, writeData } from './guest-ops';
import { finishTeardown, giveDomainFrames, teardownDomainMemory } from './lifecycle';
import { runProbe } from './probe';
import { SCRUB_EVENT, scrubStep } from './scrubber';
import { setupMemory } from './setup';
import { directWriter } from './writer';

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
    'domain.created': direct((state, event, ctx) => {
      const { domainId } = event.payload;
      const domain = state.world.domains[domainId];
      const mem = state.world.memory;
      const host = domain ? mem.hosts[domain.hostId] : undefined;
      if (!domain || !host || mem.domains[domainId]) return;
      giveDomainFrames(directWriter(state, ctx), host.hostId, domain, ctx.now, ctx);
      ctx.touch('domain', domainId);
    }),
    'domain.destroy': direct((state, event, ctx) => {
      const { domainId } = event.payload;
      if (state.world.domains[domainId]?.status === 'dying') teardownDomainMemory(state, domainId, ctx);
    }),
    'domain.reap': direct((state, event, ctx) => finishTeardown(state, event.payload.domainId, ctx)),
    [SCRUB_EVENT]: direct((state, event, ctx) => scrubStep(state, event.payload, ctx)),
    'mem.write': direct((state, event, ctx) => writeData(state, event.payload, ctx)),
    'mem.balloon': direct((state, event, ctx) => balloonOut(state, event.payload, ctx)),
    'mem.allocate': direct((state, event, ctx) => balloonIn(state, event.payload, ctx)),
    'mem.probe': direct((state, event, ctx) => runProbe(state, event.payload, ctx)),
    'mem.grant': direct((state, event, ctx) => grantFrame(state, event.payload, ctx)),
    'mem.grantMap': direct((state, event, ctx) => mapGrant(state, event.payload, ctx)),
    'mem.grantUnmap': direct((state, event, ctx) => unmapGrant(state, event.payload, ctx)),
    'mem.grantRevoke': direct((state, event, ctx) => revokeGrant(state, event.payload, ctx)),
    'mem.scrubDomheap': direct((state, event, ctx) => setScrubDomheap(state, event.payload, ctx)),
  },
};
