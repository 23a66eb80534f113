import type { SimState } from '../../src/model/state';
import { allInstances, getHost, getInstance } from '../../src/model/tenancy/store';
import type { FleetHost, FleetWorld, Instance } from '../../src/model/tenancy/types';
import { capped, count, group } from './common-scene';
import { buildRacks, hostTitle, instanceLine, placementRefusal } from './fleet-text';
import type { SceneNode } from './view';

/** Racks listed (a fleet of 20,000 hosts has 500; the first ones and the focus's come first). */
const RACKS_LISTED = 24;

/**
 * The Fleet view in words: accounts, then racks of hosts (a Dedicated Host's owner, an AWS host's
 * Dedicated-Instance account) with the instances placed on each, and the launches that were
 * refused with the rule that refused them. Racks past the first few are counted, not listed.
 */
export function fleetScene(state: SimState): SceneNode[] {
  const fleet = state.world.fleet;
  if (!fleet || fleet.hostCount === 0) return [];
  const out: SceneNode[] = [];
  out.push(group('fleet/accounts', 'Accounts', Object.values(fleet.accounts).map((a) => ({ id: `account:${a.id}`, label: `Account ${a.id} (${a.name})${a.payer ? `, linked to ${a.payer}` : ''}` }))));
  // Racks with instances first (in drawing order), so what the lesson placed is never cut off. The
  // hosts running something come from the instances (far fewer than hosts in a big fleet).
  const busyHosts = new Set<string>();
  for (const instance of allInstances(fleet)) if (instance.host && instance.state !== 'terminated') busyHosts.add(instance.host);
  const racks = buildRacks(fleet).map((rack, r) => ({ rack, r, used: rack.hosts.filter((id) => busyHosts.has(id)).length }));
  racks.sort((a, b) => Number(b.used > 0) - Number(a.used > 0) || a.r - b.r);
  // A rack lists the hosts running something (and every Dedicated Host: it is someone's); the empty
  // AWS hosts are one item with their count.
  const listed: SceneNode[] = racks.slice(0, RACKS_LISTED).map(({ rack, r, used }) => {
    const hosts = rack.hosts.map((id) => getHost(fleet, id)).filter((h): h is FleetHost => h !== undefined);
    const shown = hosts.filter((h) => busyHosts.has(h.id) || h.kind === 'dedicated-host' || h.state !== 'available');
    const idle = hosts.length - shown.length;
    const children = capped(shown.map((h) => hostNode(state, fleet, h)), `rack:${r}`);
    if (idle > 0) children.push({ id: `rack:${r}/idle`, label: `${count(idle, 'AWS host')} with no instance` });
    return { id: `rack:${r}`, label: `Rack ${rack.title}: ${count(hosts.length, 'host')}, ${used} of them running instances`, children };
  });
  if (racks.length > RACKS_LISTED) {
    const busy = racks.slice(RACKS_LISTED).filter((r) => r.used > 0).length;
    listed.push({ id: 'fleet/racks/more', label: `… and ${racks.length - RACKS_LISTED} more racks not listed (${busy} of them running instances)` });
  }
  out.push({ id: 'fleet/racks', label: `Racks (${racks.length})`, children: listed });
  const refused: Instance[] = [];
  for (const instance of allInstances(fleet)) {
    if (placementRefusal(instance)) refused.push(instance);
    if (refused.length > 40) break;
  }
  if (refused.length > 0) out.push(group('fleet/refused', 'Launches refused', refused.map((i) => ({ id: i.id, label: `${i.id} of ${i.account} (${i.type}, ${i.tenancy}): ${placementRefusal(i) ?? ''}`, entity: { kind: 'instance', id: i.id } }))));
  return out;
}

function hostNode(state: SimState, fleet: FleetWorld, host: FleetHost): SceneNode {
  const instances = host.slots.map((slot) => getInstance(fleet, slot.instance)).filter((i): i is Instance => i !== undefined);
  return {
    id: host.id,
    label: `${hostTitle(host)}; ${count(instances.length, 'instance')}, ${host.usedCores} cores used`,
    entity: { kind: 'host', id: host.id },
    ...(instances.length > 0 ? { children: instances.map((i) => ({ id: i.id, label: `Instance ${instanceLine(state, i)}, ${i.state}`, entity: { kind: 'instance', id: i.id } })) } : {}),
  };
}
