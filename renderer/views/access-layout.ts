import type { AuditEntry } from '../../src/model/access/types';
import type { SimState } from '../../src/model/state';
import type { EntityRef } from './view';
import { shortReason } from './access-text';

/**
 * Where everything of the Access view goes, as plain data (no Pixi): actors on the left
 * (operators with their MFA state, then customers), purpose-built admin hosts in the middle, and
 * per host its management plane (Xen: dom0) or audited APIs (Nitro) above its guests on the
 * right; the audit log beside (wide canvas) or below (narrow). Sizes follow the canvas, with the
 * projection standard's floor: text ≥ 14 px, headings ≥ 18 px.
 */

export interface Box {
  x: number;
  y: number;
  w: number;
  h: number;
}

export interface Point {
  x: number;
  y: number;
}

export type AccessNodeKind = 'operator' | 'customer' | 'admin' | 'host' | 'mgmt' | 'nitro-api' | 'guest';

export interface AccessNode extends Box {
  /** `op:<id>`, `customer:<tenant>`, `admin:<id>`, `host:<id>`, `mgmt:<host>`, `guest:<domain>`. */
  key: string;
  /** The model id (what lesson focus lists name). */
  id: string;
  kind: AccessNodeKind;
  title: string;
  /** Second line: MFA and status, tenant, hypervisor… */
  detail: string;
  entity: EntityRef | null;
  /** Tenant palette index for customers and guests. */
  colorIndex?: number;
  /** Hosts: the host's name, shown beside the id when it fits (the inspector always has it). */
  subtitle?: string;
  /** Drawn as a warning (operator without MFA) or struck through (revoked operator). */
  mark?: 'no-mfa' | 'revoked';
}

export interface AccessLayout {
  width: number;
  height: number;
  /** Body text size and heading size (px). */
  font: number;
  heading: number;
  title: Point;
  legend: Box;
  diagram: Box;
  audit: Box;
  nodes: Map<string, AccessNode>;
  /** For each Nitro host: where the missing operator path would run (drawn crossed out). */
  noPath: Array<{ hostId: string; from: Point; to: Point }>;
}

const PAD = 14;

/** Columns of the diagram: [start, width] as shares of its width. */
export const COLUMNS = { actor: [0, 0.25], admin: [0.29, 0.15], host: [0.62, 0.38] } as const;

/** The free band between admin hosts and hosts where the paths' reasons are written. */
export function labelBand(layout: Pick<AccessLayout, 'diagram'>): Box {
  const d = layout.diagram;
  const x = d.x + d.w * (COLUMNS.admin[0] + COLUMNS.admin[1]) + 6;
  return { x, y: d.y, w: d.x + d.w * COLUMNS.host[0] - 8 - x, h: d.h };
}

function tenantName(state: SimState, tenant: string | null): string {
  if (!tenant) return '';
  return state.world.tenants[tenant]?.name ?? tenant;
}

/** Column layout of cards of equal height, centred vertically in a band. */
function stack(count: number, top: number, height: number, cardH: number, gap: number): number[] {
  const total = count * cardH + Math.max(0, count - 1) * gap;
  const start = top + Math.max(0, (height - total) / 2);
  return Array.from({ length: count }, (_, i) => start + i * (cardH + gap));
}

