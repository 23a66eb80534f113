import type { Draft } from 'immer';
import type { HandlerContext } from '../../engine';
import type { SimState } from '../state';
import type { DropCheck, HopStage, Packet } from './types';

/** The two ends of a packet's life: dropped by a check, or handed to an interface. */

export function dropPacket(draft: Draft<SimState>, ctx: HandlerContext, packet: Packet, stage: HopStage, check: DropCheck, by: string | null, reason: string): void {
  const hop = packet.path.find((h) => h.stage === stage);
  packet.status = 'dropped';
  packet.drop = { stage, host: hop?.host ?? null, check, by, reason };
  draft.world.network.dropped++;
  const flow = packet.flow ? draft.world.network.flows[packet.flow] : undefined;
  if (flow) flow.dropped++;
  ctx.touch('net.packet', packet.serial);
  ctx.trace('net', `packet #${packet.serial} DROPPED at ${hop?.label ?? stage} by ${check}: ${reason}`, { serial: packet.serial, check, by });
}

/** Hands a packet to an interface: the one place a guest receives anything (the auditor's probe). */
export function handTo(draft: Draft<SimState>, ctx: HandlerContext, packet: Packet, ifaceId: string): void {
  const iface = draft.world.network.interfaces[ifaceId];
  if (!iface || packet.deliveredTo.includes(ifaceId)) return;
  iface.received++;
  packet.deliveredTo.push(ifaceId);
  ctx.touch('net.delivery', `${packet.serial}|${ifaceId}`);
  ctx.trace('net', `${ifaceId} received packet #${packet.serial} (${packet.label} from ${packet.srcIp})`, { serial: packet.serial, iface: ifaceId });
}

