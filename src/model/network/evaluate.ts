import type { Immutable } from '../../engine';
import { cidrContains, ipToNumber } from './cidr';
import { lookupKeys } from './rule-index';
import type { ConntrackEntry, Direction, NaclEntry, NetInterface, NetworkWorld, Protocol, SgRule } from './types';

/** What the firewall reads of a packet. */
export interface Header {
  srcIp: string;
  dstIp: string;
  protocol: Protocol;
  srcPort: number;
  dstPort: number;
}

export interface RuleMatch {
  group: string;
  rule: string;
}

/** Whether the interface owning `ip` in `vpc` is a member of security group `group`. */
export function isMember(world: Immutable<NetworkWorld>, vpc: string, ip: string, group: string): boolean {
  const id = world.addresses[vpc]?.[ip];
  return id !== undefined && (world.interfaces[id]?.securityGroups.includes(group) ?? false);
}

function ruleMatches(world: Immutable<NetworkWorld>, vpc: string, rule: Immutable<SgRule>, header: Header, peerIp: string, peer: number): boolean {
  if (rule.protocol !== 'all' && rule.protocol !== header.protocol) return false;
  if (rule.protocol !== 'all' && header.protocol !== 'icmp' && (header.dstPort < rule.fromPort || header.dstPort > rule.toPort)) return false;
  if (rule.cidr !== null) return peer >= rule.cidrStart && peer < rule.cidrStart + rule.cidrSize;
  return rule.group !== null && isMember(world, vpc, peerIp, rule.group);
}

/**
 * The allow rule of the interface's security groups that admits the packet in this direction, or
 * `null` (security groups have only allow rules: no match means denied). Inbound rules are matched
 * against the source address, outbound ones against the destination; ports are the destination
 * port. Only the rules filed under the packet's protocol and port are looked at.
 */
export function matchRule(world: Immutable<NetworkWorld>, iface: Immutable<NetInterface>, direction: Direction, header: Header): RuleMatch | null {
  const peerIp = direction === 'inbound' ? header.srcIp : header.dstIp;
  const peer = ipToNumber(peerIp) ?? -1;
  for (const groupId of iface.securityGroups) {
    const group = world.groups[groupId];
    if (!group) continue;
    const index = direction === 'inbound' ? group.inbound : group.outbound;
    let best: Immutable<SgRule> | null = null;
    for (const key of lookupKeys(header.protocol, header.dstPort)) {
      for (const id of index[key] ?? []) {
        const rule = group.rules[id];
        if (rule && (best === null || rule.seq < best.seq) && ruleMatches(world, iface.vpc, rule, header, peerIp, peer)) best = rule;
      }
    }
    if (best) return { group: group.id, rule: best.id };
  }
  return null;
}

/**
 * Untracked flows (AWS connection-tracking docs): a TCP/UDP flow allowed by a rule open to
 * 0.0.0.0/0 whose interface also allows all traffic back to 0.0.0.0/0 on every port is not tracked,
 * so removing the rule interrupts it at once. ICMP is always tracked.
 */
export function isUntracked(world: Immutable<NetworkWorld>, iface: Immutable<NetInterface>, direction: Direction, match: RuleMatch, protocol: Protocol): boolean {
  const rule = world.groups[match.group]?.rules[match.rule];
  if (!rule || protocol === 'icmp' || rule.cidr !== '0.0.0.0/0') return false;
  // A rule for every port is filed under `all` or `<protocol>:wide`: look only there.
  const keys = ['all', `${protocol}:wide`];
  return iface.securityGroups.some((g) => {
    const group = world.groups[g];
    const index = direction === 'inbound' ? group?.outbound : group?.inbound;
    return keys.some((key) =>
      (index?.[key] ?? []).some((id) => {
        const r = group?.rules[id];
        return r !== undefined && r.cidr === '0.0.0.0/0' && (r.protocol === 'all' || (r.fromPort === 0 && r.toPort === 65535));
      }),
    );
  });
}

/** The connection as seen from one interface: local end first, so both directions share the key. */
export function connectionKey(header: Header, localIsSource: boolean): string {
  const [lip, lport, rip, rport] = localIsSource ? [header.srcIp, header.srcPort, header.dstIp, header.dstPort] : [header.dstIp, header.dstPort, header.srcIp, header.srcPort];
  return header.protocol === 'icmp' ? `icmp|${lip}|${rip}` : `${header.protocol}|${lip}:${lport}|${rip}:${rport}`;
}

/** A live tracked connection on the interface for this key (idle ones time out). */
export function trackedConnection(world: Immutable<NetworkWorld>, iface: string, key: string, now: number): Immutable<ConntrackEntry> | null {
  const entry = world.conntrack[iface]?.[key];
  return entry && now - entry.lastSeen <= entry.timeoutNs ? entry : null;
}

const SECOND = 1_000_000_000;
/** Idle timeouts from the EC2 connection-tracking docs (defaults): TCP established 5 days, UDP 30 s. */
export const CONNTRACK_TIMEOUT_NS: Record<Protocol, number> = { tcp: 432_000 * SECOND, udp: 30 * SECOND, icmp: 30 * SECOND };

/** A network ACL's verdict: entries in rule-number order, first match wins, no match is denied. */
export function naclVerdict(entries: readonly NaclEntry[], direction: Direction, header: Header): { action: 'allow' | 'deny'; number: number | null } {
  const peer = direction === 'inbound' ? header.srcIp : header.dstIp;
  for (const entry of entries) {
    if (entry.direction !== direction) continue;
    if (entry.protocol !== 'all' && entry.protocol !== header.protocol) continue;
    if (entry.protocol !== 'all' && header.protocol !== 'icmp' && (header.dstPort < entry.fromPort || header.dstPort > entry.toPort)) continue;
    if (!cidrContains(entry.cidr, peer)) continue;
    return { action: entry.action, number: entry.number };
  }
  return { action: 'deny', number: null };
}
