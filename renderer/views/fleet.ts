import { Container, Graphics, Rectangle, Sprite, Texture, type FederatedPointerEvent, type Text } from 'pixi.js';
import type { Patch } from 'immer';
import type { SimState } from '../../src/model/state';
import { billsByAccount } from '../../src/model/tenancy/billing';
import { getHost, getInstance } from '../../src/model/tenancy/store';
import type { FleetHost, FleetWorld } from '../../src/model/tenancy/types';
import { UI, tenantPattern } from '../palette';
import { drawFocusCards, focusedHosts } from './fleet-cards';
import type { Box } from './camera';
import { accountOrder, buildRacks, describeFleet, explanationLines, hostLines, instanceLine, RACK_SIZE, type Rack } from './fleet-text';
import { button, text } from './fleet-draw';
import { drawPattern } from './draw';
import { inkOn } from '../palette';
import { touches, type LabView, type ViewContext } from './view';
import { fleetScene } from './fleet-scene';

/**
 * Fleet view: racks of hosts with semantic zoom — the whole fleet (a dot per host, sprites sharing
 * one texture), one rack (hosts with their instances), one host (sockets → cores → instances).
 * Colour = account (Okabe–Ito) with the account's name in the legend and badges (DI / DH) as
 * the second channel. Clicking an instance selects it and shows why it is on its host.
 * Keys: I zoom in, O zoom out, , and . previous / next rack or host, N next instance (host level).
 */
type Level = 'fleet' | 'rack' | 'host';
const PAD = 12;
/** Below the zoom buttons and the account key (two rows of 14 px type). */
const TOP = 84;
/** Space between the whole-fleet caption and its squares. */
const CAPTION_GAP = 6;
const INFO_WIDTH = 340;
/** Where a host's instance rows start (fixed, so tests and users can find them). */
export const HOST_ROWS_TOP = TOP + 150;

