import { Container, Graphics } from 'pixi.js';
import type { Patch } from 'immer';
import type { Lesson } from '../../src/lessons/schema';
import { toNanos } from '../../src/lessons/primitives';
import type { AuditEntry } from '../../src/model/access/types';
import type { SimState } from '../../src/model/state';
import type { HostStatus } from '../../src/protocol/replies';
import { formatDuration } from '../../src/engine/time';
import { UI } from '../palette';
import { COLUMNS, accessLayout, attemptPath, labelObstacles, labelWraps, repeatsLabel, currentAttempts, type AccessLayout, type AccessNode, type Box } from './access-layout';
import { drawAttempt, drawAuditLog, drawLegend, drawNoPath, drawNode, pathLabel, text } from './access-draw';
import { attemptSummary, auditSentence, pathWords } from './access-text';
import { touches, type EntityRef, type LabView, type ViewContext } from './view';
import { accessScene } from './access-scene';
import { reducedMotion } from '../ui/motion';

/** Simulated time an attempt takes to travel its path, as a share of the lesson's time scale. */
const TRAVEL_SHARE = 0.8;

/** The audit log as the model keeps it; read defensively (other models add fields and actions). */
function auditOf(state: SimState): readonly AuditEntry[] {
  const log = (state.world as { access?: { audit?: unknown } }).access?.audit;
  return Array.isArray(log) ? (log as AuditEntry[]) : [];
}

/**
 * Access view: who can touch what (ARCHITECTURE §7; domain-facts §6, §7). Operators with their MFA
 * state, purpose-built admin hosts, each host's management plane (Xen: dom0) or audited APIs
 * (Nitro), and the guests. Every attempt of the current step runs along its path in simulated
 * time and ends in ✓ or ✗ with the reason written on the path; the audit log beside it grows
 * with every attempt. A Nitro host has no operator path: the absence is drawn, crossed out.
 */
