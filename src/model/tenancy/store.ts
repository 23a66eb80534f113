import { newCollection, type Immutable, type Writable } from '../../engine';
import type { ModelWriteContext } from '../events';
import type { SimState } from '../state';
import type { BucketGroups, FleetHost, FleetWorld, Instance } from './types';

/**
 * Hosts and instances live in buckets, records keyed by id, the bucket chosen by a hash of the id,
 * so a change copies the bucket it writes (`ctx.mut` of one host or instance) instead of the whole
 * fleet. The buckets are kept in groups of {@link GROUP_BUCKETS} (`hosts[group][slot][id]`), so a
 * batch also copies the array of groups and each group it writes, never an array of every bucket.
 * The number of buckets grows with the fleet and is fixed when the fleet is built
 * ({@link bucketsFor}): a bucket's size is what a batch copies for each bucket it writes and what
 * each keyframe keeps of it (docs/architecture.md). Every bucket exists from the start, so the
 * arrays' lengths never change and a diff compares them element by element.
 */
export const BASE_BUCKETS = 256;
/** The most hosts a bucket is sized for, on average, once the fleet outgrows {@link BASE_BUCKETS}. */
export const HOSTS_PER_BUCKET = 5;
/** The most buckets: 5–6 hosts a bucket for the largest fleet a lesson may ask for (100,000 hosts, `MAX_FLEET_HOSTS`). */
export const MAX_BUCKETS = 16_384;
/**
 * Buckets per group. A one-event batch that writes one host copies the array of groups and one
 * group: 64 + 64 pointers for the 20,000-host fleet's 4,096 buckets, where a flat array of 4,096
 * made every one-event frame copy (and history keep) 32 KB (310–320 against 80–125 µs an event).
 */
export const GROUP_BUCKETS = 64;

/** The read-only state handlers and auditors see (the direct engine path). */
export type State = Immutable<SimState>;
export type FleetView = Immutable<FleetWorld>;
/** What the fleet's write helpers need of the handler context. */
export type Mut = Pick<ModelWriteContext, 'mut'>;
/** What finding a bucket needs of the fleet: how many there are. */
type Layout = Pick<FleetView, 'hosts'>;

/** How many buckets a fleet of `hosts` hosts is spread over: {@link BASE_BUCKETS} times a power of two. */
export function bucketsFor(hosts: number): number {
  let buckets = BASE_BUCKETS;
  while (buckets < MAX_BUCKETS && buckets * HOSTS_PER_BUCKET < hosts) buckets *= 2;
  return buckets;
}

