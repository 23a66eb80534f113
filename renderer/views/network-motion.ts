import type { Hop, NetworkWorld, Packet } from '../../src/model/network/types';
import { PACKETS_KEPT } from '../../src/model/network/packets';
import { slotOf, type NetworkLayout } from './network-layout';

/**
 * Where a packet is drawn at a simulated time (pure). Each hop has a point on the layered figure:
 * the interface (guest driver), netback, the firewall band and the NIC on the interface's lane,
 * the network band between hosts, or the Internet box. Between two hops the packet moves
 * linearly over that hop's illustrative latency, so motion follows simulated time only.
 */
export interface Point {
  x: number;
  y: number;
}

/** How long a finished packet stays on the canvas (simulated ns): a drop long enough to read its reason. */
export const DELIVERED_LINGER_NS = 25_000;
export const DROPPED_LINGER_NS = 400_000;

/** Outbound stages run on the sender's lane, inbound ones on the receiver's. */
function laneOf(packet: Packet, hop: Hop): string | null {
  return hop.stage.endsWith('-out') && packet.from !== 'internet' ? packet.from : packet.to;
}

export function hopPoint(layout: NetworkLayout, packet: Packet, index: number): Point | null {
  const hop = packet.path[index];
  if (!hop) return null;
  if (hop.stage === 'wire') {
    const from = packet.from !== 'internet' ? slotOf(layout, packet.from) : null;
    const to = packet.to ? slotOf(layout, packet.to) : null;
    const y = layout.network.y + layout.network.h / 2;
    // To or from the Internet: at the box's right end, clear of its name.
    if (!from || !to) return { x: layout.internet.x + layout.internet.w - 12, y };
    return { x: (from.slot.laneX + to.slot.laneX) / 2, y };
  }
  const lane = laneOf(packet, hop);
  const at = lane ? slotOf(layout, lane) : null;
  if (!at) return null;
  const { column, slot } = at;
  const mid = (b: { y: number; h: number }) => b.y + b.h / 2;
  switch (hop.stage) {
    case 'guest-out':
    case 'guest-in':
      return { x: slot.laneX, y: slot.box.y + slot.box.h - 10 };
    case 'backend-out':
    case 'backend-in':
      return { x: slot.laneX, y: column.backend ? mid(column.backend) : mid(column.firewall) };
    // At the firewall band's edge where the packet meets it (top on the way out, bottom on the
    // way in): a drop's ✕ stops there, on the band, without covering the band's name.
    case 'firewall-out':
      return { x: slot.laneX, y: column.firewall.y + 2 };
    case 'firewall-in':
      return { x: slot.laneX, y: column.firewall.y + column.firewall.h - 2 };
    case 'nic-out':
    case 'nic-in':
      return { x: slot.laneX, y: mid(column.nic) };
  }
  return null;
}

export interface PacketPose {
  packet: Packet;
  at: Point;
  /** Reached its end (delivered) or stopped (dropped). */
  done: boolean;
}

/** The time the packet reached its last hop, or will reach the next one. */
function nextHopTime(packet: Packet): number {
  const last = packet.hopAt[packet.hop] ?? packet.sentAt;
  return last + (packet.path[packet.hop]?.latencyNs ?? 0);
}

/**
 * `reduced` (reduced motion): no glide between hops; a packet in flight is drawn at the last hop
 * it reached, so it moves in jumps from stop to stop and its label stays readable.
 */
export function packetPose(layout: NetworkLayout, packet: Packet, now: number, reduced = false): PacketPose | null {
  if (now < packet.sentAt) return null;
  const here = hopPoint(layout, packet, packet.hop);
  if (!here) return null;
  const reached = packet.hopAt[packet.hop] ?? packet.sentAt;
  if (packet.status !== 'in-flight') {
    const linger = packet.status === 'dropped' ? DROPPED_LINGER_NS : DELIVERED_LINGER_NS;
    return now - reached <= linger ? { packet, at: here, done: true } : null;
  }
  const next = hopPoint(layout, packet, packet.hop + 1);
  if (!next || reduced) return { packet, at: here, done: false };
  const span = nextHopTime(packet) - reached;
  const f = span <= 0 ? 1 : Math.max(0, Math.min(1, (now - reached) / span));
  return { packet, at: { x: here.x + (next.x - here.x) * f, y: here.y + (next.y - here.y) * f }, done: false };
}

/** The packets still in the ring, oldest first. */
export function recentPackets(net: NetworkWorld | undefined, count = PACKETS_KEPT): Packet[] {
  if (!net) return [];
  const out: Packet[] = [];
  for (let serial = Math.max(0, net.nextSerial - count); serial < net.nextSerial; serial++) {
    const p = net.packets[serial % PACKETS_KEPT];
    if (p && p.serial === serial) out.push(p);
  }
  return out;
}

/** Poses of every packet visible at `now` (in flight, just delivered, or dropped recently). */
export function visiblePackets(layout: NetworkLayout, net: NetworkWorld | undefined, now: number, reduced = false): PacketPose[] {
  const out: PacketPose[] = [];
  for (const packet of recentPackets(net, 48)) {
    const pose = packetPose(layout, packet, now, reduced);
    if (pose) out.push(pose);
  }
  return out;
}

/**
 * What the view draws of the visible packets: where several drops stopped at one point only the
 * latest keeps its mark (stacked marks and labels would be unreadable), and the very latest drop
 * (`lastDrop`) carries the note with its reason.
 */
export function shownPackets(poses: readonly PacketPose[]): { shown: PacketPose[]; lastDrop: PacketPose | undefined } {
  const latestAt = new Map<string, PacketPose>();
  for (const pose of poses) if (pose.packet.status === 'dropped') latestAt.set(`${Math.round(pose.at.x)},${Math.round(pose.at.y)}`, pose);
  const drops = new Set(latestAt.values());
  const lastDrop = [...poses].reverse().find((p) => p.packet.status === 'dropped');
  return { shown: poses.filter((pose) => pose.packet.status !== 'dropped' || drops.has(pose)), lastDrop };
}
