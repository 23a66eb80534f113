import type { Immutable, Writable } from '../../engine';
import type { ModelWriteContext } from '../events';
import type { SimState } from '../state';
import { CONNTRACK_TIMEOUT_NS, connectionKey, isUntracked, matchRule, naclVerdict, trackedConnection, type Header, type RuleMatch } from './evaluate';
import { NO_ANTISPOOF, PROMISCUOUS_DELIVERY, SG_BYPASS_SAME_HOST } from './faults';
import { describeRule } from './groups';
import { dropPacket, handTo } from './deliver';
import { mutPacketList } from './packet-ring';
import { endpointOf } from './path';
import type { Direction, NetInterface, NetworkWorld, Packet } from './types';

/**
 * The firewall in the hypervisor layer (Xen) or on the Nitro card for VPC. Every packet meets it
 * twice, leaving its sender's host and entering its receiver's, whether the two guests share a
 * host or not. Checks in order — out: anti-spoofing, VPC routing, network ACL, security group;
 * in: network ACL, security group — and a guest is handed only frames addressed to it.
 * Direct path: the state is read-only, the packet is the writable copy from `mutPacket`, and every
 * other write (conntrack, counters) goes through `ctx.mut`.
 */

function header(packet: Immutable<Packet>): Header {
  return { srcIp: packet.srcIp, dstIp: packet.dstIp, protocol: packet.protocol, srcPort: packet.srcPort, dstPort: packet.dstPort };
}

function what(packet: Immutable<Packet>): string {
  return packet.protocol === 'icmp' ? 'ICMP' : `${packet.protocol.toUpperCase()} ${packet.dstPort}`;
}

/** A stateless check at the subnet boundary: only traffic leaving or entering the subnet meets it. */
function naclBlocks(net: Immutable<NetworkWorld>, iface: Immutable<NetInterface>, peerSubnet: string | null, direction: Direction, packet: Immutable<Packet>): { nacl: string; reason: string } | null {
  const naclId = net.subnets[iface.subnet]?.nacl;
  if (!naclId || peerSubnet === iface.subnet) return null;
  const verdict = naclVerdict(net.nacls[naclId]?.entries ?? [], direction, header(packet));
  if (verdict.action === 'allow') return null;
  const rule = verdict.number === null ? 'no entry matches, so the final * entry denies it' : `entry #${verdict.number} denies it`;
  return { nacl: naclId, reason: `network ACL ${naclId} of subnet ${iface.subnet} (stateless, ${direction}): ${rule}` };
}

/** Security-group decision with connection tracking; records the verdict or returns the reason to drop. */
function securityGroups(state: Immutable<SimState>, ctx: ModelWriteContext, iface: Immutable<NetInterface>, direction: Direction, packet: Writable<Packet>): string | null {
  const net = state.world.network;
  const stage = direction === 'outbound' ? 'firewall-out' : 'firewall-in';
  const key = connectionKey(header(packet), direction === 'outbound');
  const tracked = trackedConnection(net, iface.id, key, ctx.now);
  if (tracked) {
    ctx.mut('world', 'network', 'conntrack', iface.id, key).lastSeen = ctx.now;
    mutPacketList(ctx, packet.serial, 'verdicts').push({ stage, iface: iface.id, via: 'conntrack', group: null, rule: tracked.rule });
    ctx.trace('net', `packet #${packet.serial}: ${iface.id} has a tracked connection (opened by rule ${tracked.rule}); passes ${direction} whatever the rules say now`, { serial: packet.serial });
    return null;
  }
  const match: RuleMatch | null = matchRule(net, iface, direction, header(packet));
  if (!match) {
    const groups = iface.securityGroups.join(', ');
    return direction === 'inbound'
      ? `no inbound rule of ${groups} allows ${what(packet)} from ${packet.srcIp}; inbound traffic is denied by default`
      : `no outbound rule of ${groups} allows ${what(packet)} to ${packet.dstIp}`;
  }
  mutPacketList(ctx, packet.serial, 'verdicts').push({ stage, iface: iface.id, via: 'rule', group: match.group, rule: match.rule });
  const rule = net.groups[match.group]?.rules[match.rule];
  if (!isUntracked(net, iface, direction, match, packet.protocol)) {
    const entry = { key, openedBy: direction, rule: match.rule, openedAt: ctx.now, lastSeen: ctx.now, timeoutNs: CONNTRACK_TIMEOUT_NS[packet.protocol], openedBySerial: packet.serial };
    // From the state, not `net`: a chunk read before a `ctx.mut` below it is the old copy.
    if (state.world.network.conntrack[iface.id]) ctx.mut('world', 'network', 'conntrack', iface.id)[key] = entry;
    else ctx.mut('world', 'network', 'conntrack')[iface.id] = { [key]: entry };
    ctx.touch('net.conntrack', iface.id);
  }
  ctx.trace('net', `packet #${packet.serial} allowed ${direction} at ${iface.id} by ${match.group} rule ${match.rule} (${rule ? describeRule(rule) : '?'})`, { serial: packet.serial, group: match.group, rule: match.rule });
  return null;
}

