import { Container, Graphics } from 'pixi.js';
import type { PrivilegeLevel } from '../../src/model/cpu/types';
import type { Domain, Host, HostDevice, Tenant } from '../../src/model/hypervisor/types';
import { inkOn, tenantColor, tenantEdge, tenantPattern, UI } from '../palette';
import { dashedRect, drawPattern, fit, label } from './draw';
import { DOMAIN_BODY, NITRO_CARDS, type HostLayout, type LegendFlow, type Rect } from './host-layout';
import { describePlacement, IO_LABEL, PAGING_LABEL, type DomainPrivilege } from './privilege';

/**
 * Pixi drawing for the host view's parts; host.ts decides when to redraw which. Containers that
 * can be selected carry a label `<kind>:<id>` that host.ts wires to the inspector.
 */

const MODE_LABEL: Record<Domain['mode'], string> = { pv32: 'PV 32-bit', pv64: 'PV 64-bit', hvm: 'HVM', pvhvm: 'PVHVM', pvh: 'PVH' };
const STATUS_LABEL: Record<Domain['status'], string> = { building: 'building…', running: 'running', dying: 'tearing down…', destroyed: 'destroyed' };
/** Read when drawing, not at load: the theme swaps the palette's values. */
function statusColor(status: Domain['status']): number {
  return { building: UI.building, running: UI.running, dying: UI.dying, destroyed: UI.faint }[status];
}
const LEVEL_LETTER: Record<PrivilegeLevel, string> = { user: 'U', kernel: 'K', hypervisor: 'H' };

export function formatMiB(mib: number): string {
  return mib >= 1024 ? `${Number((mib / 1024).toFixed(1))} GiB` : `${mib} MiB`;
}

export interface DomainDrawing {
  privilege: DomainPrivilege;
  vcpuLevels: Array<PrivilegeLevel | null>;
  tenant: Tenant | null;
  /** Devices this domain runs (dom0's backends). */
  devices: HostDevice[];
  /** Stage of the domain's I/O request in flight, if any (e.g. "backend"). */
  ioStage: string | null;
}

function rows(c: Container, x: number, y: number, entries: Array<[string, string]>, width: number): number {
  for (const [key, value] of entries) {
    const keyLabel = c.addChild(Object.assign(label(key, { fontSize: 12, fill: UI.muted }), { x, y }));
    // The value column starts 54 px in, or after the key when its font sets it wider (a fallback
    // font before Inter has loaded measured "memory" past 54 px and drew "memory4 GiB");
    // keep only the card's inner padding free on the right.
    const valueX = Math.max(54, Math.ceil(keyLabel.width) + 6);
    c.addChild(Object.assign(label(fit(value, width - valueX - 6, 12), { fontSize: 12, fill: UI.text }), { x: x + valueX, y }));
    y += DOMAIN_BODY.rowH;
  }
  return y;
}

/**
 * vCPU squares: filled in the owner's colour in the guest kernel, outlined in user space and in
 * the hypervisor's colour while Xen/KVM runs on its behalf; the letter (U/K/H) is the second channel.
 */
export function drawVcpus(levels: Array<PrivilegeLevel | null>, color: number, width: number, caption = true): Container {
  const c = new Container({ label: 'vcpus' });
  if (caption) c.addChild(Object.assign(label('vCPUs', { fontSize: 12, fill: UI.muted }), { y: 1 }));
  const left = caption ? 52 : 0;
  const size = 16;
  const g = new Graphics();
  c.addChild(g);
  const shown = Math.min(levels.length, Math.floor((width - left - 18) / (size + 3)));
  levels.slice(0, shown).forEach((level, i) => {
    const x = left + i * (size + 3);
    if (level === 'user') g.roundRect(x + 0.75, 0.75, size - 1.5, size - 1.5, 3).fill({ color: UI.panelRaised }).stroke({ color, width: 1.5 });
    else g.roundRect(x, 0, size, size, 3).fill({ color: level === 'hypervisor' ? UI.hypervisorEdge : color });
    const ink = level === 'user' ? UI.text : inkOn(level === 'hypervisor' ? UI.hypervisorEdge : color);
    const t = label(level ? LEVEL_LETTER[level] : String(i), { fontSize: 12, fontWeight: '700', fill: ink });
    t.anchor.set(0.5);
    t.position.set(x + size / 2, size / 2);
    c.addChild(t);
  });
  if (shown < levels.length) c.addChild(Object.assign(label(`+${levels.length - shown}`, { fontSize: 12, fill: UI.muted }), { x: left + 2 + shown * (size + 3), y: 1 }));
  return c;
}

