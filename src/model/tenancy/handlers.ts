import type { Immutable, Writable } from '../../engine';
import { direct, type ModelWriteContext, type ModuleHandlers } from '../events';
import { sharedText } from '../shared-text';

import { HOST_MINIMUM_NS, startedMeter, stoppedMeter } from './billing';
import { familyCapacity, parseInstanceType, type InstanceType } from './capacity';
import { choosePlacement } from './placement';
import { afterJoin, afterLeave } from './pool';
import { billingRefusal, placementChangeRefusal, resolveLaunchTenancy, tenancyChangeRefusal, vpcTenancyChangeRefusal } from './rules';
import { addDedicatedHost, newDedicatedHost } from './setup';
import { getHost, getInstance, mutHost, mutInstance, putInstance, type State } from './store';
import type { FleetHost, Instance, PlacementExplanation } from './types';

/**
 * The fleet's handlers, on the engine's direct path: they read the read-only `state` and write
 * through `ctx.mut` (store.ts: one host or instance at a time, so a change copies its bucket).
 * A chunk `ctx.mut` returned stays this batch's own copy, so the helpers below pass the writable
 * host or instance along; anything read from `state` is re-read after a write that may copy it.
 */

export const IGNORE_TENANCY = 'ignore-tenancy';
const HISTORY_KEPT = 4;

type Ctx = ModelWriteContext;

function refuse(ctx: Ctx, what: string, why: string, data?: Record<string, unknown>): void {
  ctx.trace('error', `${what} refused: ${why}`, data);
}

function touchHost(ctx: Ctx, id: string): void {
  ctx.touch('fleetHost', id);
}

/** The per-Region Dedicated Instance fee runs while at least one DI runs in the Region. */
function dedicatedStarted(state: State, ctx: Ctx, az: string): void {
  const id = state.world.fleet.azs[az] ?? '';
  if (!state.world.fleet.regions[id]) return;
  const region = ctx.mut('world', 'fleet', 'regions', id);
  if (region.runningDedicated++ === 0) region.dedicatedFee = startedMeter(region.dedicatedFee, ctx.now);
}

function dedicatedStopped(state: State, ctx: Ctx, az: string): void {
  const id = state.world.fleet.azs[az] ?? '';
  if (!state.world.fleet.regions[id]) return;
  const region = ctx.mut('world', 'fleet', 'regions', id);
  if (--region.runningDedicated === 0) region.dedicatedFee = stoppedMeter(region.dedicatedFee, ctx.now);
}

/** Puts a running instance on the host its placement chose (capacity, meters, affinity binding). */
function occupy(state: State, ctx: Ctx, instance: Writable<Instance>, hostId: string, type: InstanceType): void {
  const host = mutHost(state, ctx, hostId);
  // A new array on the host this batch owns (the slots would be a seventh key of `ctx.mut`).
  host.slots = [...host.slots, { instance: instance.id, account: instance.account, tenancy: instance.tenancy, size: type.size, cores: type.cores }];
  host.usedCores += type.cores;
  instance.host = hostId;
  instance.state = 'running';
  // Affinity Host binds an instance to the host it lands on (ModifyInstancePlacement, §4.3).
  if (instance.tenancy === 'host' && instance.affinity === 'host') instance.affinityHost = hostId;
  // A host ID named at launch or by ModifyInstancePlacement applies to that placement only.
  instance.targetHost = null;
  instance.meter = startedMeter(instance.meter, ctx.now);
  if (instance.tenancy === 'dedicated') dedicatedStarted(state, ctx, instance.az);
  afterJoin(state, ctx, host, instance.account, instance.tenancy === 'dedicated');
  touchHost(ctx, hostId);
  ctx.touch('fleetInstance', instance.id);
}

