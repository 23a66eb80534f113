import type { Draft } from 'immer';

import type { HandlerContext } from '../../engine';
import type { DraftModelHandler, ModuleHandlers } from '../events';

import { HOST_MINIMUM_NS, startMeter, stopMeter } from './billing';
import { familyCapacity, parseInstanceType, type InstanceType } from './capacity';
import { choosePlacement } from './placement';
import { afterJoin, afterLeave } from './pool';
import { billingRefusal, placementChangeRefusal, resolveLaunchTenancy, tenancyChangeRefusal, vpcTenancyChangeRefusal } from './rules';
import { addDedicatedHost, newHost } from './setup';
import { getHost, getInstance, putInstance } from './store';
import type { FleetHost, FleetWorld, Instance, PlacementExplanation } from './types';

export const IGNORE_TENANCY = 'ignore-tenancy';
const HISTORY_KEPT = 4;

type Fleet = Draft<FleetWorld>;

function refuse(ctx: HandlerContext, what: string, why: string, data?: Record<string, unknown>): void {
  ctx.trace('error', `${what} refused: ${why}`, data);
}

function touchHost(ctx: HandlerContext, id: string): void {
  ctx.touch('fleetHost', id);
}

/** Puts a running instance on the host its placement chose (capacity, meters, affinity binding). */
function occupy(fleet: Fleet, instance: Instance, host: FleetHost, type: InstanceType, ctx: HandlerContext): void {
  host.slots.push({ instance: instance.id, account: instance.account, tenancy: instance.tenancy, size: type.size, cores: type.cores });
  host.usedCores += type.cores;
  instance.host = host.id;
  instance.state = 'running';
  // Affinity Host binds an instance to the host it lands on (ModifyInstancePlacement, §4.3).
  if (instance.tenancy === 'host' && instance.affinity === 'host') instance.affinityHost = host.id;
  // A host ID named at launch or by ModifyInstancePlacement applies to that placement only.
  instance.targetHost = null;
  startMeter(instance.meter, ctx.now);
  if (instance.tenancy === 'dedicated') {
    const region = fleet.regions[fleet.azs[instance.az] ?? ''];
    if (region && region.runningDedicated++ === 0) startMeter(region.dedicatedFee, ctx.now);
  }
  afterJoin(fleet, host, instance.account, instance.tenancy === 'dedicated');
  touchHost(ctx, host.id);
  ctx.touch('fleetInstance', instance.id);
}

/** Takes an instance off its host (stop, terminate, failure). */
function vacate(fleet: Fleet, instance: Instance, ctx: HandlerContext): void {
  const host = instance.host === null ? undefined : getHost(fleet, instance.host);
  if (host) {
    const index = host.slots.findIndex((s) => s.instance === instance.id);
    if (index >= 0) {
      host.usedCores -= host.slots[index]?.cores ?? 0;
      host.slots.splice(index, 1);
    }
    afterLeave(fleet, host);
    touchHost(ctx, host.id);
  }
  if (instance.state === 'running') {
    stopMeter(instance.meter, ctx.now);
    if (instance.tenancy === 'dedicated') {
      const region = fleet.regions[fleet.azs[instance.az] ?? ''];
      if (region && --region.runningDedicated === 0) stopMeter(region.dedicatedFee, ctx.now);
    }
  }
  instance.lastHost = instance.host ?? instance.lastHost;
  instance.host = null;
  ctx.touch('fleetInstance', instance.id);
}

function recordPlacement(instance: Instance, explanation: PlacementExplanation): void {
  if (instance.placement) {
    instance.history.push(instance.placement);
    if (instance.history.length > HISTORY_KEPT) instance.history.shift();
  }
  instance.placement = explanation;
}

/** Places an instance (launch, start, recovery); returns false with a traced reason when nothing fits. */
function place(fleet: Fleet, instance: Instance, reason: string, ctx: HandlerContext): boolean {
  const type = parseInstanceType(instance.type) as InstanceType;
  const explanation = choosePlacement(fleet as FleetWorld, {
    instance, type, reason, now: ctx.now, ignoreTenancy: ctx.fault(IGNORE_TENANCY), randomInt: (n) => ctx.randomInt(n),
  });
  recordPlacement(instance, explanation);
  const host = explanation.host === null ? undefined : getHost(fleet, explanation.host);
  if (!host) {
    const verdicts = explanation.candidates.map((c) => `${c.host}: ${c.verdict}`).join('; ');
    refuse(ctx, `${reason} of ${instance.id}`, verdicts ? `${explanation.rule} (${verdicts})` : explanation.rule, { instance: instance.id });
    return false;
  }
  occupy(fleet, instance, host, type, ctx);
  ctx.trace('fleet', `${instance.id} (${instance.tenancy}) placed on ${host.id}: ${explanation.rule}`, { instance: instance.id, host: host.id });
  return true;
}

