import type { NetInterface, NetworkWorld } from '../../src/model/network/types';
import type { SimState } from '../../src/model/state';

/**
 * Where everything of the Network view sits (pure, testable): one column per host drawn as the
 * AWS whitepaper's layered figure — instances with their interfaces on top, then (Xen) netback in
 * dom0 and the firewall inside the hypervisor layer, or (Nitro) the firewall inside the Nitro card
 * for VPC, then the physical NIC — over a network band with the Internet at its left end. The
 * rule list and the legend share a panel on the right. Texts are wrapped, never cut: heights come
 * from an estimate of how many lines each label needs at its size.
 */
export interface Box {
  x: number;
  y: number;
  w: number;
  h: number;
}

export interface Label {
  text: string;
  x: number;
  y: number;
  w: number;
  size: number;
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
  title: Label;
  slots: IfaceSlot[];
  /** The hypervisor layer (Xen) or the Nitro card (Nitro) enclosing the firewall. */
  layer: Box;
  layerTitle: Label;
  /** netback in dom0 (Xen only). */
  backend: Box | null;
  firewall: Box;
  nic: Box;
  labels: { backend: string; firewall: string; nic: string };
}

export interface NetworkLayout {
  width: number;
  height: number;
  header: { title: Label; caption: Label };
  columns: HostColumn[];
  network: Box;
  internet: Box;
  panel: Box;
}

export const PAD = 10;
const NETWORK_H = 44;
const GAP = 10;

/** Lines a text needs at a font size in a width (a generous per-character estimate). */
export function linesNeeded(text: string, size: number, width: number): number {
  const perLine = Math.max(1, Math.floor(width / (size * 0.56)));
  let lines = 0;
  for (const part of text.split('\n')) lines += Math.max(1, Math.ceil(part.length / perLine));
  return lines;
}

export function textHeight(text: string, size: number, width: number): number {
  return linesNeeded(text, size, width) * Math.round(size * 1.25);
}

/** The longest of the choices that fits on one line, else the shortest (wrapped). */
function fitting(choices: readonly string[], size: number, width: number): string {
  return choices.find((c) => linesNeeded(c, size, width) === 1) ?? (choices.at(-1) as string);
}

/** Hosts that carry at least one interface, in the state's order, with their interfaces. */
export function hostsWithInterfaces(state: SimState, placement: ReadonlyMap<string, string> = new Map()): Array<{ host: string; name: string; hypervisor: 'xen' | 'nitro'; xenVersion: string | null; ifaces: NetInterface[] }> {
  const net: NetworkWorld | undefined = state.world.network;
  const byHost = new Map<string, NetInterface[]>();
  for (const iface of Object.values(net?.interfaces ?? {})) {
    const host = hostOfGuest(state, iface.guest, placement);
    if (host) byHost.set(host, [...(byHost.get(host) ?? []), iface]);
  }
  return Object.values(state.world.hosts)
    .filter((h) => byHost.has(h.id))
    .map((h) => ({ host: h.id, name: h.name, hypervisor: h.hypervisor, xenVersion: h.xenVersion, ifaces: byHost.get(h.id) ?? [] }));
}

/** Host of a guest: its domain's, else the lesson's placement before the domain exists. */
export function hostOfGuest(state: SimState, guest: string, placement: ReadonlyMap<string, string> = new Map()): string | null {
  return state.world.domains[guest]?.hostId ?? placement.get(guest) ?? null;
}

/** The two lines of an interface box: guest and address, then its tenant. */
export function slotLines(iface: NetInterface): [string, string] {
  return [`${iface.guest} · ${iface.ip}`, `${iface.tenant}${iface.promiscuous ? ' · promiscuous' : ''}`];
}

