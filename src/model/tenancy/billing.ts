import { SECOND, type Nanos } from '../../engine/time';
import { familyCapacity, parseInstanceType } from './capacity';
import type { FleetHost, FleetWorld, Instance, Meter, Region } from './types';
import { allHosts, allInstances } from './store';

/**
 * Per-second billing (domain-facts §4.5). Prices are ILLUSTRATIVE round numbers, not AWS's price
 * list; the shape of the bill is what the lessons teach: per instance for default and dedicated
 * tenancy (plus the per-Region Dedicated Instance fee), per host for Dedicated Hosts with a
 * 60-second minimum, whatever runs on the host.
 */
export const ILLUSTRATIVE_PRICES = {
  label: 'illustrative prices (not AWS list prices)',
  defaultPerVcpuHour: 0.048,
  dedicatedPerVcpuHour: 0.053,
  hostPerCoreHour: 0.11,
};
/** [S] Terraform AWS provider docs and module docs: "$2 per hour" per Region; AWS pricing page not retrieved (§4.5). */
export const DEDICATED_REGION_FEE_PER_HOUR = 2;
export const DEDICATED_REGION_FEE_SOURCE = '[S] secondary source (Terraform AWS provider docs); AWS pricing page not retrieved';
export const HOST_MINIMUM_NS = 60 * SECOND;
const HOUR_NS = 3600 * SECOND;

/**
 * Meters are replaced, not changed (a state's meter is read-only): the meter running from `now`,
 * or the same meter when it already runs.
 */
export function startedMeter(meter: Readonly<Meter>, now: Nanos): Readonly<Meter> {
  return meter.since === null ? { since: now, billedNs: meter.billedNs } : meter;
}

/** The meter stopped at `now`, its running period (at least `minimumNs`) billed; the same meter when stopped. */
export function stoppedMeter(meter: Readonly<Meter>, now: Nanos, minimumNs = 0): Readonly<Meter> {
  if (meter.since === null) return meter;
  return { since: null, billedNs: meter.billedNs + Math.max(now - meter.since, minimumNs) };
}

/** Billed nanoseconds so far, counting a running period (at least `minimumNs` of it). */
export function meteredNs(meter: Meter, now: Nanos, minimumNs = 0): Nanos {
  return meter.billedNs + (meter.since === null ? 0 : Math.max(now - meter.since, minimumNs));
}

/** Whole seconds: EC2 bills per second. */
export function billedSeconds(ns: Nanos): number {
  return Math.ceil(ns / SECOND);
}

export function instanceHourlyPrice(instance: Pick<Instance, 'tenancy' | 'vcpus'>): number {
  if (instance.tenancy === 'host') return 0; // paid through the host
  const rate = instance.tenancy === 'dedicated' ? ILLUSTRATIVE_PRICES.dedicatedPerVcpuHour : ILLUSTRATIVE_PRICES.defaultPerVcpuHour;
  return rate * instance.vcpus;
}

export function hostHourlyPrice(host: Pick<FleetHost, 'physicalCores' | 'family'>): number {
  const cores = host.physicalCores ?? familyCapacity(host.family)?.physicalCores ?? 0;
  return ILLUSTRATIVE_PRICES.hostPerCoreHour * cores;
}

export function instanceCost(instance: Instance, now: Nanos): number {
  return (billedSeconds(meteredNs(instance.meter, now)) * SECOND / HOUR_NS) * instanceHourlyPrice(instance);
}

export function hostCost(host: FleetHost, now: Nanos): number {
  if (host.kind !== 'dedicated-host') return 0;
  return (billedSeconds(meteredNs(host.meter, now, HOST_MINIMUM_NS)) * SECOND / HOUR_NS) * hostHourlyPrice(host);
}

export function regionFeeCost(region: Region, now: Nanos): number {
  return (billedSeconds(meteredNs(region.dedicatedFee, now)) * SECOND / HOUR_NS) * DEDICATED_REGION_FEE_PER_HOUR;
}

export interface AccountBill {
  account: string;
  instances: number;
  hosts: number;
  total: number;
}

/** A bill per account (host costs go to the host's owner; the Region fee is shown separately). */
export function billsByAccount(fleet: FleetWorld, now: Nanos): AccountBill[] {
  const bills = new Map<string, AccountBill>();
  const bill = (account: string): AccountBill => {
    let b = bills.get(account);
    if (!b) bills.set(account, (b = { account, instances: 0, hosts: 0, total: 0 }));
    return b;
  };
  for (const instance of allInstances(fleet)) bill(instance.account).instances += instanceCost(instance, now);
  for (const host of allHosts(fleet)) if (host.owner !== null) bill(host.owner).hosts += hostCost(host, now);
  for (const b of bills.values()) b.total = b.instances + b.hosts;
  return [...bills.values()].sort((a, b) => a.account.localeCompare(b.account));
}

export interface LicenceCount {
  visible: boolean;
  sockets: number | null;
  physicalCores: number | null;
  explanation: string;
}

/**
 * Bring-your-own-licence counting: per-socket and per-core licences need the sockets and cores
 * the software runs on, which only a Dedicated Host shows (§4.1 "Visibility of sockets, cores, and host ID").
 */
export function licenceCount(instance: Instance, host: FleetHost | undefined): LicenceCount {
  if (instance.tenancy !== 'host' || !host || host.kind !== 'dedicated-host') {
    return {
      visible: false,
      sockets: null,
      physicalCores: null,
      explanation: instance.tenancy === 'dedicated'
        ? 'Dedicated Instance: no visibility of sockets, cores or host ID, so per-socket/per-core licences cannot be counted (BYOL: partial support only)'
        : 'Shared (default tenancy) hardware: sockets and cores are not visible to the customer',
    };
  }
  const type = parseInstanceType(instance.type);
  const cores = typeof type === 'string' ? null : type.cores;
  return {
    visible: true,
    sockets: host.sockets,
    physicalCores: host.physicalCores,
    explanation: `Dedicated Host ${host.id}: ${host.sockets ?? 'unknown (not published)'} sockets, ${host.physicalCores ?? 'unknown'} physical cores; this instance uses ${cores ?? '?'} cores. Licences by socket or core count the host`,
  };
}
