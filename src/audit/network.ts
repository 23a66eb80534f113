import type { Immutable } from '../engine';
import { directHook, type DirectModelAfterEventHook } from '../model/events';
import { connectionKey, matchRule, type Header } from '../model/network/evaluate';
import { packetAt } from '../model/network/packets';
import type { NetworkWorld, Packet } from '../model/network/types';
import { reportViolation } from './violations';

/**
 * Network isolation invariants (the AWS whitepaper's firewall claims), checked after every event
 * only for the packets it touched (`net.delivery`, `net.egress`, `net.admit`): the cost per event
 * does not grow with the number of interfaces or rules. They are stated from the outside — what
 * was delivered to whom, what left a host — not from the firewall's own verdicts, so a firewall
 * that skips a check is caught. They run on the direct path: they read the frozen state and
 * report through `ctx.mut`, so an event without packets costs three map lookups.
 */

export const DELIVERED_NOT_ADDRESSED = 'net.delivered-not-addressed';
export const SPOOFED_EGRESS = 'net.spoofed-egress';
export const UNALLOWED_DELIVERY = 'net.unallowed-delivery';

function split(record: string | number): [number, string] {
  const [serial = '', iface = ''] = String(record).split('|');
  return [Number(serial), iface];
}

function headerOf(packet: Immutable<Packet>): Header {
  return { srcIp: packet.srcIp, dstIp: packet.dstIp, protocol: packet.protocol, srcPort: packet.srcPort, dstPort: packet.dstPort };
}

/** An interface only ever receives packets whose destination is its own address in its own VPC. */
export const noDeliveryToOthers = directHook((state, touched, ctx) => {
  const deliveries = touched.get('net.delivery');
  if (!deliveries) return;
  const net = state.world.network;
  for (const record of deliveries) {
    const [serial, ifaceId] = split(record);
    const packet = packetAt(net, serial);
    const iface = net.interfaces[ifaceId];
    if (!packet || !iface) continue;
    const addressed = packet.to !== null ? net.interfaces[packet.to] : undefined;
    if (packet.dstIp === iface.ip && addressed?.vpc === iface.vpc) continue;
    reportViolation(ctx, {
      invariant: DELIVERED_NOT_ADDRESSED,
      entities: { interfaces: [iface.id, ...(packet.to ? [packet.to] : [])], packets: [serial], tenants: [iface.tenant] },
      explanation: `${iface.id} (${iface.ip}, tenant ${iface.tenant}${iface.promiscuous ? ', promiscuous mode' : ''}) received packet #${serial} addressed to ${packet.dstIp}${packet.to ? ` (${packet.to})` : ''}: a guest must never see traffic meant for another instance`,
    });
  }
}, ['net.delivery']);

/** A packet that passed its sender's firewall carries the sender's own source IP and MAC. */
export const noSpoofedEgress = directHook((state, touched, ctx) => {
  const egress = touched.get('net.egress');
  if (!egress) return;
  const net = state.world.network;
  for (const serial of egress) {
    const packet = packetAt(net, Number(serial));
    const sender = packet ? net.interfaces[packet.from] : undefined;
    if (!packet || !sender || (packet.srcIp === sender.ip && packet.srcMac === sender.mac)) continue;
    reportViolation(ctx, {
      invariant: SPOOFED_EGRESS,
      entities: { interfaces: [sender.id], packets: [packet.serial], tenants: [sender.tenant] },
      explanation: `packet #${packet.serial} left ${sender.id}'s host with source ${packet.srcIp} / ${packet.srcMac}, not ${sender.id}'s own ${sender.ip} / ${sender.mac}: the host firewall must drop forged sources`,
    });
  }
}, ['net.egress']);

/** Admitted now by a rule, or return/continuing traffic of a connection an earlier packet opened. */
export function admissible(net: Immutable<NetworkWorld>, ifaceId: string, packet: Immutable<Packet>, now: number): boolean {
  const iface = net.interfaces[ifaceId];
  if (!iface) return false;
  if (matchRule(net, iface, 'inbound', headerOf(packet)) !== null) return true;
  const entry = net.conntrack[ifaceId]?.[connectionKey(headerOf(packet), false)];
  return entry !== undefined && entry.openedBySerial !== packet.serial && now - entry.lastSeen <= entry.timeoutNs;
}

/** A packet handed on to a guest is allowed by one of its security groups' rules or by a tracked connection. */
export const noUnallowedDelivery = directHook((state, touched, ctx) => {
  const admitted = touched.get('net.admit');
  if (!admitted) return;
  const net = state.world.network;
  for (const record of admitted) {
    const [serial, ifaceId] = split(record);
    const packet = packetAt(net, serial);
    const iface = net.interfaces[ifaceId];
    if (!packet || !iface || admissible(net, ifaceId, packet, ctx.now)) continue;
    reportViolation(ctx, {
      invariant: UNALLOWED_DELIVERY,
      entities: { interfaces: [ifaceId], packets: [serial], tenants: [iface.tenant], groups: [...iface.securityGroups] },
      explanation: `packet #${serial} (${packet.protocol.toUpperCase()}${packet.protocol === 'icmp' ? '' : ` ${packet.dstPort}`} from ${packet.srcIp}) reached ${ifaceId} although no rule of ${iface.securityGroups.join(', ')} allows it and no tracked connection covers it`,
    });
  }
}, ['net.admit']);

export const networkInvariants: readonly DirectModelAfterEventHook[] = [
  noDeliveryToOthers,
  noSpoofedEgress,
  noUnallowedDelivery,
];
