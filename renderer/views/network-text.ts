import { describeRule } from '../../src/model/network/groups';
import type { DropCheck, NetworkWorld, Packet, Verdict } from '../../src/model/network/types';
import type { SimState } from '../../src/model/state';
import { recentPackets } from './network-motion';

/** The words of the Network view (pure): rule list, packet log, drop labels, inspector, description. */

export const CHECK_NAMES: Record<DropCheck, string> = {
  'anti-spoofing': 'anti-spoofing',
  'security-group': 'security group',
  'network-acl': 'network ACL',
  'vpc-boundary': 'VPC boundary',
  'instance-not-running': 'instance not running',
  'no-such-address': 'no such address',
};

/**
 * A drop's note: the packet (its tag: the note replaces it), the check and the reason. The short
 * forms keep only the check (the rules panel and the caption say why).
 */
export function dropLabel(packet: Packet, form: 'full' | 'short' | 'shortest' = 'full'): string {
  if (!packet.drop) return '';
  if (form === 'shortest') return `✕ #${packet.serial} DROPPED · ${CHECK_NAMES[packet.drop.check]}`;
  const head = `✕ ${packetTag(packet)} — DROPPED by ${CHECK_NAMES[packet.drop.check]}`;
  return form === 'short' ? head : `${head}: ${packet.drop.reason}`;
}

/** A drop's note in its three lengths, longest first (the view writes the longest that fits). */
export function dropLabels(packet: Packet): string[] {
  return [dropLabel(packet), dropLabel(packet, 'short'), dropLabel(packet, 'shortest')];
}

export function packetTag(packet: Packet): string {
  return `#${packet.serial} ${packet.label}`;
}

export interface RuleLine {
  text: string;
  /** Matched the latest packet judged at this interface. */
  matched: boolean;
  heading: boolean;
}

/** The latest firewall verdict at an interface (what the rule list highlights). */
export function latestVerdict(net: NetworkWorld, iface: string): { packet: Packet; verdict: Verdict } | null {
  const packets = recentPackets(net, 48);
  for (let i = packets.length - 1; i >= 0; i--) {
    const packet = packets[i] as Packet;
    for (let k = packet.verdicts.length - 1; k >= 0; k--) {
      const verdict = packet.verdicts[k] as Verdict;
      if (verdict.iface === iface) return { packet, verdict };
    }
    if (packet.to === iface && packet.drop?.stage === 'firewall-in') return { packet, verdict: { stage: 'firewall-in', iface, via: 'rule', group: null, rule: null } };
  }
  return null;
}

/** The focused interface's security groups and rules, the matching one marked in words too. */
export function ruleLines(net: NetworkWorld, ifaceId: string): RuleLine[] {
  const iface = net.interfaces[ifaceId];
  if (!iface) return [];
  const latest = latestVerdict(net, ifaceId);
  const lines: RuleLine[] = [];
  for (const groupId of iface.securityGroups) {
    const group = net.groups[groupId];
    if (!group) continue;
    lines.push({ text: `${group.id} (${group.name})`, matched: false, heading: true });
    const inbound = group.order.filter((id) => group.rules[id]?.direction === 'inbound');
    if (inbound.length === 0) lines.push({ text: '  in: no rules: everything in is denied', matched: latest?.packet.drop?.check === 'security-group' && latest.packet.to === ifaceId, heading: false });
    for (const id of group.order) {
      const rule = group.rules[id];
      if (!rule) continue;
      const matched = latest?.verdict.via === 'rule' && latest.verdict.group === group.id && latest.verdict.rule === id;
      lines.push({ text: `  ${id}: ${describeRule(rule)}${matched ? `  ◀ #${latest?.packet.serial}` : ''}`, matched, heading: false });
    }
  }
  if (latest?.verdict.via === 'conntrack') lines.push({ text: `tracked connection (opened by ${latest.verdict.rule ?? '?'}) passed #${latest.packet.serial}`, matched: true, heading: false });
  if (latest?.verdict.via === 'bypass') lines.push({ text: `#${latest.packet.serial} skipped the security groups (fault)`, matched: true, heading: false });
  if (latest?.packet.drop && latest.packet.drop.check === 'security-group' && latest.packet.to === ifaceId && !lines.some((l) => l.matched)) {
    lines.push({ text: `no rule matched #${latest.packet.serial}: denied`, matched: true, heading: false });
  }
  return lines;
}

/** One line per recent packet for the log: verdict in words, not only colour. */
export function packetLogLines(net: NetworkWorld | undefined, count = 6): string[] {
  return recentPackets(net, count).map((p) => {
    const to = p.to ?? p.dstIp;
    const state = p.status === 'dropped' ? `✕ dropped (${CHECK_NAMES[p.drop?.check ?? 'security-group']})` : p.status === 'delivered' ? `✓ delivered${p.deliveredTo.length > 1 ? ` + ${p.deliveredTo.length - 1} leaked` : ''}` : '→ in flight';
    return `#${p.serial} ${p.from} → ${to}: ${p.label} · ${state}`;
  });
}

/** One short line under the view's title: what the last packet did (its reason is drawn beside it). */
export function captionOf(state: SimState): string {
  const net = state.world.network;
  const last = recentPackets(net, 1)[0];
  if (!last) return 'No packet sent yet.';
  const where = last.to ?? last.dstIp;
  const outcome = last.status === 'dropped' ? `dropped by ${CHECK_NAMES[last.drop?.check ?? 'security-group']}` : last.status === 'delivered' ? 'delivered' : 'on its way';
  return `Last: #${last.serial} ${last.label}, ${last.from} → ${where}: ${outcome}.`;
}

export function inspectInterface(net: NetworkWorld, id: string): Record<string, unknown> | undefined {
  const iface = net.interfaces[id];
  if (!iface) return undefined;
  return {
    interface: iface.id,
    guest: iface.guest,
    tenant: iface.tenant,
    vpc: iface.vpc,
    subnet: iface.subnet,
    'private IP': iface.ip,
    MAC: iface.mac,
    'security groups': iface.securityGroups.join(', '),
    'promiscuous mode': iface.promiscuous ? 'on (still receives only its own frames)' : 'off',
    'packets received': iface.received,
    'tracked connections': Object.keys(net.conntrack[id] ?? {}).length,
  };
}

export function describeNetwork(state: SimState): string {
  const net = state.world.network;
  if (!net || Object.keys(net.interfaces).length === 0) return 'Network view: no network interfaces in this lesson.';
  const last = recentPackets(net, 1)[0];
  const lastText = !last ? 'no packets yet' : last.status === 'dropped' ? `last: packet #${last.serial} (${last.label}) dropped by ${CHECK_NAMES[last.drop?.check ?? 'security-group']}: ${last.drop?.reason ?? ''}` : `last: packet #${last.serial} (${last.label}) ${last.status === 'delivered' ? `delivered to ${last.deliveredTo.join(', ') || 'the Internet'}` : 'in flight'}`;
  return `Network view: ${Object.keys(net.interfaces).length} interfaces, ${net.delivered} packets delivered, ${net.dropped} dropped; ${lastText}.`;
}
