import { Container, Graphics, type FederatedPointerEvent } from 'pixi.js';
import type { Lesson } from '../../src/lessons/schema';
import type { SimState } from '../../src/model/state';
import type { HostStatus } from '../../src/protocol/replies';
import { UI } from '../palette';
import { drawColumn, drawLabel, drawLegend, drawNetwork, legendItems, text, type SlotLook } from './network-draw';
import { linesNeeded, networkLayout, placeDropNote, placeTag, slotLines, slotOf, textHeight, type Box, type NetworkLayout, type NotePlace } from './network-layout';
import { shownPackets, visiblePackets, type PacketPose } from './network-motion';
import { reducedMotion } from '../ui/motion';
import { captionOf, describeNetwork, dropLabel, dropLabels, inspectInterface, packetLogLines, packetTag, ruleLines } from './network-text';
import type { EntityRef, LabView, ViewContext } from './view';
import { networkScene } from './network-scene';

/**
 * Network view (issue 14): the AWS whitepaper's layered figure, live. Per host: instances with
 * their interfaces, the firewall as a band inside the hypervisor layer (Xen, under netback in dom0)
 * or inside the Nitro card for VPC, the physical NIC; the network and the Internet below. Packets
 * move hop by hop in simulated time; a dropped one stops where it was dropped with the check and
 * reason beside it. The focused interface's security-group rules are listed, the one that matched
 * the latest packet outlined and marked ◀.
 */
