import { Graphics, Text, type Container } from 'pixi.js';
import { FONT, UI, inkOn, tenantPattern } from '../palette';
import { drawPattern } from './draw';
import { NETWORK_WORDS, type Box, type HostColumn, type Label, type NetworkLayout } from './network-layout';

/** Pixi drawing of the Network view's static figure and its legend (ARCHITECTURE §7: text ≥ 14 px, headings ≥ 18 px). */


export function text(value: string, size = 14, fill: number = UI.text, wrap = 0, bold = false): Text {
  return new Text({
    text: value,
    resolution: 2,
    style: { fontFamily: FONT, fontSize: size, fill, fontWeight: bold ? '700' : '400', wordWrap: wrap > 0, wordWrapWidth: wrap, breakWords: true, lineHeight: Math.round(size * 1.25) },
  });
}

function place<T extends Text>(t: T, x: number, y: number): T {
  t.position.set(Math.round(x), Math.round(y));
  return t;
}

export interface SlotLook {
  color: number;
  colorIndex: number;
  lines: readonly string[];
}

/** The firewall band's own pattern (brick-like grid), so it reads without its colour. */
export function firewallBand(g: Graphics, b: Box): void {
  g.rect(b.x, b.y, b.w, b.h).fill({ color: UI.firewallFill });
  drawPattern(g, 'grid', b.x + 1, b.y + 1, b.w - 2, b.h - 2, 9).stroke({ width: 1, color: UI.firewallEdge, alpha: 0.35 });
  g.rect(b.x, b.y, b.w, b.h).stroke({ width: 2, color: UI.firewallEdge });
}

export function drawLabel(parent: Container, label: Label, fill: number = UI.text, bold = false): Text {
  return parent.addChild(place(text(label.text, label.size, fill, label.w, bold), label.x, label.y));
}

export function drawColumn(parent: Container, column: HostColumn, looks: ReadonlyMap<string, SlotLook>): void {
  const g = new Graphics();
  parent.addChild(g);
  const { box } = column;
  g.roundRect(box.x, box.y, box.w, box.h, 6).fill({ color: UI.panel }).stroke({ width: 1, color: UI.border });
  drawLabel(parent, column.title, UI.text, true);
  // Each interface's lane: from the guest down through every layer to the NIC.
  for (const slot of column.slots) {
    const top = slot.box.y + slot.box.h;
    for (let y = top; y < column.nic.y; y += 10) g.moveTo(slot.laneX, y).lineTo(slot.laneX, Math.min(y + 5, column.nic.y));
  }
  g.stroke({ width: 1, color: UI.faint });
  const xen = column.hypervisor === 'xen';
  g.roundRect(column.layer.x, column.layer.y, column.layer.w, column.layer.h, 5).fill({ color: xen ? UI.hypervisor : UI.nitroCard, alpha: 0.55 }).stroke({ width: 2, color: xen ? UI.hypervisorEdge : UI.nitroEdge });
  drawLabel(parent, column.layerTitle, UI.text, true);
  if (column.backend) {
    const b = column.backend;
    g.rect(b.x, b.y, b.w, b.h).fill({ color: UI.nonRoot }).stroke({ width: 1, color: UI.hypervisorEdge });
    parent.addChild(place(text(column.labels.backend, 14, UI.text, b.w - 12), b.x + 6, b.y + 6));
  }
  const f = column.firewall;
  firewallBand(g, f);
  // The label sits on a dark plate so the grid never runs through the letters.
  const fl = place(text(column.labels.firewall, 14, UI.text, f.w - 20, true), f.x + 8, f.y + 6);
  g.rect(fl.x - 3, fl.y - 1, fl.width + 6, fl.height + 2).fill({ color: UI.firewallFill });
  parent.addChild(fl);
  const nic = column.nic;
  g.rect(nic.x, nic.y, nic.w, nic.h).fill({ color: UI.panelRaised }).stroke({ width: 1, color: UI.muted });
  parent.addChild(place(text(column.labels.nic, 14, UI.text, nic.w - 12), nic.x + 6, nic.y + 5));
  for (const slot of column.slots) {
    const look = looks.get(slot.iface);
    const color = look?.color ?? UI.operator;
    const s = slot.box;
    g.roundRect(s.x, s.y, s.w, s.h, 4).fill({ color, alpha: 0.22 }).stroke({ width: 2, color });
    // Tenant pattern strip on the left: the second channel besides colour and the name.
    g.rect(s.x + 2, s.y + 2, 8, s.h - 4).fill({ color });
    drawPattern(g, tenantPattern(look?.colorIndex ?? 0), s.x + 2, s.y + 2, 8, s.h - 4, 5).stroke({ width: 1, color: inkOn(color), alpha: 0.8 });
    let y = s.y + 4;
    (look?.lines ?? [slot.iface]).forEach((line, i) => {
      const t = place(text(line, 14, i === 0 ? UI.text : UI.muted, s.w - 20, i === 0), s.x + 14, y);
      parent.addChild(t);
      y += t.height;
    });
  }
}

