import { BitmapText, Container, Graphics, Sprite, Text, Texture } from 'pixi.js';
import type { Patch } from 'immer';
import type { Lesson } from '../../src/lessons/schema';
import type { PrivilegeLevel, TransitionKind } from '../../src/model/cpu/types';
import type { SimState } from '../../src/model/state';
import type { HostStatus } from '../../src/protocol/replies';
import { formatDuration } from '../../src/engine/time';
import { FONT, UI, legible, tenantColor } from '../palette';
import { TEXT_MIN } from '../ui/theme-contrast';
import { toNanos } from '../../src/lessons/primitives';
import { columnDomains, columnInfo, costLabel, crossingAlpha, crossingIsSettled, describeRings, LANES, type ColumnInfo } from './rings-model';
import { touches, type LabView, type ViewContext } from './view';
import { ringsScene } from './rings-scene';
import { count } from './common-scene';
import { reducedMotion } from '../ui/motion';

const PAD = 12;
/** Top of the columns, below the clock and legend lines. */
const COLUMNS_TOP = PAD + 46;
/** The crossing's cost: two lines of 14 px (name, cycles ≈ time; the legend says costs are illustrative). */
const COST_ROW = 40;
const TIMELINE_ROW = 16;
const MARKER = 14;
const MAX_TICKS = 48;

const KIND_HUE: Record<TransitionKind, number | 'violation' | 'nitroEdge'> = {
  syscall: 0x56b4e9,
  sysret: 0x56b4e9,
  hypercall: 0xe69f00,
  'pv-return': 0xe69f00,
  trap: 0xe69f00,
  bounce: 0xe69f00,
  vmcall: 0xd55e00,
  vmexit: 0xd55e00,
  vmentry: 0xd55e00,
  fault: 'violation',
  'event-channel': 0x009e73,
  interrupt: 0x009e73,
  'nitro-doorbell': 'nitroEdge',
};

/** A crossing's colour, read when drawn (the theme swaps the palette); its cost label is text, so 4.5:1. */
function kindColor(kind: TransitionKind): number {
  const hue = KIND_HUE[kind];
  return legible(typeof hue === 'number' ? hue : UI[hue], UI.background, TEXT_MIN);
}

/** Display objects of one column (one domain). Static parts are built once; dynamic ones updated. */
interface Column {
  id: string;
  root: Container;
  bands: Graphics;
  arrow: Graphics;
  timeline: Graphics;
  outline: Graphics;
  marker: Sprite;
  ticks: Sprite[];
  cost: BitmapText;
  counter: BitmapText;
  width: number;
}

function text(value: string, size: number, color: number = UI.text, wrapWidth?: number): Text {
  const wrap = wrapWidth ? { wordWrap: true, wordWrapWidth: wrapWidth, breakWords: true } : {};
  return new Text({ text: value, style: { fill: color, fontSize: size, fontFamily: FONT, ...wrap } });
}

function bitmap(size: number, color: number): BitmapText {
  return new BitmapText({ text: '', style: { fill: color, fontSize: size, fontFamily: FONT } });
}

/**
 * Rings view: per domain, the privilege levels as lanes (user, guest kernel, hypervisor; VMX
 * non-root and root as two shades of one band, PV lanes neutral), the vCPU's current level, the
 * last crossing as an arrow with its (illustrative) cost, and a swimlane timeline of the level
 * over simulated time. Motion follows `status.simTime`, never wall time.
 */
