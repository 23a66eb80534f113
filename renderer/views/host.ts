import { Container, Graphics, type FederatedPointerEvent } from 'pixi.js';
import type { Domain, Host } from '../../src/model/hypervisor/types';
import type { SimState } from '../../src/model/state';
import { UI } from '../palette';
import { tenantColor } from '../palette';
import { drawDom0, drawGuest, drawHostChrome, drawLegend, drawNoDom0, drawVcpus, legendItems, type DomainDrawing } from './host-parts';
import { HOST_MIN_SCALE, layoutHost, legendRows, MIN_HOST_WIDTH, planPicture, visibleGuests, type HostLayout, type PicturePlan, type Rect } from './host-layout';
import { boxIn } from './camera';
import { activeIo, describePlacement, domainPrivilege, hypervisorPlacement, vcpuLevels } from './privilege';
import { touches, type EntityRef, type LabView, type ViewContext } from './view';
import { hostScene } from './host-scene';

interface DomainNode {
  node: Container;
  rect: Rect;
  outline: Graphics;
}

interface HostNode {
  root: Container;
  layout: HostLayout;
  outline: Graphics;
  domains: Map<string, DomainNode>;
}

/**
 * Hosts are laid out for the canvas width divided by HOST_MIN_SCALE (12 px type reads ≥ 14 px)
 * and stacked under the legend; when they are taller than the canvas, the camera frames the
 * step's focus.
 */
const MIN_SCALE = HOST_MIN_SCALE;

/**
 * Host view: per host, the domains (dom0 or its absence, then guests), the hypervisor band and
 * the hardware (sockets → cores → threads), plus Nitro cards. Redraws only the hosts and domains
 * a frame's patches touched; highlight and selection are outlines drawn over the boxes.
 */
