import type { Immutable, Writable } from '../../engine';
import type { ModelWriteContext } from '../events';
import type { SimState } from '../state';
import type { FleetHost, FleetWorld, Instance, Slot } from './types';

/**
 * Hosts and instances live in 256 buckets keyed by a hash of their id, so a change copies the
 * bucket it writes (`ctx.mut` of one host or instance: ~80–160 entries) instead of the whole fleet.
 */
export const BUCKETS = 256;

/** The read-only state handlers and auditors see (the direct engine path). */
export type State = Immutable<SimState>;
export type FleetView = Immutable<FleetWorld>;
/** What the fleet's write helpers need of the handler context. */
export type Mut = Pick<ModelWriteContext, 'mut'>;

/**
 * Bucket names made once: a name built per call is a new string that V8 must look up in its
 * string table before every property access with it (measurable at 100,000s of accesses).
 */
const BUCKET_NAMES: readonly string[] = Array.from({ length: BUCKETS }, (_, i) => `b${i}`);

export function bucketOf(id: string): string {
  // FNV-1a: cheap, stable across runs and platforms.
  let hash = 0x811c9dc5;
  for (let i = 0; i < id.length; i++) {
    hash ^= id.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return BUCKET_NAMES[(hash >>> 0) % BUCKETS] as string;
}

export function getHost(fleet: FleetWorld, id: string): FleetHost | undefined;
export function getHost(fleet: FleetView, id: string): Immutable<FleetHost> | undefined;
export function getHost(fleet: FleetView, id: string): Immutable<FleetHost> | undefined {
  return fleet.hosts[bucketOf(id)]?.[id];
}

export function getInstance(fleet: FleetWorld, id: string): Instance | undefined;
export function getInstance(fleet: FleetView, id: string): Immutable<Instance> | undefined;
export function getInstance(fleet: FleetView, id: string): Immutable<Instance> | undefined {
  return fleet.instances[bucketOf(id)]?.[id];
}

/** Builds a fleet outside the engine (set-up): plain mutation of a fleet nobody shares yet. */
export function storeHost(fleet: FleetWorld, host: FleetHost): void {
  (fleet.hosts[bucketOf(host.id)] ??= {})[host.id] = host;
}

/** Adds a new host to the working state: copies its bucket (and creates it if it is the first). */
export function putHost(state: State, ctx: Mut, host: FleetHost): void {
  const bucket = bucketOf(host.id);
  if (state.world.fleet.hosts[bucket] === undefined) ctx.mut('world', 'fleet', 'hosts')[bucket] = { [host.id]: host };
  else ctx.mut('world', 'fleet', 'hosts', bucket)[host.id] = host;
}

export function putInstance(state: State, ctx: Mut, instance: Instance): void {
  const bucket = bucketOf(instance.id);
  if (state.world.fleet.instances[bucket] === undefined) ctx.mut('world', 'fleet', 'instances')[bucket] = { [instance.id]: instance };
  else ctx.mut('world', 'fleet', 'instances', bucket)[instance.id] = instance;
}

/** One host, writable one level deep (its bucket and it are copied on their first write in the batch). */
export function mutHost(ctx: Mut, id: string): Writable<FleetHost> {
  return ctx.mut('world', 'fleet', 'hosts', bucketOf(id), id);
}

export function mutHostSlots(ctx: Mut, id: string): Immutable<Slot>[] {
  return ctx.mut('world', 'fleet', 'hosts', bucketOf(id), id, 'slots');
}

export function mutInstance(ctx: Mut, id: string): Writable<Instance> {
  return ctx.mut('world', 'fleet', 'instances', bucketOf(id), id);
}

export function allHosts(fleet: FleetWorld): Generator<FleetHost>;
export function allHosts(fleet: FleetView): Generator<Immutable<FleetHost>>;
export function* allHosts(fleet: FleetView): Generator<Immutable<FleetHost>> {
  for (const bucket of Object.values(fleet.hosts)) yield* Object.values(bucket);
}

export function allInstances(fleet: FleetWorld): Generator<Instance>;
export function allInstances(fleet: FleetView): Generator<Immutable<Instance>>;
export function* allInstances(fleet: FleetView): Generator<Immutable<Instance>> {
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
