import type { Draft } from 'immer';
import { capacityRefusal } from './host-capacity';
import { parseInstanceType, sizesLargestFirst, type InstanceType } from './capacity';
import { getHost, poolKey } from './store';
import type { FleetHost, FleetWorld, Pool } from './types';

/**
 * Index upkeep for AWS-owned host pools. First-fit stays first-fit, but each size keeps its own
 * cursor past hosts that cannot take it, so 40,000 placements on 20,000 hosts do not rescan.
 * Hosts running Dedicated Instances leave the shared scan (only their account may add to them)
 * and are listed per account instead.
 */
export function poolOf(fleet: FleetWorld, host: FleetHost): Pool | undefined {
  return host.kind === 'pool' ? fleet.pools[poolKey(host.az, host.family)] : undefined;
}

const typeCache = new Map<string, InstanceType | null>();
function typeOf(family: string, size: string): InstanceType | null {
  const key = `${family}.${size}`;
  let type = typeCache.get(key);
  if (type === undefined) {
    const parsed = parseInstanceType(key);
    type = typeof parsed === 'string' ? null : parsed;
    typeCache.set(key, type);
  }
  return type;
}

/** Whether the shared scan for `size` can skip this host for good (until something leaves it). */
function closedFor(host: FleetHost, size: string): boolean {
  if (host.state !== 'available' || host.dedicatedTo !== null) return true;
  const type = typeOf(host.family, size);
  return type === null || capacityRefusal(host, type) !== null;
}

/** Advances the cursor of one size past hosts that cannot take it. */
export function advanceSizeCursor(fleet: FleetWorld, pool: Draft<Pool> | Pool, size: string): number {
  let cursor = pool.cursors[size] ?? 0;
  while (cursor < pool.hosts.length && closedFor(getHost(fleet, pool.hosts[cursor] as string) as FleetHost, size)) cursor++;
  if (pool.cursors[size] !== cursor) pool.cursors[size] = cursor;
  return cursor;
}

export function advanceEmptyCursor(fleet: FleetWorld, pool: Draft<Pool> | Pool): number {
  let cursor = pool.emptyCursor;
  while (cursor < pool.hosts.length) {
    const host = getHost(fleet, pool.hosts[cursor] as string) as FleetHost;
    if (host.state === 'available' && host.slots.length === 0) break;
    cursor++;
  }
  if (pool.emptyCursor !== cursor) pool.emptyCursor = cursor;
  return cursor;
}

/** Full = not even the family's smallest size fits. */
function isFull(host: FleetHost): boolean {
  const sizes = sizesLargestFirst(host.family);
  const smallest = typeOf(host.family, sizes[sizes.length - 1] ?? '');
  return smallest === null || capacityRefusal(host, smallest) !== null;
}

/**
 * After an instance joined a pool host: a DI makes the host its account's; the account's list
 * holds only its reserved hosts that still have room, so it stays short.
 */
export function afterJoin(fleet: FleetWorld, host: FleetHost, account: string, dedicated: boolean): void {
  const pool = poolOf(fleet, host);
  if (!pool) return;
  if (dedicated && host.dedicatedTo === null) {
    host.dedicatedTo = account;
    (pool.dedicated[account] ??= []).push(host.id);
  }
  const owner = host.dedicatedTo;
  if (owner !== null && isFull(host)) {
    const list = pool.dedicated[owner];
    if (list?.includes(host.id)) pool.dedicated[owner] = list.filter((id) => id !== host.id);
  }
}

/** After an instance left (or the host failed): reopen the host to every cursor. */
export function afterLeave(fleet: FleetWorld, host: FleetHost): void {
  const pool = poolOf(fleet, host);
  if (!pool) return;
  const owner = host.dedicatedTo;
  if (owner !== null) {
    const list = pool.dedicated[owner] ?? [];
    const listed = list.includes(host.id);
    if (!host.slots.some((s) => s.tenancy === 'dedicated')) {
      if (listed) pool.dedicated[owner] = list.filter((id) => id !== host.id);
      host.dedicatedTo = null;
    } else if (!listed && host.state === 'available') {
      pool.dedicated[owner] = [...list, host.id];
    }
  }
  for (const [size, cursor] of Object.entries(pool.cursors)) if (host.poolIndex < cursor) pool.cursors[size] = host.poolIndex;
  if (host.slots.length === 0 && host.poolIndex < pool.emptyCursor) pool.emptyCursor = host.poolIndex;
}