/** The box every domain gets: outline by status, header in the owner's colour with its pattern and name. */
function domainFrame(c: Container, d: Domain, rect: Rect, color: number, headerText: string, pattern: ReturnType<typeof tenantPattern> | null): void {
  const { w, h } = rect;
  const alpha = d.status === 'running' ? 1 : 0.55;
  const bg = new Graphics().roundRect(0, 0, w, h, 8).fill({ color: UI.panelRaised });
  if (d.status === 'running') bg.roundRect(0, 0, w, h, 8).stroke({ color: tenantEdge(color, UI.panelRaised) ?? color, width: 1.5, alpha: 0.9 });
  c.addChild(bg);
  if (d.status !== 'running') c.addChild(dashedRect(new Graphics(), 0.5, 0.5, w - 1, h - 1, 7, 5).stroke({ color: statusColor(d.status), width: 2 }));
  c.addChild(new Graphics().roundRect(0, 0, w, 24, 8).rect(0, 12, w, 12).fill({ color, alpha }));
  const ink = inkOn(color);
  if (pattern) {
    const swatch = new Graphics().roundRect(6, 5, 20, 14, 2).fill({ color: ink, alpha: 0.12 });
    drawPattern(swatch, pattern, 6, 5, 20, 14, 5).stroke({ color: ink, width: 1.2, alpha: 0.85 });
    c.addChild(swatch);
  }
  c.addChild(Object.assign(label(fit(headerText, w - 36, 12), { fontSize: 12, fontWeight: '600', fill: ink }), { x: pattern ? 32 : 8, y: 5 }));
  if (d.status === 'dying') {
    const hatch = new Graphics();
    drawPattern(hatch, 'diagonal', 1, 25, w - 2, h - 26, 12).stroke({ color: UI.dying, width: 1, alpha: 0.25 });
    c.addChild(hatch);
  }
}

function modeAndStatus(c: Container, d: Domain, y: number, width: number): void {
  const badge = label(MODE_LABEL[d.mode], { fontSize: 12, fontWeight: '600', fill: UI.text });
  c.addChild(new Graphics().roundRect(10, y, badge.width + 12, 17, 8).fill({ color: UI.border }));
  badge.position.set(16, y + 2);
  c.addChild(badge);
  const status = label(STATUS_LABEL[d.status], { fontSize: 12, fontWeight: '600', fill: statusColor(d.status) });
  status.anchor.set(1, 0);
  status.position.set(width - 10, y + 2);
  c.addChild(status);
}

export function drawGuest(d: Domain, rect: Rect, info: DomainDrawing): Container {
  const c = new Container({ x: rect.x, y: rect.y, label: `domain:${d.id}` });
  const color = info.tenant ? tenantColor(info.tenant.colorIndex) : UI.operator;
  domainFrame(c, d, rect, color, info.tenant?.name ?? d.tenant ?? 'no tenant', info.tenant ? tenantPattern(info.tenant.colorIndex) : null);
  const body = new Container({ alpha: d.status === 'running' ? 1 : 0.75 });
  c.addChild(body);
  const b = DOMAIN_BODY;
  body.addChild(Object.assign(label(fit(d.name, rect.w - 16, 14), { fontSize: 14, fontWeight: '600' }), { x: 10, y: b.nameY }));
  modeAndStatus(body, d, b.modeY, rect.w);
  const p = info.privilege;
  const entries: Array<[string, string]> = [
    ['kernel', describePlacement(p.kernel)],
    ['user', describePlacement(p.user)],
  ];
  if (p.placement) {
    const io = info.ioStage ? `${IO_LABEL[p.placement.io]} → ${info.ioStage}` : IO_LABEL[p.placement.io];
    entries.push(['hcall', p.placement.hypercall], ['paging', `${PAGING_LABEL[p.placement.paging]}${p.placement.pageTables === 'split' ? ' · split PT' : ''}`], ['I/O', io]);
  }
  const y = rows(body, 10, b.rowsY, entries, rect.w);
  const vcpus = drawVcpus(info.vcpuLevels, color, rect.w);
  vcpus.position.set(10, y + b.vcpusDy);
  body.addChild(vcpus);
  rows(body, 10, y + b.memoryDy, [['memory', formatMiB(d.memoryMiB)]], rect.w);
  return c;
}

function chip(text: string, x: number, y: number, fill: number, edge: number, id: string | null): Container {
  const c = new Container({ label: id ? `device:${id}` : 'chip' });
  const t = label(text, { fontSize: 12, fontWeight: '600', fill: UI.text });
  c.addChild(new Graphics().roundRect(0, 0, t.width + 14, 20, 4).fill({ color: fill }).stroke({ color: edge, width: 1 }));
  t.position.set(7, 3);
  c.addChild(t);
  c.position.set(x, y);
  return c;
}

