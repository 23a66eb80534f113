import { Container, Graphics, Rectangle, Sprite, Text, Texture, type FederatedPointerEvent } from 'pixi.js';
import type { SimState } from '../../src/model/state';
import { getAt } from '../../src/model/storage/chunks';
import { inspectBlock } from '../../src/model/storage/inspect';
import type { StorageNode, Volume } from '../../src/model/storage/types';
import { NO_EBS_WIPE } from '../../src/model/storage/volumes';
import { FONT, UI, legible, paletteName } from '../palette';
import { blockDetail, describeStorage, sideEntries, volumeLine, type SideEntry } from './storage-text';
import { KEY_LEGEND, keyProblem } from './storage-keys';
import { createLatencyPlot, type LatencyPlot } from './storage-plot';
import { logicalLook, physicalLook, storageChanges, type BlockLook } from './storage-look';
import { createOverlayTextures, destroyOverlayTextures, type OverlayTextures } from './storage-textures';
import type { LabView, ViewContext } from './view';
import { storageScene } from './storage-scene';
import { boxIn } from './camera';

/** Cells drawn per node / per volume; bigger ones say how much is shown (the model has no limit). */
const MAX_NODE_CELLS = 1024;
const MAX_VOLUME_CELLS = 32;
const PAD = 12;
/** Blocks are drawn at least this large (the projection standard). */
const MIN_BLOCK = 10;

interface Cell {
  base: Sprite;
  overlay: Sprite;
}

interface NodeDrawing {
  root: Container;
  cells: Cell[];
  cell: number;
  cols: number;
  outline: Graphics;
  gridWidth: number;
  gridHeight: number;
}

interface VolumeDrawing {
  root: Container;
  label: Text;
  cells: Cell[];
  progress: Graphics;
  outline: Graphics;
  width: number;
}

function text(value: string, size = 12, fill: number = UI.text, wrapWidth = 0): Text {
  return new Text({ text: value, resolution: 2, style: { fontFamily: FONT, fontSize: size, fill, wordWrap: wrapWidth > 0, wordWrapWidth: wrapWidth, breakWords: true } });
}

function makeCell(parent: Container, x: number, y: number, size: number): Cell {
  const base = new Sprite(Texture.WHITE);
  const overlay = new Sprite(Texture.WHITE);
  for (const s of [base, overlay]) {
    s.position.set(x, y);
    s.setSize(size, size);
  }
  overlay.visible = false;
  parent.addChild(base, overlay);
  return { base, overlay };
}

/**
 * Storage view: each storage node's physical block grid (sprites sharing one white texture,
 * tinted, plus shared overlay textures for the second channel), each volume's logical blocks
 * and their mapping, lazy-load progress, snapshots and keys, and a live latency plot.
 * Frames repaint only the blocks, volumes and plot their patches touched.
 */
