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
    // The layer sits a short lane below the guests, as tall as its bands: the free room between it
    // and the NIC, right under the firewall, is where a drop's note goes (placeDropNote).
    const layer: Box = { x: box.x + 6, y: guestsBottom + 4 + Math.min(24, Math.max(0, (space - needed) / 2)), w: inner, h: needed };
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

/** Width a one-line text takes at a size, estimated like linesNeeded (bold included), capped at `max`. */
function textWidth(text: string, size: number, max: number): number {
  return Math.min(max, Math.max(...text.split('\n').map((part) => part.length)) * size * 0.6);
}

function textBox(text: string, size: number, x: number, y: number, wrap: number): Box {
  return { x, y, w: textWidth(text, size, wrap), h: textHeight(text, size, wrap) };
}

/**
 * Every component's name as drawn (network-draw.ts places them at these offsets): host titles,
 * interface boxes (guest, address, tenant), layer titles, the netback, firewall and NIC labels,
 * the Internet box, the network band's words, the heading band and the rules panel. A packet's tag or
 * a drop's note may cross boxes and lanes, never these.
 */
export function nameBoxes(layout: NetworkLayout): Box[] {
  const known = namesOf.get(layout);
  if (known) return known;
  // The heading band whole: its caption's words change with every packet, its layout does not.
  const out: Box[] = [{ x: 0, y: 0, w: layout.width, h: Math.min(layout.panel.y, ...layout.columns.map((c) => c.box.y)) }];
  for (const c of layout.columns) {
    out.push(textBox(c.title.text, c.title.size, c.title.x, c.title.y, c.title.w));
    for (const slot of c.slots) out.push(slot.box);
    out.push(textBox(c.layerTitle.text, c.layerTitle.size, c.layerTitle.x, c.layerTitle.y, c.layerTitle.w));
    if (c.backend) out.push(textBox(c.labels.backend, 14, c.backend.x + 6, c.backend.y + 6, c.backend.w - 12));
    out.push(textBox(c.labels.firewall, 14, c.firewall.x + 8 - 3, c.firewall.y + 6 - 1, c.firewall.w - 14));
    out.push(textBox(c.labels.nic, 14, c.nic.x + 6, c.nic.y + 5, c.nic.w - 12));
  }
  out.push(layout.internet);
  const n = layout.network;
  const i = layout.internet;
  out.push(textBox(NETWORK_WORDS, 14, i.x + i.w + 14, n.y + 13, n.w - i.w - 30));
  out.push(layout.panel);
  namesOf.set(layout, out);
  return out;
}

/** A layout's name boxes, computed once (packets are placed against them every frame while playing). */
const namesOf = new WeakMap<NetworkLayout, Box[]>();

/** The network band's words (drawn by network-draw.ts). */
export const NETWORK_WORDS = 'data-centre network (between hosts)';

const boxesOverlap = (a: Box, b: Box): boolean => a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;

function distanceTo(box: Box, p: { x: number; y: number }): number {
  const dx = Math.max(box.x - p.x, 0, p.x - (box.x + box.w));
  const dy = Math.max(box.y - p.y, 0, p.y - (box.y + box.h));
  return Math.hypot(dx, dy);
}

/** The figure's area left of the panel, from the host columns' top to the network band's bottom. */
export function figureArea(layout: NetworkLayout): Box {
  const top = Math.min(layout.network.y, ...layout.columns.map((c) => c.box.y));
  return { x: PAD, y: top, w: layout.panel.x - 2 * PAD, h: layout.network.y + layout.network.h - top };
}

/**
 * Thin strips along the host columns' frames: the focus outline and the stage's change pulse are
 * drawn there, over the labels, so a tag or a note must not straddle them (`sides`: the vertical
 * edges too; a note may span two columns across their sides, a tag never needs to).
 */
export function frameEdges(layout: NetworkLayout, sides: boolean): Box[] {
  const out: Box[] = [];
  for (const { box } of layout.columns) {
    out.push({ x: box.x - 5, y: box.y - 5, w: box.w + 10, h: 10 }, { x: box.x - 5, y: box.y + box.h - 5, w: box.w + 10, h: 10 });
    if (sides) out.push({ x: box.x - 5, y: box.y, w: 10, h: box.h }, { x: box.x + box.w - 5, y: box.y, w: 10, h: box.h });
  }
  return out;
}