function chipText(device: HostDevice): string {
  const name = device.kind === 'device-model' ? 'QEMU' : device.name;
  return device.requests > 0 ? `${name} · ${device.requests}` : name;
}

export function drawDom0(d: Domain, rect: Rect, info: DomainDrawing): Container {
  const c = new Container({ x: rect.x, y: rect.y, label: `domain:${d.id}` });
  domainFrame(c, d, rect, UI.operator, 'dom0 · operator', null);
  const b = DOMAIN_BODY;
  c.addChild(Object.assign(label('Hardware & control domain', { fontSize: 13, fontWeight: '600' }), { x: 10, y: b.nameY }));
  modeAndStatus(c, d, b.modeY, rect.w);
  rows(c, 10, b.rowsY, [['kernel', describePlacement(info.privilege.kernel)]], rect.w);
  c.addChild(Object.assign(label('backends & toolstack', { fontSize: 12, fill: UI.muted }), { x: 10, y: b.chipsCaptionY }));
  const backends = info.devices.length > 0 ? info.devices.map((dev) => ({ text: chipText(dev), id: dev.id })) : [{ text: 'blkback', id: null }, { text: 'netback', id: null }];
  const items = [...backends, { text: 'toolstack', id: null }];
  let x = 10;
  let y = b.chipsY;
  for (const item of items) {
    const node = chip(item.text, x, y, UI.nonRoot, UI.operator, item.id);
    if (x + node.width > rect.w - 8 && x > 10) {
      x = 10;
      y += b.chipPitch;
      node.position.set(x, y);
    }
    c.addChild(node);
    x += node.width + 6;
  }
  const vcpus = drawVcpus(info.vcpuLevels, UI.operator, rect.w);
  vcpus.position.set(10, y + b.chipsVcpusDy);
  c.addChild(vcpus);
  rows(c, 10, y + b.chipsMemoryDy, [['memory', formatMiB(d.memoryMiB)]], rect.w);
  return c;
}

export function drawNoDom0(rect: Rect): Container {
  const c = new Container({ x: rect.x, y: rect.y, label: 'no-dom0' });
  c.addChild(dashedRect(new Graphics(), 0.5, 0.5, rect.w - 1, rect.h - 1).stroke({ color: UI.faint, width: 1.5 }));
  c.addChild(Object.assign(label('No dom0', { fontSize: 15, fontWeight: '600', fill: UI.muted }), { x: 12, y: 14 }));
  const note = label('Device models and control moved to the Nitro cards; no general-purpose OS runs beside the guests, and there is no operator login.', {
    fontSize: 12, fill: UI.muted, wordWrap: true, wordWrapWidth: rect.w - 24, lineHeight: 15,
  });
  note.position.set(12, 40);
  c.addChild(note);
  return c;
}

export interface HostChromeInfo {
  guestCount: number;
  /** "ring 0 · VMX root" from the cpu model, when it has the host. */
  hypervisorPlacement: string | null;
  devices: HostDevice[];
}

export function drawHostChrome(host: Host, layout: HostLayout, info: HostChromeInfo): Container {
  const c = new Container({ label: `host:${host.id}` });
  c.addChild(new Graphics().roundRect(0, 0, layout.width, layout.height, 12).fill({ color: UI.panel }).stroke({ color: UI.border, width: 1 }));
  const kind = host.hypervisor === 'xen' ? `Xen ${host.xenVersion ?? ''}`.trim() : 'Nitro';
  const title = label(host.name, { fontSize: 15, fontWeight: '700' });
  title.position.set(layout.title.x, layout.title.y);
  const sub = label(`${host.id} · ${kind} · ${info.guestCount} guest${info.guestCount === 1 ? '' : 's'}`, { fontSize: 12, fill: UI.muted });
  sub.position.set(layout.title.x + title.width + 12, layout.title.y + 2);
  c.addChild(title, sub);
  c.addChild(drawHypervisor(host, layout.hypervisor, info.hypervisorPlacement ?? 'ring 0 · VMX root'));
  c.addChild(drawHardware(host, layout, info.devices));
  if (host.hypervisor === 'nitro') {
    const first = layout.cards[0];
    const caption = 'Nitro cards: separate SoCs on PCIe carry all I/O and system control';
    if (first) c.addChild(Object.assign(label(fit(caption, layout.width - 2 * first.x, 12), { fontSize: 12, fill: UI.muted }), { x: first.x, y: first.y - 17 }));
    NITRO_CARDS.forEach((card, i) => {
      const rect = layout.cards[i];
      const device = info.devices.find((dev) => dev.kind === card.kind);
      if (rect) c.addChild(drawCard(host, card, device, rect));
    });
  }
  return c;
}

