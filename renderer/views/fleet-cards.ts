import { Container, Graphics } from 'pixi.js';
import { getHost, getInstance } from '../../src/model/tenancy/store';
import type { FleetHost, FleetWorld, Instance, Slot } from '../../src/model/tenancy/types';
import { UI, inkOn, type TenantPattern } from '../palette';
import { drawPattern } from './draw';
import type { Box } from './camera';
import { text } from './fleet-draw';
import { billingWords, placementRefusal } from './fleet-text';

/**
 * The Fleet view's detailed cards for a lesson step's hosts and instances: per host its id and
 * kind, sockets → cores (each core in the colour and pattern of the account using it), and a row
 * per instance slot (id, account, tenancy, cores). Focused instances without a host get a card
 * that says so. Everything else of the fleet stays as the dot map around the cards.
 */
export interface FocusCards {
  root: Container;
  /** Where each host card and instance row is, in the cards' parent coordinates. */
  boxes: Map<string, Box>;
}

export interface CardStyle {
  accountColor(account: string | null): number;
  accountPattern(account: string | null): TenantPattern;
  accountName(account: string | null): string;
  onSelect(instanceId: string): void;
}

const TENANCY: Record<Slot['tenancy'], string> = { default: 'shared tenancy', dedicated: 'Dedicated Instance', host: 'on Dedicated Host' };

/** The hosts a focus names, directly or through its instances (in focus order, no repeats). */
export function focusedHosts(fleet: FleetWorld, ids: Iterable<string>): { hosts: FleetHost[]; unplaced: Instance[]; missing: string[] } {
  const hosts: FleetHost[] = [];
  const unplaced: Instance[] = [];
  const missing: string[] = [];
  const seen = new Set<string>();
  for (const id of ids) {
    const instance = getInstance(fleet, id);
    const hostId = instance ? instance.host : id;
    const host = hostId ? getHost(fleet, hostId) : undefined;
    if (host && !seen.has(host.id)) {
      seen.add(host.id);
      hosts.push(host);
    } else if (instance && !instance.host) unplaced.push(instance);
    else if (!instance && !host) missing.push(id);
  }
  return { hosts, unplaced, missing };
}

function kindLine(host: FleetHost, style: CardStyle): string {
  if (host.kind === 'dedicated-host') return `Dedicated Host of ${style.accountName(host.owner)}`;
  if (host.dedicatedTo) return `AWS host, Dedicated Instances of ${style.accountName(host.dedicatedTo)}`;
  return 'AWS host, shared';
}

function swatch(g: Graphics, x: number, y: number, size: number, account: string | null, style: CardStyle): void {
  const color = style.accountColor(account);
  g.rect(x, y, size, size).fill(color);
  drawPattern(g, style.accountPattern(account), x, y, size, size, 5).stroke({ color: inkOn(color), width: 1, alpha: 0.7 });
}

function hostCard(fleet: FleetWorld, host: FleetHost, focused: ReadonlySet<string>, width: number, height: number, style: CardStyle, boxes: Map<string, Box>, origin: { x: number; y: number }): Container {
  const card = new Container({ label: `fleet-card:${host.id}` });
  const bg = new Graphics();
  card.addChild(bg);
  const pad = 10;
  const title = text(`${host.id}${host.state !== 'available' ? ` · ${host.state.toUpperCase()}` : ''}`, 18, host.state === 'available' ? UI.text : UI.violation);
  title.position.set(pad, 6);
  const kind = text(kindLine(host, style), 14, UI.text, width - 2 * pad);
  kind.position.set(pad, title.y + title.height);
  const cores = host.physicalCores ?? Math.max(1, host.usedCores);
  const sockets = Math.max(1, host.sockets ?? 1);
  const shape = text(`${host.instanceType ?? host.family} · ${host.sockets ?? '?'} socket${sockets === 1 ? '' : 's'} · ${cores} cores · ${host.usedCores} used`, 14, UI.muted, width - 2 * pad);
  shape.position.set(pad, kind.y + kind.height);
  card.addChild(title, kind, shape);
  // Sockets → cores: each core a square (≥ 10 px) in the colour and pattern of its account.
  const owners: Array<string | null> = [];
  for (const slot of host.slots) for (let c = 0; c < slot.cores; c++) owners.push(slot.account);
  const perSocket = Math.ceil(cores / sockets);
  const top = shape.y + shape.height + 6;
  const socketW = (width - 2 * pad - (sockets - 1) * 8) / sockets;
  const rowsRoom = Math.max(24, (height - top) * 0.4);
  let cell = 22;
  let cols = 1;
  for (; cell > 10; cell--) {
    cols = Math.max(1, Math.floor((socketW - 8) / (cell + 2)));
    if (Math.ceil(perSocket / cols) * (cell + 2) + 8 <= rowsRoom) break;
  }
  cols = Math.max(1, Math.floor((socketW - 8) / (cell + 2)));
  const socketH = Math.ceil(perSocket / cols) * (cell + 2) + 8;
  const g = new Graphics();
  for (let s = 0; s < sockets; s++) {
    const sx = pad + s * (socketW + 8);
    g.rect(sx, top, socketW, socketH).stroke({ color: UI.border, width: 1 });
    for (let c = 0; c < perSocket && s * perSocket + c < cores; c++) {
      const owner = owners[s * perSocket + c] ?? null;
      const x = sx + 4 + (c % cols) * (cell + 2);
      const y = top + 4 + Math.floor(c / cols) * (cell + 2);
      if (owner) swatch(g, x, y, cell, owner, style);
      else g.rect(x, y, cell, cell).fill(UI.empty).stroke({ color: UI.border, width: 1 });
    }
  }
  card.addChild(g);
  // One row per instance slot; focused ones outlined.
  let y = top + socketH + 8;
  const rowH = 28;
  const room = Math.max(1, Math.floor((height - y - 4) / rowH));
  const slots = [...host.slots].sort((a, b) => Number(focused.has(b.instance)) - Number(focused.has(a.instance)));
  slots.slice(0, slots.length > room ? room - 1 : room).forEach((slot) => {
    const row = new Container({ label: `instance-row:${slot.instance}` });
    row.position.set(pad, y);
    const mark = new Graphics();
    swatch(mark, 0, 6, 16, slot.account, style);
    const billing = billingWords(getInstance(fleet, slot.instance)?.billing ?? 'linux');
    const words = text(`${slot.instance} · ${style.accountName(slot.account)} · ${TENANCY[slot.tenancy]} · ${slot.cores} cores${billing ? ` · ${billing}` : ''}`, 14, UI.text, width - 2 * pad - 24);
    words.position.set(22, 4);
    row.addChild(mark, words);
    if (focused.has(slot.instance)) {
      const outline = new Graphics().roundRect(-4, -1, width - 2 * pad + 8, Math.max(rowH, words.height + 8), 4).stroke({ color: UI.focus, width: 2 });
      row.addChild(outline);
      boxes.set(slot.instance, { x: origin.x + pad - 4, y: origin.y + y - 1, width: width - 2 * pad + 8, height: Math.max(rowH, words.height + 8) });
    }
    row.eventMode = 'static';
    row.cursor = 'pointer';
    row.on('pointertap', () => style.onSelect(slot.instance));
    card.addChild(row);
    y += Math.max(rowH, words.height + 8);
  });
  if (slots.length > room) {
    const more = text(`+ ${slots.length - room + 1} more instances (zoom in with I to list them)`, 14, UI.muted);
    more.position.set(pad, y);
    card.addChild(more);
    y += rowH;
  }
  if (slots.length === 0) {
    const none = text('no instances', 14, UI.muted);
    none.position.set(pad, y);
    card.addChild(none);
  }
  const edge = focused.has(host.id) ? UI.focus : host.kind === 'dedicated-host' ? style.accountColor(host.owner) : UI.border;
  bg.roundRect(0, 0, width, height, 8).fill(UI.panel).stroke({ color: edge, width: focused.has(host.id) ? 3 : 1.5 });
  boxes.set(host.id, { x: origin.x, y: origin.y, width, height });
  return card;
}

