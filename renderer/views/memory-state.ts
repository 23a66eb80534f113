import type { Container } from 'pixi.js';
import type { SimState } from '../../src/model/state';
import type { HostBlock } from './memory-block';
import type { MemorySample } from './memory-plot';
import type { MemorySide } from './memory-side';
import type { MemoryTextures } from './memory-textures';
import type { ViewContext } from './view';

/** A frame the learner clicked: outlined in blue, its provenance kept up to date. */
export interface FrameRef {
  hostId: string;
  mfn: number;
}

/**
 * Everything the memory view holds between calls, in one object: what the stage gave it at mount,
 * the canvas size, the Pixi objects it built and the learner's marks. Mount fills the Pixi parts,
 * unmount empties them; the plot history and the canvas size outlive a remount.
 */
export interface MemoryViewState {
  stage: Container | null;
  ctx: ViewContext | null;
  /** The latest mirrored simulation state. */
  sim: SimState | null;
  width: number;
  height: number;
  textures: MemoryTextures | null;
  /** One block per host, by host id, in the state's host order. */
  blocks: Map<string, HostBlock>;
  /** Plot samples per host, kept when blocks are rebuilt (a resize must not empty the plots). */
  history: Map<string, MemorySample[]>;
  /** Entities the lesson step highlights. */
  focused: string[];
  selectedFrame: FrameRef | null;
  side: MemorySide | null;
  legend: Container | null;
}

export function createMemoryViewState(): MemoryViewState {
  return { stage: null, ctx: null, sim: null, width: 800, height: 600, textures: null, blocks: new Map(), history: new Map(), focused: [], selectedFrame: null, side: null, legend: null };
}