const launch: DraftModelHandler<'fleet.launch'> = (draft, event, ctx) => {
  const action = event.payload;
  const fleet = draft.world.fleet;
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
  vpc.nextAddress++;
  putInstance(fleet, instance);
  fleet.instanceCount++;
  const stored = getInstance(fleet, instance.id) as Instance;
  if (!place(fleet, stored, 'launch', ctx)) {
    stored.state = 'terminated';
    return;
  }
  if (stored.placement) stored.placement.rule = `${stored.placement.rule}. ${resolved.note}`;
};

function withInstance(fleet: Fleet, id: string, what: string, ctx: HandlerContext): Instance | null {
  const instance = getInstance(fleet, id);
  if (!instance || instance.state === 'terminated') {
    refuse(ctx, what, `no instance ${id}`);
    return null;
  }
  return instance;
}

export const TENANCY_HANDLERS: ModuleHandlers = {
  'fleet.launch': launch,

  'fleet.stop'(draft, event, ctx) {
    const { instance: id } = event.payload;
    const instance = withInstance(draft.world.fleet, id, `stop of ${id}`, ctx);
    if (!instance) return;
    if (instance.state !== 'running') return refuse(ctx, `stop of ${id}`, `it is ${instance.state}`);
    vacate(draft.world.fleet, instance, ctx);
    instance.state = 'stopped';
    ctx.trace('fleet', `${id} stopped (last host ${instance.lastHost})`, { instance: id });
  },

  'fleet.start'(draft, event, ctx) {
    const { instance: id } = event.payload;
    const instance = withInstance(draft.world.fleet, id, `start of ${id}`, ctx);
    if (!instance) return;
    if (instance.state !== 'stopped') return refuse(ctx, `start of ${id}`, `it is ${instance.state}`);
    place(draft.world.fleet, instance, 'start', ctx);
  },

  'fleet.terminate'(draft, event, ctx) {
    const { instance: id } = event.payload;
    const instance = withInstance(draft.world.fleet, id, `terminate of ${id}`, ctx);
    if (!instance) return;
    vacate(draft.world.fleet, instance, ctx);
    instance.state = 'terminated';
    ctx.trace('fleet', `${id} terminated`, { instance: id });
  },

  'fleet.modifyPlacement'(draft, event, ctx) {
    const action = event.payload;
    const instance = withInstance(draft.world.fleet, action.instance, `modify-placement of ${action.instance}`, ctx);
    if (!instance) return;
    const what = `modify-placement of ${instance.id}`;
    const refusal = placementChangeRefusal(instance) ?? (action.tenancy ? tenancyChangeRefusal(instance, action.tenancy) : null);
    if (refusal) return refuse(ctx, what, refusal, { instance: instance.id });
    const tenancy = action.tenancy ?? instance.tenancy;
    if (action.host !== undefined && tenancy !== 'host') return refuse(ctx, what, 'a host ID needs host tenancy');
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
  },

  'fleet.modifyVpcTenancy'(draft, event, ctx) {
    const action = event.payload;
    const vpc = draft.world.fleet.vpcs[action.vpc];
    if (!vpc) return refuse(ctx, `VPC tenancy change of ${action.vpc}`, 'no such VPC');
    const refusal = vpcTenancyChangeRefusal(vpc, action.instanceTenancy);
    if (refusal) return refuse(ctx, `VPC tenancy change of ${vpc.id}`, refusal);
    vpc.instanceTenancy = action.instanceTenancy;
    ctx.trace('fleet', `VPC ${vpc.id} instanceTenancy is now ${vpc.instanceTenancy}; running instances keep theirs`, { vpc: vpc.id });
  },

  'fleet.allocateHost'(draft, event, ctx) {
    const action = event.payload;
    const fleet = draft.world.fleet;
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
    const host = newHost(fleet, 'dedicated-host', action.az, family, action.instanceType ?? null, ctx.now, action.host);
    host.owner = action.account;
    host.autoPlacement = action.autoPlacement === 'on';
    host.hostRecovery = action.hostRecovery === 'on';
    startMeter(host.meter, ctx.now);
    addDedicatedHost(fleet, host);
    touchHost(ctx, host.id);
    const shape = `${host.sockets ?? '?'} sockets, ${host.physicalCores ?? '?'} cores`;
    ctx.trace('fleet', `Dedicated Host ${host.id} allocated to ${action.account} in ${action.az} (${action.instanceType ?? `${family} multi-size`}, ${shape}, auto-placement ${action.autoPlacement})`, { host: host.id });
  },

  'fleet.releaseHost'(draft, event, ctx) {
    const { host: id } = event.payload;
    const host = getHost(draft.world.fleet, id);
    if (!host || host.kind !== 'dedicated-host' || host.state === 'released') return refuse(ctx, `release of ${id}`, 'no such Dedicated Host');
    if (host.slots.length > 0) return refuse(ctx, `release of ${id}`, `${host.slots.length} instance(s) still run on it`);
    host.state = 'released';
    stopMeter(host.meter, ctx.now, HOST_MINIMUM_NS);
    touchHost(ctx, id);
    ctx.trace('fleet', `Dedicated Host ${id} released (billed per second, 60-second minimum)`, { host: id });
  },

  'fleet.shareHost'(draft, event, ctx) {
    const { host: id, account } = event.payload;
    const fleet = draft.world.fleet;
    const host = getHost(fleet, id);
    if (!host || host.kind !== 'dedicated-host') return refuse(ctx, `share of ${id}`, 'no such Dedicated Host');
    if (!fleet.accounts[account]) return refuse(ctx, `share of ${id}`, `no account ${account}`);
    if (!host.sharedWith.includes(account) && host.owner !== account) host.sharedWith.push(account);
    touchHost(ctx, id);
    ctx.trace('fleet', `Dedicated Host ${id} shared with ${account} (AWS RAM)`, { host: id, account });
  },

  'fleet.failHost'(draft, event, ctx) {
    const { host: id, cause } = event.payload;
    const fleet = draft.world.fleet;
    const host = getHost(fleet, id);
    if (!host || host.state !== 'available') return refuse(ctx, `failure of ${id}`, 'no such available host');
    host.state = 'failed';
    touchHost(ctx, id);
    ctx.trace('fleet', `host ${id} fails (${cause})`, { host: id });
    const victims = host.slots.map((s) => getInstance(fleet, s.instance)).filter((i): i is Instance => i !== undefined);
    if (host.kind === 'dedicated-host') {
      stopMeter(host.meter, ctx.now, HOST_MINIMUM_NS);
      if (host.hostRecovery) return recoverDedicatedHost(fleet, host, victims, ctx);
      for (const instance of victims) {
        vacate(fleet, instance, ctx);
        instance.state = 'stopped';
      }
      return;
    }
    // AWS-owned host: automatic instance recovery moves each instance to another host (§4.1).
    for (const instance of victims) {
      vacate(fleet, instance, ctx);
      instance.state = 'stopped';
      if (!place(fleet, instance, 'instance recovery', ctx)) continue;
      ctx.trace('fleet', `${instance.id} recovered onto ${instance.host} with the same instance ID and address ${instance.privateIp}`, { instance: instance.id });
    }
  },
};

