import type { Patch } from 'immer';
import { UI } from '../palette';
import { describeFrame } from './memory-look';
import { boxIn, union } from './camera';
import { drawMemoryLegend } from './memory-legend';
import { buildBlock, paintHost, updateCounters, type BlockPointer } from './memory-block';
import { PAD, runBoxes } from './memory-grid';
import { drawMarks, drawNames } from './memory-marks';
import { arrangeSide, createMemorySide, destroyMemorySide, showProvenance } from './memory-side';
import { createMemoryViewState, type MemoryViewState } from './memory-state';
import { createMemoryTextures, destroyMemoryTextures } from './memory-textures';
import { touches, type LabView } from './view';
import { memoryScene, parseFrameRunId } from './memory-scene';

/**
 * Memory view: per host, a grid of machine frames (sprites sharing one white texture, tinted by
 * tenant), a hatch overlay for dirty frames and a sweep for frames being scrubbed, red outlines
 * on frames named by violations, counters and a live plot. Only chunks whose object changed
 * since the last paint are repainted (chunks are immutable values in the state).
 *
 * This module wires the parts: host blocks (memory-block.ts), outlines and names over the frames
 * (memory-marks.ts), the side panel with fault switches and provenance (memory-side.ts), all
 * reading and writing one MemoryViewState (memory-state.ts).
 */

/** Redraws the outlines of every host block (the focus or the selected frame changed). */
function redrawMarks(view: MemoryViewState): void {
  for (const block of view.blocks.values()) drawMarks(block, view.sim, view);
}

/** The grid's pointer: hovering shows a frame's provenance, a tap selects the frame as well. */
function blockPointer(view: MemoryViewState): BlockPointer {
  return {
    hover(hostId, mfn) {
      if (view.side) showProvenance(view.side, view.sim, hostId, mfn);
    },
    tap(hostId, mfn) {
      view.selectedFrame = { hostId, mfn };
      if (view.side) showProvenance(view.side, view.sim, hostId, mfn);
      view.ctx?.select({ kind: 'frame', id: `${hostId}:${mfn}` });
      redrawMarks(view);
    },
  };
}

function destroyBlocks(view: MemoryViewState): void {
  for (const b of view.blocks.values()) b.root.destroy({ children: true });
  view.blocks.clear();
}

/** Builds the whole view again: legend, one block per host, then the side panel. */
function rebuild(view: MemoryViewState): void {
  const { stage, sim, textures, width, height } = view;
  if (!stage || !sim || !textures) return;
  destroyBlocks(view);
  stage.removeChildren();
  const hosts = Object.values(sim.world.memory.hosts);
  view.legend?.destroy({ children: true });
  const legend = drawMemoryLegend(sim, width - PAD * 2);
  view.legend = legend;
  legend.position.set(PAD, PAD - 4);
  stage.addChild(legend);
  const top = legend.y + legend.height + 8;
  // One host: the fault switches and provenance sit under its plot; several: across the bottom.
  const bottom = hosts.length > 1 ? 96 : 0;
  const blockHeight = Math.max(120, Math.floor((height - top - bottom - PAD) / Math.max(1, hosts.length)));
  const pointer = blockPointer(view);
  hosts.forEach((host, i) => {
    let samples = view.history.get(host.hostId);
    if (!samples) view.history.set(host.hostId, (samples = []));
    const block = buildBlock({ host, sim, width, top: top + i * blockHeight, blockHeight, textures, samples, pointer });
    view.blocks.set(host.hostId, block);
    stage.addChild(block.root);
    paintHost(block, sim, textures);
    updateCounters(block, sim);
    drawMarks(block, sim, view);
    drawNames(block, sim);
  });
  if (!view.side) return;
  const first = view.blocks.values().next().value;
  const plotBottom = first ? first.root.y + first.plot.root.y + first.plot.root.height + 12 : top;
  arrangeSide(view.side, { width, height, hostCount: hosts.length, bottom, plotBottom });
  stage.addChild(view.side.root);
}

export function createMemoryView(): LabView {
  const view = createMemoryViewState();

  return {
    id: 'memory',
    title: 'Memory',
    mount(root, initial, _lesson, viewContext) {
      view.stage = root;
      view.ctx = viewContext;
      view.sim = initial;
      view.textures = createMemoryTextures();
      view.side = createMemorySide(view.width, (fault, on) => view.ctx?.input({ type: 'fault.set', fault, on }));
      view.side.faults.update(initial.faults);
      rebuild(view);
    },
    update(next, patches: readonly Patch[]) {
      view.sim = next;
      const { blocks, textures } = view;
      const hostIds = Object.keys(next.world.memory.hosts);
      if (hostIds.length !== blocks.size || hostIds.some((id) => !blocks.has(id))) return rebuild(view);
      // Empty patches mean a fresh snapshot: repaint, but only chunks whose object changed.
      const memoryTouched = patches.length === 0 || patches.some((p) => touches(p, ['world', 'memory']));
      for (const block of blocks.values()) {
        if (memoryTouched && textures) paintHost(block, next, textures);
        updateCounters(block, next);
        drawMarks(block, next, view);
        if (memoryTouched) drawNames(block, next);
      }
      if (view.selectedFrame && view.side) showProvenance(view.side, next, view.selectedFrame.hostId, view.selectedFrame.mfn);
      view.side?.faults.update(next.faults);
    },
    resize(w, h) {
      view.width = w;
      view.height = h;
      rebuild(view);
    },
    highlight(entityIds) {
      view.focused = [...entityIds];
      for (const block of view.blocks.values()) block.title.style.fill = entityIds.includes(block.hostId) ? UI.focus : UI.text;
      redrawMarks(view);
    },
    boundsOf(id) {
      const { stage, sim, blocks } = view;
      if (!stage || !sim) return null;
      const hostBlock = blocks.get(id);
      if (hostBlock) return boxIn(stage, hostBlock.grid);
      // A run of frames the scene tree names (memory-scene.ts): the cells it covers.
      const run = parseFrameRunId(id);
      const runBlock = run ? blocks.get(run.hostId) : undefined;
      const cells = run && runBlock ? union(runBoxes(runBlock, run.start, run.length)) : null;
      if (runBlock && cells) return { x: runBlock.root.x + runBlock.grid.x + cells.x, y: runBlock.root.y + runBlock.grid.y + cells.y, width: cells.width, height: cells.height };
      const d = sim.world.memory.domains[id];
      const block = d ? blocks.get(d.hostId) : undefined;
      if (!d || !block) return null;
      // The domain's frames; before it has any (or after release), where they come and go: its host's grid.
      const boxes = d.phase === 'released' ? [] : d.p2m.flatMap(([, mfn, n]) => runBoxes(block, mfn, n));
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
      destroyBlocks(view);
      if (view.side) destroyMemorySide(view.side);
      view.side = null;
      view.legend?.destroy({ children: true });
      view.legend = null;
      view.stage?.removeChildren();
      if (view.textures) destroyMemoryTextures(view.textures);
      view.textures = null;
      view.stage = null;
      view.ctx = null;
    },
  };
}