/** Takes an instance off its host (stop, terminate, failure). */
function vacate(state: State, ctx: Ctx, instance: Writable<Instance>): void {
  const found = instance.host === null ? undefined : getHost(state.world.fleet, instance.host);
  if (found) {
    const host = mutHost(state, ctx, found.id);
    const index = host.slots.findIndex((s) => s.instance === instance.id);
    if (index >= 0) {
      host.usedCores -= host.slots[index]?.cores ?? 0;
      host.slots = host.slots.filter((_, i) => i !== index);
    }
    afterLeave(state, ctx, host);
    touchHost(ctx, host.id);
  }
  if (instance.state === 'running') {
    instance.meter = stoppedMeter(instance.meter, ctx.now);
    if (instance.tenancy === 'dedicated') dedicatedStopped(state, ctx, instance.az);
  }
  instance.lastHost = instance.host ?? instance.lastHost;
  instance.host = null;
  ctx.touch('fleetInstance', instance.id);
}

function recordPlacement(instance: Writable<Instance>, explanation: PlacementExplanation): void {
  if (instance.placement) {
    const history = [...instance.history, instance.placement];
    if (history.length > HISTORY_KEPT) history.shift();
    instance.history = history;
  }
  instance.placement = explanation;
}

/** Places an instance (launch, start, recovery); returns false with a traced reason when nothing fits. */
function place(state: State, ctx: Ctx, instance: Writable<Instance>, reason: string): boolean {
  const type = parseInstanceType(instance.type) as InstanceType;
  const explanation = choosePlacement(state, ctx, {
    instance, type, reason, now: ctx.now, ignoreTenancy: ctx.fault(IGNORE_TENANCY), randomInt: (n) => ctx.randomInt(n),
  });
  recordPlacement(instance, explanation);
  const host = explanation.host === null ? undefined : getHost(state.world.fleet, explanation.host);
  if (!host) {
    const verdicts = explanation.candidates.map((c) => `${c.host}: ${c.verdict}`).join('; ');
    refuse(ctx, `${reason} of ${instance.id}`, verdicts ? `${explanation.rule} (${verdicts})` : explanation.rule, { instance: instance.id });
    return false;
  }
  occupy(state, ctx, instance, host.id, type);
  ctx.trace('fleet', `${instance.id} (${instance.tenancy}) placed on ${host.id}: ${explanation.rule}`, { instance: instance.id, host: host.id });
  return true;
}

/** The instance to act on, read-only (null, traced, when there is none or it is terminated). */
function withInstance(state: State, id: string, what: string, ctx: Ctx): Immutable<Instance> | null {
  const instance = getInstance(state.world.fleet, id);
  if (!instance || instance.state === 'terminated') {
    refuse(ctx, what, `no instance ${id}`);
    return null;
  }
  return instance;
}