/**
 * Promiscuous mode asks the guest's driver for every frame, but the hypervisor's switch only ever
 * hands a guest the frames addressed to it; with the fault on it copies them to such guests too.
 */
function sniff(state: Immutable<SimState>, ctx: ModelWriteContext, packet: Writable<Packet>, host: string | null): void {
  for (const id of state.world.network.promiscuous) {
    if (id === packet.to || id === packet.from) continue;
    const iface = state.world.network.interfaces[id];
    if (!iface || endpointOf(state.world, iface.guest)?.host !== host) continue;
    if (ctx.fault(PROMISCUOUS_DELIVERY)) handTo(state, ctx, packet, id);
  }
}

export function firewallOut(state: Immutable<SimState>, ctx: ModelWriteContext, packet: Writable<Packet>): boolean {
  const net = state.world.network;
  const sender = net.interfaces[packet.from];
  if (!sender) return true;
  const host = packet.path[packet.hop]?.host ?? null;
  sniff(state, ctx, packet, host);
  if (packet.srcIp !== sender.ip || packet.srcMac !== sender.mac) {
    const claim = `source ${packet.srcIp} / ${packet.srcMac} is not ${sender.id}'s own (${sender.ip} / ${sender.mac})`;
    if (!ctx.fault(NO_ANTISPOOF)) {
      dropPacket(state, ctx, packet, 'firewall-out', 'anti-spoofing', null, `${claim}: a guest may only send from its own addresses`);
      return false;
    }
    ctx.trace('net', `packet #${packet.serial}: ${claim}, but anti-spoofing is off (fault ${NO_ANTISPOOF})`, { serial: packet.serial });
  }
  if (packet.blocked) {
    dropPacket(state, ctx, packet, 'firewall-out', packet.blocked.check, null, packet.blocked.reason);
    return false;
  }
  // Re-read: `sniff` may have written an interface (its counter), which replaced the chunks above it.
  const after = state.world.network;
  const target = packet.to ? after.interfaces[packet.to] : undefined;
  const nacl = naclBlocks(after, sender, target?.subnet ?? null, 'outbound', packet);
  if (nacl) {
    dropPacket(state, ctx, packet, 'firewall-out', 'network-acl', nacl.nacl, nacl.reason);
    return false;
  }
  const denied = securityGroups(state, ctx, sender, 'outbound', packet);
  if (denied) {
    dropPacket(state, ctx, packet, 'firewall-out', 'security-group', sender.securityGroups[0] ?? null, denied);
    return false;
  }
  ctx.touch('net.egress', packet.serial);
  return true;
}

export function firewallIn(state: Immutable<SimState>, ctx: ModelWriteContext, packet: Writable<Packet>): boolean {
  const target = packet.to ? state.world.network.interfaces[packet.to] : undefined;
  if (!target) return true;
  const host = packet.path[packet.hop]?.host ?? null;
  sniff(state, ctx, packet, host);
  if (state.world.domains[target.guest]?.status !== 'running') {
    dropPacket(state, ctx, packet, 'firewall-in', 'instance-not-running', null, `${target.guest} is not running`);
    return false;
  }
  // Read after `sniff`, which may have written an interface's counter (and so replaced the chunks above it).
  const net = state.world.network;
  const sender = net.interfaces[packet.from];
  const sameHost = sender !== undefined && endpointOf(state.world, sender.guest)?.host === host;
  if (sameHost && ctx.fault(SG_BYPASS_SAME_HOST)) {
    mutPacketList(ctx, packet.serial, 'verdicts').push({ stage: 'firewall-in', iface: target.id, via: 'bypass', group: null, rule: null });
    ctx.trace('net', `packet #${packet.serial}: same host, switched locally without the security groups (fault ${SG_BYPASS_SAME_HOST})`, { serial: packet.serial });
    ctx.touch('net.admit', `${packet.serial}|${target.id}`);
    return true;
  }
  const nacl = naclBlocks(net, target, sender?.subnet ?? null, 'inbound', packet);
  if (nacl) {
    dropPacket(state, ctx, packet, 'firewall-in', 'network-acl', nacl.nacl, nacl.reason);
    return false;
  }
  const denied = securityGroups(state, ctx, target, 'inbound', packet);
  if (denied) {
    dropPacket(state, ctx, packet, 'firewall-in', 'security-group', target.securityGroups[0] ?? null, denied);
    return false;
  }
  ctx.touch('net.admit', `${packet.serial}|${target.id}`);
  return true;
}