/** Host recovery (§4.4): a replacement host with a NEW host ID; instances keep their IDs and addresses. */
function recoverDedicatedHost(fleet: Fleet, failed: FleetHost, victims: Instance[], ctx: HandlerContext): void {
  const replacement = newHost(fleet, 'dedicated-host', failed.az, failed.family, failed.instanceType, ctx.now);
  Object.assign(replacement, { owner: failed.owner, sharedWith: [...failed.sharedWith], autoPlacement: failed.autoPlacement, hostRecovery: failed.hostRecovery });
  startMeter(replacement.meter, ctx.now);
  addDedicatedHost(fleet, replacement);
  const stored = getHost(fleet, replacement.id) as FleetHost;
  failed.replacedBy = stored.id;
  ctx.trace('fleet', `host recovery: replacement Dedicated Host ${stored.id} allocated for ${failed.id} (same AZ, type, auto-placement)`, { host: stored.id, failed: failed.id });
  for (const instance of victims) {
    vacate(fleet, instance, ctx);
    const type = parseInstanceType(instance.type) as InstanceType;
    recordPlacement(instance, {
      at: ctx.now, reason: 'host recovery', tenancy: instance.tenancy,
      rule: `Host recovery: ${failed.id} failed; EC2 allocated replacement host ${stored.id} (new host ID) and recovered the instance with the same instance ID, private IP ${instance.privateIp} and volumes`,
      candidates: [{ host: failed.id, verdict: 'failed' }, { host: stored.id, verdict: 'replacement host' }], examined: 2, host: stored.id,
    });
    if (instance.affinityHost === failed.id) instance.affinityHost = stored.id;
    if (instance.targetHost === failed.id) instance.targetHost = stored.id;
    occupy(fleet, instance, stored, type, ctx);
    ctx.trace('fleet', `${instance.id} recovered onto ${stored.id}, same instance ID and address ${instance.privateIp}`, { instance: instance.id, host: stored.id });
  }
}
