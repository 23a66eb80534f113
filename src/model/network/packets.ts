import type { Draft } from 'immer';
import type { ModelContext } from '../events';
import type { SimState } from '../state';
import { cidrContains } from './cidr';
import { dropPacket, handTo } from './deliver';
import { firewallIn, firewallOut } from './firewall';
import { arePeered } from './groups';
import { buildPath, endpointOf } from './path';
import type { DropCheck, NetworkWorld, Packet, Protocol } from './types';

/** Packets kept in state (a ring by serial): enough for every packet in flight in a lesson. */
export const PACKETS_KEPT = 256;
export const HOP_EVENT = 'net.hop';
/** Time the receiving application takes to answer (illustrative). */
const REPLY_DELAY_NS = 4_000;

export interface SendSpec {
  from: string;
  to?: string | undefined;
  dstIp?: string | undefined;
  srcIp?: string | undefined;
  srcPort?: number | undefined;
  forgeIp?: string | undefined;
  forgeMac?: string | undefined;
  protocol: Protocol;
  port: number;
  sizeBytes: number;
  reply: boolean;
  label?: string | undefined;
  flow?: string | null;
  isReply?: boolean;
}

export function packetAt(net: NetworkWorld, serial: number): Packet | null {
  const packet = net.packets[serial % PACKETS_KEPT];
  return packet && packet.serial === serial ? packet : null;
}

interface Resolution {
  to: string | null;
  dstIp: string;
  /** Why the packet cannot be delivered, decided at the sender's firewall. */
  blocked: { check: DropCheck; reason: string } | null;
}

/** Finds the addressed interface in the sender's VPC (or a peered one); different VPCs do not see each other. */
function resolve(net: NetworkWorld, vpc: string | null, spec: SendSpec): Resolution {
  if (spec.to !== undefined) {
    const target = net.interfaces[spec.to];
    if (!target) return { to: null, dstIp: spec.dstIp ?? '0.0.0.0', blocked: { check: 'no-such-address', reason: `no interface ${spec.to}` } };
    if (vpc !== null && !arePeered(net, vpc, target.vpc)) {
      return { to: null, dstIp: target.ip, blocked: { check: 'vpc-boundary', reason: `${target.id} is in ${target.vpc}; ${vpc} has no peering or other connection to it, so ${target.ip} is not reachable from here` } };
    }
    return { to: target.id, dstIp: target.ip, blocked: null };
  }
  const dstIp = spec.dstIp ?? '0.0.0.0';
  if (vpc === null) return { to: null, dstIp, blocked: { check: 'no-such-address', reason: `${dstIp} is a private address: the Internet cannot route to it` } };
  for (const candidate of [vpc, ...net.peerings.flatMap((p) => p.split('|')).filter((v) => v !== vpc && arePeered(net, vpc, v))]) {
    const id = net.addresses[candidate]?.[dstIp];
    if (id) return { to: id, dstIp, blocked: null };
  }
  const own = net.vpcs[vpc];
  if (own && cidrContains(own.cidr, dstIp)) return { to: null, dstIp, blocked: { check: 'no-such-address', reason: `no interface has ${dstIp} in ${vpc}` } };
  const other = Object.values(net.vpcs).find((v) => v.id !== vpc && cidrContains(v.cidr, dstIp));
  if (other) return { to: null, dstIp, blocked: { check: 'vpc-boundary', reason: `${dstIp} belongs to another VPC; ${vpc} has no connection to it` } };
  return { to: null, dstIp, blocked: null };
}