export function accessLayout(state: SimState, width: number, height: number): AccessLayout {
  const access = state.world.access;
  const operators = Object.values(access?.operators ?? {});
  const adminHosts = Object.values(access?.adminHosts ?? {});
  const hosts = Object.values(state.world.hosts);
  const tenants = Object.values(state.world.tenants);
  const font = Math.round(Math.max(14, Math.min(18, Math.min(width / 60, height / 34))));
  const heading = Math.max(18, font + 4);
  const title = { x: PAD, y: PAD - 4 };
  const legend = { x: PAD, y: PAD + heading + 6, w: width - 2 * PAD, h: font + 8 };
  const top = legend.y + legend.h + 8;
  const wide = width >= 1000;
  const auditShare = wide ? 0.32 : 0;
  const audit: Box = wide
    ? { x: width - PAD - (width - 2 * PAD) * auditShare, y: top, w: (width - 2 * PAD) * auditShare, h: height - top - PAD }
    : { x: PAD, y: 0, w: width - 2 * PAD, h: 0 };
  const cardH = font * 2 + 16;
  const gap = Math.max(8, font * 0.6);
  const actorCount = operators.length + tenants.length;
  // Each host needs a header, its management plane and a row of guests.
  const hostH = font * 1.4 + 10 + cardH + 10 + cardH + 12;
  const diagramNeed = Math.max(actorCount * (cardH + gap) + font * 1.6, hosts.length * (hostH + gap));
  // Narrow canvas: the audit log below keeps room for a few entries (each about two lines).
  const auditMin = heading + 12 + 3 * (font * 2.7 + 4);
  const diagramH = wide ? height - top - PAD : Math.min(diagramNeed + 8, Math.max(height * 0.45, height - top - PAD - 10 - auditMin));
  const diagram: Box = { x: PAD, y: top, w: (wide ? audit.x - PAD * 2 : width - 2 * PAD), h: Math.max(60, diagramH) };
  if (!wide) {
    audit.y = diagram.y + diagram.h + 10;
    audit.h = Math.max(0, height - audit.y - PAD);
  }

  const nodes = new Map<string, AccessNode>();
  const colActor = { x: diagram.x, w: diagram.w * COLUMNS.actor[1] };
  const colAdmin = { x: diagram.x + diagram.w * COLUMNS.admin[0], w: diagram.w * COLUMNS.admin[1] };
  const colHost = { x: diagram.x + diagram.w * COLUMNS.host[0], w: diagram.w * COLUMNS.host[1] };

  // Actors: operators, then customers.
  const actorCard = Math.min(cardH, (diagram.h - font * 1.6) / Math.max(1, actorCount) - gap);
  const actorYs = stack(actorCount, diagram.y + font * 1.6, diagram.h - font * 1.6, Math.max(font * 2 + 8, actorCard), gap);
  operators.forEach((o, i) => {
    const mark = o.status === 'revoked' ? 'revoked' : !o.mfa ? 'no-mfa' : undefined;
    nodes.set(`op:${o.id}`, {
      key: `op:${o.id}`,
      id: o.id,
      kind: 'operator',
      title: `operator ${o.id}`,
      detail: `${o.mfa ? 'MFA ✓' : 'no MFA ✗'} · ${o.status === 'revoked' ? 'revoked ✗' : 'active'}`,
      entity: { kind: 'operator', id: o.id },
      ...(mark ? { mark } : {}),
      x: colActor.x,
      y: actorYs[i] as number,
      w: colActor.w,
      h: Math.max(font * 2 + 8, actorCard),
    });
  });
  tenants.forEach((t, i) => {
    nodes.set(`customer:${t.id}`, {
      key: `customer:${t.id}`,
      id: t.id,
      kind: 'customer',
      title: t.name,
      detail: `customer ${t.id}`,
      entity: { kind: 'tenant', id: t.id },
      colorIndex: t.colorIndex,
      x: colActor.x,
      y: actorYs[operators.length + i] as number,
      w: colActor.w,
      h: Math.max(font * 2 + 8, actorCard),
    });
  });

  // Admin hosts: level with the operators.
  const opTop = operators.length > 0 ? (actorYs[0] as number) : diagram.y + font * 1.6;
  const opBottom = operators.length > 0 ? (actorYs[operators.length - 1] as number) + cardH : opTop + cardH;
  // Admin hosts have room for a two-line description.
  const adminH = cardH + font * 1.3;
  const adminYs = stack(adminHosts.length, opTop, Math.max(adminH, opBottom - opTop), adminH, gap);
  adminHosts.forEach((a, i) => {
    nodes.set(`admin:${a.id}`, {
      key: `admin:${a.id}`,
      id: a.id,
      kind: 'admin',
      title: a.id,
      detail: a.name === a.id ? 'admin host' : a.name,
      entity: { kind: 'adminHost', id: a.id },
      x: colAdmin.x,
      y: adminYs[i] as number,
      w: colAdmin.w,
      h: adminH,
    });
  });

  // Hosts: each a box with its management plane (or Nitro's audited APIs) above its guests.
  const hostGap = gap;
  const available = diagram.h - font * 1.6;
  const boxH = Math.min(hostH + 30, (available - hostGap * Math.max(0, hosts.length - 1)) / Math.max(1, hosts.length));
  const noPath: AccessLayout['noPath'] = [];
  hosts.forEach((host, i) => {
    const y = diagram.y + font * 1.6 + i * (boxH + hostGap);
    const nitro = host.hypervisor === 'nitro';
    nodes.set(`host:${host.id}`, {
      key: `host:${host.id}`,
      id: host.id,
      kind: 'host',
      title: host.id,
      ...(host.name !== host.id ? { subtitle: host.name } : {}),
      detail: nitro ? 'Nitro' : `Xen${host.xenVersion ? ` ${host.xenVersion}` : ''}`,
      entity: { kind: 'host', id: host.id },
      x: colHost.x,
      y,
      w: colHost.w,
      h: boxH,
    });
    const innerX = colHost.x + 8;
    const innerW = colHost.w - 16;
    const planeY = y + font * 1.4 + 10;
    const planeH = Math.max(font + 12, (boxH - font * 1.4 - 30) / 2);
    const dom0 = host.domains.map((d) => state.world.domains[d]).find((d) => d?.role === 'dom0');
    nodes.set(`mgmt:${host.id}`, {
      key: `mgmt:${host.id}`,
      id: dom0?.id ?? `${host.id}.mgmt`,
      kind: nitro ? 'nitro-api' : 'mgmt',
      title: nitro ? 'audited admin APIs' : 'management plane · dom0',
      detail: nitro ? 'no login, no dom0' : 'operator sessions land here',
      entity: dom0 ? { kind: 'domain', id: dom0.id } : { kind: 'host', id: host.id },
      x: innerX,
      y: planeY,
      w: innerW,
      h: planeH,
    });
    if (nitro) {
      // From the admin hosts' column to the Nitro host: where an operator path would run.
      noPath.push({ hostId: host.id, from: { x: colAdmin.x, y: planeY + planeH / 2 }, to: { x: innerX, y: planeY + planeH / 2 } });
    }
    const guests = host.domains.map((d) => state.world.domains[d]).filter((d) => d !== undefined && d.role === 'guest' && d.status !== 'destroyed');
    const guestY = planeY + planeH + 8;
    const guestH = Math.max(font + 12, y + boxH - 8 - guestY);
    const guestGap = 8;
    const guestW = guests.length > 0 ? (innerW - guestGap * (guests.length - 1)) / guests.length : innerW;
    guests.forEach((g, k) => {
      if (!g) return;
      const tenant = g.tenant ? state.world.tenants[g.tenant] : undefined;
      nodes.set(`guest:${g.id}`, {
        key: `guest:${g.id}`,
        id: g.id,
        kind: 'guest',
        title: g.id,
        detail: tenantName(state, g.tenant) || 'guest',
        entity: { kind: 'domain', id: g.id },
        ...(tenant ? { colorIndex: tenant.colorIndex } : {}),
        x: innerX + k * (guestW + guestGap),
        y: guestY,
        w: guestW,
        h: guestH,
      });
    });
  });

  return { width, height, font, heading, title, legend, diagram, audit, nodes, noPath };
}