/** FNV-1a of the id: cheap, stable across runs and platforms. */
function idHash(id: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < id.length; i++) {
    hash ^= id.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

/**
 * The bucket of an id, numbered across the groups (group × {@link GROUP_BUCKETS} + slot). Bucket
 * counts are powers of two from 256 up, so an id's bucket among 256 is its bucket among more,
 * modulo 256: the state hash regroups any layout into 256 ({@link hashLayout}).
 */
export function bucketOf(fleet: Layout, id: string): number {
  return idHash(id) % (fleet.hosts.length * GROUP_BUCKETS);
}

/** The group of a bucket number. */
const groupOf = (bucket: number): number => Math.floor(bucket / GROUP_BUCKETS);
/** A bucket's place in its group. */
const slotOf = (bucket: number): number => bucket % GROUP_BUCKETS;

function bucketAt<T>(groups: Immutable<BucketGroups<T>>, bucket: number): Immutable<Record<string, T>> | undefined {
  return groups[groupOf(bucket)]?.[slotOf(bucket)];
}

export function getHost(fleet: FleetWorld, id: string): FleetHost | undefined;
export function getHost(fleet: FleetView, id: string): Immutable<FleetHost> | undefined;
export function getHost(fleet: FleetView, id: string): Immutable<FleetHost> | undefined {
  return bucketAt(fleet.hosts, bucketOf(fleet, id))?.[id];
}

export function getInstance(fleet: FleetWorld, id: string): Instance | undefined;
export function getInstance(fleet: FleetView, id: string): Immutable<Instance> | undefined;
export function getInstance(fleet: FleetView, id: string): Immutable<Instance> | undefined {
  return bucketAt(fleet.instances, bucketOf(fleet, id))?.[id];
}

/** Builds a fleet outside the engine (set-up): plain mutation of a fleet nobody shares yet. */
export function storeHost(fleet: FleetWorld, host: FleetHost): void {
  bucketIn(fleet.hosts, bucketOf(fleet, host.id))[host.id] = host;
}

/** {@link storeHost} for an instance (tests and tools that build a fleet by hand). */
export function storeInstance(fleet: FleetWorld, instance: Instance): void {
  bucketIn(fleet.instances, bucketOf(fleet, instance.id))[instance.id] = instance;
}

function bucketIn<T>(groups: BucketGroups<T>, bucket: number): Record<string, T> {
  const found = groups[groupOf(bucket)]?.[slotOf(bucket)];
  // Every bucket exists from the start (`emptyFleet`): a missing one is a fleet built some other way.
  if (found === undefined) throw new Error(groups.length === 0 ? 'the fleet has no buckets (build it with emptyFleet)' : `fleet bucket ${bucket} of ${groups.length * GROUP_BUCKETS} is missing`);
  return found;
}

/** Adds a new host to the working state: copies its bucket (every bucket exists from the start). */
export function putHost(state: State, ctx: Mut, host: FleetHost): void {
  const bucket = bucketOf(state.world.fleet, host.id);
  ctx.mut('world', 'fleet', 'hosts', groupOf(bucket), slotOf(bucket))[host.id] = host;
}

export function putInstance(state: State, ctx: Mut, instance: Instance): void {
  const bucket = bucketOf(state.world.fleet, instance.id);
  ctx.mut('world', 'fleet', 'instances', groupOf(bucket), slotOf(bucket))[instance.id] = instance;
}

/** One host, writable one level deep (its bucket, group and it are copied on their first write in the batch). */
export function mutHost(state: State, ctx: Mut, id: string): Writable<FleetHost> {
  const bucket = bucketOf(state.world.fleet, id);
  return ctx.mut('world', 'fleet', 'hosts', groupOf(bucket), slotOf(bucket), id);
}

export function mutInstance(state: State, ctx: Mut, id: string): Writable<Instance> {
  const bucket = bucketOf(state.world.fleet, id);
  return ctx.mut('world', 'fleet', 'instances', groupOf(bucket), slotOf(bucket), id);
}

/** Every bucket of a collection, group by group. */
function* bucketsOf<T>(groups: Immutable<BucketGroups<T>>): Generator<Immutable<Record<string, T>>> {
  for (const group of groups) yield* group;
}

export function allHosts(fleet: FleetWorld): Generator<FleetHost>;
export function allHosts(fleet: FleetView): Generator<Immutable<FleetHost>>;
export function* allHosts(fleet: FleetView): Generator<Immutable<FleetHost>> {
  for (const bucket of bucketsOf(fleet.hosts)) yield* Object.values(bucket);
}

export function allInstances(fleet: FleetWorld): Generator<Instance>;
export function allInstances(fleet: FleetView): Generator<Immutable<Instance>>;
export function* allInstances(fleet: FleetView): Generator<Immutable<Instance>> {
  for (const bucket of bucketsOf(fleet.instances)) yield* Object.values(bucket);
}

/** Hosts sorted by id (stable display and test order). */
export function hostsSorted(fleet: FleetWorld): FleetHost[] {
  return [...allHosts(fleet)].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

export function poolKey(az: string, family: string): string {
  return `pool:${az}:${family}`;
}

/** An empty fleet of `buckets` buckets (a multiple of {@link GROUP_BUCKETS}) for its hosts and as many for its instances. */
export function emptyFleet(buckets = BASE_BUCKETS): FleetWorld {
  if (!(buckets > 0 && buckets % GROUP_BUCKETS === 0)) throw new Error(`a fleet is stored in whole groups of ${GROUP_BUCKETS} buckets, not ${buckets}`);
  const none = <T>(): BucketGroups<T> => Array.from({ length: buckets / GROUP_BUCKETS }, () => Array.from({ length: GROUP_BUCKETS }, () => newCollection<T>()));
  return { regions: {}, azs: {}, accounts: {}, vpcs: {}, hosts: none(), instances: none(), pools: {}, dedicatedHosts: {}, hostCount: 0, instanceCount: 0, nextHostSerial: 0 };
}

/** AWS-style host id, deterministic from a serial number. */
export function hostIdFor(serial: number): string {
  // Spread serials over the hex space so ids look like AWS's and differ in their first digits.
  const mixed = (Math.imul(serial + 1, 0x9e3779b1) >>> 0).toString(16).padStart(8, '0');
  return `h-0${mixed}${serial.toString(16).padStart(8, '0')}`;
}

/** The fleet as the state hash covers it: hosts and instances in records of named buckets. */
export type HashedFleet = Omit<FleetView, 'hosts' | 'instances'> & {
  hosts: Record<string, Immutable<Record<string, FleetHost>>>;
  instances: Record<string, Immutable<Record<string, Instance>>>;
};

/**
 * The fleet as the state hash covers it: hosts and instances in the layout every fleet had before
 * bucket counts grew with the fleet, a record of 256 buckets named `b0`…`b255`, each present once
 * it holds an entry. Equal content then hashes equal however it is stored, and recordings made
 * before the change keep verifying.
 */
export function hashLayout(fleet: FleetView): HashedFleet {
  return { ...fleet, hosts: regroup(fleet.hosts), instances: regroup(fleet.instances) };
}

/** Merges buckets into their bucket among {@link BASE_BUCKETS} (an id's bucket number modulo 256), leaving out empty ones. */
function regroup<T>(groups: Immutable<BucketGroups<T>>): Record<string, Immutable<Record<string, T>>> {
  const merged: Record<string, Immutable<Record<string, T>>> = {};
  let i = -1;
  for (const entries of bucketsOf(groups)) {
    i++;
    if (Object.keys(entries).length === 0) continue;
    const name = `b${i % BASE_BUCKETS}`;
    const already = merged[name];
    // Shared as it is where nothing merges into it (every bucket of a 256-bucket fleet).
    merged[name] = already === undefined ? entries : { ...already, ...entries };
  }
  return merged;
}
