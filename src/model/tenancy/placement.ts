import type { Immutable } from '../../engine';
import type { Nanos } from '../../engine/time';
import type { InstanceType } from './capacity';
import { advanceEmptyCursor, advanceSizeCursor } from './pool';
import { capacityRefusal } from './host-capacity';
import { sharedText } from '../shared-text';
import { getHost, poolKey, type FleetView, type Mut, type State } from './store';
import type { FleetHost, Instance, PlacementExplanation } from './types';

/** How many candidates an explanation keeps (the count of all examined hosts is kept too). */
const KEEP_CANDIDATES = 5;
/** Dedicated Instances pick among this many eligible hosts: they have no affinity (§4.3). */
const DI_CHOICES = 3;
/** At most this many of an account's reserved hosts are examined before empty ones. */
const OWN_HOSTS_EXAMINED = 8;

export interface PlacementRequest {
  instance: Pick<Instance, 'id' | 'account' | 'az' | 'tenancy' | 'affinity' | 'affinityHost' | 'targetHost' | 'lastHost'>;
  type: InstanceType;
  reason: string;
  now: Nanos;
  /** The `ignore-tenancy` fault: placement looks at capacity only. */
  ignoreTenancy: boolean;
  randomInt(bound: number): number;
}

class Explainer {
  candidates: Array<{ host: string; verdict: string }> = [];
  examined = 0;
  note(host: string, verdict: string): void {
    this.examined++;
    if (this.candidates.length < KEEP_CANDIDATES) this.candidates.push({ host, verdict });
  }
  /** The explanation, its texts shared with equal ones of earlier placements (`sharedText`). */
  result(request: PlacementRequest, rule: string, host: string | null): PlacementExplanation {
    for (const candidate of this.candidates) {
      candidate.host = sharedText(candidate.host);
      candidate.verdict = sharedText(candidate.verdict);
    }
    // A copy sized to its entries: the array pushed into keeps room for 17, and the fleet's 40,000
    // explanations are kept for the whole lesson (about 5 MB of empty slots).
    return { at: request.now, reason: request.reason, tenancy: request.instance.tenancy, rule: sharedText(rule), candidates: this.candidates.slice(), examined: this.examined, host };
  }
}

/**
 * Chooses a host for an instance and says why. Changes nothing but the pools' first-fit cursors
 * (through `ctx.mut`; a cursor write copies only the pool's small parts, never its host list).
 */
export function choosePlacement(state: State, ctx: Mut, request: PlacementRequest): PlacementExplanation {
  const fleet = state.world.fleet;
  if (request.ignoreTenancy) return placeIgnoringTenancy(fleet, request);
  return request.instance.tenancy === 'host' ? placeOnDedicatedHost(fleet, request) : placeInPool(state, ctx, request);
}

function placeInPool(state: State, ctx: Mut, request: PlacementRequest): PlacementExplanation {
  const { instance, type } = request;
  const dedicated = instance.tenancy === 'dedicated';
  const explain = new Explainer();
  const fleet = state.world.fleet;
  const key = poolKey(instance.az, type.family);
  // Cursor writes below may copy the pool chunk; `pool.hosts` and `pool.dedicated` stay as read here.
  const pool = fleet.pools[key];
  if (!pool) return explain.result(request, `no ${type.family} hosts in ${instance.az}`, null);
  // Hosts already dedicated to this account: its DIs, and its other instances, may share them (§4.2).
  const eligible: string[] = [];
  // Bounded: a long list of nearly full reserved hosts must not make every launch slow.
  const own = pool.dedicated[instance.account] ?? [];
  for (let i = 0; i < own.length && i < OWN_HOSTS_EXAMINED; i++) {
    const id = own[i] as string;
    const host = getHost(fleet, id) as Immutable<FleetHost>;
    const refusal = host.state !== 'available' ? `host ${host.state}` : capacityRefusal(host, type);
    explain.note(id, refusal ?? `dedicated to ${instance.account} already; has room`);
    if (!refusal) eligible.push(id);
    if (eligible.length >= DI_CHOICES || (!dedicated && eligible.length > 0)) break;
  }
  if (!dedicated) {
    const chosen = eligible[0];
    if (chosen !== undefined) {
      return explain.result(request, `Default tenancy may share a host with the same account's Dedicated Instances ("Dedicated Instances might share hardware with other instances from the same AWS account")`, chosen);
    }
    const index = advanceSizeCursor(state, ctx, key, type.size);
    if (index > 0) explain.note(`${index} host(s)`, `skipped: full for ${type.family}.${type.size}, or reserved by other accounts' Dedicated Instances`);
    const id = pool.hosts[index];
    if (id === undefined) return explain.result(request, `InsufficientInstanceCapacity: no ${type.family} host in ${instance.az} has room`, null);
    explain.note(id, 'first host with room; shared hardware is fine for default tenancy');
    return explain.result(request, 'Default tenancy: the first host with room, shared with any account, never one reserved by another account\'s Dedicated Instances', id);
  }
  // Empty hosts become dedicated to this account when a DI lands there.
  const firstEmpty = advanceEmptyCursor(state, ctx, key);
  if (firstEmpty > 0) explain.note(`${firstEmpty} host(s)`, 'skipped: not empty (a DI goes only to a host reserved for its account or an empty one, never beside another account, even a linked one)');
  for (let i = firstEmpty; i < pool.hosts.length && eligible.length < DI_CHOICES; i++) {
    const host = getHost(fleet, pool.hosts[i] as string) as Immutable<FleetHost>;
    if (host.state !== 'available' || host.slots.length > 0) continue;
    const refusal = capacityRefusal(host, type);
    explain.note(host.id, refusal ?? 'empty host; would become dedicated to this account');
    if (!refusal) eligible.push(host.id);
  }
  if (eligible.length === 0) return explain.result(request, `InsufficientInstanceCapacity: no ${type.family} host in ${instance.az} is free of other accounts' instances`, null);
  // No affinity for Dedicated Instances: any host dedicated to this account may be chosen (§4.3).
  const chosen = eligible[request.randomInt(eligible.length)] as string;
  const entry = explain.candidates.find((c) => c.host === chosen);
  if (entry) entry.verdict = `${entry.verdict} — chosen at random among ${eligible.length} eligible (no affinity)`;
  else explain.note(chosen, 'chosen');
  return explain.result(request, `Dedicated Instance: a host that runs only ${instance.account}'s instances, never another account's, even a linked one; no host affinity, so after stop/start it "might not run on the same host"`, chosen);
}

