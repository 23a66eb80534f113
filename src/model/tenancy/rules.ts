import type { BillingProduct, Instance, Tenancy, Vpc } from './types';

/**
 * The tenancy rules of EC2 as pure functions returning an error text (null = allowed), so handlers,
 * tests and the inspector share one wording. The tenancy-change rule is the current one (EC2
 * ModifyInstancePlacement and License Manager "Tenancy conversion", checked 2026): a stopped instance
 * may move between shared (`default`), `dedicated` and `host`, with the exceptions listed below.
 * The older rule (EC2 User Guide about 2016–2023: never to or from `default`) is history; lessons
 * narrate it as such (fact `tenancy-change-history`).
 */

export interface ResolvedTenancy {
  tenancy: Tenancy;
  note: string;
}

/** A launch's tenancy: asked for, or the VPC's; a dedicated VPC forces Dedicated Instances unless `host` is asked for. */
export function resolveLaunchTenancy(vpc: Vpc, requested: Tenancy | undefined, targetHost: string | undefined): ResolvedTenancy {
  const asked: Tenancy = requested ?? (targetHost !== undefined ? 'host' : vpc.instanceTenancy);
  if (vpc.instanceTenancy === 'dedicated' && asked !== 'host') {
    return { tenancy: 'dedicated', note: `VPC ${vpc.id} has instanceTenancy dedicated, which forces Dedicated Instances unless host tenancy is asked for` };
  }
  if (requested === undefined && targetHost === undefined) return { tenancy: asked, note: `tenancy ${asked} from VPC ${vpc.id}'s instanceTenancy` };
  return { tenancy: asked, note: `tenancy ${asked} as asked at launch` };
}

const TENANCY_WORD: Record<Tenancy, string> = { default: 'shared (default)', dedicated: 'Dedicated Instance', host: 'Dedicated Host' };

/**
 * License Manager's tenancy-conversion limits, by billing product: where an instance billed this way
 * may run. Linux and Windows Server license-included run anywhere; Windows BYOL needs dedicated
 * hardware; SQL Server and SLES license-included (and other license-included products) are not
 * permitted on Dedicated Hosts.
 */
export function billingRefusal(billing: BillingProduct, tenancy: Tenancy): string | null {
  if (billing === 'windows-byol' && tenancy === 'default') {
    return 'the Windows BYOL billing product is not permitted on shared tenancy: bring-your-own Windows licences need dedicated hardware';
  }
  if (tenancy === 'host' && (billing === 'sql-server-li' || billing === 'sles-li' || billing === 'other-li')) {
    return `the ${billing} billing product is not permitted on Dedicated Hosts: only Linux, Windows Server license-included and BYOL run there`;
  }
  return null;
}

/**
 * A tenancy change requested with ModifyInstancePlacement (the instance is already known to be
 * stopped: `placementChangeRefusal` runs first). Allowed between any two tenancies, except:
 * T3 may use host tenancy only when launched onto a Dedicated Host, and cannot leave it; and the
 * instance's billing product must be permitted on the new tenancy.
 */
export function tenancyChangeRefusal(instance: Pick<Instance, 'tenancy' | 'family' | 'billing'>, to: Tenancy): string | null {
  const from = instance.tenancy;
  if (to === from) return null;
  if (instance.family === 't3' && to === 'host') {
    return `InvalidRequest: a T3 instance can use host tenancy only when it was launched onto a Dedicated Host (${from} → host)`;
  }
  if (instance.family === 't3' && from === 'host') {
    return `InvalidRequest: a T3 instance cannot change its tenancy from host to ${to}`;
  }
  const billing = billingRefusal(instance.billing, to);
  if (billing) return `${TENANCY_WORD[from]} → ${TENANCY_WORD[to]} refused: ${billing}`;
  return null;
}

/** Host ID, affinity and tenancy changes all need a stopped instance (EC2 API ModifyInstancePlacement). */
export function placementChangeRefusal(instance: Pick<Instance, 'id' | 'state'>): string | null {
  return instance.state === 'stopped' ? null : `${instance.id} is ${instance.state}: to modify the host ID, tenancy or affinity the instance must be stopped`;
}

/** VPC instance tenancy can go dedicated → default only (ModifyVpcTenancy). */
export function vpcTenancyChangeRefusal(vpc: Pick<Vpc, 'instanceTenancy'>, to: 'default' | 'dedicated'): string | null {
  if (vpc.instanceTenancy === to || to === 'default') return null;
  return 'VPC tenancy can change from dedicated to default only, never default → dedicated';
}
