import { BitmapText, CanvasSource, Container, Graphics, Rectangle, Sprite, Text, Texture, type FederatedPointerEvent } from 'pixi.js';
import type { Patch } from 'immer';
import { CHUNK_FRAMES, type FrameChunk, type HostMemory } from '../../src/model/memory/types';
import type { SimState } from '../../src/model/state';
import { parseRange } from '../../src/model/memory/touch';
import { FONT, UI, cssRgba, tenantColor } from '../palette';
import { cellLook, chunkAt, describeFrame } from './memory-look';
import { planMemoryGrid } from './memory-layout';
import { boxIn, union, type Box } from './camera';
import { drawMemoryLegend } from './memory-legend';
import { createFaultButtons, FAULT_BUTTON_WIDTH, type FaultButtons } from './memory-faults';
import { createMemoryPlot, type MemorySample } from './memory-plot';
import { touches, type LabView, type ViewContext } from './view';
import { memoryScene, parseFrameRunId } from './memory-scene';

/**
 * Memory view: per host, a grid of machine frames (sprites sharing one white texture, tinted by
 * tenant), a hatch overlay for dirty frames and a sweep for frames being scrubbed, red outlines
 * on frames named by violations, counters and a live plot. Only chunks whose object changed
 * since the last paint are repainted (chunks are immutable values in the state).
 */

const PAD = 12;
/** The side column (plot, fault switches, provenance): a third of the canvas, within bounds. */
const sideWidth = (width: number): number => Math.round(Math.max(220, Math.min(380, width * 0.34)));

interface HostBlock {
  hostId: string;
  root: Container;
  title: Text;
  counters: BitmapText;
  grid: Container;
  cells: Sprite[];
  overlays: Sprite[];
  marks: Graphics;
  plot: ReturnType<typeof createMemoryPlot>;
  perCell: number;
  cols: number;
  cell: number;
  painted: Array<FrameChunk | undefined>;
  /** Domain names over their frames; rebuilt only when the set of regions changes. */
  names: Container;
  namesKey: string;
}

function paintTexture(draw: (g: CanvasRenderingContext2D) => void): Texture {
  const canvas = document.createElement('canvas');
  canvas.width = 16;
  canvas.height = 16;
  const g = canvas.getContext('2d');
  if (g) draw(g);
  return new Texture({ source: new CanvasSource({ resource: canvas }) });
}

function hatchTexture(): Texture {
  return paintTexture((g) => {
    g.strokeStyle = cssRgba(UI.hatch, 0.8);
    g.lineWidth = 2;
    for (let c = -16; c < 32; c += 6) {
      g.beginPath();
      g.moveTo(c, 16);
      g.lineTo(c + 16, 0);
      g.stroke();
    }
  });
}

function sweepTexture(): Texture {
  return paintTexture((g) => {
    const gradient = g.createLinearGradient(0, 0, 16, 0);
    gradient.addColorStop(0, cssRgba(UI.scrubbing, 0));
    gradient.addColorStop(0.7, cssRgba(UI.scrubbing, 0.55));
    gradient.addColorStop(1, cssRgba(UI.scrubbing, 0.95));
    g.fillStyle = gradient;
    g.fillRect(0, 0, 16, 16);
  });
}