export function networkLayout(state: SimState, width: number, height: number, caption: string, placement: ReadonlyMap<string, string> = new Map()): NetworkLayout {
  const titleText = fitting(['Network isolation: every packet passes the firewall in the hypervisor layer', 'Every packet passes the firewall'], 18, width - 2 * PAD);
  const title: Label = { text: titleText, x: PAD, y: 4, w: width - 2 * PAD, size: 18 };
  const captionLabel: Label = { text: caption, x: PAD, y: 4 + textHeight(titleText, 18, title.w) + 2, w: width - 2 * PAD, size: 14 };
  const top = captionLabel.y + textHeight(caption, 14, captionLabel.w) + 8;
  const panelW = Math.round(Math.min(400, Math.max(250, width * 0.32)));
  const panel: Box = { x: width - panelW - PAD, y: top, w: panelW, h: height - top - PAD };
  const leftW = panel.x - PAD * 2;
  const hosts = hostsWithInterfaces(state, placement);
  const network: Box = { x: PAD, y: height - PAD - NETWORK_H, w: leftW, h: NETWORK_H };
  const internet: Box = { x: PAD + 6, y: network.y + 6, w: 92, h: NETWORK_H - 12 };
  // Hosts with more interfaces get wider columns (up to 2.2×), so their boxes sit side by side.
  const weights = hosts.map((h) => Math.min(2.2, 1 + 0.4 * (h.ifaces.length - 1)));
  const total = weights.reduce((a, b) => a + b, 0) || 1;
  const usable = leftW - GAP * Math.max(0, hosts.length - 1);
  let x = PAD;
  const columns: HostColumn[] = hosts.map((h, i) => {
    const colW = (usable * (weights[i] ?? 1)) / total;
    const box: Box = { x, y: top, w: colW, h: network.y - 10 - top };
    x += colW + GAP;
    const inner = colW - 12;
    const titleStr = `${h.name} (${h.hypervisor === 'xen' ? `Xen${h.xenVersion ? ` ${h.xenVersion}` : ''}` : 'Nitro'})`;
    const titleLabel: Label = { text: titleStr, x: box.x + 8, y: box.y + 4, w: colW - 16, size: 18 };
    const guestsTop = titleLabel.y + textHeight(titleStr, 18, titleLabel.w) + 4;
    const perRow = Math.max(1, Math.min(h.ifaces.length, Math.floor(inner / 150)));
    const slotW = (inner - (perRow - 1) * 6) / perRow;
    const slotH = Math.max(...h.ifaces.map((f) => slotLines(f).reduce((sum, line) => sum + textHeight(line, 14, slotW - 20), 0)), 36) + 8;
    const slots: IfaceSlot[] = h.ifaces.map((iface, k) => {
      const slot: Box = { x: box.x + 6 + (k % perRow) * (slotW + 6), y: guestsTop + Math.floor(k / perRow) * (slotH + 6), w: slotW, h: slotH };
      return { iface: iface.id, guest: iface.guest, box: slot, laneX: slot.x + slot.w / 2 };
    });
    const guestsBottom = guestsTop + Math.ceil(h.ifaces.length / perRow) * (slotH + 6);
    const labels = {
      backend: fitting(['netback in dom0 (a vif per interface)', 'netback in dom0', 'netback'], 14, inner - 28),
      firewall: fitting(['FIREWALL: security groups · anti-spoofing', 'FIREWALL: security groups', 'FIREWALL'], 14, inner - 28),
      nic: h.hypervisor === 'xen' ? fitting(['physical NIC'], 14, inner - 12) : fitting(['network port of the Nitro card', 'Nitro card port'], 14, inner - 12),
    };
    const nicH = textHeight(labels.nic, 14, inner - 12) + 10;
    const nic: Box = { x: box.x + 6, y: box.y + box.h - nicH - 6, w: inner, h: nicH };
    const layerTitleStr = h.hypervisor === 'xen' ? fitting(['Hypervisor layer (Xen + dom0)', 'Hypervisor layer'], 14, inner - 16) : fitting(['Nitro card for VPC (no dom0)', 'Nitro card for VPC'], 14, inner - 16);
    const layerTitleH = textHeight(layerTitleStr, 14, inner - 16);
    const bandH = (label: string) => textHeight(label, 14, inner - 28) + 12;
    const bands = h.hypervisor === 'xen' ? [bandH(labels.backend), bandH(labels.firewall)] : [bandH(labels.firewall)];
    const needed = 8 + layerTitleH + bands.reduce((a, b) => a + b + 6, 0) + 4;
    const space = nic.y - guestsBottom - 12;
    const layer: Box = { x: box.x + 6, y: guestsBottom + 4 + Math.max(0, (space - needed) / 2), w: inner, h: Math.max(needed, Math.min(space, needed + 30)) };
    const layerTitle: Label = { text: layerTitleStr, x: layer.x + 8, y: layer.y + 4, w: inner - 16, size: 14 };
    let by = layer.y + 8 + layerTitleH;
    const bandBoxes = bands.map((bh) => {
      const b: Box = { x: layer.x + 8, y: by, w: inner - 16, h: bh };
      by += bh + 6;
      return b;
    });
    const backend = h.hypervisor === 'xen' ? (bandBoxes[0] ?? null) : null;
    const firewall = bandBoxes[h.hypervisor === 'xen' ? 1 : 0] as Box;
    return { host: h.host, hypervisor: h.hypervisor, box, title: titleLabel, slots, layer, layerTitle, backend, firewall, nic, labels };
  });
  return { width, height, header: { title, caption: captionLabel }, columns, network, internet, panel };
}

export function slotOf(layout: NetworkLayout, iface: string): { column: HostColumn; slot: IfaceSlot } | null {
  for (const column of layout.columns) {
    const slot = column.slots.find((s) => s.iface === iface);
    if (slot) return { column, slot };
  }
  return null;
}