function drawHypervisor(host: Host, r: Rect, placement: string): Container {
  const c = new Container({ x: r.x, y: r.y, label: `hypervisor:${host.id}` });
  c.addChild(new Graphics().roundRect(0, 0, r.w, r.h, 6).fill({ color: UI.hypervisor }).stroke({ color: UI.hypervisorEdge, width: 1.5 }));
  const name = host.hypervisor === 'xen' ? 'Xen hypervisor' : 'Nitro Hypervisor (KVM-based)';
  const detail = host.hypervisor === 'xen'
    ? `${placement} · schedules vCPUs, validates PV page tables, grants & event channels`
    : `${placement} · minimized, firmware-like: CPU & memory isolation only`;
  c.addChild(Object.assign(label(name, { fontSize: 14, fontWeight: '700' }), { x: 12, y: 4 }));
  c.addChild(Object.assign(label(fit(detail, r.w - 24, 12), { fontSize: 12, fill: UI.textSoft }), { x: 12, y: 22 }));
  // (The full sentence is in the host's inspector entry; the cut part is the least important.)
  return c;
}

function drawHardware(host: Host, layout: HostLayout, devices: HostDevice[]): Container {
  const r = layout.hardware;
  const c = new Container({ label: `hardware:${host.id}` });
  c.addChild(new Graphics().roundRect(r.x, r.y, r.w, r.h, 6).fill({ color: UI.inset }).stroke({ color: UI.border, width: 1 }));
  c.addChild(Object.assign(label('Hardware', { fontSize: 13, fontWeight: '700' }), { x: r.x + 10, y: r.y + 7 }));
  const cpus = host.sockets * host.coresPerSocket * host.threadsPerCore;
  c.addChild(Object.assign(label(`${host.sockets} × ${host.coresPerSocket} cores × ${host.threadsPerCore}`, { fontSize: 12, fill: UI.muted }), { x: r.x + 10, y: r.y + 25 }));
  c.addChild(Object.assign(label(`${cpus} logical CPUs`, { fontSize: 12, fill: UI.muted }), { x: r.x + 10, y: r.y + 40 }));
  c.addChild(Object.assign(label(`${formatMiB(host.memoryMiB)} · ${host.clockGHz} GHz`, { fontSize: 12, fill: UI.muted }), { x: r.x + 10, y: r.y + 55 }));
  const g = new Graphics();
  c.addChild(g);
  layout.sockets.forEach((s, i) => {
    g.roundRect(s.x, s.y, s.w, s.h, 5).fill({ color: UI.panelRaised }).stroke({ color: UI.border, width: 1 });
    c.addChild(Object.assign(label(`socket ${i}`, { fontSize: 12, fill: UI.muted }), { x: s.x + 6, y: s.y + 3 }));
    const cores = Math.max(1, host.coresPerSocket);
    // Pick the number of cores per row that makes each core's box largest in this socket.
    let perRow = 1;
    let bestCell = 0;
    for (let n = 1; n <= cores; n++) {
      const cell = Math.min((s.w - 8) / n - 4, ((s.h - 22) / Math.ceil(cores / n) - 3) * 1.6);
      if (cell > bestCell) {
        bestCell = cell;
        perRow = n;
      }
    }
    const coreRows = Math.ceil(cores / perRow);
    const gapX = perRow > 8 ? 2 : 4;
    const cw = (s.w - 8 - (perRow - 1) * gapX) / perRow;
    const ch = Math.min(40, (s.h - 22 - (coreRows - 1) * 2) / coreRows);
    const threads = Math.max(1, host.threadsPerCore);
    const tw = Math.max(1, Math.min(12, (cw - 4 - (threads - 1) * 2) / threads));
    const th = Math.min(12, (ch * 2) / 3);
    for (let k = 0; k < cores; k++) {
      const x = s.x + 4 + (k % perRow) * (cw + gapX);
      const y = s.y + 18 + Math.floor(k / perRow) * (ch + 2);
      g.roundRect(x, y, cw, ch, 3).fill({ color: UI.chip });
      const x0 = x + (cw - threads * tw - (threads - 1) * 2) / 2;
      for (let t = 0; t < threads; t++) g.rect(x0 + t * (tw + 2), y + (ch - th) / 2, tw, th).fill({ color: UI.thread });
    }
  });
  const physical = devices.filter((dev) => dev.domainId === null && (dev.kind === 'disk' || dev.kind === 'nic'));
  if (layout.devices.w > 0) {
    c.addChild(Object.assign(label(layout.devices.w < 140 ? 'devices (dom0)' : 'devices (driven by dom0)', { fontSize: 12, fill: UI.muted }), { x: layout.devices.x, y: layout.devices.y + 1 }));
    const list = physical.length > 0 ? physical.map((dev) => ({ text: chipText(dev), id: dev.id })) : [{ text: 'disk', id: null }, { text: 'NIC', id: null }];
    list.forEach((item, i) => c.addChild(chip(item.text, layout.devices.x, layout.devices.y + 18 + i * 22, UI.chip, UI.border, item.id)));
  }
  return c;
}