export function drawNetwork(parent: Container, layout: NetworkLayout): void {
  const g = new Graphics();
  parent.addChild(g);
  const n = layout.network;
  g.roundRect(n.x, n.y, n.w, n.h, 6).fill({ color: UI.panelRaised }).stroke({ width: 1, color: UI.border });
  const i = layout.internet;
  g.roundRect(i.x, i.y, i.w, i.h, 12).fill({ color: UI.background }).stroke({ width: 2, color: UI.muted });
  parent.addChild(place(text('Internet', 14, UI.text, 0, true), i.x + 14, i.y + 7));
  parent.addChild(place(text(NETWORK_WORDS, 14, UI.muted, n.w - i.w - 30), i.x + i.w + 14, n.y + 13));
}

export interface LegendItem {
  draw: (g: Graphics, x: number, y: number) => void;
  label: string;
}

export function legendItems(tenants: ReadonlyArray<{ name: string; color: number; colorIndex: number }>): LegendItem[] {
  const items: LegendItem[] = [
    { draw: (g, x, y) => g.circle(x + 8, y + 9, 7).fill({ color: UI.operator }).stroke({ width: 2, color: UI.text }), label: 'packet #n (sender\'s colour)' },
    {
      draw: (g, x, y) => g.moveTo(x + 2, y + 3).lineTo(x + 14, y + 15).moveTo(x + 14, y + 3).lineTo(x + 2, y + 15).stroke({ width: 3, color: UI.violation }),
      label: 'dropped: reason beside it',
    },
    { draw: (g, x, y) => firewallBand(g, { x, y: y + 2, w: 16, h: 14 }), label: 'firewall (grid band)' },
    { draw: (g, x, y) => g.rect(x, y + 2, 16, 14).stroke({ width: 2, color: UI.focus }), label: 'focus · matched rule ◀' },
  ];
  for (const t of tenants) {
    items.push({
      draw: (g, x, y) => {
        g.rect(x, y + 2, 16, 14).fill({ color: t.color });
        drawPattern(g, tenantPattern(t.colorIndex), x, y + 2, 16, 14, 5).stroke({ width: 1, color: inkOn(t.color), alpha: 0.8 });
      },
      label: t.name,
    });
  }
  return items;
}

/** Draws the legend top-down from (x, y); returns its height. */
export function drawLegend(parent: Container, items: readonly LegendItem[], x: number, y: number, w: number): number {
  const g = new Graphics();
  parent.addChild(g);
  let dy = 0;
  for (const item of items) {
    item.draw(g, x, y + dy);
    const t = place(text(item.label, 14, UI.muted, w - 26), x + 24, y + dy);
    parent.addChild(t);
    dy += Math.max(20, t.height + 2);
  }
  return dy;
}
