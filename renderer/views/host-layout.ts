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

/**
 * Sizes in logical px (drawn at 7/6: 12 px type reads 14 px). The vertical budget is tight on
 * purpose: at 1280×720 with both side panels open the canvas is 507 px tall, 420 logical, and one
 * host with its legend above must fit in it (host-layout.test.ts).
 */
export const HOST_METRICS = {
  pad: 14,
  /** Space under the hardware row (or the Nitro cards). */
  padBottom: 8,
  /** Between boxes side by side. */
  gap: 10,
  /** Between the rows: domains, hypervisor band, hardware. */
  rowGap: 8,
  titleH: 24,
  guestW: 168,
  guestH: 200,
  controlW: 220,
  /** Width of the physical devices column at the right of the hardware row (Xen: disk, NIC). */
  devicesW: 150,
  hypervisorH: 40,
  hardwareH: 74,
  cardsH: 54,
} as const;

/**
 * Where a domain box's rows go (host-parts.ts draws them here): the name, the mode badge, the
 * key–value rows, then the vCPU squares and the memory row, which keeps `padding` above the box's
 * bottom edge (host-layout.test.ts).
 */
export const DOMAIN_BODY = {
  nameY: 30,
  modeY: 52,
  rowsY: 76,
  rowH: 16,
  /** Height of a 12 px text line (Inter). */
  textH: 15,
  vcpusDy: 3,
  memoryDy: 21,
  padding: 6,
  /** dom0: the backends' caption, the first chip row, the chip pitch, then vCPUs and memory under the chips. */
  chipsCaptionY: 94,
  chipsY: 110,
  chipPitch: 24,
  chipsVcpusDy: 24,
  chipsMemoryDy: 42,
} as const;

/** Bottom of a guest's last row (memory) with `rows` key–value rows above its vCPUs. */
export function guestContentBottom(rows: number): number {
  const b = DOMAIN_BODY;
  return b.rowsY + rows * b.rowH + b.memoryDy + b.textH;
}

