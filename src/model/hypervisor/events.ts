import type { ActionEvents } from '../action-events';
import type { HYPERVISOR_ACTIONS } from './actions';
import type { GuestSpec } from './scenario';

/** A domain named by id (the lifecycle events after its creation). */
export interface DomainRef {
  domainId: string;
}

export type HypervisorEvents = ActionEvents<typeof HYPERVISOR_ACTIONS> & {
  /** The toolstack (or Nitro controller) builds a guest; refused for an unknown host or tenant or a taken id. */
  'domain.create': { hostId: string; guest: Omit<GuestSpec, 'bootAt'> };
  /**
   * Emitted (`ctx.emit`) by the hypervisor within `domain.create` once the domain exists, so the
   * modules that give a domain its resources (vCPUs, memory) act on exactly the domains it built.
   */
  'domain.created': DomainRef;
  'domain.boot': DomainRef;
  'domain.destroy': DomainRef;
  'domain.reap': DomainRef;
};
