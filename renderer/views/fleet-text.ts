import type { SimState } from '../../src/model/state';
import { hostCost, instanceCost, licenceCount, DEDICATED_REGION_FEE_SOURCE, ILLUSTRATIVE_PRICES, regionFeeCost } from '../../src/model/tenancy/billing';
import { allHosts, getHost, getInstance } from '../../src/model/tenancy/store';
import type { BillingProduct, FleetHost, FleetWorld, Instance } from '../../src/model/tenancy/types';
import { familyCapacity } from '../../src/model/tenancy/capacity';

/** Pure text for the Fleet view: rack grouping, host summaries and placement explanations. */

export const RACK_SIZE = 40;

const BILLING_WORDS: Record<BillingProduct, string | null> = {
  linux: null,
  'windows-li': 'Windows LI',
  'windows-byol': 'Windows BYOL',
  'sql-server-li': 'SQL Server LI',
  'sles-li': 'SLES LI',
  'other-li': 'other license-included',
};

/** The billing product a card names (null for plain Linux: nothing to say). It decides which tenancies are allowed. */
export function billingWords(billing: BillingProduct): string | null {
  return BILLING_WORDS[billing];
}

/** The refusal of an instance's last placement, in words (null when it was placed). */
export function placementRefusal(instance: Pick<Instance, 'placement'>): string | null {
  const rule = instance.placement?.rule ?? '';
  const at = rule.indexOf('refused: ');
  return instance.placement && instance.placement.host === null && at >= 0 ? rule.slice(at) : null;
}

export interface Rack {
  title: string;
  hosts: string[];
}

/** AWS pools (by AZ and family) then Dedicated Hosts per AZ, cut into racks of 40. */
export function buildRacks(fleet: FleetWorld): Rack[] {
  const racks: Rack[] = [];
  const push = (title: string, ids: readonly string[]): void => {
    for (let i = 0; i < ids.length; i += RACK_SIZE) racks.push({ title: `${title} · rack ${i / RACK_SIZE + 1}`, hosts: ids.slice(i, i + RACK_SIZE) });
  };
  for (const key of Object.keys(fleet.pools).sort()) {
    const [, az, family] = key.split(':');
    push(`${az} ${family}`, fleet.pools[key]?.hosts ?? []);
  }
  for (const az of Object.keys(fleet.dedicatedHosts).sort()) push(`${az} Dedicated Hosts`, fleet.dedicatedHosts[az] ?? []);
  return racks;
}

const money = (usd: number): string => `$${usd.toFixed(usd < 10 ? 4 : 2)}`;

export function hostTitle(host: FleetHost): string {
  const kind = host.kind === 'dedicated-host' ? `Dedicated Host of ${host.owner}` : host.dedicatedTo ? `AWS host, dedicated to ${host.dedicatedTo}` : 'AWS host (shared)';
  return `${host.id} · ${host.instanceType ?? host.family} · ${kind}${host.state !== 'available' ? ` · ${host.state.toUpperCase()}` : ''}`;
}

export function hostLines(state: SimState, host: FleetHost): string[] {
  const fleet = state.world.fleet;
  const shape = `${host.sockets ?? 'unknown'} sockets · ${host.physicalCores ?? 'unknown'} physical cores · ${familyCapacity(host.family)?.vcpus ?? 'unknown'} vCPUs (Price List) · ${host.usedCores} cores used${host.illustrativeShape ? ' (illustrative shape)' : ''}`;
  const lines = [hostTitle(host), `AZ ${host.az} · ${shape}`];
  if (host.kind === 'dedicated-host') {
    lines.push(`visible to ${host.owner}: host ID, sockets, cores · auto-placement ${host.autoPlacement ? 'on' : 'off'} · host recovery ${host.hostRecovery ? 'on' : 'off'}`);
    if (host.sharedWith.length > 0) lines.push(`shared with ${host.sharedWith.join(', ')} (AWS RAM)`);
    lines.push(`billing: per host, per second, 60 s minimum: ${money(hostCost(host, state.time))} (${ILLUSTRATIVE_PRICES.label})`);
    if (host.replacedBy) lines.push(`replaced by ${host.replacedBy} (host recovery)`);
  } else {
    lines.push('AWS-owned: customers see neither its sockets, cores nor host ID (shown here to explain)');
  }
  const region = fleet.regions[fleet.azs[host.az] ?? ''];
  if (region && (region.dedicatedFee.billedNs > 0 || region.dedicatedFee.since !== null)) {
    lines.push(`Dedicated Instance fee in ${region.id}: ${money(regionFeeCost(region, state.time))} ${DEDICATED_REGION_FEE_SOURCE}`);
  }
  return lines;
}

export function instanceLine(state: SimState, instance: Instance): string {
  return `${instance.id} · ${instance.account} · ${instance.type} · ${instance.tenancy} · ${instance.privateIp} · ${money(instanceCost(instance, state.time))}`;
}

/** "Why is this instance on this host?" — the stored placement explanation, in lines. */
export function explanationLines(state: SimState, id: string): string[] {
  const fleet = state.world.fleet;
  const instance = getInstance(fleet, id);
  if (!instance) return [`${id}: not in the fleet`];
  const lines = [`Why is ${instance.id} on ${instance.host ?? '(no host)'}?`, `${instance.account} · ${instance.type} · tenancy ${instance.tenancy} · affinity ${instance.affinity} · ${instance.state} · ${instance.privateIp}`];
  const p = instance.placement;
  if (p) {
    lines.push(`${p.reason} at ${(p.at / 1e9).toFixed(1)} s: ${p.rule}`);
    lines.push(`examined ${p.examined}:`);
    for (const c of p.candidates) lines.push(`  ${c.host}: ${c.verdict}`);
  }
  if (instance.history.length > 0) lines.push(`earlier hosts: ${instance.history.map((h) => h.host ?? 'none').join(' → ')}`);
  const licence = licenceCount(instance, instance.host ? getHost(fleet, instance.host) : undefined);
  lines.push(`licences: ${licence.explanation}`);
  lines.push(`billing: ${instance.tenancy === 'host' ? 'through its Dedicated Host' : `per instance, per second: ${money(instanceCost(instance, state.time))}`}`);
  return lines;
}

export function accountOrder(fleet: FleetWorld): string[] {
  return Object.values(fleet.accounts).sort((a, b) => a.colorIndex - b.colorIndex).map((a) => a.id);
}

export function describeFleet(fleet: FleetWorld): string {
  let hosts = 0;
  let dedicatedHosts = 0;
  let reserved = 0;
  for (const h of allHosts(fleet)) {
    hosts++;
    if (h.kind === 'dedicated-host') dedicatedHosts++;
    else if (h.dedicatedTo) reserved++;
  }
  return `Fleet: ${hosts} hosts in ${Object.keys(fleet.pools).length} pools, ${dedicatedHosts} Dedicated Hosts, ${reserved} AWS hosts running Dedicated Instances, ${fleet.instanceCount} instances launched. Keys: I zoom in, O zoom out, [ and ] previous/next.`;
}
