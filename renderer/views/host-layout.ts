import type { Domain, Host } from '../../src/model/hypervisor/types';

/**
 * Where everything of one host goes, as plain rectangles (so it can be tested without Pixi).
 * Top to bottom, like the software stack: domains, hypervisor band, hardware, then (Nitro only)
 * the Nitro cards and security chip, which sit beside the main board rather than under it.
 */
export interface Rect {
  x: number;
  y: number;
  w: number;
  h: number;
}

export interface HostLayout {
  width: number;
  height: number;
  title: Rect;
  /** dom0 on Xen; the empty "no dom0" slot on Nitro. */
  controlSlot: Rect;
  guests: Map<string, Rect>;
  hypervisor: Rect;
  hardware: Rect;
  sockets: Rect[];
  /** Physical devices (disk, NIC) at the right of the hardware row; zero width on Nitro. */
  devices: Rect;
  /** Nitro cards (VPC, EBS, instance storage, controller) then the security chip; empty on Xen. */
  cards: Rect[];
}

export const HOST_METRICS = {
  pad: 14,
  gap: 10,
  titleH: 30,
  guestW: 168,
  guestH: 200,
  controlW: 220,
  /** Width of the physical devices column at the right of the hardware row (Xen: disk, NIC). */
  devicesW: 150,
  hypervisorH: 44,
  hardwareH: 86,
  cardsH: 54,
} as const;

export const NITRO_CARDS = [
  { kind: 'nitro-card-vpc', title: 'VPC card', detail: 'ENA networking' },
  { kind: 'nitro-card-ebs', title: 'EBS card', detail: 'NVMe · encryption' },
  { kind: 'nitro-card-instance-storage', title: 'Instance storage', detail: 'NVMe · encryption' },
  { kind: 'nitro-controller', title: 'Controller', detail: 'system control' },
  { kind: 'nitro-security-chip', title: 'Security Chip', detail: 'root of trust' },
] as const;

/** Guests shown on a host: everything not yet reaped, in creation order, dom0 excluded. */
export function visibleGuests(host: Host, domains: Readonly<Record<string, Domain>>): Domain[] {
  const out: Domain[] = [];
  for (const id of host.domains) {
    const d = domains[id];
    if (d && d.role === 'guest' && d.status !== 'destroyed') out.push(d);
  }
  return out;
}

export function layoutHost(host: Host, guests: readonly Domain[], width: number): HostLayout {
  const m = HOST_METRICS;
  const inner = Math.max(m.controlW + m.guestW + m.gap, width - 2 * m.pad);
  const title = { x: m.pad, y: 8, w: inner, h: m.titleH - 8 };
  const top = m.titleH + 6;
  const controlSlot = { x: m.pad, y: top, w: host.hypervisor === 'xen' ? m.controlW : m.controlW - 40, h: m.guestH };
  const guestsX = controlSlot.x + controlSlot.w + m.gap;
  const perRow = Math.max(1, Math.floor((m.pad + inner - guestsX + m.gap) / (m.guestW + m.gap)));
  const rows = Math.max(1, Math.ceil(guests.length / perRow));
  const guestRects = new Map<string, Rect>();
  guests.forEach((guest, i) => {
    const row = Math.floor(i / perRow);
    const col = i % perRow;
    guestRects.set(guest.id, { x: guestsX + col * (m.guestW + m.gap), y: top + row * (m.guestH + m.gap), w: m.guestW, h: m.guestH });
  });
  const domainsBottom = top + rows * m.guestH + (rows - 1) * m.gap;
  const hypervisor = { x: m.pad, y: domainsBottom + m.gap, w: inner, h: m.hypervisorH };
  const hardware = { x: m.pad, y: hypervisor.y + hypervisor.h + m.gap, w: inner, h: m.hardwareH };
  const sockets: Rect[] = [];
  const socketCount = Math.max(1, host.sockets);
  // Narrow hosts (several side by side) give the label and devices columns less room.
  const narrow = inner < 560;
  const labelW = narrow ? 112 : 150;
  const socketsX = hardware.x + labelW;
  const devicesW = host.hypervisor === 'xen' ? (narrow ? 118 : m.devicesW) : 0;
  const socketW = (hardware.w - labelW - devicesW - m.gap * socketCount) / socketCount;
  for (let s = 0; s < socketCount; s++) {
    sockets.push({ x: socketsX + s * (socketW + m.gap), y: hardware.y + 8, w: socketW, h: hardware.h - 16 });
  }
  const devices = { x: hardware.x + hardware.w - devicesW, y: hardware.y + 8, w: Math.max(0, devicesW - 8), h: hardware.h - 16 };
  const cards: Rect[] = [];
  let height = hardware.y + hardware.h + m.pad;
  if (host.hypervisor === 'nitro') {
    // 12 px above the cards for their caption; on a narrow host the five cards take two rows.
    const y = hardware.y + hardware.h + m.gap + 12;
    const perRow = (inner - m.gap * (NITRO_CARDS.length - 1)) / NITRO_CARDS.length < 112 ? 3 : NITRO_CARDS.length;
    const cardW = (inner - m.gap * (perRow - 1)) / perRow;
    NITRO_CARDS.forEach((_card, i) => cards.push({ x: m.pad + (i % perRow) * (cardW + m.gap), y: y + Math.floor(i / perRow) * (m.cardsH + m.gap), w: cardW, h: m.cardsH }));
    const rows = Math.ceil(NITRO_CARDS.length / perRow);
    height = y + rows * m.cardsH + (rows - 1) * m.gap + m.pad;
  }
  return { width: inner + 2 * m.pad, height, title, controlSlot, guests: guestRects, hypervisor, hardware, sockets, devices, cards };
}

