/**
 * Index upkeep for AWS-owned host pools. First-fit stays first-fit, but each size keeps its own
 * cursor past hosts that cannot take it, so 40,000 placements on 20,000 hosts do not rescan.
 * Hosts running Dedicated Instances leave the shared scan (only their account may add to them)
 * and are listed per account instead.
 *
 * Writes go through `ctx.mut` paths that stop at the small parts of a pool: its cursors, its
 * `emptyCursor` field, one account's list of reserved hosts. `pool.hosts` (one id per host of the
 * pool, 20,000 in the big fleet) is written only when the fleet is built, so a placement never
 * copies it.
 */
import type { Immutable, Writable } from '../../engine';
import { capacityRefusal } from './host-capacity';
import { parseInstanceType, sizesLargestFirst, type InstanceType } from './capacity';
import { getHost, poolKey, type Mut, type State } from './store';
import type { FleetHost, Pool } from './types';

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
function closedFor(host: Immutable<FleetHost>, size: string): boolean {
  if (host.state !== 'available' || host.dedicatedTo !== null) return true;
  const type = typeOf(host.family, size);
  return type === null || capacityRefusal(host, type) !== null;
}

/** Advances the cursor of one size of pool `key` past hosts that cannot take it. */
export function advanceSizeCursor(state: State, ctx: Mut, key: string, size: string): number {
  const fleet = state.world.fleet;
  const pool = fleet.pools[key];
  if (!pool) return 0;
  let cursor = pool.cursors[size] ?? 0;
  while (cursor < pool.hosts.length && closedFor(getHost(fleet, pool.hosts[cursor] as string) as Immutable<FleetHost>, size)) cursor++;
  if (pool.cursors[size] !== cursor) ctx.mut('world', 'fleet', 'pools', key, 'cursors')[size] = cursor;
  return cursor;
}

export function advanceEmptyCursor(state: State, ctx: Mut, key: string): number {
  const fleet = state.world.fleet;
  const pool = fleet.pools[key];
  if (!pool) return 0;
  let cursor = pool.emptyCursor;
  while (cursor < pool.hosts.length) {
    const host = getHost(fleet, pool.hosts[cursor] as string) as Immutable<FleetHost>;
    if (host.state === 'available' && host.slots.length === 0) break;
    cursor++;
  }
  if (pool.emptyCursor !== cursor) ctx.mut('world', 'fleet', 'pools', key).emptyCursor = cursor;
  return cursor;
}

/** Full = not even the family's smallest size fits. */
function isFull(host: Immutable<FleetHost>): boolean {
  const sizes = sizesLargestFirst(host.family);
  const smallest = typeOf(host.family, sizes[sizes.length - 1] ?? '');
  return smallest === null || capacityRefusal(host, smallest) !== null;
}

/** Replaces one account's list of reserved hosts (a short list: only hosts that still have room). */
function setReserved(ctx: Mut, key: string, account: string, ids: string[]): void {
  ctx.mut('world', 'fleet', 'pools', key, 'dedicated')[account] = ids;
}

/**
 * After an instance joined a pool host (`host`: the host's writable chunk in this batch): a DI
 * makes the host its account's; the account's list holds only its reserved hosts that still have
 * room, so it stays short.
 */
export function afterJoin(state: State, ctx: Mut, host: Writable<FleetHost>, account: string, dedicated: boolean): void {
  if (host.kind !== 'pool') return;
  const key = poolKey(host.az, host.family);
  if (!state.world.fleet.pools[key]) return;
  if (dedicated && host.dedicatedTo === null) {
    host.dedicatedTo = account;
    if (state.world.fleet.pools[key]?.dedicated[account] === undefined) setReserved(ctx, key, account, [host.id]);
    else ctx.mut('world', 'fleet', 'pools', key, 'dedicated', account).push(host.id);
  }
  const owner = host.dedicatedTo;
  if (owner !== null && isFull(host)) {
    // Read after the write above: the pool chunk may have been copied by it.
    const list = state.world.fleet.pools[key]?.dedicated[owner];
    if (list?.includes(host.id)) setReserved(ctx, key, owner, list.filter((id) => id !== host.id));
  }
}

/** After an instance left (or the host failed): reopen the host to every cursor. */
export function afterLeave(state: State, ctx: Mut, host: Writable<FleetHost>): void {
  if (host.kind !== 'pool') return;
  const key = poolKey(host.az, host.family);
  const pool = state.world.fleet.pools[key];
  if (!pool) return;
  const owner = host.dedicatedTo;
  if (owner !== null) {
    const list = pool.dedicated[owner] ?? [];
    const listed = list.includes(host.id);
    if (!host.slots.some((s) => s.tenancy === 'dedicated')) {
      if (listed) setReserved(ctx, key, owner, list.filter((id) => id !== host.id));
      host.dedicatedTo = null;
    } else if (!listed && host.state === 'available') {
      setReserved(ctx, key, owner, [...list, host.id]);
    }
  }
  // The cursors and emptyCursor are not written above, so `pool` still shows their values.
  let cursors: Writable<Pool['cursors']> | null = null;
  for (const [size, cursor] of Object.entries(pool.cursors)) {
    if (host.poolIndex < cursor) (cursors ??= ctx.mut('world', 'fleet', 'pools', key, 'cursors'))[size] = host.poolIndex;
  }
  if (host.slots.length === 0 && host.poolIndex < pool.emptyCursor) ctx.mut('world', 'fleet', 'pools', key).emptyCursor = host.poolIndex;
}