export const TENANCY_HANDLERS: ModuleHandlers = {
  'fleet.launch': direct((state, event, ctx) => {
    const action = event.payload;
    const fleet = state.world.fleet;
    const vpc = fleet.vpcs[action.vpc];
    const type = parseInstanceType(action.instanceType);
    const why = typeof type === 'string' ? type
      : getInstance(fleet, action.instance) ? 'the instance id is taken'
      : !fleet.accounts[action.account] ? `no account ${action.account}`
      : !vpc ? `no VPC ${action.vpc}`
      : vpc.account !== action.account ? `VPC ${vpc.id} belongs to ${vpc.account}`
      : fleet.azs[action.az] !== vpc.region ? `AZ ${action.az} is not in ${vpc.region}`
      : null;
    if (why !== null || typeof type === 'string' || !vpc) return refuse(ctx, `launch of ${action.instance}`, why ?? 'invalid');
    const resolved = resolveLaunchTenancy(vpc, action.tenancy, action.host);
    const instance: Instance = {
      id: action.instance, account: action.account, vpc: vpc.id, az: action.az, type: action.instanceType,
      family: type.family, size: type.size, vcpus: type.vcpus, cores: type.cores,
      tenancy: resolved.tenancy, billing: action.billing, affinity: action.affinity, affinityHost: null, targetHost: action.host ?? null,
      state: 'pending', host: null, lastHost: null,
      privateIp: `10.${vpc.index % 256}.${Math.floor(vpc.nextAddress / 256) % 256}.${vpc.nextAddress % 256}`,
      meter: { since: null, billedNs: 0 }, placement: null, history: [],
    };
    if (action.host !== undefined && resolved.tenancy !== 'host') return refuse(ctx, `launch of ${action.instance}`, 'only host tenancy can target a host ID (Dedicated Instances cannot target a specific host)');
    const billing = billingRefusal(action.billing, resolved.tenancy);
    if (billing) return refuse(ctx, `launch of ${action.instance}`, billing);
    ctx.mut('world', 'fleet', 'vpcs', vpc.id).nextAddress++;
    ctx.mut('world', 'fleet').instanceCount++;
    // The new record is stored as it is and written below through `instance` only (no ctx.mut of
    // its path in this handler), so the stored object and `instance` stay one object.
    putInstance(state, ctx, instance);
    if (!place(state, ctx, instance, 'launch')) {
      instance.state = 'terminated';
      return;
    }
    if (instance.placement) instance.placement = { ...instance.placement, rule: sharedText(`${instance.placement.rule}. ${resolved.note}`) };
  }),

  'fleet.stop': direct((state, event, ctx) => {
    const { instance: id } = event.payload;
    const found = withInstance(state, id, `stop of ${id}`, ctx);
    if (!found) return;
    if (found.state !== 'running') return refuse(ctx, `stop of ${id}`, `it is ${found.state}`);
    const instance = mutInstance(state, ctx, id);
    vacate(state, ctx, instance);
    instance.state = 'stopped';
    ctx.trace('fleet', `${id} stopped (last host ${instance.lastHost})`, { instance: id });
  }),

  'fleet.start': direct((state, event, ctx) => {
    const { instance: id } = event.payload;
    const found = withInstance(state, id, `start of ${id}`, ctx);
    if (!found) return;
    if (found.state !== 'stopped') return refuse(ctx, `start of ${id}`, `it is ${found.state}`);
    place(state, ctx, mutInstance(state, ctx, id), 'start');
  }),

  'fleet.terminate': direct((state, event, ctx) => {
    const { instance: id } = event.payload;
    if (!withInstance(state, id, `terminate of ${id}`, ctx)) return;
    const instance = mutInstance(state, ctx, id);
    vacate(state, ctx, instance);
    instance.state = 'terminated';
    ctx.trace('fleet', `${id} terminated`, { instance: id });
  }),

  'fleet.modifyPlacement': direct((state, event, ctx) => {
    const action = event.payload;
    const found = withInstance(state, action.instance, `modify-placement of ${action.instance}`, ctx);
    if (!found) return;
    const what = `modify-placement of ${found.id}`;
    const refusal = placementChangeRefusal(found) ?? (action.tenancy ? tenancyChangeRefusal(found, action.tenancy) : null);
    if (refusal) return refuse(ctx, what, refusal, { instance: found.id });
    const tenancy = action.tenancy ?? found.tenancy;
    if (action.host !== undefined && tenancy !== 'host') return refuse(ctx, what, 'a host ID needs host tenancy');
    const instance = mutInstance(state, ctx, found.id);
    instance.tenancy = tenancy;
    if (tenancy !== 'host') {
      instance.affinityHost = null;
      instance.targetHost = null;
    }
    if (action.affinity !== undefined) instance.affinity = action.affinity;
    if (instance.affinity === 'off') instance.affinityHost = null;
    if (action.host !== undefined) {
      instance.targetHost = action.host;
      instance.affinityHost = instance.affinity === 'host' ? action.host : null;
    }
    ctx.touch('fleetInstance', instance.id);
    ctx.trace('fleet', `${instance.id}: tenancy ${instance.tenancy}, affinity ${instance.affinity}${instance.targetHost ? `, host ${instance.targetHost}` : ''} (takes effect at next start)`, { instance: instance.id });
  }),

  'fleet.modifyVpcTenancy': direct((state, event, ctx) => {
    const action = event.payload;
    const vpc = state.world.fleet.vpcs[action.vpc];
    if (!vpc) return refuse(ctx, `VPC tenancy change of ${action.vpc}`, 'no such VPC');
    const refusal = vpcTenancyChangeRefusal(vpc, action.instanceTenancy);
    if (refusal) return refuse(ctx, `VPC tenancy change of ${vpc.id}`, refusal);
    ctx.mut('world', 'fleet', 'vpcs', action.vpc).instanceTenancy = action.instanceTenancy;
    ctx.trace('fleet', `VPC ${vpc.id} instanceTenancy is now ${action.instanceTenancy}; running instances keep theirs`, { vpc: vpc.id });
  }),

  'fleet.allocateHost': direct((state, event, ctx) => {
    const action = event.payload;
    const fleet = state.world.fleet;
    const type = action.instanceType === undefined ? null : parseInstanceType(action.instanceType);
    const family = action.family ?? (type && typeof type !== 'string' ? type.family : undefined);
    const why = typeof type === 'string' ? type
      : (action.family === undefined) === (action.instanceType === undefined) ? 'give exactly one of family or instanceType'
      : !family || !familyCapacity(family) ? `unknown family ${family ?? ''}`
      : action.family !== undefined && !familyCapacity(action.family)?.multiSize ? `${action.family} Dedicated Hosts run a single instance type; allocate by instanceType`
      : !fleet.accounts[action.account] ? `no account ${action.account}`
      : !fleet.azs[action.az] ? `no availability zone ${action.az}`
      : action.host !== undefined && getHost(fleet, action.host) ? `host id ${action.host} is taken`
      : null;
    if (why !== null || !family) return refuse(ctx, 'allocate-hosts', why ?? 'invalid');
    const host = newDedicatedHost(state, ctx, action.az, family, action.instanceType ?? null, ctx.now, action.host);
    host.owner = action.account;
    host.autoPlacement = action.autoPlacement === 'on';
    host.hostRecovery = action.hostRecovery === 'on';
    host.meter = startedMeter(host.meter, ctx.now);
    addDedicatedHost(state, ctx, host);
    touchHost(ctx, host.id);
    const shape = `${host.sockets ?? '?'} sockets, ${host.physicalCores ?? '?'} cores`;
    ctx.trace('fleet', `Dedicated Host ${host.id} allocated to ${action.account} in ${action.az} (${action.instanceType ?? `${family} multi-size`}, ${shape}, auto-placement ${action.autoPlacement})`, { host: host.id });
  }),

  'fleet.releaseHost': direct((state, event, ctx) => {
    const { host: id } = event.payload;
    const found = getHost(state.world.fleet, id);
    if (!found || found.kind !== 'dedicated-host' || found.state === 'released') return refuse(ctx, `release of ${id}`, 'no such Dedicated Host');
    if (found.slots.length > 0) return refuse(ctx, `release of ${id}`, `${found.slots.length} instance(s) still run on it`);
    const host = mutHost(state, ctx, id);
    host.state = 'released';
    host.meter = stoppedMeter(host.meter, ctx.now, HOST_MINIMUM_NS);
    touchHost(ctx, id);
    ctx.trace('fleet', `Dedicated Host ${id} released (billed per second, 60-second minimum)`, { host: id });
  }),

  'fleet.shareHost': direct((state, event, ctx) => {
    const { host: id, account } = event.payload;
    const found = getHost(state.world.fleet, id);
    if (!found || found.kind !== 'dedicated-host') return refuse(ctx, `share of ${id}`, 'no such Dedicated Host');
    if (!state.world.fleet.accounts[account]) return refuse(ctx, `share of ${id}`, `no account ${account}`);
    if (!found.sharedWith.includes(account) && found.owner !== account) mutHost(state, ctx, id).sharedWith = [...found.sharedWith, account];
    touchHost(ctx, id);
    ctx.trace('fleet', `Dedicated Host ${id} shared with ${account} (AWS RAM)`, { host: id, account });
  }),

  'fleet.failHost': direct((state, event, ctx) => {
    const { host: id, cause } = event.payload;
    const found = getHost(state.world.fleet, id);
    if (!found || found.state !== 'available') return refuse(ctx, `failure of ${id}`, 'no such available host');
    const host = mutHost(state, ctx, id);
    host.state = 'failed';
    touchHost(ctx, id);
    ctx.trace('fleet', `host ${id} fails (${cause})`, { host: id });
    const victims = host.slots.map((s) => s.instance).filter((v) => getInstance(state.world.fleet, v) !== undefined);
    if (host.kind === 'dedicated-host') {
      host.meter = stoppedMeter(host.meter, ctx.now, HOST_MINIMUM_NS);
      if (host.hostRecovery) return recoverDedicatedHost(state, ctx, host, victims);
      for (const victim of victims) {
        const instance = mutInstance(state, ctx, victim);
        vacate(state, ctx, instance);
        instance.state = 'stopped';
      }
      return;
    }
    // AWS-owned host: automatic instance recovery moves each instance to another host (§4.1).
    for (const victim of victims) {
      const instance = mutInstance(state, ctx, victim);
      vacate(state, ctx, instance);
      instance.state = 'stopped';
      if (!place(state, ctx, instance, 'instance recovery')) continue;
      ctx.trace('fleet', `${instance.id} recovered onto ${instance.host} with the same instance ID and address ${instance.privateIp}`, { instance: instance.id });
    }
  }),
};

