import type { Immutable, Writable } from '../../engine';
import type { ModelWriteContext } from '../events';
import type { SimState } from '../state';
import { mutPacketList } from './packet-ring';
import type { DropCheck, HopStage, Packet } from './types';

/** The two ends of a packet's life: dropped by a check, or handed to an interface. */

/** `packet` is the writable copy from `mutPacket` (its counters and flow live elsewhere in the state). */
export function dropPacket(state: Immutable<SimState>, ctx: ModelWriteContext, packet: Writable<Packet>, stage: HopStage, check: DropCheck, by: string | null, reason: string): void {
  const hop = packet.path.find((h) => h.stage === stage);
  packet.status = 'dropped';
  packet.drop = { stage, host: hop?.host ?? null, check, by, reason };
  ctx.mut('world', 'network').dropped++;
  if (packet.flow && state.world.network.flows[packet.flow]) ctx.mut('world', 'network', 'flows', packet.flow).dropped++;
  ctx.touch('net.packet', packet.serial);
  ctx.trace('net', `packet #${packet.serial} DROPPED at ${hop?.label ?? stage} by ${check}: ${reason}`, { serial: packet.serial, check, by });
}

/** Hands a packet to an interface: the one place a guest receives anything (the auditor's probe). */
export function handTo(state: Immutable<SimState>, ctx: ModelWriteContext, packet: Writable<Packet>, ifaceId: string): void {
  const iface = state.world.network.interfaces[ifaceId];
  if (!iface || packet.deliveredTo.includes(ifaceId)) return;
  ctx.mut('world', 'network', 'interfaces', ifaceId).received++;
  mutPacketList(ctx, packet.serial, 'deliveredTo').push(ifaceId);
  ctx.touch('net.delivery', `${packet.serial}|${ifaceId}`);
  ctx.trace('net', `${ifaceId} received packet #${packet.serial} (${packet.label} from ${packet.srcIp})`, { serial: packet.serial, iface: ifaceId });
}