/** One audit entry drawn as a path: where it starts, where it was stopped (if refused), and why. */
export interface AttemptPath {
  seq: number;
  outcome: 'allowed' | 'denied';
  /** Waypoints from the actor to what it aimed at. */
  points: Point[];
  /** Index of the waypoint where a refusal stops it (the ✗), or null when allowed. */
  stopAt: number | null;
  /** What is written on the path. */
  text: string;
  /** A login aimed at a Nitro host: there is no path to draw at all. */
  noPath: boolean;
}

const right = (b: Box, dy = 0): Point => ({ x: b.x + b.w, y: b.y + b.h / 2 + dy });
const left = (b: Box, dy = 0): Point => ({ x: b.x, y: b.y + b.h / 2 + dy });
const topOf = (b: Box, dx = 0): Point => ({ x: b.x + b.w / 2 + dx, y: b.y });

/** The admin host an entry went through: named in its reason, else the first one. */
function adminNode(entry: AuditEntry, layout: AccessLayout): AccessNode | undefined {
  const admins = [...layout.nodes.values()].filter((n) => n.kind === 'admin');
  return admins.find((a) => entry.reason.includes(a.id)) ?? admins[0];
}

/**
 * The path of one audit entry. `lane` offsets parallel paths (several attempts in one step) so
 * they do not draw on top of each other. Unknown actions (models added later) get a straight
 * path from actor to target when both are on the canvas, and none otherwise.
 */
