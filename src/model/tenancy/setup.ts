import { familyCapacity, parseInstanceType } from './capacity';
import { fleetHostCount, type FleetScenario } from './scenario';
import { bucketsFor, emptyFleet, hostIdFor, poolKey, putHost, storeHost, type Mut, type State } from './store';
import type { FleetHost, FleetWorld } from './types';
import type { Nanos } from '../../engine/time';

/** Builds world.fleet from the lesson's `world.fleet` section (already validated). */
export function buildFleet(scenario: FleetScenario | undefined): FleetWorld {
  if (!scenario) return emptyFleet();
  const fleet = emptyFleet(bucketsFor(fleetHostCount(scenario)));
  for (const r of scenario.regions) {
    fleet.regions[r.id] = { id: r.id, name: r.name ?? r.id, azs: [...r.azs], dedicatedFee: { since: null, billedNs: 0 }, runningDedicated: 0 };
    for (const az of r.azs) fleet.azs[az] = r.id;
  }
  scenario.accounts.forEach((a, i) => {
    fleet.accounts[a.id] = { id: a.id, name: a.name ?? a.id, payer: a.payer ?? null, colorIndex: i % 7 };
  });
  scenario.vpcs.forEach((v, i) => {
    fleet.vpcs[v.id] = { id: v.id, account: v.account, region: v.region, instanceTenancy: v.instanceTenancy, index: i, nextAddress: 10 };
  });
  for (const spec of scenario.hosts) {
    const catalog = familyCapacity(spec.family);
    const key = poolKey(spec.az, spec.family);
    const pool = (fleet.pools[key] ??= { hosts: [], cursors: {}, emptyCursor: 0, dedicated: {} });
    for (let i = 0; i < spec.count; i++) {
      const host = countedHost(fleet, 'pool', spec.az, spec.family, null);
      host.sockets = catalog?.sockets ?? spec.sockets ?? null;
      host.physicalCores = catalog?.physicalCores ?? spec.physicalCores ?? null;
      host.illustrativeShape = (catalog?.sockets == null && spec.sockets !== undefined) || (catalog?.physicalCores == null && spec.physicalCores !== undefined);
      host.poolIndex = pool.hosts.length;
      pool.hosts.push(host.id);
      storeHost(fleet, host);
    }
  }
  for (const spec of scenario.dedicatedHosts) {
    const type = spec.instanceType === undefined ? null : parseInstanceType(spec.instanceType);
    const family = spec.family ?? (type && typeof type !== 'string' ? type.family : '');
    const host = countedHost(fleet, 'dedicated-host', spec.az, family, spec.instanceType ?? null, spec.id);
    host.owner = spec.account;
    host.sharedWith = [...spec.sharedWith];
    host.autoPlacement = spec.autoPlacement === 'on';
    host.hostRecovery = spec.hostRecovery === 'on';
    host.meter.since = 0;
    storeHost(fleet, host);
    (fleet.dedicatedHosts[host.az] ??= []).push(host.id);
  }
  return fleet;
}

/** A new host of the fleet being built, counted in it. */
function countedHost(fleet: FleetWorld, kind: FleetHost['kind'], az: string, family: string, instanceType: string | null, id?: string): FleetHost {
  const host = newHost(fleet.nextHostSerial, kind, az, family, instanceType, 0, id);
  fleet.nextHostSerial++;
  fleet.hostCount++;
  return host;
}

/**
 * A fresh host record with the catalog's shape, its id from the fleet's host serial unless given;
 * the caller counts it (`nextHostSerial`, `hostCount`) and sets ownership and pool position.
 */
export function newHost(serial: number, kind: FleetHost['kind'], az: string, family: string, instanceType: string | null, now: Nanos, id?: string): FleetHost {
  const catalog = familyCapacity(family);
  return {
    id: id ?? hostIdFor(serial), kind, az, family, instanceType,
    sockets: catalog?.sockets ?? null,
    physicalCores: catalog?.physicalCores ?? null,
    illustrativeShape: false,
    state: 'available', owner: null, sharedWith: [], autoPlacement: false, hostRecovery: true, replacedBy: null,
    slots: [], usedCores: 0, poolIndex: -1, dedicatedTo: null,
    meter: { since: null, billedNs: 0 },
    allocatedAt: now,
  };
}

/** A new Dedicated Host record during a batch (allocation, host recovery), counted in the fleet; not yet stored. */
export function newDedicatedHost(state: State, ctx: Mut, az: string, family: string, instanceType: string | null, now: Nanos, id?: string): FleetHost {
  const host = newHost(state.world.fleet.nextHostSerial, 'dedicated-host', az, family, instanceType, now, id);
  const fleet = ctx.mut('world', 'fleet');
  fleet.nextHostSerial++;
  fleet.hostCount++;
  return host;
}

/** Stores a new Dedicated Host and lists it in its AZ (allocation order). */
export function addDedicatedHost(state: State, ctx: Mut, host: FleetHost): void {
  putHost(state, ctx, host);
  if (state.world.fleet.dedicatedHosts[host.az] === undefined) ctx.mut('world', 'fleet', 'dedicatedHosts')[host.az] = [host.id];
  else ctx.mut('world', 'fleet', 'dedicatedHosts', host.az).push(host.id);
}
