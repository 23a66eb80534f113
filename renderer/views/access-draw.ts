import { Container, Graphics, Text } from 'pixi.js';
import type { AuditEntry } from '../../src/model/access/types';
import { formatDuration } from '../../src/engine/time';
import { FONT, UI, inkOn, tenantColor, tenantPattern } from '../palette';
import { drawPattern } from './draw';
import type { AccessNode, AttemptPath, Box, Point } from './access-layout';
import { distanceTo, placeLabel, pointAlong, type LabelSpot } from './access-layout';
import { attemptSummary, controlWords } from './access-text';

// Outcome colours are UI.allowed and UI.refused; the second channel is the line style (solid /
// dashed) and the ✓ / ✗ mark.

export function text(value: string, size: number, color: number = UI.text, options: { bold?: boolean; wrap?: number } = {}): Text {
  return new Text({
    text: value,
    resolution: 2,
    style: {
      fontFamily: FONT,
      fontSize: size,
      fill: color,
      fontWeight: options.bold ? '700' : '400',
      ...(options.wrap ? { wordWrap: true, wordWrapWidth: Math.max(40, options.wrap), breakWords: false } : {}),
    },
  });
}

function dashedLine(g: Graphics, a: Point, b: Point, dash = 9, gap = 6): void {
  const length = Math.hypot(b.x - a.x, b.y - a.y);
  for (let d = 0; d < length; d += dash + gap) {
    const e = Math.min(length, d + dash);
    g.moveTo(a.x + ((b.x - a.x) * d) / length, a.y + ((b.y - a.y) * d) / length);
    g.lineTo(a.x + ((b.x - a.x) * e) / length, a.y + ((b.y - a.y) * e) / length);
  }
}

export function polyline(g: Graphics, points: readonly Point[], dashed: boolean): void {
  for (let i = 1; i < points.length; i++) {
    const a = points[i - 1] as Point;
    const b = points[i] as Point;
    if (dashed) dashedLine(g, a, b);
    else g.moveTo(a.x, a.y).lineTo(b.x, b.y);
  }
}

/** A ✗ mark (two strokes), so refusal never relies on colour. */
export function cross(g: Graphics, at: Point, size: number, color: number): void {
  g.circle(at.x, at.y, size).fill({ color: UI.background }).stroke({ width: 2, color });
  const s = size * 0.55;
  g.moveTo(at.x - s, at.y - s).lineTo(at.x + s, at.y + s).moveTo(at.x + s, at.y - s).lineTo(at.x - s, at.y + s).stroke({ width: 3, color });
}

export function tick(g: Graphics, at: Point, size: number, color: number): void {
  g.circle(at.x, at.y, size).fill({ color: UI.background }).stroke({ width: 2, color });
  const s = size * 0.55;
  g.moveTo(at.x - s, at.y).lineTo(at.x - s * 0.2, at.y + s * 0.7).lineTo(at.x + s, at.y - s * 0.6).stroke({ width: 3, color });
}

