import { BitmapText, Container, Graphics, Rectangle, Sprite, Text, Texture, type FederatedPointerEvent } from 'pixi.js';
import { CHUNK_FRAMES, type FrameChunk, type HostMemory } from '../../src/model/memory/types';
import type { SimState } from '../../src/model/state';
import { FONT, UI } from '../palette';
import { PAD, sideWidth } from './memory-grid';
import { cellLook, chunkAt } from './memory-look';
import { planMemoryGrid } from './memory-layout';
import { createMemoryPlot, type MemorySample } from './memory-plot';
import type { MemoryTextures } from './memory-textures';

/**
 * One host's block in the memory view: its caption and counters, the grid of frame cells (sprites
 * sharing one white texture, tinted by tenant, with a hatch or sweep overlay) and its live plot.
 * Only chunks whose object changed since the last paint are repainted (chunks are immutable
 * values in the state).
 */

export interface HostBlock {
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

/** What the pointer over a block's grid does with the frame under it. */
export interface BlockPointer {
  hover(hostId: string, mfn: number): void;
  tap(hostId: string, mfn: number): void;
}

export interface BlockInput {
  host: HostMemory;
  sim: SimState | null;
  /** The canvas width (the grid takes what the side column leaves). */
  width: number;
  top: number;
  blockHeight: number;
  textures: MemoryTextures;
  /** The host's plot history, kept across rebuilds. */
  samples: MemorySample[];
  pointer: BlockPointer;
}

export function buildBlock({ host, sim, width, top, blockHeight, textures, samples, pointer }: BlockInput): HostBlock {
  const side = sideWidth(width);
  const gridWidth = Math.max(120, width - side - PAD * 3);
  // Cells at least 10 px: aggregate frames into cells when a host has more than fit.
  const frameSize = host.frameKiB >= 1024 ? `${host.frameKiB / 1024} MiB` : `${host.frameKiB} KiB`;
  const xen = sim?.world.hosts[host.hostId]?.xenVersion;
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
    const overlay = new Sprite({ texture: textures.hatch, x, y, width: cell - 1, height: cell - 1, visible: false });
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
    if (mfn !== null) pointer.hover(host.hostId, mfn);
  });
  grid.on('pointertap', (event: FederatedPointerEvent) => {
    const mfn = frameAtPointer(event);
    if (mfn !== null) pointer.tap(host.hostId, mfn);
  });
  const plot = createMemoryPlot(samples);
  plot.root.position.set(width - side - PAD * 2, header);
  plot.layout(side, Math.min(200, Math.max(90, Math.min(rows * cell, blockHeight - header - 10))));
  root.addChild(title, counters, grid, plot.root);
  return { hostId: host.hostId, root, title, counters, grid, cells, overlays, marks, plot, perCell, cols, cell, painted: [], names, namesKey: '' };
}

function paintChunk(block: HostBlock, sim: SimState, host: HostMemory, c: number, textures: MemoryTextures): void {
  const first = Math.floor((c * CHUNK_FRAMES) / block.perCell);
  const last = Math.floor((Math.min(host.frames, (c + 1) * CHUNK_FRAMES) - 1) / block.perCell);
  for (let cell = first; cell <= last && cell < block.cells.length; cell++) {
    const look = cellLook(sim, host, cell * block.perCell, block.perCell);
    const sprite = block.cells[cell] as Sprite;
    const overlay = block.overlays[cell] as Sprite;
    sprite.tint = look.tint;
    overlay.visible = look.hatch || look.sweep;
    if (overlay.visible) overlay.texture = look.sweep ? textures.sweep : textures.hatch;
  }
}

/** Repaints the chunks of the host's frames whose object changed since the last paint. */
export function paintHost(block: HostBlock, sim: SimState, textures: MemoryTextures): void {
  const host = sim.world.memory.hosts[block.hostId];
  if (!host) return;
  const chunks = Math.ceil(host.frames / CHUNK_FRAMES);
  for (let c = 0; c < chunks; c++) {
    const chunk = chunkAt(host, c);
    if (chunk === block.painted[c]) continue;
    block.painted[c] = chunk;
    paintChunk(block, sim, host, c, textures);
  }
}

/** The counters line under the caption, and one more sample on the plot. */
export function updateCounters(block: HostBlock, sim: SimState): void {
  const host = sim.world.memory.hosts[block.hostId];
  if (!host) return;
  const [clean, dirty, scrubbing, allocated] = host.counts as [number, number, number, number];
  block.counters.text = `clean ${clean} · dirty ${dirty} · scrubbing ${scrubbing} · allocated ${allocated} · scrubbed: ${host.syncScrubbedFrames} sync, ${host.idleScrubbedFrames} idle`;
  block.plot.add({ at: sim.time, clean, dirty, allocated, backlog: dirty + scrubbing }, host.frames);
}
