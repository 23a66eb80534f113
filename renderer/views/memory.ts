import { BitmapText, CanvasSource, Container, Graphics, Rectangle, Sprite, Text, Texture, type FederatedPointerEvent } from 'pixi.js';
import type { Patch } from 'immer';
import { CHUNK_FRAMES, type FrameChunk, type HostMemory } from '../../src/model/memory/types';
import type { SimState } from '../../src/model/state';
import { parseRange } from '../../src/model/memory/touch';
import { FONT, UI } from '../palette';
import { cellLook, chunkAt, describeFrame, framesPerCell } from './memory-look';
import { createFaultButtons, type FaultButtons } from './memory-faults';
import { createMemoryPlot, type MemorySample } from './memory-plot';
import { touches, type LabView, type ViewContext } from './view';

/**
 * Memory view: per host, a grid of machine frames (sprites sharing one white texture, tinted by
 * tenant), a hatch overlay for dirty frames and a sweep for frames being scrubbed, red outlines
 * on frames named by violations, counters and a live plot. Only chunks whose object changed
 * since the last paint are repainted (chunks are immutable values in the state).
 */

const SIDE = 270;
const HEADER = 34;
const PAD = 12;

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
    g.strokeStyle = 'rgba(255,255,255,0.8)';
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
    gradient.addColorStop(0, 'rgba(255,255,255,0)');
    gradient.addColorStop(0.7, 'rgba(180,255,240,0.55)');
    gradient.addColorStop(1, 'rgba(255,255,255,0.95)');
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
  const newProvenance = () => new Text({ text: '', resolution: 2, style: { fontFamily: FONT, fontSize: 11, fill: UI.text, wordWrap: true, wordWrapWidth: SIDE - 16, lineHeight: 15 } });
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

  const updateCounters = (block: HostBlock): void => {
    const s = state as SimState;
    const host = s.world.memory.hosts[block.hostId];
    if (!host) return;
    const [clean, dirty, scrubbing, allocated] = host.counts as [number, number, number, number];
    block.counters.text = `clean ${clean}  dirty ${dirty}  scrubbing ${scrubbing}  allocated ${allocated}  ·  sync-scrubbed ${host.syncScrubbedFrames}  idle-scrubbed ${host.idleScrubbedFrames}`;
    block.plot.add({ at: s.time, clean, dirty, allocated, backlog: dirty + scrubbing }, host.frames);
  };

  const showProvenance = (hostId: string, mfn: number): void => {
    const host = state?.world.memory.hosts[hostId];
    if (!host || !state) return;
    provenance.text = describeFrame(state, host, mfn).join('\n');
  };

  const buildBlock = (host: HostMemory, top: number, blockHeight: number): HostBlock => {
    const perCell = framesPerCell(host.frames);
    const count = Math.ceil(host.frames / perCell);
    const gridWidth = Math.max(200, width - SIDE - PAD * 3);
    const cols = count > 1024 ? 64 : 32;
    const rows = Math.ceil(count / cols);
    const cell = Math.max(3, Math.min(18, Math.floor(gridWidth / cols), Math.floor((blockHeight - HEADER - 8) / rows)));
    const root = new Container({ label: `memory-host:${host.hostId}` });
    root.position.set(PAD, top);
    const xen = state?.world.hosts[host.hostId]?.xenVersion;
    const scale = perCell > 1 ? `${perCell} frames per cell` : `1 frame = ${host.frameKiB >= 1024 ? `${host.frameKiB / 1024} MiB` : `${host.frameKiB} KiB`}`;
    const title = new Text({ text: `${host.hostId}${xen ? ` · Xen ${xen}` : ''} · ${host.frames} frames (${scale}) · ${host.nodes} NUMA nodes`, resolution: 2, style: { fontFamily: FONT, fontSize: 12, fill: UI.text } });
    const counters = new BitmapText({ text: '', style: { fontFamily: FONT, fontSize: 10, fill: UI.muted } });
    counters.y = 18;
    const grid = new Container({ label: `memory-grid:${host.hostId}` });
    grid.y = HEADER;
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
    grid.addChild(marks);
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
    plot.root.position.set(width - SIDE - PAD * 2 + 8, HEADER);
    plot.layout(SIDE - 16, Math.min(110, Math.max(60, blockHeight - HEADER - 10)));
    root.addChild(title, counters, grid, plot.root);
    return { hostId: host.hostId, root, title, counters, grid, cells, overlays, marks, plot, perCell, cols, cell, painted: [] };
  };

  const rebuild = (): void => {
    if (!stage || !state) return;
    for (const b of blocks.values()) b.root.destroy({ children: true });
    blocks.clear();
    stage.removeChildren();
    const hosts = Object.values(state.world.memory.hosts);
    const blockHeight = Math.max(120, Math.floor((height - 170) / Math.max(1, hosts.length)));
    hosts.forEach((host, i) => {
      const block = buildBlock(host, PAD + i * blockHeight, blockHeight);
      blocks.set(host.hostId, block);
      stage?.addChild(block.root);
      paintHost(block);
      updateCounters(block);
      drawMarks(block);
    });
    side.position.set(width - SIDE - PAD + 8, height - 190);
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
      const heading = new Text({ text: 'Frame provenance (hover or click a frame)', resolution: 2, style: { fontFamily: FONT, fontSize: 11, fill: UI.muted } });
      faultButtons = createFaultButtons((fault, on) => ctx?.input({ type: 'fault.set', fault, on }));
      faultButtons.update(initial.faults);
      heading.y = 36;
      provenance.y = 52;
      side.addChild(faultButtons.root, heading, provenance);
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
    inspect(s, entity) {
      if (entity.kind !== 'frame') return undefined;
      const at = entity.id.lastIndexOf(':');
      const host = s.world.memory.hosts[entity.id.slice(0, at)];
      const mfn = Number(entity.id.slice(at + 1));
      if (!host || !Number.isInteger(mfn) || mfn < 0 || mfn >= host.frames) return undefined;
      // describeFrame's "name: value" lines become the inspector's fields.
      return Object.fromEntries(describeFrame(s, host, mfn).map((line, i) => {
        const colon = line.indexOf(': ');
        return colon > 0 ? [line.slice(0, colon), line.slice(colon + 2)] : [i === 0 ? 'frame' : `note ${i}`, line];
      }));
    },
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