/** One card (actor, admin host, management plane, guest) or a host's frame. */
export function drawNode(node: AccessNode, font: number, select: (node: AccessNode) => void): Container {
  const c = new Container({ label: `access:${node.key}` });
  c.position.set(node.x, node.y);
  const g = new Graphics();
  const frame = node.kind === 'host';
  const fill = node.kind === 'mgmt' ? UI.hypervisor : node.kind === 'nitro-api' ? UI.nitroCard : node.kind === 'admin' ? UI.adminNode : frame ? UI.panel : UI.panelRaised;
  const edge = node.kind === 'mgmt' ? UI.hypervisorEdge : node.kind === 'nitro-api' ? UI.nitroEdge : node.mark === 'no-mfa' ? UI.refused : UI.border;
  g.roundRect(0, 0, node.w, node.h, 8).fill({ color: fill }).stroke({ width: node.mark === 'no-mfa' ? 2 : 1, color: edge });
  let inset = 10;
  if (node.colorIndex !== undefined) {
    // Tenant colour plus its pattern: a strip on the left of customers and guests.
    const color = tenantColor(node.colorIndex);
    const strip = Math.min(22, node.w * 0.18);
    g.roundRect(0, 0, strip, node.h, 8).fill({ color });
    drawPattern(g, tenantPattern(node.colorIndex), 2, 2, strip - 4, node.h - 4, 6).stroke({ width: 1.5, color: inkOn(color), alpha: 0.7 });
    inset = strip + 8;
  }
  c.addChild(g);
  const wrap = node.w - inset - 6;
  const title = text(node.title, frame ? font + 2 : font, UI.text, { bold: true, wrap });
  title.position.set(inset, frame ? 6 : 5);
  c.addChild(title);
  if (!frame && node.h >= font * 2 + 8) {
    const detailColor = node.mark === 'no-mfa' ? UI.refused : UI.muted;
    const detail = text(node.detail, font, detailColor, { wrap });
    detail.position.set(inset, 5 + title.height);
    // A card too small for both lines keeps its title; the inspector and tooltip have the rest.
    if (detail.y + detail.height > node.h + 2) detail.visible = false;
    c.addChild(detail);
  } else if (frame) {
    const tag = text(node.detail, font, node.detail === 'Nitro' ? UI.nitroEdge : UI.hypervisorEdge, { bold: true });
    tag.position.set(node.w - tag.width - 10, 8);
    if (tag.x > title.x + title.width + 8) c.addChild(tag);
    else tag.destroy();
    // The host's name between id and tag, only where it fits on the line.
    if (node.subtitle) {
      const name = text(node.subtitle, font, UI.muted);
      name.position.set(title.x + title.width + 10, 8);
      if (name.x + name.width < (tag.destroyed ? node.w - 10 : tag.x - 10)) c.addChild(name);
      else name.destroy();
    }
  }
  if (node.mark === 'revoked') {
    const strike = new Graphics();
    strike.moveTo(4, node.h - 4).lineTo(node.w - 4, 4).stroke({ width: 3, color: UI.refused, alpha: 0.9 });
    c.addChild(strike);
  }
  if (node.entity) {
    c.eventMode = 'static';
    c.cursor = 'pointer';
    c.on('pointertap', (event) => {
      event.stopPropagation();
      select(node);
    });
  }
  return c;
}

/** The absent path to a Nitro host: crossed out and said in words, never left blank. */
export function drawNoPath(from: Point, to: Point, font: number): Container {
  const c = new Container({ label: 'access:no-path' });
  const g = new Graphics();
  dashedLine(g, from, to, 5, 7);
  g.stroke({ width: 2, color: UI.faint });
  const mid = { x: (from.x + to.x) / 2, y: from.y };
  cross(g, mid, font * 0.6, UI.muted);
  const words = text('no operator access path on Nitro', font, UI.muted, { wrap: Math.max(100, to.x - from.x - 8) });
  words.position.set(from.x, mid.y + font * 0.8);
  c.addChild(g, words);
  return c;
}

/** The legend: every encoding the view uses. */
export function drawLegend(box: Box, font: number): Container {
  const c = new Container({ label: 'access:legend' });
  const g = new Graphics();
  let x = box.x;
  const y = box.y + box.h / 2;
  const items: Array<[string, (gx: number) => void]> = [
    ['allowed', (gx) => {
      g.moveTo(gx, y).lineTo(gx + 26, y).stroke({ width: 3, color: UI.allowed });
      tick(g, { x: gx + 34, y }, font * 0.45, UI.allowed);
    }],
    ['refused (reason on the path)', (gx) => {
      dashedLine(g, { x: gx, y }, { x: gx + 26, y }, 7, 4);
      g.stroke({ width: 3, color: UI.refused });
      cross(g, { x: gx + 34, y }, font * 0.45, UI.refused);
    }],
    ['● attempt moving', (gx) => {
      g.circle(gx + 8, y, font * 0.35).fill({ color: UI.text });
    }],
  ];
  for (const [words, draw] of items) {
    draw(x);
    const t = text(words.replace('● ', ''), font, UI.muted);
    t.position.set(x + (words.startsWith('●') ? 20 : 44), box.y + (box.h - t.height) / 2);
    c.addChild(t);
    x = t.x + t.width + 22;
    if (x > box.x + box.w - 80) break;
  }
  const mfa = text('MFA ✓ / no MFA ✗ on each operator · struck through = revoked', font, UI.muted);
  if (x + mfa.width <= box.x + box.w) {
    mfa.position.set(x, box.y + (box.h - mfa.height) / 2);
    c.addChild(mfa);
  } else mfa.destroy();
  c.addChildAt(g, 0);
  return c;
}