export interface NotePlace {
  box: Box;
  /** The words that fit there (the full reason, or its short form when only that fits). */
  text: string;
  /** Away from the drop mark: draw a line from the note to it. */
  leader: boolean;
}

/**
 * Where a dropped packet's note goes (pure): in the figure, clear of every component's name and
 * of `avoid` (packet marks), as near the drop point `at` as possible — under it when there is
 * room, else in the nearest free place (with a leader line). It tries the column's width, then the
 * whole figure's; each with the full words, then the short form. Null when nothing fits.
 */
export function placeDropNote(layout: NetworkLayout, at: { x: number; y: number }, texts: readonly string[], avoid: readonly Box[] = []): NotePlace | null {
  const area = figureArea(layout);
  const blocked = [...nameBoxes(layout), ...frameEdges(layout, false), ...avoid];
  const column = layout.columns.find((c) => at.x >= c.box.x && at.x <= c.box.x + c.box.w);
  const widths = [...new Set([column ? column.box.w - 12 : area.w, area.w].map((w) => Math.round(Math.max(160, Math.min(area.w, w)))))];
  for (const text of texts) {
    let best: NotePlace | null = null;
    let bestScore = Infinity;
    for (const w of widths) {
      const h = textHeight(text, 14, w - 12) + 10;
      for (let y = area.y; y + h <= area.y + area.h; y += 4) {
        for (let x = area.x; x + w <= area.x + area.w + 0.5; x += 6) {
          const box = { x, y, w, h };
          const d = distanceTo(box, at);
          // Below the mark reads as "beside it"; above costs a little more.
          const score = d + (y + h <= at.y ? 6 : 0);
          if (score >= bestScore || blocked.some((b) => boxesOverlap(b, box))) continue;
          best = { box, text, leader: d > 24 };
          bestScore = score;
        }
      }
    }
    if (best) return best;
  }
  return null;
}

export interface TagPlace {
  box: Box;
  /** Away from the packet (its surroundings are full): draw a line from the tag to it. */
  leader: boolean;
}

/**
 * Where a packet's tag (w × h) goes: above-right of the packet as before, else the nearest free
 * place around it, clear of every name and of `avoid` (the drop note, other tags); when its
 * surroundings are full, the nearest free place in the figure, with a leader line. Falls back to
 * above-right, kept in the figure.
 */
export function placeTag(layout: NetworkLayout, at: { x: number; y: number }, w: number, h: number, avoid: readonly Box[] = []): TagPlace {
  const area = figureArea(layout);
  const clampX = (x: number): number => Math.max(area.x, Math.min(area.x + area.w - w, x));
  const preferred = { x: clampX(at.x + 12), y: at.y - 26, w, h };
  // Clear of the frames' sides too where the tag fits in a column; a wider tag may cross them.
  for (const sides of [true, false]) {
    const blocked = [...nameBoxes(layout), ...frameEdges(layout, sides), ...avoid];
    const fits = (b: Box): boolean => b.x >= area.x && b.x + b.w <= area.x + area.w + 0.5 && b.y >= area.y && b.y + b.h <= area.y + area.h && !blocked.some((o) => boxesOverlap(o, b));
    if (fits(preferred)) return { box: preferred, leader: false };
    // Nearest free place: near the packet first (this runs every frame while playing), then anywhere.
    const nearest = (x0: number, x1: number, y0: number, y1: number): Box | null => {
      let best: Box | null = null;
      let bestDistance = Infinity;
      for (let y = y0; y <= y1; y += 4) {
        for (let x = x0; x <= x1; x += 6) {
          const box = { x, y, w, h };
          const d = distanceTo(box, at);
          if (d < 6 || d >= bestDistance || !fits(box)) continue;
          best = box;
          bestDistance = d;
        }
      }
      return best;
    };
    const near = nearest(at.x - 140 - w, at.x + 140, at.y - 70 - h, at.y + 70);
    if (near) return { box: near, leader: distanceTo(near, at) > 30 };
    const far = nearest(area.x, area.x + area.w - w, area.y, area.y + area.h - h);
    if (far) return { box: far, leader: true };
  }
  return { box: preferred, leader: false };
}
