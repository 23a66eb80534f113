import type { NetInterface, NetworkWorld } from '../../src/model/network/types';
import type { SimState } from '../../src/model/state';

/**
 * Where everything of the Network view sits (pure, testable): one column per host drawn as the
 * AWS whitepaper's layered figure — instances with their interfaces on top, then (Xen) netback in
 * dom0 and the firewall inside the hypervisor layer, or (Nitro) the firewall inside the Nitro card
 * for VPC, then the physical NIC — over a network band with the Internet at its left end. The
 * rule list, the packet log and the legend share a panel on the right.
 */
export interface Box {
  x: number;
  y: number;
  w: number;
  h: number;
}

export interface IfaceSlot {
  iface: string;
  guest: string;
  box: Box;
  /** x of the interface's vertical lane through the layers. */
  laneX: number;
}

export interface HostColumn {
  host: string;
  hypervisor: 'xen' | 'nitro';
  box: Box;
  titleY: number;
  slots: IfaceSlot[];
  /** The hypervisor layer (Xen) or the Nitro card (Nitro) enclosing the firewall. */
  layer: Box;
  /** netback in dom0 (Xen only). */
  backend: Box | null;
  firewall: Box;
  nic: Box;
}

export interface NetworkLayout {
  width: number;
  height: number;
  columns: HostColumn[];
  network: Box;
  internet: Box;
  panel: Box;
  top: number;
}

export const PAD = 12;
export const HEADER_H = 56;
const GUEST_H = 72;
const BAND_H = 34;
const NIC_H = 30;
const NETWORK_H = 50;

/** Hosts that carry at least one interface, in the state's order, with their interfaces. */
export function hostsWithInterfaces(state: SimState, placement: ReadonlyMap<string, string> = new Map()): Array<{ host: string; hypervisor: 'xen' | 'nitro'; ifaces: NetInterface[] }> {
  const net: NetworkWorld | undefined = state.world.network;
  const byHost = new Map<string, NetInterface[]>();
  for (const iface of Object.values(net?.interfaces ?? {})) {
    const host = hostOfGuest(state, iface.guest, placement);
    if (host) byHost.set(host, [...(byHost.get(host) ?? []), iface]);
  }
  return Object.values(state.world.hosts)
    .filter((h) => byHost.has(h.id))
    .map((h) => ({ host: h.id, hypervisor: h.hypervisor, ifaces: byHost.get(h.id) ?? [] }));
}

/** Host of a guest: the running domain's, else the lesson's placement before the domain exists. */
export function hostOfGuest(state: SimState, guest: string, placement: ReadonlyMap<string, string> = new Map()): string | null {
  return state.world.domains[guest]?.hostId ?? placement.get(guest) ?? null;
}

export function networkLayout(state: SimState, width: number, height: number, placement: ReadonlyMap<string, string> = new Map()): NetworkLayout {
  const panelW = Math.round(Math.min(420, Math.max(280, width * 0.32)));
  const panel: Box = { x: width - panelW - PAD, y: HEADER_H, w: panelW, h: height - HEADER_H - PAD };
  const leftW = panel.x - PAD * 2;
  const hosts = hostsWithInterfaces(state, placement);
  const network: Box = { x: PAD, y: height - PAD - NETWORK_H, w: leftW, h: NETWORK_H };
  const internet: Box = { x: PAD + 6, y: network.y + 8, w: 104, h: NETWORK_H - 16 };
  const gap = 14;
  const colW = hosts.length > 0 ? (leftW - gap * (hosts.length - 1)) / hosts.length : leftW;
  const columns: HostColumn[] = hosts.map((h, i) => {
    const x = PAD + i * (colW + gap);
    const box: Box = { x, y: HEADER_H, w: colW, h: network.y - 14 - HEADER_H };
    const perRow = Math.max(1, Math.min(h.ifaces.length, Math.floor((colW - 12) / 128)));
    const rows = Math.ceil(h.ifaces.length / perRow);
    const slotW = (colW - 12 - (perRow - 1) * 8) / perRow;
    const guestsTop = box.y + 34;
    const slots: IfaceSlot[] = h.ifaces.map((iface, k) => {
      const slot: Box = { x: x + 6 + (k % perRow) * (slotW + 8), y: guestsTop + Math.floor(k / perRow) * (GUEST_H + 8), w: slotW, h: GUEST_H };
      return { iface: iface.id, guest: iface.guest, box: slot, laneX: slot.x + slot.w / 2 };
    });
    const guestsBottom = guestsTop + rows * (GUEST_H + 8);
    const nic: Box = { x: x + 6, y: box.y + box.h - NIC_H - 6, w: colW - 12, h: NIC_H };
    // The layer box fills the space between the guests and the NIC; its bands sit in its middle.
    const layer: Box = { x: x + 6, y: guestsBottom + 10, w: colW - 12, h: Math.max(h.hypervisor === 'xen' ? BAND_H * 2 + 40 : BAND_H + 34, nic.y - guestsBottom - 22) };
    const inner = (k: number): Box => ({ x: layer.x + 8, y: layer.y + 28 + k * (BAND_H + 8), w: layer.w - 16, h: BAND_H });
    const backend = h.hypervisor === 'xen' ? inner(0) : null;
    const firewall = inner(h.hypervisor === 'xen' ? 1 : 0);
    return { host: h.host, hypervisor: h.hypervisor, box, titleY: box.y + 6, slots, layer, backend, firewall, nic };
  });
  return { width, height, columns, network, internet, panel, top: HEADER_H };
}

export function slotOf(layout: NetworkLayout, iface: string): { column: HostColumn; slot: IfaceSlot } | null {
  for (const column of layout.columns) {
    const slot = column.slots.find((s) => s.iface === iface);
    if (slot) return { column, slot };
  }
  return null;
}