/**
 * One attempt's path, drawn up to `progress` (0…1, simulated time). Lines go on `lines` (under
 * the cards, so a path visibly runs through the admin host), the moving dot and the ✓ / ✗ on
 * `marks` (above them). Returns where the attempt ended (its label's anchor).
 */
export function drawAttempt(lines: Graphics, marks: Graphics, path: AttemptPath, progress: number, font: number, newest: boolean): Point {
  const color = path.outcome === 'allowed' ? UI.allowed : UI.refused;
  const reach = path.stopAt === null ? path.points : path.points.slice(0, path.stopAt + 1);
  const width = newest ? 4 : 3;
  // The intended rest of a refused path, faint: where it was aiming.
  if (path.stopAt !== null && path.stopAt < path.points.length - 1) {
    polyline(lines, path.points.slice(path.stopAt), true);
    lines.stroke({ width: 1.5, color: UI.faint });
  }
  polyline(lines, reach, path.outcome === 'denied');
  lines.stroke({ width, color, alpha: progress >= 1 ? 1 : 0.55 });
  const end = reach[reach.length - 1] as Point;
  if (progress < 1) {
    const token = pointAlong(reach, progress);
    marks.circle(token.x, token.y, font * 0.45).fill({ color: UI.text }).stroke({ width: 2, color });
  } else if (path.outcome === 'allowed') tick(marks, end, font * 0.6, color);
  else cross(marks, end, font * 0.6, color);
  return end;
}

/** The audit log: every attempt, newest first, growing as the lesson runs. */
export function drawAuditLog(box: Box, audit: readonly AuditEntry[], font: number, heading: number, newestSeqs: ReadonlySet<number>, select: (entry: AuditEntry) => void): Container {
  const c = new Container({ label: 'access:audit' });
  const bg = new Graphics();
  bg.roundRect(box.x, box.y, box.w, box.h, 8).fill({ color: UI.panel }).stroke({ width: 1, color: UI.border });
  c.addChild(bg);
  const title = text(`Audit log · ${audit.length} ${audit.length === 1 ? 'entry' : 'entries'}`, heading, UI.text, { bold: true });
  title.position.set(box.x + 10, box.y + 5);
  const note = text('every attempt is logged, allowed or refused; newest first', font, UI.muted);
  // Beside the title when it fits, else under it.
  if (title.x + title.width + 16 + note.width <= box.x + box.w - 10) note.position.set(title.x + title.width + 16, title.y + title.height - note.height - 1);
  else note.position.set(box.x + 10, title.y + title.height + 2);
  c.addChild(title, note);
  let y = note.y + note.height + 6;
  const bottom = box.y + box.h - 6;
  let shown = 0;
  for (let i = audit.length - 1; i >= 0; i--) {
    const entry = audit[i] as AuditEntry;
    const allowed = entry.outcome === 'allowed';
    const color = allowed ? UI.allowed : UI.refused;
    const decided = controlWords(entry);
    const head = text(`${allowed ? '✓ allowed' : '✗ refused'} · ${formatDuration(entry.at)} · ${attemptSummary(entry)}${decided ? ` · ${decided}` : ''}`, font, allowed ? UI.text : UI.refusedText, { bold: true, wrap: box.w - 28 });
    // This step's entries carry their full reason; older ones their first line (reason: click, or the inspector).
    const full = newestSeqs.has(entry.seq);
    const why = text(full ? entry.reason : '', font, UI.muted, { wrap: box.w - 28 });
    const rowH = head.height + (full ? why.height : 0) + 4;
    const moreNote = i > 0 ? font * 1.4 : 0;
    if (y + rowH + moreNote > bottom && shown > 0) {
      head.destroy();
      why.destroy();
      break;
    }
    const row = new Container({ label: `audit:${entry.seq}` });
    const mark = new Graphics();
    if (newestSeqs.has(entry.seq)) mark.rect(box.x + 2, y - 2, box.w - 4, rowH + 2).fill({ color: UI.highlightRow });
    mark.rect(box.x + 6, y, 4, rowH - 4).fill({ color });
    head.position.set(box.x + 16, y);
    why.position.set(box.x + 16, y + head.height + 1);
    row.addChild(mark, head, why);
    why.visible = full;
    row.eventMode = 'static';
    row.cursor = 'pointer';
    row.on('pointertap', () => select(entry));
    c.addChild(row);
    y += rowH + 3;
    shown++;
  }
  if (audit.length === 0) {
    const empty = text('No access attempts yet.', font, UI.muted);
    empty.position.set(box.x + 10, y);
    c.addChild(empty);
  } else if (shown < audit.length) {
    const more = text(`and ${audit.length - shown} earlier ${audit.length - shown === 1 ? 'entry' : 'entries'}`, font, UI.muted);
    more.position.set(box.x + 16, Math.min(y, bottom - more.height));
    c.addChild(more);
  }
  return c;
}

