import { Container, Text } from 'pixi.js';
import type { SimState } from '../../src/model/state';
import { FONT, UI } from '../palette';
import { describeFrame } from './memory-look';
import { PAD, sideWidth } from './memory-grid';
import { createFaultButtons, FAULT_BUTTON_WIDTH, type FaultButtons } from './memory-faults';

/**
 * The memory view's side panel: the fault switches and the provenance of the frame under the
 * pointer (who wrote it, whether it was scrubbed). With one host it sits in the side column under
 * the host's plot; with several, across the bottom of the canvas.
 */
export interface MemorySide {
  root: Container;
  faults: FaultButtons;
  provenance: Text;
}

export function createMemorySide(width: number, onFault: (fault: string, on: boolean) => void): MemorySide {
  const root = new Container({ label: 'memory-side' });
  const provenance = new Text({ text: '', resolution: 2, style: { fontFamily: FONT, fontSize: 14, fill: UI.text, wordWrap: true, wordWrapWidth: sideWidth(width) - 16, lineHeight: 18 } });
  provenance.text = 'Hover or click a cell: who wrote the frame, and whether it was scrubbed.';
  const faults = createFaultButtons(onFault);
  root.addChild(faults.root, provenance);
  return { root, faults, provenance };
}

/** Shows what the state says about one frame (nothing changes when the host is unknown). */
export function showProvenance(side: MemorySide, sim: SimState | null, hostId: string, mfn: number): void {
  const host = sim?.world.memory.hosts[hostId];
  if (!host || !sim) return;
  side.provenance.text = describeFrame(sim, host, mfn).join('\n');
}

export interface SideLayout {
  width: number;
  height: number;
  hostCount: number;
  /** The height kept across the bottom for the panel when there are several hosts. */
  bottom: number;
  /** With one host (or none): where the panel starts, under that host's plot. */
  plotBottom: number;
}

/** Places the panel, its switches and the provenance text for the canvas and host count. */
export function arrangeSide(side: MemorySide, { width, height, hostCount, bottom, plotBottom }: SideLayout): void {
  const sideW = sideWidth(width);
  side.provenance.style.wordWrapWidth = hostCount > 1 ? width - PAD * 3 - 2 * (FAULT_BUTTON_WIDTH + 8) : sideW;
  if (hostCount > 1) {
    side.faults.arrange(false);
    side.root.position.set(PAD, height - bottom);
    side.provenance.position.set(2 * (FAULT_BUTTON_WIDTH + 8) + PAD, 0);
  } else {
    side.root.position.set(width - sideW - PAD, plotBottom);
    // Two switches side by side when the column is wide enough, else stacked.
    const stacked = sideW < 2 * FAULT_BUTTON_WIDTH + 8;
    side.faults.arrange(stacked);
    side.provenance.position.set(0, stacked ? 72 : 38);
  }
}

export function destroyMemorySide(side: MemorySide): void {
  side.root.destroy({ children: true });
}