export function createHostView(): LabView {
  let stage: Container | null = null;
  let content: Container | null = null;
  let ctx: ViewContext | null = null;
  let state: SimState | null = null;
  let width = 800;
  let height = 600;
  const hosts = new Map<string, HostNode>();
  let focused = new Set<string>();
  let selected: string | null = null;
  let legend: Container | null = null;
  /** The tenants' and states' key, one container per item (laid out by planPicture). */
  let legendParts: Container[] = [];
  /** Where hosts and legend go (host-layout.ts planPicture); the legend beside a lone host's domains moves with it. */
  let picture: PicturePlan | null = null;
  let plan = { columns: 1, hostWidth: 800, scale: 1 };

  const info = (d: Domain): DomainDrawing => {
    const s = state as SimState;
    const io = activeIo(s, d.id);
    return {
      privilege: domainPrivilege(s, d),
      vcpuLevels: vcpuLevels(s, d),
      tenant: d.tenant ? s.world.tenants[d.tenant] ?? null : null,
      devices: Object.values(s.world.devices ?? {}).filter((dev) => dev.domainId === d.id),
      ioStage: io ? io.stages[io.stage] ?? null : null,
    };
  };

  /** Wires every descendant labelled `device:<id>` (backend chips, physical devices, Nitro cards). */
  const wireDevices = (node: Container): void => {
    for (const child of node.children) {
      if (child.label?.startsWith('device:')) selectable(child, { kind: 'device', id: child.label.slice('device:'.length) });
      else if (child.children.length > 0) wireDevices(child);
    }
  };

  const selectable = (node: Container, ref: EntityRef): void => {
    node.eventMode = 'static';
    node.cursor = 'pointer';
    node.on('pointertap', (event: FederatedPointerEvent) => {
      event.stopPropagation();
      selected = ref.id;
      ctx?.select(ref);
      paintOutlines();
    });
  };

  const drawDomain = (d: Domain, rect: Rect): DomainNode => {
    const node = d.role === 'dom0' ? drawDom0(d, rect, info(d)) : drawGuest(d, rect, info(d));
    wireDevices(node);
    const outline = new Graphics();
    node.addChild(outline);
    selectable(node, { kind: 'domain', id: d.id });
    return { node, rect, outline };
  };

  const buildHost = (host: Host): HostNode => {
    const s = state as SimState;
    const guests = visibleGuests(host, s.world.domains);
    const layout = layoutHost(host, guests, plan.hostWidth);
    const root = new Container({ label: `host:${host.id}` });
    const placement = hypervisorPlacement(s, host.id);
    const chrome = drawHostChrome(host, layout, {
      guestCount: guests.length,
      hypervisorPlacement: placement ? describePlacement(placement) : null,
      devices: Object.values(s.world.devices ?? {}).filter((dev) => dev.hostId === host.id),
    });
    selectable(chrome, { kind: 'host', id: host.id });
    wireDevices(chrome);
    root.addChild(chrome);
    const domains = new Map<string, DomainNode>();
    const dom0 = host.domains.map((id) => s.world.domains[id]).find((d) => d?.role === 'dom0' && d.status !== 'destroyed');
    if (dom0) domains.set(dom0.id, drawDomain(dom0, layout.controlSlot));
    else if (host.hypervisor === 'nitro') root.addChild(drawNoDom0(layout.controlSlot));
    for (const guest of guests) domains.set(guest.id, drawDomain(guest, layout.guests.get(guest.id) as Rect));
    for (const d of domains.values()) root.addChild(d.node);
    const outline = new Graphics();
    root.addChild(outline);
    return { root, layout, outline, domains };
  };

  const rebuildAll = (): void => {
    if (!content || !state) return;
    for (const h of hosts.values()) h.root.destroy({ children: true });
    hosts.clear();
    legend?.destroy({ children: true });
    legend = null;
    content.removeChildren();
    const all = Object.values(state.world.hosts);
    // One column at the canvas width: text stays readable, and the camera frames the focus.
    plan = { columns: 1, hostWidth: Math.max(MIN_HOST_WIDTH, (width - 16) / MIN_SCALE), scale: MIN_SCALE };
    for (const host of all) {
      const node = buildHost(host);
      hosts.set(host.id, node);
      content.addChild(node.root);
    }
    legendParts = legendItems(Object.values(state.world.tenants));
    legend = new Container({ label: 'legend' });
    content.addChild(legend);
    arrange();
    paintOutlines();
  };

  const rebuildHost = (hostId: string): void => {
    const host = state?.world.hosts[hostId];
    const old = hosts.get(hostId);
    // A lone host carries the legend beside its domains: rebuild both.
    if (!host || !old || !content || picture?.legend.mode === 'beside') return rebuildAll();
    const index = content.getChildIndex(old.root);
    old.root.destroy({ children: true });
    const node = buildHost(host);
    hosts.set(hostId, node);
    content.addChildAt(node.root, index);
    arrange();
  };

  const redrawDomain = (domainId: string): void => {
    const d = state?.world.domains[domainId];
    const hostNode = d ? hosts.get(d.hostId) : undefined;
    const host = d ? state?.world.hosts[d.hostId] : undefined;
    if (!d || !hostNode || !host) return rebuildAll();
    const guestIds = visibleGuests(host, state!.world.domains).map((g) => g.id);
    const shown = [...hostNode.layout.guests.keys()];
    const existing = hostNode.domains.get(domainId);
    // A guest appearing or disappearing changes the layout: rebuild, not just the box
    // (rebuildAll re-plans the grid, since the best column count and width may change too).
    if (d.role === 'guest' && (guestIds.length !== shown.length || guestIds.some((id, i) => id !== shown[i]))) return rebuildAll();
    if (!existing) return rebuildHost(d.hostId);
    const index = hostNode.root.getChildIndex(existing.node);
    existing.node.destroy({ children: true });
    const fresh = drawDomain(d, existing.rect);
    hostNode.domains.set(domainId, fresh);
    hostNode.root.addChildAt(fresh.node, index);
  };

  /** A vCPU changed privilege level: swap only that domain's vCPU squares (the common case while playing). */
  const redrawVcpus = (domainId: string): void => {
    const d = state?.world.domains[domainId];
    const node = d ? hosts.get(d.hostId)?.domains.get(domainId) : undefined;
    const old = node?.node.getChildByLabel('vcpus', true);
    if (!d || !node || !old || !old.parent) return redrawDomain(domainId);
    const tenant = d.tenant ? state?.world.tenants[d.tenant] : undefined;
    const fresh = drawVcpus(vcpuLevels(state as SimState, d), tenant ? tenantColor(tenant.colorIndex) : UI.operator, node.rect.w);
    fresh.position.copyFrom(old.position);
    const parent = old.parent;
    parent.addChildAt(fresh, parent.getChildIndex(old));
    old.destroy({ children: true });
  };

  /** Places hosts and legend as planPicture says and scales the picture to the canvas. */
  const arrange = (): void => {
    if (!content) return;
    const nodes = [...hosts.values()];
    const widths = legendParts.map((item) => item.width);
    picture = planPicture(nodes.map((h) => h.layout), (w) => legendRows(widths, w), width, height);
    const laid = picture;
    nodes.forEach((h, i) => h.root.position.set(laid.hosts[i]?.x ?? 0, laid.hosts[i]?.y ?? 0));
    if (legend) {
      // Reflow the items for the chosen width (they move between the old legend and the new one).
      const fresh = drawLegend(legendParts, legendRows(widths, laid.legend.width));
      const home = laid.legend.mode === 'beside' ? nodes[0]?.root.position : { x: 0, y: 0 };
      fresh.position.set((home?.x ?? 0) + laid.legend.rect.x, (home?.y ?? 0) + laid.legend.rect.y);
      content.addChildAt(fresh, content.getChildIndex(legend));
      legend.destroy();
      legend = fresh;
    }
    content.scale.set(laid.scale);
    content.position.set(laid.x, laid.y);
    paintOutlines();
  };

  /** Entities named by any violation so far get a red outline (ARCHITECTURE §7). */
  const violating = (): Set<string> => {
    const ids = new Set<string>();
    for (const v of state?.violations ?? []) for (const list of Object.values(v.entities)) for (const id of list) ids.add(String(id));
    return ids;
  };

  const paintOutlines = (): void => {
    const red = violating();
    for (const [hostId, h] of hosts) {
      h.outline.clear();
      if (red.has(hostId)) h.outline.roundRect(-2, -2, h.layout.width + 4, h.layout.height + 4, 13).stroke({ color: UI.violation, width: 3 });
      if (focused.has(hostId)) h.outline.roundRect(-3, -3, h.layout.width + 6, h.layout.height + 6, 14).stroke({ color: UI.focus, width: 3, alpha: 0.9 });
      if (selected === hostId) h.outline.roundRect(-6, -6, h.layout.width + 12, h.layout.height + 12, 16).stroke({ color: UI.selection, width: 2 });
      // Devices (backend chips, physical devices, Nitro cards) a step focuses or the user selected.
      for (const id of [...focused, ...(selected ? [selected] : [])]) {
        const device = h.root.getChildByLabel(`device:${id}`, true);
        const box = device ? boxIn(h.root, device) : null;
        if (!box) continue;
        const grow = selected === id && !focused.has(id) ? 5 : 3;
        h.outline.roundRect(box.x - grow, box.y - grow, box.width + 2 * grow, box.height + 2 * grow, 8).stroke({ color: focused.has(id) ? UI.focus : UI.selection, width: focused.has(id) ? 3 : 2 });
      }
      for (const [id, d] of h.domains) {
        d.outline.clear();
        if (red.has(id)) d.outline.roundRect(-2, -2, d.rect.w + 4, d.rect.h + 4, 10).stroke({ color: UI.violation, width: 3 });
        if (focused.has(id)) d.outline.roundRect(-4, -4, d.rect.w + 8, d.rect.h + 8, 11).stroke({ color: UI.focus, width: 3 });
        if (selected === id) d.outline.roundRect(-7, -7, d.rect.w + 14, d.rect.h + 14, 13).stroke({ color: UI.selection, width: 2 });
      }
    }
  };

  return {
    id: 'host',
    title: 'Host',
    mount(root, initial, _lesson, viewCtx) {
      stage = root;
      ctx = viewCtx;
      state = initial;
      content = new Container({ label: 'host-view' });
      stage.addChild(content);
      rebuildAll();
    },
    update(next, patches) {
      const previous = state;
      state = next;
      if (!content || patches.length === 0 || previous === next) return;
      const hostIds = new Set<string>();
      const domainIds = new Set<string>();
      const vcpuDomains = new Set<string>();
      let outlines = false;
      for (const patch of patches) {
        if (touches(patch, ['violations'])) outlines = true;
        if (patch.path.length <= 2 && touches(patch, ['world', 'cpu'])) return rebuildAll();
        if (touches(patch, ['world', 'tenants']) || (touches(patch, ['world', 'hosts']) && patch.path.length <= 2)) return rebuildAll();
        if (touches(patch, ['world', 'hosts'])) return rebuildAll();
        else if (touches(patch, ['world', 'domains'])) {
          if (patch.path.length <= 2) return rebuildAll();
          domainIds.add(String(patch.path[2]));
        } else if (touches(patch, ['world', 'devices'])) {
          const device = next.world.devices?.[String(patch.path[2])] ?? previous?.world.devices?.[String(patch.path[2])];
          if (device?.domainId) domainIds.add(device.domainId);
          else if (device) hostIds.add(device.hostId);
          else return rebuildAll();
        } else if (touches(patch, ['world', 'cpu', 'vcpus'])) {
          if (patch.path.length <= 3) return rebuildAll();
          const vcpu = next.world.cpu.vcpus[String(patch.path[3])] ?? previous?.world.cpu.vcpus[String(patch.path[3])];
          if (vcpu) vcpuDomains.add(vcpu.domainId);
        } else if (touches(patch, ['world', 'cpu', 'io'])) {
          // An I/O request moved a stage: redraw its guest's box (its I/O row names the stage).
          const id = patch.path[3];
          const request = id === undefined ? undefined : (next.world.cpu.io[String(id)] ?? previous?.world.cpu.io[String(id)]);
          if (request) domainIds.add(request.domainId);
        } else if (touches(patch, ['world', 'cpu', 'placements'])) {
          if (patch.path.length <= 3) return rebuildAll();
          domainIds.add(String(patch.path[3]));
        } else if (touches(patch, ['world', 'cpu', 'hypervisors'])) {
          if (patch.path.length <= 3) return rebuildAll();
          hostIds.add(String(patch.path[3]));
        }
      }
      for (const id of hostIds) rebuildHost(id);
      for (const id of domainIds) {
        const d = next.world.domains[id];
        if (!d || !hostIds.has(d.hostId)) redrawDomain(id);
      }
      for (const id of vcpuDomains) {
        const d = next.world.domains[id];
        if (d && !hostIds.has(d.hostId) && !domainIds.has(id)) redrawVcpus(id);
      }
      // vCPU-only changes keep each box's outline; anything else may need outlines repainted.
      if (outlines || hostIds.size > 0 || domainIds.size > 0) paintOutlines();
    },
    resize(w, h) {
      const changed = Math.abs(w - width) > 1 || Math.abs(h - height) > 1;
      width = w;
      height = h;
      if (changed) rebuildAll();
    },
    highlight(entityIds) {
      focused = new Set(entityIds);
      paintOutlines();
    },
    nameOf(id) {
      // The names the boxes' headers show: a host's, a domain's.
      return state?.world.hosts[id]?.name ?? state?.world.domains[id]?.name ?? null;
    },
    boundsOf(id) {
      if (!stage) return null;
      const host = hosts.get(id);
      if (host) return boxIn(stage, host.root);
      for (const h of hosts.values()) {
        const d = h.domains.get(id);
        if (d) return boxIn(stage, d.node);
        const device = h.root.getChildByLabel(`device:${id}`, true);
        if (device) return boxIn(stage, device);
      }
      return null;
    },
    scene: (s) => hostScene(s),
    describe(s) {
      const parts: string[] = [];
      for (const host of Object.values(s.world.hosts)) {
        const guests = visibleGuests(host, s.world.domains).map((d) => `${d.name} (${s.world.tenants[d.tenant ?? '']?.name ?? 'no tenant'}, ${d.mode}, ${d.status})`);
        const control = host.hypervisor === 'xen' ? 'Xen with dom0' : 'Nitro, no dom0';
        parts.push(`${host.name}: ${control}; ${guests.length} guest${guests.length === 1 ? '' : 's'}${guests.length ? `: ${guests.join(', ')}` : ''}`);
      }
      return `Host view. ${parts.join('. ')}`;
    },
    unmount() {
      for (const h of hosts.values()) h.root.destroy({ children: true });
      hosts.clear();
      content?.destroy({ children: true });
      content = null;
      stage = null;
      ctx = null;
    },
  };
}

