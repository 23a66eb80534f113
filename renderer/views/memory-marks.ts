import { Graphics, Text } from 'pixi.js';
import type { SimState } from '../../src/model/state';
import { parseRange } from '../../src/model/memory/touch';
import { FONT, UI, tenantColor } from '../palette';
import type { Box } from './camera';
import type { HostBlock } from './memory-block';
import { cellRect, runBoxes } from './memory-grid';
import type { FrameRef } from './memory-state';

/** What is outlined besides violations: the focused domains and hosts, and the selected frame. */
export interface MarkTargets {
  focused: readonly string[];
  selectedFrame: FrameRef | null;
}

/** Outlines: violations (red), focused domains and hosts (white), the selected frame (blue). */
export function drawMarks(block: HostBlock, sim: SimState | null, { focused, selectedFrame }: MarkTargets): void {
  const g = block.marks.clear();
  if (!sim) return;
  const host = sim.world.memory.hosts[block.hostId];
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
  for (const v of sim.violations.slice(-20)) {
    for (const id of v.entities['frameRanges'] ?? []) {
      const range = parseRange(id);
      if (range && range.hostId === block.hostId) outlineFrames(range.start, range.count, UI.violation, 2, budget);
    }
  }
  for (const id of focused) {
    const d = sim.world.memory.domains[id];
    if (d && d.hostId === block.hostId) for (const [, mfn, n] of d.p2m) outlineFrames(mfn, n, UI.focus, 1, budget);
  }
  if (selectedFrame?.hostId === block.hostId) outlineFrames(selectedFrame.mfn, 1, UI.selection, 2, { left: 1 });
}

/** Each domain's name on its largest run of frames (a label on the canvas, not only a colour). */
export function drawNames(block: HostBlock, sim: SimState): void {
  const runs: Array<{ id: string; box: Box; tenant: number }> = [];
  for (const d of Object.values(sim.world.memory.domains)) {
    if (d.hostId !== block.hostId || d.phase === 'released' || d.p2m.length === 0) continue;
    let best: Box | null = null;
    for (const [, mfn, n] of d.p2m) {
      for (const b of runBoxes(block, mfn, n)) if (!best || b.width * b.height > best.width * best.height) best = b;
    }
    if (best) runs.push({ id: d.domainId, box: best, tenant: d.tenant });
  }
  const key = runs.map((r) => `${r.id}@${r.box.x},${r.box.y},${r.box.width},${r.box.height}`).join('|');
  if (key === block.namesKey) return;
  block.namesKey = key;
  block.names.removeChildren().forEach((c) => c.destroy());
  for (const r of runs) {
    const t = sim.world.tenants[sim.world.memory.tenantIds[r.tenant - 1] ?? ''];
    const words = new Text({ text: t ? `${r.id} · ${t.name}` : `${r.id} · operator`, resolution: 2, style: { fontFamily: FONT, fontSize: 14, fontWeight: '600', fill: UI.text } });
    const pill = new Graphics();
    // Inside the grid: a short last row must not push the name over the plot.
    const x = Math.max(0, Math.min(r.box.x + Math.max(2, Math.min(8, (r.box.width - words.width) / 2)), block.cols * block.cell - words.width - 10));
    const y = r.box.y + Math.max(0, (r.box.height - words.height) / 2);
    words.position.set(x + 4, y);
    pill.roundRect(x, y - 1, words.width + 8, words.height + 2, 4).fill({ color: UI.background, alpha: 0.82 }).stroke({ color: t ? tenantColor(t.colorIndex) : UI.operator, width: 1.5 });
    block.names.addChild(pill, words);
  }
}
