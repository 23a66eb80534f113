import type { Domain, Host, HostDevice } from '../../src/model/hypervisor/types';
import type { SimState } from '../../src/model/state';
import { capped, count, tenantName } from './common-scene';
import { visibleGuests } from './host-layout';
import type { SceneNode } from './view';

/**
 * The Host view in words: each host with its control domain (dom0 on Xen, none on Nitro), its
 * guests with owner, mode and state, and the devices that carry their I/O (backends in dom0,
 * physical devices, Nitro cards) — the same entities, by the same ids, as the canvas draws.
 */
export function hostScene(state: SimState): SceneNode[] {
  const devices = Object.values(state.world.devices ?? {});
  return capped(Object.values(state.world.hosts).map((host) => hostNode(state, host, devices.filter((d) => d.hostId === host.id))), 'hosts');
}

function hostNode(state: SimState, host: Host, devices: readonly HostDevice[]): SceneNode {
  const guests = visibleGuests(host, state.world.domains);
  const dom0 = host.domains.map((id) => state.world.domains[id]).find((d): d is Domain => d?.role === 'dom0' && d.status !== 'destroyed');
  const control = host.hypervisor === 'xen' ? `Xen ${host.xenVersion ?? ''}`.trim() + (dom0 ? ' with dom0' : '') : 'Nitro, no dom0';
  const children: SceneNode[] = [];
  if (dom0) children.push(domainNode(state, dom0, devices));
  for (const guest of guests) children.push(domainNode(state, guest, devices));
  for (const device of devices.filter((d) => d.domainId === null)) children.push(deviceNode(device));
  return {
    id: host.id,
    label: `Host ${host.name}: ${control}; ${count(guests.length, 'guest')}; ${host.memoryMiB.toLocaleString('en-US')} MiB`,
    entity: { kind: 'host', id: host.id },
    children: capped(children, host.id),
  };
}

function domainNode(state: SimState, d: Domain, devices: readonly HostDevice[]): SceneNode {
  const owner = d.role === 'dom0' ? 'control domain of the operator' : `guest of tenant ${tenantName(state, d.tenant)}`;
  const own = devices.filter((dev) => dev.domainId === d.id).map(deviceNode);
  return {
    id: d.id,
    label: `${d.name}: ${owner}, ${d.mode}, ${d.status}, ${count(d.vcpus, 'vCPU')}, ${d.memoryMiB.toLocaleString('en-US')} MiB`,
    entity: { kind: 'domain', id: d.id },
    ...(own.length > 0 ? { children: own } : {}),
  };
}

function deviceNode(device: HostDevice): SceneNode {
  const where = device.domainId ? `runs in ${device.domainId}` : 'hardware';
  return {
    id: device.id,
    label: `${device.name} (${where}): ${device.role}; ${count(device.requests, 'request')} served`,
    entity: { kind: 'device', id: device.id },
  };
}
