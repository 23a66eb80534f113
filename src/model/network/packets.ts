import type { Immutable, Writable } from '../../engine';
import type { ModelWriteContext } from '../events';
import type { SimState } from '../state';
import { cidrContains } from './cidr';
import { dropPacket, handTo } from './deliver';
import { firewallIn, firewallOut } from './firewall';
import { arePeered } from './groups';
import { mutPacket, mutPacketList, packetAt, PACKETS_KEPT } from './packet-ring';
import { buildPath, endpointOf, sendingSide } from './path';
import type { DropCheck, NetworkWorld, Packet, Protocol } from './types';

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

/** The ring lives in `packet-ring.ts` (the firewall writes packets too); importers read it here. */
export { packetAt, PACKETS_KEPT };

interface Resolution {
  to: string | null;
  dstIp: string;
  /** Why the packet cannot be delivered, decided at the sender's firewall. */
  blocked: { check: DropCheck; reason: string } | null;
}

/** Finds the addressed interface in the sender's VPC (or a peered one); different VPCs do not see each other. */
function resolve(net: Immutable<NetworkWorld>, vpc: string | null, spec: SendSpec): Resolution {
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
export function sendPacket(state: Immutable<SimState>, ctx: ModelWriteContext, spec: SendSpec): void {
  const net = state.world.network;
  const sender = spec.from === 'internet' ? null : net.interfaces[spec.from];
  if (spec.from !== 'internet' && !sender) {
    ctx.trace('net', `refused: no interface ${spec.from}`, { iface: spec.from });
    return;
  }
  const resolved = resolve(net, sender?.vpc ?? null, spec);
  const target = resolved.to ? net.interfaces[resolved.to] : undefined;
  const fromEnd = sender ? endpointOf(state.world, sender.guest) : null;
  const toEnd = target ? endpointOf(state.world, target.guest) : null;
  // An interface whose guest has no host yet: no host receives for its address, so the sender's
  // own hypervisor layer (or Nitro card) refuses the packet. Its path ends there; it never
  // reaches a wire (which, with no receiving end, would read as the Internet).
  const unplaced = fromEnd !== null && target !== undefined && toEnd === null; // a blocked resolution names no target
  const resolution: Resolution = unplaced
    ? { ...resolved, blocked: { check: 'instance-not-running', reason: `${target.guest} is not running: no host receives traffic for ${target.ip}` } }
    : resolved;
  const writable = ctx.mut('world', 'network');
  const serial = writable.nextSerial++;
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
    path: unplaced ? sendingSide(fromEnd, spec.sizeBytes) : buildPath(fromEnd, toEnd, spec.sizeBytes),
    hop: 0,
    hopAt: [ctx.now],
    sentAt: ctx.now,
    status: 'in-flight',
    drop: null,
    verdicts: [],
    deliveredTo: [],
    blocked: resolution.blocked,
  };
  ctx.mut('world', 'network', 'packets')[serial % PACKETS_KEPT] = packet;
  if (resolution.to) writable.focus = resolution.to;
  else if (sender) writable.focus = sender.id;
  ctx.touch('net.packet', serial);
  const where = `${spec.from}${sender ? ` (${srcIp})` : ` ${srcIp}`} → ${resolution.to ?? resolution.dstIp}`;
  ctx.trace('net', `packet #${serial} ${packet.label}, ${packet.sizeBytes} B: ${where}${spec.forgeIp || spec.forgeMac ? ' with a FORGED source' : ''}`, { serial, from: spec.from, to: resolution.to });
  // From here on the packet is written through the ring like any other (a copy of a fresh object: cheap).
  if (sender && state.world.domains[sender.guest]?.status !== 'running') {
    dropPacket(state, ctx, mutPacket(ctx, serial), 'guest-out', 'instance-not-running', null, `${sender.guest} is not running`);
    return;
  }
  advance(state, ctx, mutPacket(ctx, serial));
}

/** Schedules the next hop after the current one's illustrative latency. */
function advance(state: Immutable<SimState>, ctx: ModelWriteContext, packet: Writable<Packet>): void {
  const current = packet.path[packet.hop];
  if (packet.hop >= packet.path.length - 1) return finish(state, ctx, packet);
  ctx.schedule(HOP_EVENT, { serial: packet.serial, index: packet.hop + 1 }, current?.latencyNs ?? 0);
}

/** One hop reached: the firewall stages decide, the others only move the packet on. */
export function hopPacket(state: Immutable<SimState>, ctx: ModelWriteContext, payload: { serial: number; index: number }): void {
  const current = packetAt(state.world.network, payload.serial);
  if (!current || current.status !== 'in-flight') return;
  const packet = mutPacket(ctx, payload.serial);
  packet.hop = payload.index;
  mutPacketList(ctx, payload.serial, 'hopAt').push(ctx.now);
  ctx.touch('net.packet', packet.serial);
  const stage = packet.path[payload.index]?.stage;
  if (stage === 'firewall-out' && !firewallOut(state, ctx, packet)) return;
  if (stage === 'firewall-in' && !firewallIn(state, ctx, packet)) return;
  advance(state, ctx, packet);
}

/** The last hop: the addressed guest receives it (or it leaves for the Internet). */
function finish(state: Immutable<SimState>, ctx: ModelWriteContext, packet: Writable<Packet>): void {
  const iface = packet.to ? state.world.network.interfaces[packet.to] : undefined;
  // An interface whose guest has not been created yet has no host, so its path has no receiving
  // side (no firewall hop): nothing runs there to receive, and nothing may reach it unfiltered.
  if (iface && state.world.domains[iface.guest]?.status !== 'running') {
    return dropPacket(state, ctx, packet, packet.path[packet.hop]?.stage ?? 'wire', 'instance-not-running', null, `${iface.guest} is not running`);
  }
  packet.status = 'delivered';
  ctx.mut('world', 'network').delivered++;
  if (!iface) return ctx.trace('net', `packet #${packet.serial} left for the Internet`, { serial: packet.serial });
  handTo(state, ctx, packet, iface.id);
  const flowId = packet.flow;
  const flow = flowId ? state.world.network.flows[flowId] : undefined;
  if (flowId && flow && packet.from === flow.from) ctx.mut('world', 'network', 'flows', flowId).delivered++;
  if (flowId && flow && packet.from === flow.to) ctx.mut('world', 'network', 'flows', flowId).replies++;
  if (packet.reply && packet.from !== 'internet') {
    ctx.schedule('net.reply', { serial: packet.serial }, REPLY_DELAY_NS);
  }
}

/** The receiver answers: source and destination swapped, marked as return traffic. */
export function replyTo(state: Immutable<SimState>, ctx: ModelWriteContext, serial: number): void {
  const original = packetAt(state.world.network, serial);
  if (!original || !original.to) return;
  sendPacket(state, ctx, {
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