export function attemptPath(entry: AuditEntry, layout: AccessLayout, hypervisorOf: (hostId: string) => 'xen' | 'nitro' | undefined, lane = 0): AttemptPath | null {
  const n = layout.nodes;
  const dy = lane * Math.max(6, layout.font * 0.5);
  const base = { seq: entry.seq, outcome: entry.outcome, text: shortReason(entry), noPath: false };
  const denied = entry.outcome === 'denied';
  const actor = entry.actor.kind === 'operator' ? n.get(`op:${entry.actor.id}`) : entry.actor.kind === 'customer' ? n.get(`customer:${entry.actor.id}`) : undefined;
  const action = entry.action.split(':')[0] ?? entry.action;
  const hostPlane = n.get(`mgmt:${entry.target}`);
  const guest = n.get(`guest:${entry.target}`);
  if (!actor && guest && entry.actor.kind === 'system') {
    // dom0's own tools (QEMU, the toolstack) act from the management plane down onto a guest.
    const plane = [...n.values()].find((p) => (p.kind === 'mgmt' || p.kind === 'nitro-api') && p.x <= guest.x && p.x + p.w >= guest.x && p.y < guest.y && guest.y - (p.y + p.h) < layout.font * 3);
    if (!plane) return null;
    const x = guest.x + guest.w / 2 + dy;
    return { ...base, points: [{ x, y: plane.y + plane.h }, { x, y: guest.y }], stopAt: denied ? 1 : null };
  }
  if (!actor) return null;
  const from = right(actor, dy);
  if (action === 'operator.login' && hostPlane) {
    const admin = adminNode(entry, layout);
    if (hypervisorOf(entry.target) === 'nitro') {
      const points = admin ? [from, left(admin, dy), right(admin, dy), left(hostPlane, dy)] : [from, left(hostPlane, dy)];
      return { ...base, points, stopAt: points.length - 1, noPath: true, text: 'refused: no operator access path on Nitro' };
    }
    if (/only through a purpose-built/i.test(entry.reason) || !admin) {
      // Straight from a workstation: around the admin hosts, stopped at the management plane.
      const bypass = { x: (from.x + hostPlane.x) / 2, y: Math.max(from.y, (admin?.y ?? from.y) + (admin?.h ?? 0) + layout.font) + dy };
      return { ...base, points: [from, { x: bypass.x - 20, y: bypass.y }, { x: bypass.x + 20, y: bypass.y }, left(hostPlane, dy)], stopAt: denied ? 3 : null };
    }
    const points = [from, left(admin, dy), right(admin, dy), left(hostPlane, dy)];
    // MFA and revocation are checked at the admin host.
    return { ...base, points, stopAt: denied ? (/multi-factor|revoked/i.test(entry.reason) ? 1 : 3) : null };
  }
  if (action === 'operator.api' && hostPlane) {
    const nitro = hypervisorOf(entry.target) === 'nitro';
    const admin = adminNode(entry, layout);
    const points = nitro || !admin ? [from, left(hostPlane, dy)] : [from, left(admin, dy), right(admin, dy), left(hostPlane, dy)];
    if (denied && /customer data|guest memory|no access rights/i.test(entry.reason)) {
      // Aimed through the plane at the guests' data: stopped at the plane's edge.
      const firstGuest = [...n.values()].find((g) => g.kind === 'guest' && g.y > hostPlane.y && g.x >= hostPlane.x && g.x < hostPlane.x + hostPlane.w);
      if (firstGuest) points.push(topOf(firstGuest, dy));
      return { ...base, points, stopAt: points.length - (firstGuest ? 2 : 1) };
    }
    return { ...base, points, stopAt: denied ? points.length - 1 : null };
  }
  if (guest) {
    const admin = action === 'operator.accessGuest' ? adminNode(entry, layout) : undefined;
    const entry2 = left(guest, 0);
    const points = admin ? [from, left(admin, dy), right(admin, dy), { x: entry2.x - 12, y: entry2.y + dy }, { x: entry2.x, y: entry2.y + dy }] : [from, { x: entry2.x, y: entry2.y + dy }];
    return { ...base, points, stopAt: denied ? points.length - 1 : null };
  }
  const target = n.get(`op:${entry.target}`) ?? n.get(`host:${entry.target}`) ?? hostPlane;
  if (!target || target === actor) return null;
  return { ...base, points: [from, left(target, dy)], stopAt: denied ? 1 : null };
}