function drawCard(host: Host, card: (typeof NITRO_CARDS)[number], device: HostDevice | undefined, r: Rect): Container {
  const securityChip = card.kind === 'nitro-security-chip';
  const c = new Container({ x: r.x, y: r.y, label: `device:${device?.id ?? `${host.id}.${card.kind}`}` });
  c.addChild(new Graphics().roundRect(0, 0, r.w, r.h, 6).fill({ color: securityChip ? UI.securityCard : UI.nitroCard }).stroke({ color: securityChip ? UI.securityEdge : UI.nitroEdge, width: 1.5 }));
  c.addChild(Object.assign(label(card.title, { fontSize: 12, fontWeight: '600', wordWrap: true, wordWrapWidth: r.w - 12 }), { x: 8, y: 6 }));
  // The request count is the sign that I/O reached this card: it goes first, never cut.
  const detail = device && device.requests > 0 ? `${device.requests} req · ${card.detail}` : card.detail;
  c.addChild(Object.assign(label(detail, { fontSize: 12, fill: device && device.requests > 0 ? UI.text : UI.muted, wordWrap: true, wordWrapWidth: r.w - 12, lineHeight: 13 }), { x: 8, y: 24 }));
  return c;
}

/**
 * Key to the picture: tenants (colour + pattern + name) and the state conventions, one container
 * per item; host-layout.ts flows them into rows (legendRows) and host.ts places them (drawLegend).
 */
export function legendItems(tenants: readonly Tenant[]): Container[] {
  const items: Container[] = [];
  for (const tenant of tenants) {
    const color = tenantColor(tenant.colorIndex);
    const item = new Container();
    const swatch = new Graphics().roundRect(0, 2, 22, 14, 3).fill({ color }).stroke({ color: tenantEdge(color, UI.panel) ?? color, width: 1 });
    drawPattern(swatch, tenantPattern(tenant.colorIndex), 0, 2, 22, 14, 5).stroke({ color: inkOn(color), width: 1.2, alpha: 0.85 });
    item.addChild(swatch, Object.assign(label(tenant.name, { fontSize: 12, fill: UI.text }), { x: 28, y: 2 }));
    items.push(item);
  }
  const building = new Container();
  building.addChild(dashedRect(new Graphics(), 0.5, 2.5, 21, 13, 4, 3).stroke({ color: UI.building, width: 1.5 }), Object.assign(label('building', { fontSize: 12, fill: UI.muted }), { x: 28, y: 2 }));
  const dying = new Container();
  const hatch = dashedRect(new Graphics(), 0.5, 2.5, 21, 13, 4, 3).stroke({ color: UI.dying, width: 1.5 });
  drawPattern(hatch, 'diagonal', 1, 3, 20, 12, 5).stroke({ color: UI.dying, width: 1, alpha: 0.6 });
  dying.addChild(hatch, Object.assign(label('tearing down', { fontSize: 12, fill: UI.muted }), { x: 28, y: 2 }));
  const levels = new Container();
  levels.addChild(Object.assign(drawVcpus(['user', 'kernel', 'hypervisor'], UI.operator, 200, false), { y: 1 }));
  levels.addChild(Object.assign(label('vCPU in user · kernel · hypervisor', { fontSize: 12, fill: UI.muted }), { x: 62, y: 2 }));
  const focus = new Container();
  focus.addChild(new Graphics().roundRect(1, 2, 20, 14, 3).stroke({ color: UI.focus, width: 2 }), Object.assign(label('lesson focus', { fontSize: 12, fill: UI.muted }), { x: 28, y: 2 }));
  items.push(building, dying, levels, focus);
  return items;
}

/** The legend: its items at the positions legendRows gave them. */
export function drawLegend(items: readonly Container[], flow: LegendFlow): Container {
  const c = new Container({ label: 'legend' });
  items.forEach((item, i) => {
    const at = flow.positions[i];
    if (at) item.position.set(at.x, at.y);
    c.addChild(item);
  });
  return c;
}
