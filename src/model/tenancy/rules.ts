import type { Instance, Tenancy, Vpc } from './types';

/**
 * The tenancy rules of EC2 (domain-facts §4.2–4.3), as pure functions returning an error text
 * (null = allowed), so handlers, tests and the inspector share one wording.
 */

export interface ResolvedTenancy {
  tenancy: Tenancy;
  note: string;
}

/** A launch's tenancy: asked for, or the VPC's; a dedicated VPC forces Dedicated Instances unless `host` is asked for. */
export function resolveLaunchTenancy(vpc: Vpc, requested: Tenancy | undefined, targetHost: string | undefined): ResolvedTenancy {
  const asked: Tenancy = requested ?? (targetHost !== undefined ? 'host' : vpc.instanceTenancy);
  if (vpc.instanceTenancy === 'dedicated' && asked !== 'host') {
    return { tenancy: 'dedicated', note: `VPC ${vpc.id} has instanceTenancy dedicated, which forces Dedicated Instances unless host tenancy is asked for (§4.2)` };
  }
  if (requested === undefined && targetHost === undefined) return { tenancy: asked, note: `tenancy ${asked} from VPC ${vpc.id}'s instanceTenancy` };
  return { tenancy: asked, note: `tenancy ${asked} as asked at launch` };
}

/** ModifyInstancePlacement tenancy change (§4.2): only while stopped; dedicated↔host only; never T3 between them. */
export function tenancyChangeRefusal(instance: Instance, to: Tenancy): string | null {
  if (instance.state !== 'stopped') return `${instance.id} is ${instance.state}: tenancy changes only while the instance is stopped (§4.2)`;
  if (to === instance.tenancy) return null;
  if (instance.tenancy === 'default' || to === 'default') return `tenancy cannot change to or from default (${instance.tenancy} → ${to}) (§4.2)`;
  if (instance.family === 't3') return `InvalidTenancy: T3 instances cannot switch between dedicated and host tenancy (§4.2)`;
  return null;
}

/** Host ID, affinity and tenancy changes all need a stopped instance (EC2 API ModifyInstancePlacement, §4.3). */
export function placementChangeRefusal(instance: Instance): string | null {
  return instance.state === 'stopped' ? null : `${instance.id} is ${instance.state}: to modify the host ID, tenancy or affinity the instance must be stopped (§4.3)`;
}

/** VPC tenancy can go dedicated → default only (§4.2). */
export function vpcTenancyChangeRefusal(vpc: Vpc, to: 'default' | 'dedicated'): string | null {
  if (vpc.instanceTenancy === to) return null;
  return to === 'default' ? null : `VPC tenancy can change from dedicated to default only, never default → dedicated (§4.2)`;
}