/** Length-parametrised point on a polyline (t in [0, 1]). */
export function pointAlong(points: readonly Point[], t: number): Point {
  if (points.length === 0) return { x: 0, y: 0 };
  const lengths: number[] = [];
  let total = 0;
  for (let i = 1; i < points.length; i++) {
    const a = points[i - 1] as Point;
    const b = points[i] as Point;
    const l = Math.hypot(b.x - a.x, b.y - a.y);
    lengths.push(l);
    total += l;
  }
  let remaining = Math.max(0, Math.min(1, t)) * total;
  for (let i = 1; i < points.length; i++) {
    const l = lengths[i - 1] as number;
    const a = points[i - 1] as Point;
    const b = points[i] as Point;
    if (remaining <= l || i === points.length - 1) {
      const f = l === 0 ? 1 : Math.min(1, remaining / l);
      return { x: a.x + (b.x - a.x) * f, y: a.y + (b.y - a.y) * f };
    }
    remaining -= l;
  }
  return points[points.length - 1] as Point;
}

/**
 * The attempts drawn now: those of the current lesson step (at or after `since`), else the last
 * few, newest last. Every entry stays in the audit list either way.
 */
export function currentAttempts(audit: readonly AuditEntry[], now: number, since: number, max = 4): AuditEntry[] {
  const done = audit.filter((e) => e.at <= now);
  const inStep = done.filter((e) => e.at >= since);
  return (inStep.length > 0 ? inStep : done).slice(-max);
}

/**
 * What a path's label must never cover: every card, each host frame's header line, the words
 * under a crossed-out Nitro path and the column heads. (Host frames themselves are not listed:
 * their insides between cards are free room.)
 */
export function labelObstacles(layout: AccessLayout): Box[] {
  const f = layout.font;
  const boxes: Box[] = [...layout.nodes.values()].map((n) => (n.kind === 'host' ? { x: n.x, y: n.y, w: n.w, h: f * 1.4 + 10 } : { x: n.x, y: n.y, w: n.w, h: n.h }));
  for (const gap of layout.noPath) boxes.push({ x: gap.from.x, y: gap.from.y + f * 0.4, w: gap.to.x - gap.from.x, h: f * 1.8 });
  boxes.push({ x: layout.diagram.x, y: layout.diagram.y, w: layout.diagram.w, h: f * 1.4 });
  return boxes;
}