export function createStorageView(): LabView {
  let stage: Container | null = null;
  let content: Container | null = null;
  let ctx: ViewContext | null = null;
  let state: SimState | null = null;
  let textures: OverlayTextures | null = null;
  let plot: LatencyPlot | null = null;
  let lines: Graphics | null = null;
  let alarms: Graphics | null = null;
  let faultToggle: Text | null = null;
  /** Snapshots, keys and dirty blocks: one text per line, so a snapshot can be located. */
  let side: Container | null = null;
  let sideWidth = 300;
  const fillSide = (s: SimState): void => {
    if (!side) return;
    side.removeChildren().forEach((c) => c.destroy({ children: true }));
    let y = 0;
    for (const entry of sideEntries(s)) {
      const item = sideItem(entry);
      item.y = y;
      side.addChild(item);
      // Room between lines for a focus ring that does not touch the neighbours.
      y += item.height + (entry.kind === 'host' ? 8 : 5);
    }
  };
  /** A side line (snapshot, key, note) or a host card; labelled `side:<id>` so boundsOf finds it. */
  const sideItem = (entry: SideEntry): Container => {
    if (entry.kind !== 'host') {
      const fill = entry.unusable ? UI.dying : entry.kind === 'heading' ? UI.text : UI.muted;
      const t = text(entry.text, 14, fill, sideWidth - (entry.kind === 'item' ? 12 : 0));
      t.label = `side:${entry.id ?? ''}`;
      t.x = entry.kind === 'item' ? 12 : 0;
      return t;
    }
    const card = new Container({ label: `side:${entry.id ?? ''}` });
    const [title = '', ...rest] = entry.text.split('\n');
    const heading = text(title, 16, UI.text, sideWidth - 16);
    const body = text(rest.join('\n'), 14, UI.muted, sideWidth - 16);
    heading.position.set(8, 6);
    body.position.set(8, heading.y + heading.height + 2);
    const box = new Graphics().roundRect(0, 0, sideWidth, body.y + body.height + 6, 6).fill(UI.panelRaised).stroke({ color: entry.nitro ? UI.nitroEdge : UI.hypervisorEdge, width: 1.5 });
    card.addChild(box, heading, body);
    return card;
  };
  let detail: Text | null = null;
  let width = 900;
  let height = 600;
  const nodes = new Map<string, NodeDrawing>();
  const volumes = new Map<string, VolumeDrawing>();
  let focused = new Set<string>();
  let selectedBlock: { node: string; index: number } | null = null;
  let selectedVolume: string | null = null;

  const colorOf = (tenant: string): number => {
    const t = state?.world.tenants[tenant];
    return t && ctx ? ctx.tenantColor(t.colorIndex) : UI.operator;
  };

  const paint = (cell: Cell, look: BlockLook): void => {
    cell.base.tint = look.fill;
    if (look.overlay === 'none' || !textures) cell.overlay.visible = false;
    else {
      cell.overlay.texture = textures[look.overlay];
      cell.overlay.setSize(cell.base.width, cell.base.height);
      cell.overlay.visible = true;
    }
  };

  const paintBlock = (node: StorageNode, drawing: NodeDrawing, index: number): void => {
    const cell = drawing.cells[index];
    if (cell) paint(cell, physicalLook(getAt(node.state, index), getAt(node.prov, index), colorOf));
  };

  const buildNode = (node: StorageNode, columnWidth: number): NodeDrawing => {
    const root = new Container({ label: `node:${node.id}` });
    const shown = Math.min(MAX_NODE_CELLS, node.blockCount);
    // Small nodes get big cells (16 per row); big ones use up to 32 columns of smaller cells.
    const cols = shown <= 128 ? 16 : 32;
    const cell = Math.max(MIN_BLOCK, Math.min(26, Math.floor(columnWidth / cols) - 2));
    const mode = node.wipeMode === 'first-touch-historical' ? ' · HISTORY: wipe on first touch (pre-2016 docs)' : ' · wipe before reuse';
    const more = shown < node.blockCount ? ` · first ${shown} of ${node.blockCount.toLocaleString('en')} blocks shown` : '';
    const header = text(`${node.id} · ${node.region} · ${node.blockCount.toLocaleString('en')} blocks${mode}${more}`, 16, UI.text, columnWidth);
    root.addChild(header);
    const grid = new Container({ label: `grid:${node.id}` });
    grid.y = header.height + 4;
    root.addChild(grid);
    const cells: Cell[] = [];
    for (let i = 0; i < shown; i++) cells.push(makeCell(grid, (i % cols) * (cell + 2), Math.floor(i / cols) * (cell + 2), cell));
    const gridWidth = cols * (cell + 2);
    const gridHeight = Math.ceil(shown / cols) * (cell + 2);
    // One hit area for the grid: the block index comes from the pointer position.
    grid.eventMode = 'static';
    grid.cursor = 'pointer';
    grid.hitArea = new Rectangle(0, 0, gridWidth, gridHeight);
    grid.on('pointertap', (event: FederatedPointerEvent) => {
      const local = grid.toLocal(event.global);
      const index = Math.floor(local.y / (cell + 2)) * cols + Math.floor(local.x / (cell + 2));
      if (index < 0 || index >= shown) return;
      event.stopPropagation();
      selectedBlock = { node: node.id, index };
      selectedVolume = null;
      ctx?.select({ kind: 'block', id: `${node.id}:${index}` });
      refreshDetail();
      drawLines();
    });
    const outline = new Graphics();
    grid.addChild(outline);
    const drawing: NodeDrawing = { root, cells, cell, cols, outline, gridWidth, gridHeight: gridHeight + grid.y };
    for (let i = 0; i < shown; i++) paintBlock(node, drawing, i);
    return drawing;
  };

  const buildVolume = (volume: Volume, columnWidth: number): VolumeDrawing => {
    const root = new Container({ label: `volume:${volume.id}` });
    const label = text(volumeLine(volume, state as SimState), 14, volumeInk(volume), columnWidth - 8);
    root.addChild(label);
    const cells: Cell[] = [];
    const strip = new Container();
    strip.y = label.height + 3;
    root.addChild(strip);
    const shown = volume.status === 'deleted' ? 0 : Math.min(MAX_VOLUME_CELLS, volume.sizeBlocks);
    // Blocks of at least 10 px, in as many rows as the column needs.
    const size = Math.max(MIN_BLOCK, Math.min(16, Math.floor(columnWidth / Math.max(1, shown)) - 2));
    const perRow = Math.max(1, Math.floor(columnWidth / (size + 2)));
    for (let i = 0; i < shown; i++) cells.push(makeCell(strip, (i % perRow) * (size + 2), Math.floor(i / perRow) * (size + 2), size));
    const progress = new Graphics();
    progress.y = strip.y + Math.max(1, Math.ceil(shown / perRow)) * (size + 2) + 1;
    root.addChild(progress);
    const outline = new Graphics();
    root.addChild(outline);
    root.eventMode = 'static';
    root.cursor = 'pointer';
    root.on('pointertap', (event: FederatedPointerEvent) => {
      event.stopPropagation();
      selectedVolume = volume.id;
      selectedBlock = null;
      ctx?.select({ kind: 'volume', id: volume.id });
      refreshDetail();
      drawLines();
    });
    const drawing: VolumeDrawing = { root, label, cells, progress, outline, width: columnWidth };
    paintVolume(volume, drawing);
    return drawing;
  };

  /** Deleted volumes are muted; ones their KMS key makes unusable are orange (with ⊘ and words). */
  const volumeInk = (volume: Volume): number => {
    if (volume.status === 'deleted') return UI.muted;
    const problem = state && volume.encrypted ? keyProblem(state.world.storage, volume.kmsKey, volume.attachedTo !== null) : null;
    return problem ? UI.dying : UI.text;
  };

  const paintVolume = (volume: Volume, drawing: VolumeDrawing): void => {
    drawing.label.text = volumeLine(volume, state as SimState);
    drawing.label.style.fill = volumeInk(volume);
    const color = colorOf(volume.tenant);
    drawing.cells.forEach((cell, i) => paint(cell, logicalLook(volume.map.length ? getAt(volume.map, i) : -1, color, volume.encrypted)));
    drawing.progress.clear();
    if (volume.lazyTotal > 0 && volume.status !== 'deleted') {
      const w = Math.min(drawing.width - 10, 220);
      drawing.progress.rect(0, 0, w, 5).fill(UI.panelRaised);
      drawing.progress.rect(0, 0, (w * volume.lazyLoaded) / volume.lazyTotal, 5).fill(legible(0xe69f00));
    }
  };

  const rowHeight = (drawing: VolumeDrawing): number => drawing.root.height + 10;

  const rebuild = (): void => {
    if (!content || !state) return;
    for (const n of nodes.values()) n.root.destroy({ children: true });
    for (const v of volumes.values()) v.root.destroy({ children: true });
    nodes.clear();
    volumes.clear();
    for (const child of content.removeChildren()) if (child !== plot?.root) child.destroy({ children: true });
    const storage = state.world.storage;
    const plotHeight = Math.max(120, Math.min(190, Math.floor(height * 0.3)));
    // The grids need about 16 columns of readable cells; the rest goes to the volume rows and keys.
    const leftWidth = Math.floor((width - PAD * 3) * 0.47);
    const rightX = PAD * 2 + leftWidth;
    const rightWidth = width - rightX - PAD;
    const keyed = Object.keys(storage.keys).length > 0;
    const blocks = `blocks: ${paletteName() === 'projector' ? 'pale grey' : 'dark'} = zero / never written · tenant colour = written · hatch = dirty residue · dots = wiped · lock = encrypted · dashed = not yet loaded`;
    const legend = text(keyed ? `${blocks}\n${KEY_LEGEND}` : blocks, 14, UI.muted, width - 2 * PAD);
    legend.position.set(PAD, 26);
    content.addChild(legend);
    const top = legend.y + legend.height + 8;
    let y = top;
    if (Object.keys(storage.nodes).length === 0) content.addChild(Object.assign(text('No storage nodes in this lesson.', 14, UI.muted), { x: PAD, y }));
    for (const node of Object.values(storage.nodes)) {
      const drawing = buildNode(node, leftWidth);
      drawing.root.position.set(PAD, y);
      content.addChild(drawing.root);
      nodes.set(node.id, drawing);
      y += drawing.gridHeight + 14;
    }
    let vy = top;
    const title = text('Volumes (logical blocks → physical)', 16, UI.text, rightWidth);
    title.position.set(rightX, vy);
    content.addChild(title);
    vy += title.height + 4;
    for (const volume of Object.values(storage.volumes)) {
      const drawing = buildVolume(volume, rightWidth);
      drawing.root.position.set(rightX, vy);
      content.addChild(drawing.root);
      volumes.set(volume.id, drawing);
      vy += rowHeight(drawing);
    }
    side = new Container({ label: 'storage-side' });
    sideWidth = rightWidth;
    fillSide(state);
    side.position.set(rightX, vy + 6);
    detail = text('', 14, UI.text, rightWidth);
    content.addChild(side, detail);
    lines = new Graphics();
    alarms = new Graphics();
    faultToggle = text('', 14, UI.text, width - 2 * PAD);
    faultToggle.eventMode = 'static';
    faultToggle.cursor = 'pointer';
    faultToggle.on('pointertap', (event: FederatedPointerEvent) => {
      event.stopPropagation();
      ctx?.input({ type: 'fault.set', fault: NO_EBS_WIPE, on: !(state?.faults[NO_EBS_WIPE] ?? false) });
    });
    // Mapping lines go under the labels, so they never strike through words.
    content.addChildAt(lines, 0);
    content.addChild(alarms, faultToggle);
    paintFaultAndAlarms();
    if (!plot) plot = createLatencyPlot();
    // The plot sits under the block grids; the right column keeps the full height for volumes.
    plot.root.position.set(PAD, Math.max(y, height - plotHeight - PAD));
    plot.layout(leftWidth, plotHeight);
    plot.draw(storage.io);
    content.addChild(plot.root);
    refreshDetail();
    paintOutlines();
    drawLines();
  };

  const refreshDetail = (): void => {
    if (!detail || !side || !state) return;
    detail.text = blockDetail(state, selectedBlock);
    detail.position.set(side.x, side.y + side.height + 8);
  };

  /** Lines from a focused or selected volume's logical blocks to the physical blocks they map to. */
  const drawLines = (): void => {
    if (!lines || !state || !content) return;
    lines.clear();
    const wanted = new Set([...focused, ...(selectedVolume ? [selectedVolume] : [])]);
    for (const id of wanted) {
      const volume = state.world.storage.volumes[id];
      const vd = volumes.get(id);
      const nd = volume ? nodes.get(volume.nodeId) : undefined;
      if (!volume || !vd || !nd || volume.status === 'deleted') continue;
      vd.cells.forEach((cell, i) => {
        const physical = getAt(volume.map, i);
        const target = physical >= 0 ? nd.cells[physical] : undefined;
        if (!target) return;
        const from = content!.toLocal(cell.base.getGlobalPosition());
        const to = content!.toLocal(target.base.getGlobalPosition());
        lines!.moveTo(from.x + cell.base.width / 2, from.y).lineTo(to.x + target.base.width / 2, to.y + target.base.height / 2);
      });
      lines.stroke({ color: colorOf(volume.tenant), width: 1, alpha: 0.55 });
    }
  };

  /** The fault switch (break the wipe to see the leak) and red outlines on blocks in violations. */
  const paintFaultAndAlarms = (): void => {
    if (!state || !faultToggle || !alarms || !content) return;
    const on = state.faults[NO_EBS_WIPE] === true;
    faultToggle.text = on ? `⚠ fault ${NO_EBS_WIPE} is ON: released blocks are reused unwiped (click to switch off)` : `fault ${NO_EBS_WIPE}: off (click to break wiping)`;
    faultToggle.style.fill = on ? UI.violation : UI.muted;
    faultToggle.position.set(PAD, 4);
    alarms.clear();
    for (const violation of state.violations) {
      for (const id of violation.entities.blocks ?? []) {
        const [nodeId = '', index = ''] = String(id).split(':');
        const cell = nodes.get(nodeId)?.cells[Number(index)];
        if (!cell) continue;
        const at = content.toLocal(cell.base.getGlobalPosition());
        alarms.rect(at.x - 1.5, at.y - 1.5, cell.base.width + 3, cell.base.height + 3);
      }
    }
    alarms.stroke({ color: UI.violation, width: 2.5 });
  };

  const paintOutlines = (): void => {
    if (side) {
      const ring = (side.getChildByLabel('side:focus-ring') as Graphics | null) ?? side.addChild(new Graphics({ label: 'side:focus-ring' }));
      ring.clear();
      for (const id of focused) {
        const item = side.getChildByLabel(`side:${id}`);
        if (item) ring.rect(item.x - 4, item.y - 3, item.width + 8, item.height + 6).stroke({ color: UI.focus, width: 2 });
      }
    }
    for (const [id, n] of nodes) {
      n.outline.clear();
      if (focused.has(id)) n.outline.rect(-3, -3, n.gridWidth + 4, Math.ceil(n.cells.length / n.cols) * (n.cell + 2) + 4).stroke({ color: UI.focus, width: 2 });
    }
    for (const [id, v] of volumes) {
      v.outline.clear();
      const h = v.root.height;
      if (focused.has(id)) v.outline.rect(-4, -3, v.width, h + 4).stroke({ color: UI.focus, width: 2 });
      if (selectedVolume === id) v.outline.rect(-6, -5, v.width + 4, h + 8).stroke({ color: UI.selection, width: 1 });
    }
  };

  return {
    id: 'storage',
    title: 'Storage',
    mount(root, initial, _lesson, viewCtx) {
      stage = root;
      ctx = viewCtx;
      state = initial;
      textures = createOverlayTextures();
      content = new Container({ label: 'storage-view' });
      stage.addChild(content);
      rebuild();
    },
    update(next, patches) {
      const previous = state;
      state = next;
      if (!content || previous === next) return;
      if (patches.length === 0) return rebuild();
      if (patches.some((p) => p.path[0] === 'violations' || p.path[0] === 'faults')) paintFaultAndAlarms();
      const changes = storageChanges(patches);
      if (changes.all) return rebuild();
      const storage = next.world.storage;
      for (const [nodeId, indices] of changes.blocks) {
        const node = storage.nodes[nodeId];
        const drawing = nodes.get(nodeId);
        if (!node || !drawing) return rebuild();
        if (indices === null) for (let i = 0; i < drawing.cells.length; i++) paintBlock(node, drawing, i);
        else for (const i of indices) if (i < drawing.cells.length) paintBlock(node, drawing, i);
      }
      for (const id of changes.volumes) {
        const volume = storage.volumes[id];
        const drawing = volumes.get(id);
        if (!volume || !drawing) return rebuild();
        // Deleting changes a row's height: relayout.
        if ((volume.status === 'deleted') !== (drawing.cells.length === 0 && volume.sizeBlocks > 0)) return rebuild();
        const before = drawing.label.height;
        paintVolume(volume, drawing);
        if (drawing.label.height !== before) return rebuild();
      }
      if (changes.io) plot?.draw(storage.io);
      if (side && (changes.side || changes.volumes.size > 0)) {
        fillSide(next);
        paintOutlines();
      }
      if (changes.blocks.size > 0 || changes.side || changes.volumes.size > 0) refreshDetail();
      if (changes.volumes.size > 0) drawLines();
    },
    resize(w, h) {
      width = Math.max(320, w);
      height = Math.max(240, h);
      rebuild();
    },
    boundsOf(id) {
      if (!stage) return null;
      const node = nodes.get(id) ?? volumes.get(id);
      if (node) return boxIn(stage, node.root);
      // A snapshot or key: its line in the side list.
      return boxIn(stage, side?.getChildByLabel(`side:${id}`) ?? null);
    },
    highlight(entityIds) {
      focused = new Set(entityIds);
      paintOutlines();
      drawLines();
    },
    inspect(s, entity) {
      return entity.kind === 'block' ? inspectBlock(s.world.storage, entity.id) : undefined;
    },
    describe: (s) => describeStorage(s),
    scene: (s) => storageScene(s),
    unmount() {
      for (const n of nodes.values()) n.root.destroy({ children: true });
      for (const v of volumes.values()) v.root.destroy({ children: true });
      nodes.clear();
      volumes.clear();
      content?.destroy({ children: true });
      if (textures) destroyOverlayTextures(textures);
      textures = null;
      plot = null;
      content = null;
      stage = null;
      ctx = null;
    },
  };
}
