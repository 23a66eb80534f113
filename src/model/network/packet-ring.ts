import type { Immutable, Writable } from '../../engine';
import type { ModelWriteContext } from '../events';
import type { Packet } from './types';

/** Packets kept in state (a ring by serial): enough for every packet in flight in a lesson. */
export const PACKETS_KEPT = 256;

/** The packet with this serial if the ring still holds it (read-only or draft, as passed in). */
export function packetAt<P extends Immutable<Packet>>(net: { readonly packets: Readonly<Record<number, P>> }, serial: number): P | null {
  const packet = net.packets[serial % PACKETS_KEPT];
  return packet && packet.serial === serial ? packet : null;
}

/**
 * The packet in ring slot `serial`, writable (copied on its first write in the batch; later calls
 * return the same copy, so a handler may keep it while it writes other chunks). The caller has
 * checked that the ring holds it.
 */
export function mutPacket(ctx: ModelWriteContext, serial: number): Writable<Packet> {
  return ctx.mut('world', 'network', 'packets', serial % PACKETS_KEPT);
}

/** One of a packet's lists, writable; the writable packet from `mutPacket` then holds the copy. */
export function mutPacketList<K extends 'hopAt' | 'verdicts' | 'deliveredTo'>(ctx: ModelWriteContext, serial: number, list: K): Writable<Packet[K]> {
  return ctx.mut('world', 'network', 'packets', serial % PACKETS_KEPT, list);
}