export function createMemoryView(): LabView {
  let stage: Container | null = null;
  let ctx: ViewContext | null = null;
  let state: SimState | null = null;
  let width = 800;
  let height = 600;
  let hatch: Texture | null = null;
  let sweep: Texture | null = null;
  const blocks = new Map<string, HostBlock>();
  const history = new Map<string, MemorySample[]>();
  let focused: string[] = [];
  let selectedFrame: { hostId: string; mfn: number } | null = null;
  let side = new Container({ label: 'memory-side' });
  let faultButtons: FaultButtons | null = null;
  let legend: Container | null = null;
  const newProvenance = () => new Text({ text: '', resolution: 2, style: { fontFamily: FONT, fontSize: 14, fill: UI.text, wordWrap: true, wordWrapWidth: sideWidth(width) - 16, lineHeight: 18 } });
  let provenance = newProvenance();

  const paintChunk = (block: HostBlock, host: HostMemory, c: number): void => {
    const s = state as SimState;
    const first = Math.floor((c * CHUNK_FRAMES) / block.perCell);
    const last = Math.floor((Math.min(host.frames, (c + 1) * CHUNK_FRAMES) - 1) / block.perCell);
    for (let cell = first; cell <= last && cell < block.cells.length; cell++) {
      const look = cellLook(s, host, cell * block.perCell, block.perCell);
      const sprite = block.cells[cell] as Sprite;
      const overlay = block.overlays[cell] as Sprite;
      sprite.tint = look.tint;
      overlay.visible = look.hatch || look.sweep;
      if (overlay.visible) overlay.texture = (look.sweep ? sweep : hatch) as Texture;
    }
  };

  const paintHost = (block: HostBlock): void => {
    const host = state?.world.memory.hosts[block.hostId];
    if (!host) return;
    const chunks = Math.ceil(host.frames / CHUNK_FRAMES);
    for (let c = 0; c < chunks; c++) {
      const chunk = chunkAt(host, c);
      if (chunk === block.painted[c]) continue;
      block.painted[c] = chunk;
      paintChunk(block, host, c);
    }
  };

  const cellRect = (block: HostBlock, cell: number) => ({ x: (cell % block.cols) * block.cell, y: Math.floor(cell / block.cols) * block.cell, s: block.cell });

  /** Outlines: violations (red), focused domains and hosts (white), the selected frame (blue). */
  const drawMarks = (block: HostBlock): void => {
    const s = state;
    const g = block.marks.clear();
    if (!s) return;
    const host = s.world.memory.hosts[block.hostId];
    if (!host) return;
    // A run of frames covers a partial first row, whole middle rows and a partial last row:
    // at most three rectangles, so a domain reads as one outlined region at any cell size.
    const outlineFrames = (start: number, count: number, color: number, width: number, budget: { left: number }) => {
      if (budget.left-- <= 0) return;
      const cols = block.cols;
      const first = Math.floor(start / block.perCell);
      const last = Math.floor((start + count - 1) / block.perCell);
      const span = (a: number, b: number) => {
        const from = cellRect(block, a);
        const to = cellRect(block, b);
        g.rect(from.x + 0.5, from.y + 0.5, to.x + to.s - from.x - 1, to.y + to.s - from.y - 1);
      };
      const r0 = Math.floor(first / cols);
      const r1 = Math.floor(last / cols);
      if (r0 === r1) span(first, last);
      else {
        span(first, r0 * cols + cols - 1);
        if (r1 > r0 + 1) span((r0 + 1) * cols, (r1 - 1) * cols + cols - 1);
        span(r1 * cols, last);
      }
      g.stroke({ color, width, alpha: 0.9 });
    };
    const budget = { left: 4096 };
    for (const v of s.violations.slice(-20)) {
      for (const id of v.entities['frameRanges'] ?? []) {
        const range = parseRange(id);
        if (range && range.hostId === block.hostId) outlineFrames(range.start, range.count, UI.violation, 2, budget);
      }
    }
    for (const id of focused) {
      const d = s.world.memory.domains[id];
      if (d && d.hostId === block.hostId) for (const [, mfn, n] of d.p2m) outlineFrames(mfn as number, n as number, UI.focus, 1, budget);
    }
    if (selectedFrame?.hostId === block.hostId) outlineFrames(selectedFrame.mfn, 1, UI.selection, 2, { left: 1 });
  };

  /** The cells a run of frames covers, as at most three rectangles (grid coordinates). */
  const runBoxes = (block: HostBlock, start: number, count: number): Box[] => {
    const cols = block.cols;
    const first = Math.floor(start / block.perCell);
    const last = Math.floor((start + count - 1) / block.perCell);
    const r0 = Math.floor(first / cols);
    const r1 = Math.floor(last / cols);
    const c = block.cell;
    if (r0 === r1) return [{ x: (first % cols) * c, y: r0 * c, width: (last - first + 1) * c, height: c }];
    const out: Box[] = [{ x: (first % cols) * c, y: r0 * c, width: (cols - (first % cols)) * c, height: c }];
    if (r1 > r0 + 1) out.push({ x: 0, y: (r0 + 1) * c, width: cols * c, height: (r1 - r0 - 1) * c });
    out.push({ x: 0, y: r1 * c, width: ((last % cols) + 1) * c, height: c });
    return out;
  };

  /** Each domain's name on its largest run of frames (a label on the canvas, not only a colour). */
  const drawNames = (block: HostBlock): void => {
    const s = state;
    if (!s) return;
    const runs: Array<{ id: string; box: Box; tenant: number }> = [];
    for (const d of Object.values(s.world.memory.domains)) {
      if (d.hostId !== block.hostId || d.phase === 'released' || d.p2m.length === 0) continue;
      let best: Box | null = null;
      for (const [, mfn, n] of d.p2m) {
        for (const b of runBoxes(block, mfn as number, n as number)) if (!best || b.width * b.height > best.width * best.height) best = b;
      }
      if (best) runs.push({ id: d.domainId, box: best, tenant: d.tenant });
    }
    const key = runs.map((r) => `${r.id}@${r.box.x},${r.box.y},${r.box.width},${r.box.height}`).join('|');
    if (key === block.namesKey) return;
    block.namesKey = key;
    block.names.removeChildren().forEach((c) => c.destroy());
    for (const r of runs) {
      const t = s.world.tenants[s.world.memory.tenantIds[r.tenant - 1] ?? ''];
      const words = new Text({ text: t ? `${r.id} · ${t.name}` : `${r.id} · operator`, resolution: 2, style: { fontFamily: FONT, fontSize: 14, fontWeight: '600', fill: UI.text } });
      const pill = new Graphics();
      // Inside the grid: a short last row must not push the name over the plot.
      const x = Math.max(0, Math.min(r.box.x + Math.max(2, Math.min(8, (r.box.width - words.width) / 2)), block.cols * block.cell - words.width - 10));
      const y = r.box.y + Math.max(0, (r.box.height - words.height) / 2);
      words.position.set(x + 4, y);
      pill.roundRect(x, y - 1, words.width + 8, words.height + 2, 4).fill({ color: UI.background, alpha: 0.82 }).stroke({ color: t ? tenantColor(t.colorIndex) : UI.operator, width: 1.5 });
      block.names.addChild(pill, words);
    }
  };

  const provenanceAt = (x: number, y: number): void => {
    provenance.position.set(x, y);
  };

  const updateCounters = (block: HostBlock): void => {
    const s = state as SimState;
    const host = s.world.memory.hosts[block.hostId];
    if (!host) return;
    const [clean, dirty, scrubbing, allocated] = host.counts as [number, number, number, number];
    block.counters.text = `clean ${clean} · dirty ${dirty} · scrubbing ${scrubbing} · allocated ${allocated} · scrubbed: ${host.syncScrubbedFrames} sync, ${host.idleScrubbedFrames} idle`;
    block.plot.add({ at: s.time, clean, dirty, allocated, backlog: dirty + scrubbing }, host.frames);
  };

  const showProvenance = (hostId: string, mfn: number): void => {
    const host = state?.world.memory.hosts[hostId];
    if (!host || !state) return;
    provenance.text = describeFrame(state, host, mfn).join('\n');
  };

  const buildBlock = (host: HostMemory, top: number, blockHeight: number): HostBlock => {
    const side = sideWidth(width);
    const gridWidth = Math.max(120, width - side - PAD * 3);
    // Cells at least 10 px: aggregate frames into cells when a host has more than fit.
    const frameSize = host.frameKiB >= 1024 ? `${host.frameKiB / 1024} MiB` : `${host.frameKiB} KiB`;
    const xen = state?.world.hosts[host.hostId]?.xenVersion;
    const caption = (perCell: number): string => `${host.hostId}${xen ? ` · Xen ${xen}` : ''} · ${host.frames.toLocaleString('en')} frames · 1 cell = ${perCell} frame${perCell === 1 ? '' : 's'} of ${frameSize}`;
    const title = new Text({ text: caption(1), resolution: 2, style: { fontFamily: FONT, fontSize: 16, fontWeight: '600', fill: UI.text, wordWrap: true, wordWrapWidth: width - PAD * 2 } });
    const header = title.height + 24;
    const { perCell, cols, cell, count } = planMemoryGrid(host.frames, gridWidth, Math.max(40, blockHeight - header - 8));
    title.text = caption(perCell);
    const rows = Math.ceil(count / cols);
    const root = new Container({ label: `memory-host:${host.hostId}` });
    root.position.set(PAD, top);
    const counters = new BitmapText({ text: '', style: { fontFamily: FONT, fontSize: 14, fill: UI.muted } });
    counters.y = title.height + 2;
    const grid = new Container({ label: `memory-grid:${host.hostId}` });
    grid.y = header;
    const cells: Sprite[] = [];
    const overlays: Sprite[] = [];
    for (let i = 0; i < count; i++) {
      const x = (i % cols) * cell;
      const y = Math.floor(i / cols) * cell;
      const sprite = new Sprite({ texture: Texture.WHITE, x, y, width: cell - 1, height: cell - 1, tint: UI.panelRaised });
      const overlay = new Sprite({ texture: hatch as Texture, x, y, width: cell - 1, height: cell - 1, visible: false });
      cells.push(sprite);
      overlays.push(overlay);
    }
    grid.addChild(...cells, ...overlays);
    const marks = new Graphics();
    const names = new Container({ label: 'memory-names' });
    grid.addChild(marks, names);
    grid.eventMode = 'static';
    grid.cursor = 'crosshair';
    grid.hitArea = new Rectangle(0, 0, cols * cell, rows * cell);
    const frameAtPointer = (event: FederatedPointerEvent): number | null => {
      const p = event.getLocalPosition(grid);
      const index = Math.floor(p.y / cell) * cols + Math.floor(p.x / cell);
      return p.x >= 0 && p.x < cols * cell && index >= 0 && index < count ? Math.min(host.frames - 1, index * perCell) : null;
    };
    grid.on('pointermove', (event: FederatedPointerEvent) => {
      const mfn = frameAtPointer(event);
      if (mfn !== null) showProvenance(host.hostId, mfn);
    });
    grid.on('pointertap', (event: FederatedPointerEvent) => {
      const mfn = frameAtPointer(event);
      if (mfn === null) return;
      selectedFrame = { hostId: host.hostId, mfn };
      showProvenance(host.hostId, mfn);
      ctx?.select({ kind: 'frame', id: `${host.hostId}:${mfn}` });
      for (const b of blocks.values()) drawMarks(b);
    });
    let samples = history.get(host.hostId);
    if (!samples) history.set(host.hostId, (samples = []));
    const plot = createMemoryPlot(samples);
    plot.root.position.set(width - side - PAD * 2, header);
    plot.layout(side, Math.min(200, Math.max(90, Math.min(rows * cell, blockHeight - header - 10))));
    root.addChild(title, counters, grid, plot.root);
    return { hostId: host.hostId, root, title, counters, grid, cells, overlays, marks, plot, perCell, cols, cell, painted: [], names, namesKey: '' };
  };

  const rebuild = (): void => {
    if (!stage || !state) return;
    for (const b of blocks.values()) b.root.destroy({ children: true });
    blocks.clear();
    stage.removeChildren();
    const hosts = Object.values(state.world.memory.hosts);
    legend?.destroy({ children: true });
    legend = drawMemoryLegend(state, width - PAD * 2);
    legend.position.set(PAD, PAD - 4);
    stage.addChild(legend);
    const top = legend.y + legend.height + 8;
    // One host: the fault switches and provenance sit under its plot; several: across the bottom.
    const bottom = hosts.length > 1 ? 96 : 0;
    const blockHeight = Math.max(120, Math.floor((height - top - bottom - PAD) / Math.max(1, hosts.length)));
    hosts.forEach((host, i) => {
      const block = buildBlock(host, top + i * blockHeight, blockHeight);
      blocks.set(host.hostId, block);
      stage?.addChild(block.root);
      paintHost(block);
      updateCounters(block);
      drawMarks(block);
      drawNames(block);
    });
    const first = blocks.values().next().value;
    const sideW = sideWidth(width);
    provenance.style.wordWrapWidth = hosts.length > 1 ? width - PAD * 3 - 2 * (FAULT_BUTTON_WIDTH + 8) : sideW;
    if (hosts.length > 1) {
      faultButtons?.arrange(false);
      side.position.set(PAD, height - bottom);
      provenanceAt(2 * (FAULT_BUTTON_WIDTH + 8) + PAD, 0);
    } else {
      const plotBottom = first ? first.root.y + first.plot.root.y + first.plot.root.height + 12 : top;
      side.position.set(width - sideW - PAD, plotBottom);
      // Two switches side by side when the column is wide enough, else stacked.
      const stacked = sideW < 2 * FAULT_BUTTON_WIDTH + 8;
      faultButtons?.arrange(stacked);
      provenanceAt(0, stacked ? 72 : 38);
    }
    stage.addChild(side);
  };

  return {
    id: 'memory',
    title: 'Memory',
    mount(root, initial, _lesson, viewContext) {
      stage = root;
      ctx = viewContext;
      state = initial;
      hatch = hatchTexture();
      sweep = sweepTexture();
      side = new Container({ label: 'memory-side' });
      provenance = newProvenance();
      provenance.text = 'Hover or click a cell: who wrote the frame, and whether it was scrubbed.';
      faultButtons = createFaultButtons((fault, on) => ctx?.input({ type: 'fault.set', fault, on }));
      faultButtons.update(initial.faults);
      side.addChild(faultButtons.root, provenance);
      rebuild();
    },
    update(next, patches: readonly Patch[]) {
      state = next;
      const hostIds = Object.keys(next.world.memory.hosts);
      if (hostIds.length !== blocks.size || hostIds.some((id) => !blocks.has(id))) return rebuild();
      // Empty patches mean a fresh snapshot: repaint, but only chunks whose object changed.
      const memoryTouched = patches.length === 0 || patches.some((p) => touches(p, ['world', 'memory']));
      for (const block of blocks.values()) {
        if (memoryTouched) paintHost(block);
        updateCounters(block);
        drawMarks(block);
        if (memoryTouched) drawNames(block);
      }
      if (selectedFrame) showProvenance(selectedFrame.hostId, selectedFrame.mfn);
      faultButtons?.update(next.faults);
    },
    resize(w, h) {
      width = w;
      height = h;
      rebuild();
    },
    highlight(entityIds) {
      focused = [...entityIds];
      for (const block of blocks.values()) {
        block.title.style.fill = entityIds.includes(block.hostId) ? UI.focus : UI.text;
        drawMarks(block);
      }
    },
    boundsOf(id) {
      if (!stage || !state) return null;
      const hostBlock = blocks.get(id);
      if (hostBlock) return boxIn(stage, hostBlock.grid);
      // A run of frames the scene tree names (memory-scene.ts): the cells it covers.
      const run = parseFrameRunId(id);
      const runBlock = run ? blocks.get(run.hostId) : undefined;
      const cells = run && runBlock ? union(runBoxes(runBlock, run.start, run.length)) : null;
      if (runBlock && cells) return { x: runBlock.root.x + runBlock.grid.x + cells.x, y: runBlock.root.y + runBlock.grid.y + cells.y, width: cells.width, height: cells.height };
      const d = state.world.memory.domains[id];
      const block = d ? blocks.get(d.hostId) : undefined;
      if (!d || !block) return null;
      // The domain's frames; before it has any (or after release), where they come and go: its host's grid.
      const boxes = d.phase === 'released' ? [] : d.p2m.flatMap(([, mfn, n]) => runBoxes(block, mfn as number, n as number));
      const frames = union(boxes);
      if (!frames) return boxIn(stage, block.grid);
      return { x: block.root.x + block.grid.x + frames.x, y: block.root.y + block.grid.y + frames.y, width: frames.width, height: frames.height };
    },
    inspect(s, entity) {
      if (entity.kind !== 'frame') return undefined;
      const at = entity.id.lastIndexOf(':');
      const host = s.world.memory.hosts[entity.id.slice(0, at)];
      const mfn = Number(entity.id.slice(at + 1));
      if (!host || !Number.isInteger(mfn) || mfn < 0 || mfn >= host.frames) return undefined;
      // describeFrame's "name: value" lines become the inspector's fields.
      return Object.fromEntries(describeFrame(s, host, mfn).map((line, i) => {
        const colon = line.indexOf(': ');
        if (colon > 0 && !line.startsWith('last written')) return [line.slice(0, colon), line.slice(colon + 2)];
        // Lines without a "name: value" shape get a name that says what they are.
        const name = i === 0 ? 'frame' : line.startsWith('last written') || line.startsWith('never written') ? 'last write' : line.includes('scrub') ? 'scrub' : 'detail';
        return [name, line];
      }));
    },
    scene: (s) => memoryScene(s),
    describe(s) {
      const parts = Object.values(s.world.memory.hosts).map((h) => {
        const [clean, dirty, scrubbing, allocated] = h.counts;
        return `${h.hostId}: ${allocated} allocated, ${clean} clean, ${(dirty ?? 0) + (scrubbing ?? 0)} waiting for or being scrubbed`;
      });
      const leaks = s.violations.filter((v) => v.invariant.startsWith('memory.')).length;
      return `Memory frames. ${parts.join('; ')}. ${leaks === 0 ? 'No memory isolation violations.' : `${leaks} memory isolation violation(s).`}`;
    },
    unmount() {
      for (const b of blocks.values()) b.root.destroy({ children: true });
      blocks.clear();
      side.destroy({ children: true });
      legend?.destroy({ children: true });
      legend = null;
      faultButtons = null;
      stage?.removeChildren();
      hatch?.destroy(true);
      sweep?.destroy(true);
      hatch = sweep = null;
      stage = null;
      ctx = null;
    },
  };
}
