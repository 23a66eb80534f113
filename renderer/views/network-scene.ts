import type { NetInterface, NetworkWorld, Packet } from '../../src/model/network/types';
import type { SimState } from '../../src/model/state';
import { capped, count, group, tenantName } from './common-scene';
import { recentPackets } from './network-motion';
import { CHECK_NAMES, ruleLines } from './network-text';
import type { SceneNode } from './view';

/** Packets listed (the view's log shows fewer; the scene keeps a little more history). */
const PACKETS_LISTED = 12;

/**
 * The Network view in words: per host its I/O path (Xen netback in dom0 or the Nitro card for VPC)
 * and the guests' interfaces with owner, address, VPC and security-group rules; the VPCs; and the
 * recent packets, each delivered or dropped with the check that refused it.
 */
export function networkScene(state: SimState): SceneNode[] {
  const net = state.world.network;
  if (!net || Object.keys(net.interfaces).length === 0) return [];
  const interfaces = Object.values(net.interfaces);
  const out: SceneNode[] = [];
  for (const host of Object.values(state.world.hosts)) {
    const own = interfaces.filter((i) => state.world.domains[i.guest]?.hostId === host.id);
    if (own.length === 0) continue;
    const path = host.hypervisor === 'nitro' ? 'Nitro: packets pass the Nitro card for VPC (security groups enforced there), no dom0' : 'Xen: netfront → netback in dom0 → firewall → physical NIC';
    out.push({ id: host.id, label: `Host ${host.name}: ${path}; ${count(own.length, 'interface')}`, entity: { kind: 'host', id: host.id }, children: capped(own.map((i) => interfaceNode(state, net, i)), host.id) });
  }
  out.push(
    group(
      'network/vpcs',
      'VPCs',
      Object.values(net.vpcs).map((v) => ({
        id: `vpc:${v.id}`,
        label: `VPC ${v.id} of tenant ${tenantName(state, v.tenant)}: ${v.cidr}`,
        children: Object.values(net.subnets)
          .filter((s) => s.vpc === v.id)
          .map((s) => ({ id: `subnet:${s.id}`, label: `Subnet ${s.id}: ${s.cidr}, network ACL ${s.nacl ?? 'default (allows everything)'}` })),
      })),
    ),
  );
  const packets = recentPackets(net, PACKETS_LISTED).reverse();
  out.push({ id: 'network/packets', label: `Recent packets, newest first (${packets.length}); ${net.delivered} delivered, ${net.dropped} dropped in all`, children: packets.map((p) => packetNode(p)) });
  return out;
}

function interfaceNode(state: SimState, net: NetworkWorld, iface: NetInterface): SceneNode {
  const rules = ruleLines(net, iface.id).map((line, i) => ({ id: `${iface.id}/rule/${i}`, label: `${line.text.replace(/\s*◀ #\d+$/, '').trim()}${line.matched ? ' (decided the latest packet here)' : ''}`, outline: iface.id }));
  return {
    id: iface.id,
    label: `Interface ${iface.id} of guest ${iface.guest}, tenant ${tenantName(state, iface.tenant)}: ${iface.ip} in ${iface.vpc}/${iface.subnet}; security groups ${iface.securityGroups.join(', ') || 'none'}${iface.promiscuous ? '; promiscuous mode asked for (still only its own frames)' : ''}; ${count(iface.received, 'packet')} received`,
    entity: { kind: 'interface', id: iface.id },
    ...(rules.length > 0 ? { children: rules } : {}),
  };
}

function packetNode(p: Packet): SceneNode {
  const to = p.to ?? p.dstIp;
  const outcome =
    p.status === 'dropped'
      ? `✕ dropped by ${CHECK_NAMES[p.drop?.check ?? 'security-group']}${p.drop?.by ? ` (${p.drop.by})` : ''}: ${p.drop?.reason ?? ''}`
      : p.status === 'delivered'
        ? `✓ delivered${p.deliveredTo.length > 1 ? `, and leaked to ${p.deliveredTo.slice(1).join(', ')}` : ''}`
        : `→ in flight at ${p.path[p.hop]?.label ?? 'the wire'}`;
  const at = p.status === 'dropped' ? (p.drop?.stage.endsWith('-out') ? p.from : (p.to ?? p.from)) : (p.to ?? p.from);
  return { id: `packet:${p.serial}`, label: `Packet #${p.serial} ${p.label}: ${p.from} → ${to}, ${p.protocol} port ${p.dstPort}; ${outcome}`, outline: at };
}
