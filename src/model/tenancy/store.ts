import type { FleetHost, FleetWorld, Instance } from './types';

/**
 * Hosts and instances live in 256 buckets keyed by a hash of their id. immer copies the object
 * whose property changes: one bucket of ~80–160 entries per change instead of the whole fleet.
 */
export const BUCKETS = 256;

export function bucketOf(id: string): string {
  // FNV-1a: cheap, stable across runs and platforms.
  let hash = 0x811c9dc5;
  for (let i = 0; i < id.length; i++) {
    hash ^= id.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return `b${(hash >>> 0) % BUCKETS}`;
}

export function getHost(fleet: FleetWorld, id: string): FleetHost | undefined {
  return fleet.hosts[bucketOf(id)]?.[id];
}

export function putHost(fleet: FleetWorld, host: FleetHost): void {
  (fleet.hosts[bucketOf(host.id)] ??= {})[host.id] = host;
}

export function getInstance(fleet: FleetWorld, id: string): Instance | undefined {
  return fleet.instances[bucketOf(id)]?.[id];
}

export function putInstance(fleet: FleetWorld, instance: Instance): void {
  (fleet.instances[bucketOf(instance.id)] ??= {})[instance.id] = instance;
}

export function* allHosts(fleet: FleetWorld): Generator<FleetHost> {
  for (const bucket of Object.values(fleet.hosts)) yield* Object.values(bucket);
}

export function* allInstances(fleet: FleetWorld): Generator<Instance> {
  for (const bucket of Object.values(fleet.instances)) yield* Object.values(bucket);
}

/** Hosts sorted by id (stable display and test order). */
export function hostsSorted(fleet: FleetWorld): FleetHost[] {
  return [...allHosts(fleet)].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

export function poolKey(az: string, family: string): string {
  return `pool:${az}:${family}`;
}

export function emptyFleet(): FleetWorld {
  return { regions: {}, azs: {}, accounts: {}, vpcs: {}, hosts: {}, instances: {}, pools: {}, dedicatedHosts: {}, hostCount: 0, instanceCount: 0, nextHostSerial: 0 };
}

/** AWS-style host id, deterministic from a serial number. */
export function hostIdFor(serial: number): string {
  // Spread serials over the hex space so ids look like AWS's and differ in their first digits.
  const mixed = (Math.imul(serial + 1, 0x9e3779b1) >>> 0).toString(16).padStart(8, '0');
  return `h-0${mixed}${serial.toString(16).padStart(8, '0')}`;
}