/** Wrap widths a path label tries: wide (two lines at most), then as narrow as the free band between admin hosts and hosts. */
export function labelWraps(layout: AccessLayout): number[] {
  const band = labelBand(layout);
  return [Math.max(band.w - 8, Math.min(220, layout.diagram.w * 0.3)), Math.max(100, band.w - 8)];
}

/**
 * A label that would repeat one already written at (nearly) the same place: two attempts of a
 * step with the same outcome and reason on parallel lanes (a login, then root, on one guest).
 * One label says it for both and leaves room for the others.
 */
export function repeatsLabel(words: string, at: Point, written: ReadonlyArray<{ words: string; at: Point }>, font: number): boolean {
  return written.some((w) => w.words === words && Math.hypot(w.at.x - at.x, w.at.y - at.y) <= font * 3);
}

export interface LabelSpot {
  box: Box;
  /** The label sits away from its path's end: draw a leader line from the box to `at`. */
  leader: boolean;
}

const boxesOverlap = (a: Box, b: Box): boolean => a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;

/** Distance from a point to the nearest point of a box (0 inside it). */
export function distanceTo(box: Box, p: Point): number {
  const dx = Math.max(box.x - p.x, 0, p.x - (box.x + box.w));
  const dy = Math.max(box.y - p.y, 0, p.y - (box.y + box.h));
  return Math.hypot(dx, dy);
}

/**
 * Where a w × h label for a path ending at `at` goes: inside `bounds`, clear of `placed` (cards,
 * host headers, earlier labels). Right beside the end when there is room (left, right, below,
 * above, then stepping away), else in the nearest free room anywhere in the diagram, reached by
 * a leader line — never over a card. Null when no free room is large enough.
 */
export function placeLabel(w: number, h: number, at: Point, placed: readonly Box[], bounds: Box, gap: number): LabelSpot | null {
  const fits = (x: number, y: number): boolean =>
    x >= bounds.x && y >= bounds.y && x + w <= bounds.x + bounds.w && y + h <= bounds.y + bounds.h && !placed.some((p) => boxesOverlap(p, { x, y, w, h }));
  for (let k = 0; k < 3; k++) {
    const dy = k * (h + 2);
    const near: Point[] = [
      { x: at.x - gap - w, y: at.y - h / 2 + dy },
      { x: at.x - gap - w, y: at.y - h / 2 - dy },
      { x: at.x + gap, y: at.y - h / 2 + dy },
      { x: at.x - w / 2, y: at.y + gap + dy },
      { x: at.x + gap, y: at.y - h / 2 - dy },
      { x: at.x - w / 2, y: at.y - gap - h - dy },
    ];
    const spot = near.find((p) => fits(p.x, p.y));
    if (spot) return { box: { x: spot.x, y: spot.y, w, h }, leader: false };
  }
  // Free room elsewhere: positions on a grid and flush against every obstacle's edges.
  const step = 6;
  const xs = new Set<number>([bounds.x, bounds.x + bounds.w - w]);
  const ys = new Set<number>([bounds.y, bounds.y + bounds.h - h]);
  for (let x = bounds.x; x + w <= bounds.x + bounds.w; x += step) xs.add(x);
  for (let y = bounds.y; y + h <= bounds.y + bounds.h; y += step) ys.add(y);
  for (const p of placed) {
    xs.add(p.x + p.w + 4).add(p.x - w - 4);
    ys.add(p.y + p.h + 4).add(p.y - h - 4);
  }
  let best: LabelSpot | null = null;
  let bestDistance = Infinity;
  for (const x of xs) {
    for (const y of ys) {
      const box = { x, y, w, h };
      const d = distanceTo(box, at);
      if (d < bestDistance && fits(x, y)) {
        best = { box, leader: d > gap * 1.5 };
        bestDistance = d;
      }
    }
  }
  return best;
}