export function createAccessView(): LabView {
  let root: Container | null = null;
  let ctx: ViewContext | null = null;
  let lesson: Lesson | null = null;
  let state: SimState | null = null;
  let status: HostStatus | null = null;
  let width = 800;
  let height = 600;
  let layout: AccessLayout | null = null;
  let focused: readonly string[] = [];
  let structureKey = '';
  let auditKey = '';
  let pathKey = '';
  const layers = { statics: new Container(), paths: new Graphics(), marks: new Graphics(), labels: new Container(), audit: new Container(), focus: new Graphics() };

  const select = (node: AccessNode): void => ctx?.select(node.entity);

  const structure = (s: SimState): string => {
    const a = s.world.access;
    const ops = Object.values(a?.operators ?? {}).map((o) => `${o.id}:${o.mfa}:${o.status}`).join(',');
    const hosts = Object.values(s.world.hosts).map((hst) => `${hst.id}:${hst.domains.map((d) => `${d}:${s.world.domains[d]?.status === 'destroyed'}`).join('+')}`).join(',');
    return `${width}x${height}|${ops}|${Object.keys(a?.adminHosts ?? {}).join(',')}|${hosts}|${Object.keys(s.world.tenants).join(',')}`;
  };

  const build = (): void => {
    if (!root || !state) return;
    structureKey = structure(state);
    layout = accessLayout(state, width, height);
    const l = layout;
    layers.statics.removeChildren().forEach((c) => c.destroy({ children: true }));
    const title = text('Who can touch what: operator and customer access', l.heading, UI.text, { bold: true, wrap: width - 28 });
    title.position.set(l.title.x, l.title.y);
    layers.statics.addChild(title, drawLegend(l.legend, l.font));
    const columnHeads: Array<[string, number]> = [
      ['Who', l.diagram.x],
      ['Admin hosts', l.diagram.x + l.diagram.w * COLUMNS.admin[0]],
      ['Hosts', l.diagram.x + l.diagram.w * COLUMNS.host[0]],
    ];
    for (const [words, x] of columnHeads) {
      const head = text(words, l.font, UI.muted, { bold: true });
      head.position.set(x, l.diagram.y);
      layers.statics.addChild(head);
    }
    // Frames first (hosts), then what sits inside them.
    const nodes = [...l.nodes.values()].sort((a, b) => Number(b.kind === 'host') - Number(a.kind === 'host'));
    for (const node of nodes) layers.statics.addChild(drawNode(node, l.font, select));
    for (const gap of l.noPath) layers.statics.addChild(drawNoPath(gap.from, gap.to, l.font));
    auditKey = '';
    pathKey = '';
    drawFocus();
    refresh();
  };

  const stepStart = (): number => {
    const step = lesson?.steps[status?.stepIndex ?? -1];
    return step ? toNanos(step.at) : 0;
  };

  /** Attempts of the current step with their paths, animation progress and labels. */
  const refresh = (): void => {
    if (!state || !layout) return;
    const l = layout;
    const now = status?.simTime ?? state.time;
    const audit = auditOf(state);
    const attempts = currentAttempts(audit, now, stepStart());
    const travel = Math.max(1, (status?.timeScaleNs ?? 1_000_000_000) * TRAVEL_SHARE);
    // Reduced motion: the path is drawn whole at once, as when paused.
    const playing = (status?.playing ?? false) && !reducedMotion();
    const hypervisorOf = (id: string) => state?.world.hosts[id]?.hypervisor;
    const progressOf = (e: AuditEntry): number => (playing ? Math.min(1, Math.max(0, (now - e.at) / travel)) : 1);
    const key = `${attempts.map((e) => `${e.seq}:${progressOf(e) >= 1}`).join(',')}|${l.width}x${l.height}`;
    layers.paths.clear();
    layers.marks.clear();
    const newestSeq = attempts[attempts.length - 1]?.seq;
    const ends: Array<{ entry: AuditEntry; at: { x: number; y: number }; done: boolean }> = [];
    attempts.forEach((entry, i) => {
      const path = attemptPath(entry, l, hypervisorOf, i - (attempts.length - 1) / 2);
      if (!path) return;
      const progress = progressOf(entry);
      const at = drawAttempt(layers.paths, layers.marks, path, progress, l.font, entry.seq === newestSeq);
      ends.push({ entry, at, done: progress >= 1 });
    });
    if (key !== pathKey) {
      pathKey = key;
      layers.labels.removeChildren().forEach((c) => c.destroy({ children: true }));
      // Labels keep clear of every card, host header, the Nitro gap's words and the column heads.
      const placed: Box[] = labelObstacles(l);
      const written: Array<{ words: string; at: { x: number; y: number } }> = [];
      for (const { entry, at, done } of ends) {
        if (!done) continue;
        const path = attemptPath(entry, l, hypervisorOf);
        if (!path) continue;
        // A login aimed at Nitro ends on the crossed-out path, whose words already say why.
        if (path.noPath) continue;
        const words = pathWords(entry, path.text);
        if (repeatsLabel(words, at, written, l.font)) continue;
        written.push({ words, at });
        layers.labels.addChild(pathLabel(words, at, l.font, entry.outcome === 'allowed' ? UI.allowed : UI.refused, labelWraps(l), placed, l.diagram));
      }
    }
    const newest = new Set(attempts.map((e) => e.seq));
    const aKey = `${audit.length}:${[...newest].join(',')}|${l.width}x${l.height}`;
    if (aKey !== auditKey) {
      auditKey = aKey;
      layers.audit.removeChildren().forEach((c) => c.destroy({ children: true }));
      layers.audit.addChild(drawAuditLog(l.audit, audit, l.font, l.heading, newest, (entry) => ctx?.select({ kind: 'audit', id: String(entry.seq) })));
    }
  };

  const drawFocus = (): void => {
    layers.focus.clear();
    if (!layout) return;
    for (const id of focused) {
      for (const node of layout.nodes.values()) {
        if (node.id !== id && node.key !== id) continue;
        layers.focus.roundRect(node.x - 4, node.y - 4, node.w + 8, node.h + 8, 10).stroke({ width: 3, color: UI.focus });
      }
    }
  };

  return {
    id: 'access',
    title: 'Access',
    mount(parent, s, l, c) {
      root = new Container({ label: 'access' });
      parent.addChild(root);
      state = s;
      lesson = l;
      ctx = c;
      root.addChild(layers.paths, layers.statics, layers.marks, layers.focus, layers.labels, layers.audit);
      build();
    },
    update(s, patches: readonly Patch[], st) {
      state = s;
      status = st;
      if (structure(s) !== structureKey) build();
      else if (patches.length === 0 || patches.some((p) => touches(p, ['world', 'access']) || touches(p, ['world', 'hosts']) || touches(p, ['world', 'domains'])) || st.playing) refresh();
    },
    resize(w, h) {
      width = Math.max(320, w);
      height = Math.max(240, h);
      build();
    },
    highlight(ids) {
      focused = ids;
      drawFocus();
    },
    boundsOf(entityId) {
      const node = layout ? [...layout.nodes.values()].find((n) => n.id === entityId || n.key === entityId) : undefined;
      return node ? { x: node.x, y: node.y, width: node.w, height: node.h } : null;
    },
    inspect(s, entity: EntityRef) {
      if (entity.kind !== 'audit') return undefined;
      const entry = auditOf(s).find((e) => String(e.seq) === entity.id);
      if (!entry) return undefined;
      return {
        attempt: attemptSummary(entry),
        outcome: entry.outcome === 'allowed' ? '✓ allowed' : '✗ refused',
        reason: entry.reason,
        'at (simulated time)': formatDuration(entry.at),
        'audit entry': `#${entry.seq}`,
        actor: `${entry.actor.kind} ${entry.actor.id}`,
      };
    },
    scene: (s) => accessScene(s),
    describe(s) {
      const audit = auditOf(s);
      const hosts = Object.values(s.world.hosts);
      const nitro = hosts.filter((h) => h.hypervisor === 'nitro').map((h) => h.id);
      const recent = currentAttempts(audit, status?.simTime ?? s.time, stepStart(), 3);
      const parts = [`Access view: ${Object.keys(s.world.access?.operators ?? {}).length} operators, ${hosts.length} hosts, audit log of ${audit.length} entries.`];
      if (nitro.length > 0) parts.push(`No operator access path on Nitro (${nitro.join(', ')}).`);
      for (const e of recent) parts.push(auditSentence(e));
      return parts.join(' ');
    },
    unmount() {
      root?.destroy({ children: true });
      root = null;
      layout = null;
    },
  };
}