function unplacedCard(instance: Instance, width: number, style: CardStyle, boxes: Map<string, Box>, origin: { x: number; y: number }): Container {
  const card = new Container({ label: `fleet-card:${instance.id}` });
  const billing = billingWords(instance.billing);
  const refusal = placementRefusal(instance);
  const lines = [
    `${instance.id} · ${style.accountName(instance.account)} · ${instance.type} · ${TENANCY[instance.tenancy]}${billing ? ` · ${billing}` : ''}`,
    `${instance.state}, on no host${instance.lastHost ? ` (last on ${instance.lastHost})` : ''}`,
    ...(refusal ? [`✕ placement ${refusal}`] : []),
  ];
  const words = text(lines.join('\n'), 14, UI.text, width - 40);
  words.position.set(32, 8);
  const g = new Graphics();
  swatch(g, 10, 10, 16, instance.account, style);
  const h = words.height + 16;
  card.addChild(new Graphics().roundRect(0, 0, width, h, 8).fill(UI.panel).stroke({ color: UI.focus, width: 2 }), g, words);
  boxes.set(instance.id, { x: origin.x, y: origin.y, width, height: h });
  return card;
}

/** Lays the cards out in a grid inside `area` (parent coordinates). */
export function drawFocusCards(fleet: FleetWorld, focused: ReadonlySet<string>, area: Box, style: CardStyle): FocusCards {
  const root = new Container({ label: 'fleet-focus-cards' });
  const boxes = new Map<string, Box>();
  const { hosts, unplaced, missing } = focusedHosts(fleet, focused);
  const gap = 12;
  let y = area.y;
  // Named by the step but not in the fleet (a refused launch, or one still to come): said in words.
  if (missing.length > 0) {
    const words = text(`Not in the fleet at this point: ${missing.join(', ')} (no launch succeeded yet)`, 14, UI.text, area.width - 24);
    words.position.set(12, 6);
    const h = words.height + 12;
    const card = new Container({ label: 'fleet-card:missing' });
    card.addChild(new Graphics().roundRect(0, 0, area.width, h, 8).fill(UI.panel).stroke({ color: UI.focus, width: 2 }), words);
    card.position.set(area.x, y);
    root.addChild(card);
    for (const id of missing) boxes.set(id, { x: area.x, y, width: area.width, height: h });
    y += h + gap;
  }
  for (const instance of unplaced) {
    const card = unplacedCard(instance, area.width, style, boxes, { x: area.x, y });
    card.position.set(area.x, y);
    root.addChild(card);
    y += card.height + gap;
  }
  const n = hosts.length;
  if (n === 0) return { root, boxes };
  const columns = n === 1 ? 1 : area.width >= 900 ? Math.min(3, n) : 2;
  const rows = Math.ceil(n / columns);
  const cardW = (area.width - (columns - 1) * gap) / columns;
  const cardH = Math.max(160, (area.y + area.height - y - (rows - 1) * gap) / rows);
  hosts.forEach((host, i) => {
    const origin = { x: area.x + (i % columns) * (cardW + gap), y: y + Math.floor(i / columns) * (cardH + gap) };
    const card = hostCard(fleet, host, focused, cardW, cardH, style, boxes, origin);
    card.position.set(origin.x, origin.y);
    root.addChild(card);
  });
  return { root, boxes };
}