/** Creates a packet and starts it on its path (the first hop is the sending guest's driver). */
export function sendPacket(draft: Draft<SimState>, ctx: ModelContext, spec: SendSpec): Packet | null {
  const net = draft.world.network;
  const sender = spec.from === 'internet' ? null : net.interfaces[spec.from];
  if (spec.from !== 'internet' && !sender) {
    ctx.trace('net', `refused: no interface ${spec.from}`, { iface: spec.from });
    return null;
  }
  const resolution = resolve(net, sender?.vpc ?? null, spec);
  const target = resolution.to ? net.interfaces[resolution.to] : undefined;
  const fromEnd = sender ? endpointOf(draft.world, sender.guest) : null;
  const toEnd = target ? endpointOf(draft.world, target.guest) : null;
  const serial = net.nextSerial++;
  const srcIp = sender ? (spec.forgeIp ?? sender.ip) : (spec.srcIp ?? '198.51.100.7');
  const packet: Packet = {
    serial,
    flow: spec.flow ?? null,
    from: spec.from,
    to: resolution.to,
    srcIp,
    srcMac: sender ? (spec.forgeMac ?? sender.mac) : '02:ff:ff:ff:ff:ff',
    dstIp: resolution.dstIp,
    protocol: spec.protocol,
    srcPort: spec.protocol === 'icmp' ? 0 : (spec.srcPort ?? 49152 + (serial % 16384)),
    dstPort: spec.protocol === 'icmp' ? 0 : spec.port,
    sizeBytes: spec.sizeBytes,
    reply: spec.reply && !(spec.isReply ?? false),
    label: spec.label ?? `${spec.protocol.toUpperCase()}${spec.protocol === 'icmp' ? '' : ` ${spec.port}`}${spec.isReply ? ' reply' : ''}`,
    path: buildPath(fromEnd, toEnd, spec.sizeBytes),
    hop: 0,
    hopAt: [ctx.now],
    sentAt: ctx.now,
    status: 'in-flight',
    drop: null,
    verdicts: [],
    deliveredTo: [],
    blocked: resolution.blocked,
  };
  net.packets[serial % PACKETS_KEPT] = packet;
  if (resolution.to) net.focus = resolution.to;
  else if (sender) net.focus = sender.id;
  ctx.touch('net.packet', serial);
  const where = `${spec.from}${sender ? ` (${srcIp})` : ` ${srcIp}`} → ${resolution.to ?? resolution.dstIp}`;
  ctx.trace('net', `packet #${serial} ${packet.label}, ${packet.sizeBytes} B: ${where}${spec.forgeIp || spec.forgeMac ? ' with a FORGED source' : ''}`, { serial, from: spec.from, to: resolution.to });
  if (sender && draft.world.domains[sender.guest]?.status !== 'running') {
    dropPacket(draft, ctx, packet, 'guest-out', 'instance-not-running', null, `${sender.guest} is not running`);
    return packet;
  }
  advance(draft, ctx, packet);
  return packet;
}

/** Schedules the next hop after the current one's illustrative latency. */
function advance(draft: Draft<SimState>, ctx: ModelContext, packet: Packet): void {
  const current = packet.path[packet.hop];
  if (packet.hop >= packet.path.length - 1) return finish(draft, ctx, packet);
  ctx.schedule(HOP_EVENT, { serial: packet.serial, index: packet.hop + 1 }, current?.latencyNs ?? 0);
}

/** One hop reached: the firewall stages decide, the others only move the packet on. */
export function hopPacket(draft: Draft<SimState>, ctx: ModelContext, payload: { serial: number; index: number }): void {
  const packet = packetAt(draft.world.network, payload.serial);
  if (!packet || packet.status !== 'in-flight') return;
  packet.hop = payload.index;
  packet.hopAt.push(ctx.now);
  ctx.touch('net.packet', packet.serial);
  const stage = packet.path[payload.index]?.stage;
  if (stage === 'firewall-out' && !firewallOut(draft, ctx, packet)) return;
  if (stage === 'firewall-in' && !firewallIn(draft, ctx, packet)) return;
  advance(draft, ctx, packet);
}

/** The last hop: the addressed guest receives it (or it leaves for the Internet). */
function finish(draft: Draft<SimState>, ctx: ModelContext, packet: Packet): void {
  const net = draft.world.network;
  packet.status = 'delivered';
  net.delivered++;
  const iface = packet.to ? net.interfaces[packet.to] : undefined;
  if (!iface) return ctx.trace('net', `packet #${packet.serial} left for the Internet`, { serial: packet.serial });
  handTo(draft, ctx, packet, iface.id);
  const flow = packet.flow ? net.flows[packet.flow] : undefined;
  if (flow && packet.from === flow.from) flow.delivered++;
  if (flow && packet.from === flow.to) flow.replies++;
  if (packet.reply && packet.from !== 'internet') {
    ctx.schedule('net.reply', { serial: packet.serial }, REPLY_DELAY_NS);
  }
}

/** The receiver answers: source and destination swapped, marked as return traffic. */
export function replyTo(draft: Draft<SimState>, ctx: ModelContext, serial: number): void {
  const original = packetAt(draft.world.network, serial);
  if (!original || !original.to) return;
  sendPacket(draft, ctx, {
    from: original.to,
    dstIp: original.srcIp,
    srcPort: original.dstPort,
    protocol: original.protocol,
    port: original.srcPort,
    sizeBytes: original.sizeBytes,
    reply: false,
    isReply: true,
    flow: original.flow,
    label: `${original.label} · reply`,
  });
}