function dedicatedHostRefusal(host: Immutable<FleetHost> | undefined, account: string, type: InstanceType): string | null {
  if (!host || host.kind !== 'dedicated-host') return 'not a Dedicated Host';
  if (host.state !== 'available') return `host ${host.state}`;
  if (host.owner !== account && !host.sharedWith.includes(account)) return `owned by ${host.owner} and not shared with ${account}`;
  return capacityRefusal(host, type);
}

function placeOnDedicatedHost(fleet: FleetView, request: PlacementRequest): PlacementExplanation {
  const { instance, type } = request;
  const explain = new Explainer();
  const bound = instance.affinity === 'host' ? instance.affinityHost : null;
  const target = bound ?? instance.targetHost;
  if (target !== null) {
    const refusal = dedicatedHostRefusal(getHost(fleet, target), instance.account, type);
    explain.note(target, refusal ?? 'fits');
    const rule = bound !== null
      ? `Affinity Host: an instance tied to a host always restarts on the same host`
      : `Targeted launch: the instance asked for host ${target} by its host ID`;
    return explain.result(request, refusal ? `${rule}; refused: ${refusal}` : rule, refusal ? null : target);
  }
  const last = instance.lastHost;
  if (last !== null) {
    const refusal = dedicatedHostRefusal(getHost(fleet, last), instance.account, type);
    explain.note(last, refusal ?? 'fits (last host)');
    if (!refusal) return explain.result(request, 'Affinity Off: tries the last Dedicated Host it ran on first, best effort', last);
  }
  for (const id of fleet.dedicatedHosts[instance.az] ?? []) {
    if (id === last) continue;
    const host = getHost(fleet, id);
    if (host && host.family !== type.family) continue;
    const refusal = host && !host.autoPlacement ? 'auto-placement off: accepts only launches that name its host ID' : dedicatedHostRefusal(host, instance.account, type);
    explain.note(id, refusal ?? 'fits');
    if (!refusal) return explain.result(request, 'Untargeted host-tenancy launch: the first of the account\'s Dedicated Hosts with auto-placement on and room for this type', id);
  }
  return explain.result(request, `InsufficientHostCapacity: no Dedicated Host of ${instance.account} with auto-placement on has room for ${type.family}.${type.size} in ${instance.az}`, null);
}

/** The fault: capacity is all that counts, so accounts, tenancy and ownership are ignored. */
function placeIgnoringTenancy(fleet: FleetView, request: PlacementRequest): PlacementExplanation {
  const { instance, type } = request;
  const explain = new Explainer();
  const pool = fleet.pools[poolKey(instance.az, type.family)];
  // The pool's hosts, then the AZ's Dedicated Hosts, without concatenating a 20,000-id list.
  for (const ids of [pool ? pool.hosts : [], fleet.dedicatedHosts[instance.az] ?? []]) {
    for (const id of ids) {
      const host = getHost(fleet, id) as Immutable<FleetHost>;
      const refusal = host.state !== 'available' ? `host ${host.state}` : capacityRefusal(host, type);
      explain.note(id, refusal ?? 'fits (tenancy ignored)');
      if (!refusal) return explain.result(request, 'FAULT ignore-tenancy: the first host with room, whatever its tenancy or owner', id);
    }
  }
  return explain.result(request, 'FAULT ignore-tenancy: no host with room', null);
}