/** Host recovery (§4.4): a replacement host with a NEW host ID; instances keep their IDs and addresses. */
function recoverDedicatedHost(state: State, ctx: Ctx, failed: Writable<FleetHost>, victims: string[]): void {
  const replacement = newDedicatedHost(state, ctx, failed.az, failed.family, failed.instanceType, ctx.now);
  Object.assign(replacement, { owner: failed.owner, sharedWith: [...failed.sharedWith], autoPlacement: failed.autoPlacement, hostRecovery: failed.hostRecovery });
  replacement.meter = startedMeter(replacement.meter, ctx.now);
  addDedicatedHost(state, ctx, replacement);
  // From here on the stored replacement is written through ctx.mut (occupy), so only its id is used.
  const stored = replacement.id;
  failed.replacedBy = stored;
  ctx.trace('fleet', `host recovery: replacement Dedicated Host ${stored} allocated for ${failed.id} (same AZ, type, auto-placement)`, { host: stored, failed: failed.id });
  for (const victim of victims) {
    const instance = mutInstance(state, ctx, victim);
    vacate(state, ctx, instance);
    const type = parseInstanceType(instance.type) as InstanceType;
    recordPlacement(instance, {
      at: ctx.now, reason: 'host recovery', tenancy: instance.tenancy,
      rule: `Host recovery: ${failed.id} failed; EC2 allocated replacement host ${stored} (new host ID) and recovered the instance with the same instance ID, private IP ${instance.privateIp} and volumes`,
      candidates: [{ host: failed.id, verdict: 'failed' }, { host: stored, verdict: 'replacement host' }], examined: 2, host: stored,
    });
    if (instance.affinityHost === failed.id) instance.affinityHost = stored;
    if (instance.targetHost === failed.id) instance.targetHost = stored;
    occupy(state, ctx, instance, stored, type);
    ctx.trace('fleet', `${instance.id} recovered onto ${stored}, same instance ID and address ${instance.privateIp}`, { instance: instance.id, host: stored });
  }
}