export function createFleetView(): LabView {
  let root: Container | null = null;
  let ctx: ViewContext | null = null;
  let state: SimState | null = null;
  let width = 800;
  let height = 600;
  let level: Level = 'fleet';
  let rackIndex = 0;
  let hostId: string | null = null;
  let selected: string | null = null;
  let highlighted = new Set<string>();
  let racks: Rack[] = [];
  const content = new Container();
  const chrome = new Container();
  const dotLayer = new Container();
  let dotSprites: Sprite[] = [];
  let dotSignature = '';
  let dotGeometry = { size: 4, perRow: 1, rackWidth: 8, top: TOP };
  /** This step's host cards and instance rows (view coordinates), for the camera. */
  let cardBoxes = new Map<string, Box>();

  const colorOf = (fleet: FleetWorld, account: string | null): number => (account ? (ctx?.tenantColor(fleet.accounts[account]?.colorIndex ?? 0) ?? UI.muted) : UI.muted);

  function hostColor(fleet: FleetWorld, host: FleetHost): number {
    if (host.state === 'failed') return UI.violation;
    if (host.state === 'released') return UI.faint;
    if (host.kind === 'dedicated-host') return colorOf(fleet, host.owner);
    if (host.dedicatedTo) return colorOf(fleet, host.dedicatedTo);
    return host.slots.length > 0 ? UI.hostInUse : UI.empty;
  }

  function focusHostOf(fleet: FleetWorld): string | null {
    for (const id of highlighted) {
      const instance = getInstance(fleet, id);
      if (instance?.host) return instance.host;
      if (getHost(fleet, id)) return id;
    }
    return null;
  }

  function zoomIn(): void {
    if (!state) return;
    const fleet = state.world.fleet;
    if (level === 'fleet') {
      const focus = focusHostOf(fleet);
      const found = focus ? racks.findIndex((r) => r.hosts.includes(focus)) : -1;
      if (found >= 0) rackIndex = found;
      level = 'rack';
    } else if (level === 'rack') {
      const rack = racks[rackIndex];
      const focus = focusHostOf(fleet);
      hostId = focus && rack?.hosts.includes(focus) ? focus : (rack?.hosts.find((id) => (getHost(fleet, id)?.slots.length ?? 0) > 0) ?? rack?.hosts[0] ?? null);
      level = 'host';
    }
    redraw();
  }

  function zoomOut(): void {
    level = level === 'host' ? 'rack' : 'fleet';
    redraw();
  }

  function cycleInstance(): void {
    const host = state && hostId ? getHost(state.world.fleet, hostId) : undefined;
    if (!host || host.slots.length === 0) return;
    const i = host.slots.findIndex((s) => s.instance === selected);
    selectInstance(host.slots[(i + 1) % host.slots.length]?.instance ?? '');
  }

  function move(delta: number): void {
    if (level === 'rack') rackIndex = Math.max(0, Math.min(racks.length - 1, rackIndex + delta));
    if (level === 'host' && hostId) {
      const rack = racks[rackIndex];
      const i = rack ? rack.hosts.indexOf(hostId) : -1;
      if (rack && i >= 0) hostId = rack.hosts[Math.max(0, Math.min(rack.hosts.length - 1, i + delta))] ?? hostId;
    }
    redraw();
  }

  const onKey = (e: KeyboardEvent): void => {
    const target = e.target as HTMLElement | null;
    if (target && (target.tagName === 'INPUT' || target.tagName === 'TEXTAREA' || target.isContentEditable)) return;
    if (e.key === 'i' || e.key === 'I') zoomIn();
    else if (e.key === 'o' || e.key === 'O') zoomOut();
    // , and . (not [ ]: those are the app's chapter keys; see renderer/ui/actions.ts).
    else if (e.key === ',') move(-1);
    else if (e.key === '.') move(1);
    else if ((e.key === 'n' || e.key === 'N') && level === 'host') cycleInstance();
  };

  function drawChrome(fleet: FleetWorld): void {
    chrome.removeChildren().forEach((c) => c.destroy({ children: true }));
    chrome.addChild(button('+', PAD, PAD, zoomIn, 'zoom-in'), button('−', PAD + 32, PAD, zoomOut, 'zoom-out'));
    const where = level === 'fleet' ? `Fleet · ${racks.length} racks` : level === 'rack' ? (racks[rackIndex]?.title ?? '') : (hostId ?? '');
    const title = text(`${where} · I / O zoom · , . move · N next instance`, 14, UI.muted, width - PAD * 2 - 72);
    title.position.set(PAD + 72, PAD + 3);
    chrome.addChild(title);
    // Per-account meters (illustrative prices): the account name carries the colour's meaning too.
    const bills = new Map(billsByAccount(fleet, state?.time ?? 0).map((b) => [b.account, b.total]));
    let x = PAD;
    let legendRow = 0;
    for (const id of accountOrder(fleet)) {
      const account = fleet.accounts[id];
      if (!account) continue;
      const color = colorOf(fleet, id);
      const swatch = drawPattern(new Graphics().rect(0, 0, 16, 16).fill(color), tenantPattern(account.colorIndex), 0, 0, 16, 16, 5).stroke({ color: inkOn(color), width: 1, alpha: 0.7 });
      const bill = bills.get(id);
      const name = text(bill ? `${account.name} $${bill.toFixed(4)}` : account.name, 14);
      if (x > PAD && x + 24 + name.width > width - PAD) {
        x = PAD;
        legendRow++;
      }
      swatch.position.set(x, PAD + 34 + legendRow * 22);
      name.position.set(x + 20, PAD + 32 + legendRow * 22);
      chrome.addChild(swatch, name);
      x += 32 + name.width;
    }
  }

  /** The whole fleet as one square per host (context); `top`/`areaH` give the band it fills. */
  function drawFleet(fleet: FleetWorld, top = TOP, areaH = height - TOP - PAD): void {
    const areaW = width - PAD * 2;
    const total = racks.length;
    let size = 8;
    let perRow = 1;
    for (; size >= 1; size--) {
      const rackW = size * 2 + 2;
      perRow = Math.max(1, Math.floor(areaW / rackW));
      const rows = Math.ceil(total / perRow);
      const rackH = Math.ceil(RACK_SIZE / 2) * (size + 1) + 6;
      if (rows * rackH <= areaH) break;
    }
    size = Math.max(1, size);
    dotGeometry = { size, perRow, rackWidth: size * 2 + 2, top };
    const rackH = Math.ceil(RACK_SIZE / 2) * (size + 1) + 6;
    // Dots persist between frames (one sprite per host, all sharing Texture.WHITE): a frame only retints them.
    const signature = `${width}x${height}@${top}:${racks.length}:${racks.map((r) => r.hosts.length).join(',')}`;
    if (signature !== dotSignature) {
      dotLayer.removeChildren().forEach((c) => c.destroy());
      dotSprites = [];
      racks.forEach((rack, r) => {
        const ox = PAD + (r % perRow) * dotGeometry.rackWidth;
        const oy = top + Math.floor(r / perRow) * rackH;
        rack.hosts.forEach((_, i) => {
          const dot = new Sprite(Texture.WHITE);
          dot.position.set(ox + (i % 2) * (size + 1), oy + Math.floor(i / 2) * (size + 1));
          dot.setSize(size, size);
          dotLayer.addChild(dot);
          dotSprites.push(dot);
        });
      });
      dotSignature = signature;
    }
    let n = 0;
    for (const rack of racks) {
      for (const id of rack.hosts) {
        const host = getHost(fleet, id);
        const dot = dotSprites[n++] as Sprite;
        dot.tint = host ? hostColor(fleet, host) : UI.faint;
        if (host && (highlighted.has(id) || host.slots.some((s) => highlighted.has(s.instance)))) {
          content.addChild(new Graphics().rect(dot.x - 3, dot.y - 3, size + 6, size + 6).stroke({ color: UI.focus, width: 2 }));
        }
      }
    }
    content.hitArea = new Rectangle(0, 0, width, height);
  }

  function drawRack(fleet: FleetWorld): void {
    const rack = racks[rackIndex];
    if (!rack) return;
    const colW = (width - PAD * 3) / 2;
    const rowH = Math.max(22, (height - TOP - PAD) / Math.ceil(RACK_SIZE / 2));
    rack.hosts.forEach((id, i) => {
      const host = getHost(fleet, id);
      if (!host) return;
      const x = PAD + Math.floor(i / Math.ceil(RACK_SIZE / 2)) * (colW + PAD);
      const y = TOP + (i % Math.ceil(RACK_SIZE / 2)) * rowH;
      const row = new Container();
      row.position.set(x, y);
      const edge = highlighted.has(id) || host.slots.some((s) => highlighted.has(s.instance)) ? UI.focus : UI.border;
      row.addChild(new Graphics().rect(0, 0, colW, rowH - 2).fill(UI.panel).stroke({ color: edge, width: 1 }));
      const badge = host.kind === 'dedicated-host' ? 'DH ' : host.dedicatedTo ? 'DI ' : '';
      const label = text(`${badge}${host.id}`, 14, host.state === 'available' ? UI.text : UI.violation);
      label.position.set(4, (rowH - 2 - label.height) / 2);
      row.addChild(label);
      const cores = host.physicalCores ?? Math.max(1, host.usedCores);
      const barX = Math.min(colW * 0.6, label.width + 12);
      const barW = colW - barX - 6;
      let used = 0;
      for (const slot of host.slots) {
        const w = (barW * slot.cores) / cores;
        row.addChild(new Graphics().rect(barX + used, 3, Math.max(1, w - 1), rowH - 8).fill(colorOf(fleet, slot.account)));
        used += w;
      }
      row.addChild(new Graphics().rect(barX, 3, barW, rowH - 8).stroke({ color: UI.faint, width: 1 }));
      row.eventMode = 'static';
      row.cursor = 'pointer';
      row.on('pointertap', () => {
        hostId = id;
        level = 'host';
        redraw();
      });
      content.addChild(row);
    });
  }

  function selectInstance(id: string): void {
    selected = id;
    ctx?.select({ kind: 'instance', id });
    redraw();
  }

  /** Sockets → cores → instances (cores coloured by the instance using them, in slot order: an illustration). */
  function drawCores(fleet: FleetWorld, host: FleetHost, x0: number, top: number, areaW: number): void {
    const sockets = host.sockets ?? 1;
    const cores = host.physicalCores ?? Math.max(1, host.usedCores);
    const perSocket = Math.ceil(cores / sockets);
    const socketW = (areaW - (sockets - 1) * 8) / sockets;
    const room = Math.max(40, height - top - PAD - 26);
    const perLine = Math.max(1, Math.ceil(Math.sqrt((perSocket * (socketW - 12)) / room)));
    const cell = Math.max(4, Math.min(22, Math.floor((socketW - 12) / perLine) - 2, Math.floor(room / Math.ceil(perSocket / perLine)) - 2));
    const cols = Math.max(1, Math.floor((socketW - 12) / (cell + 2)));
    const socketH = Math.ceil(perSocket / cols) * (cell + 2) + 26;
    const owners: Array<string | null> = [];
    for (const slot of host.slots) for (let c = 0; c < slot.cores; c++) owners.push(slot.account);
    for (let s = 0; s < sockets; s++) {
      const sx = x0 + s * (socketW + 8);
      content.addChild(new Graphics().rect(sx, top, socketW, socketH).stroke({ color: UI.border, width: 1 }));
      const caption = text(host.sockets === null ? 'cores (sockets not published)' : `socket ${s}`, 14, UI.muted);
      caption.position.set(sx + 6, top + 4);
      content.addChild(caption);
      for (let c = 0; c < perSocket && s * perSocket + c < cores; c++) {
        const owner = owners[s * perSocket + c] ?? null;
        const sprite = new Sprite(Texture.WHITE);
        sprite.position.set(sx + 6 + (c % cols) * (cell + 2), top + 20 + Math.floor(c / cols) * (cell + 2));
        sprite.setSize(cell, cell);
        sprite.tint = owner ? colorOf(fleet, owner) : UI.empty;
        content.addChild(sprite);
      }
    }
  }

  function drawHost(fleet: FleetWorld): void {
    const host = hostId ? getHost(fleet, hostId) : undefined;
    if (!host || !state) return;
    const areaW = width - PAD * 3 - INFO_WIDTH;
    const lines = hostLines(state, host);
    const header = text(lines.join('\n'), 14, UI.text, areaW);
    header.position.set(PAD, TOP);
    content.addChild(header);
    // Instance rows sit at a fixed place (HOST_ROWS_TOP) so pointer and keyboard users find them.
    let y = HOST_ROWS_TOP;
    for (const slot of host.slots) {
      const instance = getInstance(fleet, slot.instance);
      if (!instance) continue;
      const row = new Container();
      row.label = `instance-row:${instance.id}`;
      row.position.set(PAD, y);
      const mark = slot.instance === selected || highlighted.has(slot.instance) ? UI.focus : UI.border;
      row.addChild(new Graphics().rect(0, 0, areaW, 22).fill(UI.panel).stroke({ color: mark, width: 1 }));
      row.addChild(new Graphics().rect(4, 4, 14, 14).fill(colorOf(fleet, slot.account)));
      const line = text(`${slot.tenancy === 'dedicated' ? '[DI] ' : slot.tenancy === 'host' ? '[DH] ' : ''}${instanceLine(state, instance)}`, 14);
      line.position.set(24, 2);
      row.addChild(line);
      row.eventMode = 'static';
      row.cursor = 'pointer';
      row.on('pointertap', () => selectInstance(instance.id));
      content.addChild(row);
      y += 26;
    }
    drawCores(fleet, host, PAD, y + 8, areaW);
    const info = text(selected ? explanationLines(state, selected).join('\n') : 'Click an instance to see why it is on this host.', 14, UI.text, INFO_WIDTH - 12);
    content.addChild(new Graphics().rect(width - PAD - INFO_WIDTH, TOP, INFO_WIDTH, Math.max(info.height + 12, 60)).fill(UI.panelRaised));
    info.position.set(width - PAD - INFO_WIDTH + 6, TOP + 6);
    content.addChild(info);
  }

  /**
   * Fleet level. With a lesson focus: the step's hosts as detailed cards, and below them the
   * whole fleet as context (one square per host, the step's hosts ringed). Without: the fleet.
   */
  function drawFleetLevel(fleet: FleetWorld): void {
    const { hosts, unplaced, missing } = focusedHosts(fleet, highlighted);
    const caption = fleetCaption(fleet);
    if (hosts.length + unplaced.length + missing.length === 0) {
      caption.position.set(PAD, TOP - 2);
      const gridTop = TOP + caption.height + CAPTION_GAP;
      drawFleet(fleet, gridTop, height - gridTop - PAD);
      return;
    }
    const areaH = height - TOP - PAD;
    const contextH = Math.round(Math.max(90, Math.min(200, areaH * 0.26)));
    // The caption wraps to two lines in a narrow canvas: the squares start below it, never under it.
    const captionY = height - PAD - contextH - caption.height - CAPTION_GAP;
    const accounts = fleet.accounts;
    const cards = drawFocusCards(fleet, highlighted, { x: PAD, y: TOP, width: width - 2 * PAD, height: captionY - TOP - 4 }, {
      accountColor: (account) => colorOf(fleet, account),
      accountPattern: (account) => tenantPattern(account ? (accounts[account]?.colorIndex ?? 0) : 0),
      accountName: (account) => (account ? (accounts[account]?.name ?? account) : 'nobody'),
      onSelect: (id) => selectInstance(id),
    });
    content.addChild(cards.root);
    cardBoxes = cards.boxes;
    caption.position.set(PAD, captionY);
    drawFleet(fleet, captionY + caption.height + CAPTION_GAP, contextH);
  }

  /** The line that names the whole-fleet picture, added to the canvas; the caller places it. */
  function fleetCaption(fleet: FleetWorld): Text {
    const caption = text(`The whole fleet: ${fleet.hostCount.toLocaleString('en')} hosts, one square each (grey: AWS shared, colour: an account's, ringed: this step's)`, 14, UI.muted, width - 2 * PAD);
    content.addChild(caption);
    return caption;
  }

  function redraw(): void {
    if (!root || !state) return;
    const fleet = state.world.fleet;
    racks = buildRacks(fleet);
    rackIndex = Math.min(rackIndex, Math.max(0, racks.length - 1));
    content.removeChildren().forEach((c) => c.destroy({ children: true }));
    content.hitArea = null;
    dotLayer.visible = level === 'fleet';
    drawChrome(fleet);
    if (racks.length === 0) {
      const empty = text('This lesson has no fleet (world.fleet).', 14, UI.muted);
      empty.position.set(PAD, TOP);
      content.addChild(empty);
      return;
    }
    cardBoxes = new Map();
    if (level === 'fleet') drawFleetLevel(fleet);
    else if (level === 'rack') drawRack(fleet);
    else drawHost(fleet);
  }

  /** Fleet level: a click or wheel-in picks the rack under the pointer by arithmetic, not per-dot hit tests. */
  function rackAt(x: number, y: number): number {
    const { size, perRow, rackWidth } = dotGeometry;
    const rackH = Math.ceil(RACK_SIZE / 2) * (size + 1) + 6;
    const col = Math.floor((x - PAD) / rackWidth);
    const row = Math.floor((y - dotGeometry.top) / rackH);
    if (x < PAD || y < dotGeometry.top || col >= perRow) return -1;
    const index = row * perRow + col;
    return index < racks.length ? index : -1;
  }

  function onTap(e: FederatedPointerEvent): void {
    if (level !== 'fleet') return;
    const r = rackAt(e.global.x - (root?.x ?? 0), e.global.y - (root?.y ?? 0));
    if (r < 0) return;
    rackIndex = r;
    level = 'rack';
    redraw();
  }

  return {
    id: 'fleet',
    title: 'Fleet',
    mount(container, initial, _lesson, viewCtx) {
      root = container;
      ctx = viewCtx;
      state = initial;
      level = 'fleet';
      content.eventMode = 'static';
      content.on('pointertap', onTap);
      container.addChild(dotLayer, content, chrome);
      window.addEventListener('keydown', onKey);
      redraw();
    },
    update(next, patches: readonly Patch[]) {
      state = next;
      if (patches.length === 0 || patches.some((p) => touches(p, ['world', 'fleet']))) redraw();
    },
    resize(w, h) {
      width = w;
      height = h;
      redraw();
    },
    highlight(ids) {
      highlighted = new Set(ids);
      // A lesson step with a focus shows its cards at the fleet level.
      if (ids.length > 0) level = 'fleet';
      redraw();
    },
    boundsOf(id) {
      return cardBoxes.get(id) ?? null;
    },
    scene: (current) => fleetScene(current),
    describe(current) {
      const base = describeFleet(current.world.fleet);
      if (level === 'host' && selected) return `${base} Selected: ${explanationLines(current, selected).slice(0, 3).join(' ')}`;
      return `${base} Showing ${level === 'fleet' ? 'the whole fleet' : level === 'rack' ? racks[rackIndex]?.title : hostId}.`;
    },
    unmount() {
      window.removeEventListener('keydown', onKey);
      content.off('pointertap', onTap);
      content.removeChildren().forEach((c) => c.destroy({ children: true }));
      chrome.removeChildren().forEach((c) => c.destroy({ children: true }));
      dotLayer.removeChildren().forEach((c) => c.destroy());
      dotSprites = [];
      dotSignature = '';
      root?.removeChildren();
      root = null;
      ctx = null;
    },
  };
}