/**
 * Label written at the end of a path, on a dark plate so it reads over lines. It goes beside the
 * end point where there is room, else in the nearest free room of `bounds` with a leader line to
 * the end (placeLabel): never over a card of `placed`. Each wrap width of `wraps` is tried, the
 * placement nearest the end wins; the chosen box is added to `placed`.
 */
export function pathLabel(words: string, at: Point, font: number, color: number, wraps: readonly number[], placed: Box[], bounds: Box): Container {
  const c = new Container();
  const gap = font * 0.9;
  let chosen: { t: Text; spot: LabelSpot } | null = null;
  let fallback: Text | null = null;
  for (const wrap of wraps) {
    const t = text(words, font, color, { bold: true, wrap });
    const spot = placeLabel(t.width + 8, t.height + 4, at, placed, bounds, gap);
    const better = spot && (!chosen || distanceTo(spot.box, at) < distanceTo(chosen.spot.box, at) - 1);
    if (better) {
      chosen?.t.destroy();
      chosen = { t, spot };
    } else if (!fallback) fallback = t;
    else t.destroy();
  }
  if (chosen && fallback) fallback.destroy();
  const t = chosen?.t ?? (fallback as Text);
  const w = t.width + 8;
  const hgt = t.height + 4;
  // No free room at all (a tiny canvas): beside the end, kept inside the bounds.
  const box = chosen?.spot.box ?? { x: Math.max(bounds.x, Math.min(bounds.x + bounds.w - w, at.x + gap)), y: at.y - hgt / 2, w, h: hgt };
  if (chosen?.spot.leader) {
    // From the plate's nearest edge to the end of the path, with a dot where it lands.
    const edge = { x: Math.max(box.x, Math.min(box.x + box.w, at.x)), y: Math.max(box.y, Math.min(box.y + box.h, at.y)) };
    const leader = new Graphics();
    leader.moveTo(edge.x - box.x, edge.y - box.y).lineTo(at.x - box.x, at.y - box.y).stroke({ width: 2, color, alpha: 0.85 });
    leader.circle(at.x - box.x, at.y - box.y, 3).fill({ color });
    c.addChild(leader);
  }
  const plate = new Graphics();
  plate.roundRect(0, 0, w, hgt, 4).fill({ color: UI.background, alpha: 0.94 }).stroke({ width: 1, color, alpha: 0.7 });
  t.position.set(4, 2);
  c.addChild(plate, t);
  c.position.set(box.x, box.y);
  placed.push(box);
  return c;
}