/** Narrowest room beside the domains that the legend may take (logical px): two legend words a row. */
export const LEGEND_SLOT_MIN_WIDTH = 200;

/**
 * Free room to the right of the domain row (no guests, or too few to fill it): a lone host's
 * legend goes there, inside the picture, instead of below it where a short canvas cuts it off.
 * Null when the guests fill the row.
 */
export function legendSlot(layout: HostLayout): Rect | null {
  let right = layout.controlSlot.x + layout.controlSlot.w;
  for (const r of layout.guests.values()) if (r.y === layout.controlSlot.y) right = Math.max(right, r.x + r.w);
  const x = right + HOST_METRICS.gap * 2;
  const w = layout.width - HOST_METRICS.pad - x;
  return w >= LEGEND_SLOT_MIN_WIDTH ? { x, y: layout.controlSlot.y, w, h: layout.controlSlot.h } : null;
}

/** Narrowest a host can be laid out: the control slot plus one guest. */
export const MIN_HOST_WIDTH = HOST_METRICS.controlW + HOST_METRICS.guestW + HOST_METRICS.gap + 2 * HOST_METRICS.pad;
export const MAX_ZOOM = 1.25;

export interface GridPlan {
  columns: number;
  /** Logical width each host is laid out at (before scaling). */
  hostWidth: number;
  scale: number;
}

/**
 * Chooses how many columns of hosts and what logical width make the picture largest in a
 * width × height canvas: one host fills the canvas (up to MAX_ZOOM), several sit side by side
 * when that reads better than a tall, tiny stack.
 */
export function planGrid(hosts: ReadonlyArray<{ host: Host; guests: readonly Domain[] }>, width: number, height: number, gap: number, reservedHeight: number): GridPlan {
  const w = Math.max(100, width - 16);
  const h = Math.max(100, height - 16);
  const heightAt = (columns: number, hostWidth: number): number => {
    let total = reservedHeight;
    for (let row = 0; row * columns < hosts.length; row++) {
      let rowHeight = 0;
      for (const item of hosts.slice(row * columns, (row + 1) * columns)) rowHeight = Math.max(rowHeight, layoutHost(item.host, item.guests, hostWidth).height);
      total += rowHeight + gap;
    }
    return total;
  };
  const scaleAt = (columns: number, hostWidth: number): number =>
    Math.min(MAX_ZOOM, h / Math.max(1, heightAt(columns, hostWidth)), w / (columns * hostWidth + (columns - 1) * gap));
  let best: GridPlan = { columns: 1, hostWidth: Math.max(MIN_HOST_WIDTH, w), scale: 0 };
  const maxColumns = Math.max(1, Math.min(4, hosts.length));
  for (let columns = 1; columns <= maxColumns; columns++) {
    const fullWidth = Math.max(MIN_HOST_WIDTH, (w - (columns - 1) * gap) / columns);
    // If the height allows zooming in (or forces zooming out), lay out at the width that the
    // zoomed picture will fill, so the canvas width is used either way.
    const zoom = Math.min(MAX_ZOOM, h / Math.max(1, heightAt(columns, fullWidth)));
    // Never so narrow that guests wrap onto more rows than at full width.
    const keepRows = Math.max(...hosts.map((item) => {
      let right = 0;
      for (const r of layoutHost(item.host, item.guests, fullWidth).guests.values()) right = Math.max(right, r.x + r.w);
      return right + HOST_METRICS.pad;
    }), MIN_HOST_WIDTH);
    const hostWidth = Math.min(fullWidth, Math.max(keepRows, (w / zoom - (columns - 1) * gap) / columns));
    const candidates = [
      { columns, hostWidth: fullWidth, scale: scaleAt(columns, fullWidth) },
      { columns, hostWidth, scale: scaleAt(columns, hostWidth) },
    ];
    for (const c of candidates) if (c.scale > best.scale * 1.05) best = c;
  }
  return best;
}