export function createNetworkView(): LabView {
  let root: Container | null = null;
  let ctx: ViewContext | null = null;
  let state: SimState | null = null;
  let status: HostStatus | null = null;
  let layout: NetworkLayout | null = null;
  let placement = new Map<string, string>();
  let width = 900;
  let height = 600;
  let focused: readonly string[] = [];
  let structureKey = '';
  let panelKey = '';
  const makeLayers = () => ({ statics: new Container(), panel: new Container(), focus: new Graphics(), packets: new Graphics(), labels: new Container(), header: new Container() });
  let layers = makeLayers();

  const colorOf = (tenantId: string | null | undefined): { color: number; colorIndex: number; name: string } => {
    const t = tenantId ? state?.world.tenants[tenantId] : undefined;
    return t && ctx ? { color: ctx.tenantColor(t.colorIndex), colorIndex: t.colorIndex, name: t.name } : { color: UI.operator, colorIndex: 0, name: tenantId ?? 'Internet' };
  };

  const structure = (s: SimState): string => {
    const net = s.world.network;
    const ifaces = Object.values(net?.interfaces ?? {}).map((i) => `${i.id}:${s.world.domains[i.guest]?.hostId ?? placement.get(i.guest) ?? ''}:${i.promiscuous}`);
    return `${width}x${height}|${ifaces.join(',')}|${linesNeeded(captionOf(s), 14, width - 20)}`;
  };

  const focusIface = (): string | null => {
    const net = state?.world.network;
    if (!net) return null;
    // A focused interface wins over the model's (last packet's) focus.
    return focused.find((id) => net.interfaces[id]) ?? net.focus ?? Object.keys(net.interfaces)[0] ?? null;
  };

  const build = (): void => {
    if (!root || !state) return;
    structureKey = structure(state);
    layout = networkLayout(state, width, height, captionOf(state), placement);
    for (const layer of [layers.statics]) layer.removeChildren().forEach((c) => c.destroy({ children: true }));
    const net = state.world.network;
    for (const column of layout.columns) {
      const looks = new Map<string, SlotLook>();
      for (const slot of column.slots) {
        const iface = net?.interfaces[slot.iface];
        if (!iface) continue;
        const tenant = colorOf(iface.tenant);
        looks.set(slot.iface, { color: tenant.color, colorIndex: tenant.colorIndex, lines: slotLines(iface) });
      }
      drawColumn(layers.statics, column, looks);
      const hit = new Container();
      for (const slot of column.slots) {
        const g = new Graphics().rect(slot.box.x, slot.box.y, slot.box.w, slot.box.h).fill({ color: 0xffffff, alpha: 0.001 });
        g.eventMode = 'static';
        g.cursor = 'pointer';
        g.on('pointertap', (e: FederatedPointerEvent) => {
          e.stopPropagation();
          ctx?.select({ kind: 'interface', id: slot.iface });
        });
        hit.addChild(g);
      }
      layers.statics.addChild(hit);
    }
    drawNetwork(layers.statics, layout);
    if (layout.columns.length === 0) layers.statics.addChild(Object.assign(text('No network interfaces in this lesson.', 18, UI.muted), { x: 12, y: 70 }));
    panelKey = '';
    paintFocus();
    refresh();
  };

  const paintHeader = (): void => {
    layers.header.removeChildren().forEach((c) => c.destroy());
    if (!state || !layout) return;
    drawLabel(layers.header, layout.header.title, UI.text, true);
    drawLabel(layers.header, { ...layout.header.caption, text: captionOf(state) }, UI.muted);
  };

  /** The latest drop's full note when the figure had room only for its short form (the panel writes it). */
  let panelDrop: string | null = null;

  const paintPanel = (): void => {
    if (!state || !layout) return;
    const net = state.world.network;
    const iface = focusIface();
    const lines = net && iface ? ruleLines(net, iface) : [];
    const log = packetLogLines(net, 2);
    const key = `${iface}|${lines.map((l) => `${l.text}${l.matched}`).join('/')}|${log.join('/')}|${panelDrop}|${layout.panel.w}x${layout.panel.h}`;
    if (key === panelKey) return;
    panelKey = key;
    layers.panel.removeChildren().forEach((c) => c.destroy({ children: true }));
    const p = layout.panel;
    const g = new Graphics();
    layers.panel.addChild(g);
    g.roundRect(p.x, p.y, p.w, p.h, 6).fill({ color: UI.panel }).stroke({ width: 1, color: UI.border });
    let y = p.y + 8;
    const heading = (value: string): void => {
      const t = text(value, 18, UI.text, p.w - 20, true);
      t.position.set(p.x + 10, y);
      layers.panel.addChild(t);
      y += t.height + 4;
    };
    heading(iface ? `Rules at ${iface}` : 'Rules');
    for (const line of lines) {
      const t = text(line.text.trim(), 14, line.heading ? UI.text : line.matched ? UI.text : UI.muted, p.w - (line.heading ? 20 : 34), line.heading || line.matched);
      t.position.set(p.x + (line.heading ? 10 : 22), y);
      layers.panel.addChild(t);
      if (line.matched) g.rect(p.x + 16, y - 2, p.w - 26, t.height + 4).stroke({ width: 2, color: UI.focus });
      y += t.height + (line.matched ? 8 : 4);
    }
    const tenants = Object.values(state.world.tenants).map((t) => ({ name: t.name, color: ctx?.tenantColor(t.colorIndex) ?? UI.operator, colorIndex: t.colorIndex }));
    const items = legendItems(tenants);
    const legendH = items.reduce((h, item) => h + Math.max(20, textHeight(item.label, 14, p.w - 46) + 2), 0) + 30;
    // A drop whose reason found no room in the figure: written here, above the legend, before the log.
    const legendTopMin = p.y + p.h - legendH;
    if (panelDrop) {
      const t = text(panelDrop, 14, UI.text, p.w - 32);
      if (y + 6 + t.height + 10 <= legendTopMin - 6) {
        y += 6;
        g.roundRect(p.x + 10, y, p.w - 20, t.height + 10, 4).fill({ color: UI.background }).stroke({ width: 2, color: UI.violation });
        t.position.set(p.x + 16, y + 5);
        layers.panel.addChild(t);
        y += t.height + 10;
      } else t.destroy();
    }
    // The packet log only where it fits above the legend (the caption and timeline say it too).
    const logH = log.reduce((h, entry) => h + textHeight(entry, 14, p.w - 20) + 3, 30);
    if (y + 6 + logH <= p.y + p.h - legendH - 6) {
      y += 6;
      heading('Latest packets');
      for (const entry of log) {
        const t = text(entry, 14, entry.includes('✕') ? UI.violation : UI.muted, p.w - 20);
        t.position.set(p.x + 10, y);
        layers.panel.addChild(t);
        y += t.height + 3;
      }
    }
    const legendTop = Math.max(y + 8, p.y + p.h - legendH);
    const lt = text('Legend', 18, UI.text, 0, true);
    lt.position.set(p.x + 10, legendTop);
    layers.panel.addChild(lt);
    drawLegend(layers.panel, items, p.x + 10, legendTop + 26, p.w - 20);
  };

  const paintFocus = (): void => {
    const g = layers.focus;
    g.clear();
    if (!layout) return;
    for (const id of focused) {
      const slot = slotOf(layout, id);
      if (slot) g.rect(slot.slot.box.x - 3, slot.slot.box.y - 3, slot.slot.box.w + 6, slot.slot.box.h + 6).stroke({ width: 3, color: UI.focus });
      const column = layout.columns.find((c) => c.host === id);
      if (column) g.rect(column.box.x - 3, column.box.y - 3, column.box.w + 6, column.box.h + 6).stroke({ width: 3, color: UI.focus });
    }
  };

  /** The packet's mark: a dot in the sender's colour, or a ✕ where it was dropped. */
  const drawMark = (pose: PacketPose): void => {
    const g = layers.packets;
    const { packet, at } = pose;
    const sender = packet.from === 'internet' ? null : state?.world.network.interfaces[packet.from];
    const color = colorOf(sender?.tenant ?? null).color;
    if (packet.status === 'dropped') {
      g.moveTo(at.x - 9, at.y - 9).lineTo(at.x + 9, at.y + 9).moveTo(at.x + 9, at.y - 9).lineTo(at.x - 9, at.y + 9).stroke({ width: 4, color: UI.violation });
    } else {
      g.circle(at.x, at.y, 8).fill({ color }).stroke({ width: 2, color: UI.text });
    }
  };

  /** The tag (#n and what it is), placed clear of every component's name and of `taken`. */
  const drawTag = (pose: PacketPose, taken: Box[]): void => {
    if (!layout) return;
    const { packet, at } = pose;
    const tag = text(packetTag(packet), 14, packet.status === 'dropped' ? UI.violation : UI.text, 0, true);
    const { box, leader } = placeTag(layout, at, tag.width + 6, tag.height + 2, taken);
    taken.push(box);
    tag.position.set(Math.round(box.x + 3), Math.round(box.y + 1));
    // An opaque plate under the tag: it may cross a box's outline or a lane.
    const plate = new Graphics();
    if (leader) {
      const edge = { x: Math.max(box.x, Math.min(box.x + box.w, at.x)), y: Math.max(box.y, Math.min(box.y + box.h, at.y)) };
      plate.moveTo(edge.x, edge.y).lineTo(at.x, at.y).stroke({ width: 1.5, color: packet.status === 'dropped' ? UI.violation : UI.text, alpha: 0.7 });
    }
    plate.roundRect(tag.x - 3, tag.y - 1, tag.width + 6, tag.height + 2, 3).fill({ color: UI.background });
    layers.labels.addChild(plate, tag);
  };

  /** Where the latest drop's note went, per layout and packet (the search runs once, not every frame). */
  let noteCache: { layout: NetworkLayout; serial: number; place: NotePlace | null } | null = null;

  /**
   * The latest drop's check and reason: beside its ✕ where that hides no component's name, else in
   * the nearest free room of the figure with a line to the ✕; the short form when only that fits.
   */
  const drawNote = (pose: PacketPose, taken: Box[]): void => {
    if (!layout) return;
    const { packet, at } = pose;
    if (noteCache?.layout !== layout || noteCache.serial !== packet.serial) {
      const mark = { x: at.x - 11, y: at.y - 11, w: 22, h: 22 };
      noteCache = { layout, serial: packet.serial, place: placeDropNote(layout, at, dropLabels(packet), [mark]) };
    }
    const place = noteCache.place;
    if (!place) return;
    const { box } = place;
    const reason = text(place.text, 14, UI.text, box.w - 12);
    const bg = new Graphics();
    if (place.leader) {
      const edge = { x: Math.max(box.x, Math.min(box.x + box.w, at.x)), y: Math.max(box.y, Math.min(box.y + box.h, at.y)) };
      bg.moveTo(edge.x, edge.y).lineTo(at.x, at.y).stroke({ width: 2, color: UI.violation, alpha: 0.85 });
    }
    bg.roundRect(box.x, box.y, box.w, reason.height + 10, 4).fill({ color: UI.background, alpha: 0.94 }).stroke({ width: 2, color: UI.violation });
    reason.position.set(box.x + 6, box.y + 5);
    layers.labels.addChild(bg, reason);
    taken.push({ ...box, h: reason.height + 10 });
  };

  const refresh = (): void => {
    if (!state || !layout) return;
    const now = status?.simTime ?? state.time;
    layers.packets.clear();
    layers.labels.removeChildren().forEach((c) => c.destroy());
    const { shown, lastDrop } = shownPackets(visiblePackets(layout, state.world.network, now, reducedMotion()));
    for (const pose of shown) drawMark(pose);
    // The note first (it is the largest), then the tags around it, newest first.
    const taken: Box[] = shown.map((p) => ({ x: p.at.x - 10, y: p.at.y - 10, w: 20, h: 20 }));
    if (lastDrop) drawNote(lastDrop, taken);
    const full = lastDrop ? dropLabel(lastDrop.packet) : null;
    panelDrop = full && noteCache?.place?.text !== full ? full : null;
    // The latest drop's note names its packet: no tag beside it.
    for (const pose of [...shown].reverse()) if (pose !== lastDrop || !noteCache?.place) drawTag(pose, taken);
    paintHeader();
    paintPanel();
  };

  return {
    id: 'network',
    title: 'Network',
    mount(parent, initial, lesson: Lesson, viewCtx) {
      ctx = viewCtx;
      state = initial;
      placement = new Map(lesson.world.hosts.flatMap((h) => h.guests.map((g) => [g.id, h.id] as const)));
      root = new Container({ label: 'network-view' });
      layers = makeLayers();
      root.addChild(layers.header, layers.statics, layers.focus, layers.panel, layers.packets, layers.labels);
      parent.addChild(root);
      build();
    },
    update(next, _patches, nextStatus) {
      state = next;
      status = nextStatus;
      if (!root) return;
      if (structure(next) !== structureKey) build();
      else refresh();
    },
    resize(w, h) {
      width = Math.max(640, w);
      height = Math.max(420, h);
      build();
    },
    highlight(entityIds) {
      focused = [...entityIds];
      paintFocus();
      panelKey = '';
      paintPanel();
    },
    inspect(s, entity: EntityRef) {
      return entity.kind === 'interface' ? inspectInterface(s.world.network, entity.id) : undefined;
    },
    boundsOf(id) {
      if (!layout) return null;
      const slot = slotOf(layout, id);
      if (slot) return { x: slot.slot.box.x, y: slot.slot.box.y, width: slot.slot.box.w, height: slot.slot.box.h };
      const column = layout.columns.find((c) => c.host === id);
      return column ? { x: column.box.x, y: column.box.y, width: column.box.w, height: column.box.h } : null;
    },
    describe: (s) => describeNetwork(s),
    scene: (s) => networkScene(s),
    unmount() {
      // The layers are the root's children: destroying the root destroys them.
      root?.destroy({ children: true });
      root = null;
      layout = null;
      ctx = null;
    },
  };
}