/** Bottom of dom0's last row (memory) with `chipRows` rows of backend chips. */
export function dom0ContentBottom(chipRows: number): number {
  const b = DOMAIN_BODY;
  return b.chipsY + (chipRows - 1) * b.chipPitch + b.chipsMemoryDy + b.textH;
}

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
  const title = { x: m.pad, y: 6, w: inner, h: m.titleH - 6 };
  const top = m.titleH + 6;
  const controlSlot = { x: m.pad, y: top, w: host.hypervisor === 'xen' ? m.controlW : m.controlW - 40, h: m.guestH };
  const guestsX = controlSlot.x + controlSlot.w + m.gap;
  const perRow = Math.max(1, Math.floor((m.pad + inner - guestsX + m.gap) / (m.guestW + m.gap)));
  const rows = Math.max(1, Math.ceil(guests.length / perRow));
  const guestRects = new Map<string, Rect>();
  guests.forEach((guest, i) => {
    const row = Math.floor(i / perRow);
    const col = i % perRow;
    guestRects.set(guest.id, { x: guestsX + col * (m.guestW + m.gap), y: top + row * (m.guestH + m.rowGap), w: m.guestW, h: m.guestH });
  });
  const domainsBottom = top + rows * m.guestH + (rows - 1) * m.rowGap;
  const hypervisor = { x: m.pad, y: domainsBottom + m.rowGap, w: inner, h: m.hypervisorH };
  const hardware = { x: m.pad, y: hypervisor.y + hypervisor.h + m.rowGap, w: inner, h: m.hardwareH };
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
  let height = hardware.y + hardware.h + m.padBottom;
  if (host.hypervisor === 'nitro') {
    // 12 px above the cards for their caption; on a narrow host the five cards take two rows.
    const y = hardware.y + hardware.h + m.rowGap + 12;
    const perRow = (inner - m.gap * (NITRO_CARDS.length - 1)) / NITRO_CARDS.length < 112 ? 3 : NITRO_CARDS.length;
    const cardW = (inner - m.gap * (perRow - 1)) / perRow;
    NITRO_CARDS.forEach((_card, i) => cards.push({ x: m.pad + (i % perRow) * (cardW + m.gap), y: y + Math.floor(i / perRow) * (m.cardsH + m.rowGap), w: cardW, h: m.cardsH }));
    const rows = Math.ceil(NITRO_CARDS.length / perRow);
    height = y + rows * m.cardsH + (rows - 1) * m.rowGap + m.padBottom;
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

/**
 * The host drawings' smallest type is 12 px: drawn at least this much larger it is ≥ 14 px on
 * screen (the projection standard). Hosts are laid out for the canvas width divided by it.
 */
export const HOST_MIN_SCALE = 14 / 12;
/** Legend rows: their pitch and an item's height (a swatch and a 12 px label). */
export const LEGEND_ROW = 20;
const LEGEND_ITEM_H = 18;
/** Between the legend band and the hosts under it. */
export const LEGEND_GAP = 8;
/** Between stacked hosts. */
export const HOST_GAP = 16;
/** Canvas margin around the picture (screen px). */
const MARGIN = 8;

export interface LegendFlow {
  /** Each item's top-left, relative to the legend's. */
  positions: Array<{ x: number; y: number }>;
  w: number;
  h: number;
}

/** Legend items (their widths) flowed into rows no wider than `width`. */
export function legendRows(widths: readonly number[], width: number): LegendFlow {
  const positions: Array<{ x: number; y: number }> = [];
  let x = 0;
  let y = 0;
  let w = 0;
  for (const itemW of widths) {
    if (x + itemW > width && x > 0) {
      x = 0;
      y += LEGEND_ROW;
    }
    positions.push({ x, y });
    w = Math.max(w, x + itemW);
    x += itemW + 18;
  }
  return { positions, w, h: widths.length > 0 ? y + LEGEND_ITEM_H : 0 };
}

export interface PicturePlan {
  /** Where the legend goes: beside a lone host's domains (`rect` in that host's coordinates), or a band above the hosts. */
  legend: { mode: 'beside' | 'top'; width: number; rect: Rect };
  /** Each host's top-left in the picture. */
  hosts: Array<{ x: number; y: number }>;
  /** The picture's size (logical px) and how it is drawn on the canvas: `screen = picture × scale + (x, y)`. */
  width: number;
  height: number;
  scale: number;
  x: number;
  y: number;
}

/**
 * Where the hosts and the legend go on a width × height canvas (pure; the host view follows it).
 * Hosts stack top-down. The legend goes beside a lone host's domains when that free room holds
 * it, else in a band above the hosts: reserved in the picture, so it is never cut off by the
 * canvas's bottom edge (the caption band lies under it) and never drawn over a box. The scale
 * fits the picture to the canvas, never below HOST_MIN_SCALE (readable type): a picture taller
 * than the canvas at that scale is framed by the camera, and the band on top is what shows first.
 */
export function planPicture(layouts: readonly HostLayout[], legend: (width: number) => { w: number; h: number }, width: number, height: number): PicturePlan {
  const widest = Math.max(1, ...layouts.map((l) => l.width));
  const lone = layouts.length === 1 ? layouts[0] : undefined;
  const slot = lone ? legendSlot(lone) : null;
  let plan: Pick<PicturePlan, 'legend' | 'hosts' | 'height'> | null = null;
  if (slot) {
    const size = legend(slot.w);
    if (size.h <= slot.h - 4 && size.w <= slot.w) plan = { legend: { mode: 'beside', width: slot.w, rect: { x: slot.x, y: slot.y + 4, w: size.w, h: size.h } }, hosts: [{ x: 0, y: 0 }], height: lone?.height ?? 0 };
  }
  if (!plan) {
    const bandW = Math.max(200, widest - 2 * HOST_METRICS.pad);
    const size = legend(bandW);
    let y = size.h > 0 ? size.h + LEGEND_GAP : 0;
    const hosts = layouts.map((l) => {
      const at = { x: 0, y };
      y += l.height + HOST_GAP;
      return at;
    });
    plan = { legend: { mode: 'top', width: bandW, rect: { x: HOST_METRICS.pad, y: 0, w: size.w, h: size.h } }, hosts, height: Math.max(1, y - HOST_GAP) };
  }
  const scale = Math.max(HOST_MIN_SCALE, Math.min(MAX_ZOOM * HOST_MIN_SCALE, (height - 2 * MARGIN) / plan.height, (width - 2 * MARGIN) / widest));
  return { ...plan, width: widest, scale, x: Math.max(MARGIN, (width - widest * scale) / 2), y: MARGIN };
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
