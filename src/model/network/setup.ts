import type { LessonWorld } from '../world';
import type { World } from '../state';
import { addRule, emptyNetworkWorld, newGroup, peeringKey } from './groups';
import type { NetworkWorld } from './types';

/** Builds the network slice from the lesson's `world.network` section (unknown references are skipped). */
export function setupNetwork(world: World, lesson: LessonWorld): void {
  const net: NetworkWorld = emptyNetworkWorld();
  const scenario = lesson.network;
  // Domains are created by events after set-up: the guest specs say whose each guest is.
  const tenantOf = new Map(lesson.hosts.flatMap((h) => h.guests.map((g) => [g.id, g.tenant] as const)));
  for (const vpc of scenario?.vpcs ?? []) {
    net.vpcs[vpc.id] = { id: vpc.id, tenant: vpc.tenant, cidr: vpc.cidr };
    net.addresses[vpc.id] = {};
  }
  for (const nacl of scenario?.nacls ?? []) {
    net.nacls[nacl.id] = { id: nacl.id, vpc: nacl.vpc, entries: [...nacl.entries].sort((a, b) => a.number - b.number) };
  }
  for (const subnet of scenario?.subnets ?? []) {
    if (net.vpcs[subnet.vpc]) net.subnets[subnet.id] = { id: subnet.id, vpc: subnet.vpc, cidr: subnet.cidr, nacl: subnet.nacl && net.nacls[subnet.nacl] ? subnet.nacl : null };
  }
  for (const spec of scenario?.securityGroups ?? []) {
    const group = newGroup(spec.id, spec.vpc, spec.name ?? spec.id, spec.allowAllOutbound);
    for (const rule of spec.rules) addRule(group, rule);
    net.groups[spec.id] = group;
  }
  for (const spec of scenario?.interfaces ?? []) {
    const subnet = net.subnets[spec.subnet];
    const vpc = subnet ? net.vpcs[subnet.vpc] : undefined;
    if (!subnet || !vpc) continue;
    net.interfaces[spec.id] = {
      id: spec.id,
      guest: spec.guest,
      tenant: tenantOf.get(spec.guest) ?? vpc.tenant,
      vpc: vpc.id,
      subnet: subnet.id,
      ip: spec.ip,
      mac: spec.mac,
      securityGroups: spec.securityGroups.filter((g) => net.groups[g]?.vpc === vpc.id),
      promiscuous: spec.promiscuous,
      received: 0,
    };
    (net.addresses[vpc.id] ??= {})[spec.ip] = spec.id;
    if (spec.promiscuous) net.promiscuous.push(spec.id);
  }
  for (const [a, b] of scenario?.peerings ?? []) if (net.vpcs[a] && net.vpcs[b]) net.peerings.push(peeringKey(a, b));
  world.network = net;
}