export function createRingsView(): LabView {
  let root: Container | null = null;
  let ctx: ViewContext | null = null;
  let state: SimState | null = null;
  let status: HostStatus | null = null;
  let lesson: Lesson | null = null;
  let width = 800;
  let height = 600;
  let focused = new Set<string>();
  let columns: Column[] = [];
  let columnKey = '';
  let clock: BitmapText | null = null;
  let legend: Text | null = null;
  let empty: Text | null = null;
  /** Lane height follows the canvas height, within readable bounds. */
  let laneH = 56;
  /** Column header (title and note, wrapped): as tall as the tallest column needs. */
  let headerH = 58;
  const laneY = (level: PrivilegeLevel): number => headerH + LANES.indexOf(level) * laneH + laneH / 2;
  const timelineTop = (): number => headerH + LANES.length * laneH + COST_ROW + 22;

  /** Title (18 px) and note (14 px), wrapped to the column width: nothing cut to "…". */
  const headerTexts = (info: ColumnInfo, w: number): { header: Text; note: Text; height: number } => {
    const title = info.domain.name === info.domain.id ? info.domain.id : `${info.domain.id} — ${info.domain.name}`;
    const header = text(title, 18, UI.text, w);
    header.position.set(0, 8);
    const note = text(info.note.replace(/`/g, ''), 14, UI.muted, w);
    note.position.set(0, 10 + header.height);
    return { header, note, height: 16 + header.height + note.height };
  };

  const buildColumn = (info: ColumnInfo, x: number, w: number, head: { header: Text; note: Text }): Column => {
    const node = new Container();
    node.x = x;
    node.y = COLUMNS_TOP;
    node.eventMode = 'static';
    node.cursor = 'pointer';
    node.on('pointertap', () => ctx?.select({ kind: 'domain', id: info.domain.id }));
    const tenant = info.domain.tenant ? state?.world.tenants[info.domain.tenant] : undefined;
    const tint = tenant ? tenantColor(tenant.colorIndex) : UI.operator;
    const bands = new Graphics();
    for (const lane of info.lanes) {
      const y = laneY(lane.level) - laneH / 2;
      const fill = lane.placement.vmx === 'root' ? UI.hypervisor : lane.placement.vmx === 'non-root' ? UI.nonRoot : UI.panelRaised;
      bands.rect(0, y + 2, w, laneH - 4).fill({ color: fill }).stroke({ width: 1, color: lane.placement.vmx === 'root' ? UI.hypervisorEdge : UI.border });
    }
    bands.rect(0, 0, w, 4).fill({ color: tint });
    node.addChild(bands, head.header, head.note);
    for (const lane of info.lanes) {
      const label = text(lane.label, 14, UI.text, w - 36);
      label.position.set(6, laneY(lane.level) - laneH / 2 + 6);
      node.addChild(label);
    }
    // Swimlane timeline frame and row labels.
    const top = timelineTop();
    const frame = new Graphics();
    LANES.forEach((_, i) => frame.rect(0, top + i * TIMELINE_ROW, w, TIMELINE_ROW - 2).fill({ color: UI.panel }));
    const caption = text('privilege over time →', 14, UI.muted, w);
    caption.position.set(0, top - 19);
    node.addChild(frame, caption);
    const arrow = new Graphics();
    const timeline = new Graphics();
    const marker = new Sprite(Texture.WHITE);
    marker.width = MARKER;
    marker.height = MARKER;
    marker.anchor.set(0.5);
    marker.tint = tint;
    const ticks: Sprite[] = [];
    for (let i = 0; i < MAX_TICKS; i++) {
      const tick = new Sprite(Texture.WHITE);
      tick.width = 3;
      tick.height = TIMELINE_ROW - 2;
      tick.visible = false;
      ticks.push(tick);
    }
    const cost = bitmap(14, 0xffffff);
    const counter = bitmap(14, UI.muted);
    counter.position.set(0, top + LANES.length * TIMELINE_ROW + 4);
    const outline = new Graphics();
    node.addChild(arrow, timeline, ...ticks, marker, cost, counter, outline);
    root?.addChild(node);
    return { id: info.domain.id, root: node, bands, arrow, timeline, outline, marker, ticks, cost, counter, width: w };
  };

  const rebuild = (): void => {
    if (!root || !state) return;
    for (const c of columns) c.root.destroy({ children: true });
    columns = [];
    const domains = columnDomains(state, focused);
    columnKey = domains.map((d) => d.id).join('|');
    const n = Math.max(1, domains.length);
    const w = Math.max(120, (width - PAD * (n + 1)) / n);
    const infos = domains.map((d) => columnInfo(state as SimState, d)).filter((info): info is ColumnInfo => info !== null);
    const heads = infos.map((info) => headerTexts(info, w));
    headerH = Math.max(58, ...heads.map((h) => h.height));
    // Below the lanes: cost, caption, swimlane rows and the counter line.
    laneH = Math.round(Math.max(60, Math.min(110, (height - COLUMNS_TOP - headerH - COST_ROW - 22 - LANES.length * TIMELINE_ROW - 44) / LANES.length)));
    infos.forEach((info, i) => columns.push(buildColumn(info, PAD + i * (w + PAD), w, heads[i] as { header: Text; note: Text })));
    // Nothing to draw yet (the guests start a moment into the lesson): say so, not a blank canvas.
    empty?.destroy();
    empty = null;
    if (infos.length === 0 && root) {
      empty = text('No guest is running yet: step (→) or play (Space) to boot them.', 18, UI.muted, width - 2 * PAD);
      empty.position.set(PAD, COLUMNS_TOP + 40);
      root.addChild(empty);
    }
    drawHighlights();
    refresh();
  };

  const drawHighlights = (): void => {
    for (const c of columns) {
      c.outline.clear();
      if (!focused.has(c.id)) continue;
      const bottom = timelineTop() + LANES.length * TIMELINE_ROW + 20;
      c.outline.rect(-4, -4, c.width + 8, bottom + 8).stroke({ width: 2, color: UI.focus });
    }
  };

  /** Updates the dynamic parts of every column from the state and the simulated clock. */
  const refresh = (): void => {
    if (!state) return;
    const simTime = status?.simTime ?? state.time;
    const scale = status?.timeScaleNs ?? 1000;
    const windowNs = Math.max(2000, scale * 2);
    const fadeNs = Math.max(200, scale * 0.6);
    const step = status && status.stepIndex >= 0 ? lesson?.steps[status.stepIndex] : undefined;
    const stepStart = step ? toNanos(step.at) : 0;
    if (clock) clock.text = `t = ${formatDuration(simTime)}   ·   timeline window ${formatDuration(windowNs)}`;
    for (const c of columns) {
      const domain = state.world.domains[c.id];
      const info = domain ? columnInfo(state, domain) : null;
      if (!info) continue;
      const v = info.vcpu;
      const mx = c.width - 28;
      c.marker.visible = v !== null;
      if (v) c.marker.position.set(mx, laneY(v.level));
      c.arrow.clear();
      c.cost.text = '';
      const last = info.last;
      if (last && crossingIsSettled(info, stepStart)) {
        // Finished in an earlier step: say so rather than replay that step's arrow.
        c.cost.text = 'no crossing in this step';
        c.cost.alpha = 1;
        c.cost.tint = UI.muted;
        c.cost.position.set(0, headerH + LANES.length * laneH + 2);
      } else if (last) {
        const alpha = crossingAlpha(last.at, simTime, fadeNs, reducedMotion());
        const color = kindColor(last.via);
        const x = mx - 26;
        const y0 = laneY(last.from);
        const y1 = laneY(last.to);
        const dir = Math.sign(y1 - y0) || 1;
        c.arrow.moveTo(x, y0).lineTo(x, y1 - dir * 6).stroke({ width: 3, color, alpha });
        c.arrow.poly([x - 6, y1 - dir * 8, x + 6, y1 - dir * 8, x, y1]).fill({ color, alpha });
        // One part per line, so the label fits a narrow column at full size.
        c.cost.text = costLabel(last).replace(' (illustrative)', '').replace(' · ', '\n');
        c.cost.alpha = alpha;
        c.cost.tint = color;
        c.cost.position.set(0, headerH + LANES.length * laneH + 2);
      }
      c.counter.text = v ? `${count(v.transitions, 'crossing')}\n${count(v.cycles, 'cycle')}` : '';
      drawTimeline(c, info, simTime, windowNs);
    }
  };

  const drawTimeline = (c: Column, info: ColumnInfo, simTime: number, windowNs: number): void => {
    const top = timelineTop();
    const t0 = simTime - windowNs;
    const xOf = (t: number): number => ((Math.max(t, t0) - t0) / windowNs) * c.width;
    const rowY = (level: PrivilegeLevel): number => top + LANES.indexOf(level) * TIMELINE_ROW + (TIMELINE_ROW - 2) / 2;
    c.timeline.clear();
    const samples = info.samples.filter((s) => s.at <= simTime);
    let tick = 0;
    samples.forEach((s, i) => {
      const end = i + 1 < samples.length ? (samples[i + 1]?.at ?? simTime) : simTime;
      if (end < t0) return;
      const y = rowY(s.level);
      c.timeline.moveTo(xOf(s.at), y).lineTo(xOf(end), y).stroke({ width: 3, color: UI.text });
      const next = samples[i + 1];
      if (next) c.timeline.moveTo(xOf(next.at), y).lineTo(xOf(next.at), rowY(next.level)).stroke({ width: 1, color: UI.muted });
      if (s.via && s.at >= t0 && tick < c.ticks.length) {
        const sprite = c.ticks[tick++] as Sprite;
        sprite.visible = true;
        sprite.tint = kindColor(s.via);
        sprite.position.set(xOf(s.at) - 1, top + LANES.indexOf(s.level) * TIMELINE_ROW);
      }
    });
    for (let i = tick; i < c.ticks.length; i++) (c.ticks[i] as Sprite).visible = false;
  };

  return {
    id: 'rings',
    title: 'Rings',
    mount(container: Container, s: SimState, mountedLesson: Lesson, viewCtx: ViewContext) {
      root = container;
      lesson = mountedLesson;
      ctx = viewCtx;
      state = s;
      clock = bitmap(14, UI.muted);
      clock.position.set(PAD, PAD - 4);
      legend = text('lanes: user · kernel · hypervisor  ·  light = VMX non-root, dark = root  ·  illustrative costs', 14, UI.muted);
      legend.position.set(PAD, PAD + 16);
      legend.visible = false;
      root.addChild(clock, legend);
      rebuild();
    },
    update(s: SimState, patches: readonly Patch[], st: HostStatus) {
      state = s;
      status = st;
      const structural = patches.length === 0 || patches.some((p) => touches(p, ['world', 'domains']) || touches(p, ['world', 'cpu', 'placements']));
      if (structural && columnDomains(s, focused).map((d) => d.id).join('|') !== columnKey) rebuild();
      else refresh();
    },
    resize(w: number, h: number) {
      width = w;
      height = h;
      if (legend) legend.visible = height > 300;
      rebuild();
    },
    highlight(ids: readonly string[]) {
      const next = new Set(ids);
      const changed = next.size !== focused.size || [...next].some((id) => !focused.has(id));
      focused = next;
      if (changed && state && columnDomains(state, focused).map((d) => d.id).join('|') !== columnKey) rebuild();
      else drawHighlights();
    },
    boundsOf(id: string) {
      const c = columns.find((col) => col.id === id);
      if (!c) return null;
      const bottom = timelineTop() + LANES.length * TIMELINE_ROW + 20;
      return { x: c.root.x, y: c.root.y, width: c.width, height: bottom };
    },
    describe: (s: SimState) => describeRings(s, focused),
    scene: (s: SimState) => ringsScene(s, focused),
    unmount() {
      for (const c of columns) c.root.destroy({ children: true });
      columns = [];
      clock?.destroy();
      legend?.destroy();
      clock = null;
      legend = null;
      empty = null;
      root = null;
      ctx = null;
      state = null;
      lesson = null;
    },
  };
}
