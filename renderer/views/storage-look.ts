import type { Patch } from 'immer';
import { CHUNK_SIZE } from '../../src/model/storage/chunks';
import { BlockState, LAZY, type Provenance } from '../../src/model/storage/types';
import { UI } from '../palette';

/**
 * What a block looks like (pure, testable without Pixi). States read the same in every view
 * (ARCHITECTURE §7): zero = dark and empty; written = tenant colour; dirty = tenant colour +
 * hatch; wiped = a cool dark with a sweep of dots; encrypted = lock over noise.
 */
export type BlockOverlay = 'none' | 'hatch' | 'lock' | 'wiped' | 'cloud';

export interface BlockLook {
  fill: number;
  overlay: BlockOverlay;
  /** Words for the inspector and screen readers. */
  words: string;
}

/** Read when drawn (getters): the theme swaps the palette's values. */
export const BLOCK_COLORS = {
  get free(): number {
    return UI.blockFree;
  },
  get allocated(): number {
    return UI.blockAllocated;
  },
  get wiped(): number {
    return UI.blockWiped;
  },
  get pendingWipe(): number {
    return UI.blockPendingWipe;
  },
  get lazy(): number {
    return UI.blockLazy;
  },
};

/** Dims a colour (dirty blocks: the residue is still the tenant's, but no longer live data). */
export function dim(color: number, factor = 0.55): number {
  const r = Math.round(((color >> 16) & 0xff) * factor);
  const g = Math.round(((color >> 8) & 0xff) * factor);
  const b = Math.round((color & 0xff) * factor);
  return (r << 16) | (g << 8) | b;
}

export function physicalLook(state: number, prov: Provenance | null, colorOf: (tenant: string) => number): BlockLook {
  const owner = prov ? colorOf(prov.tenant) : BLOCK_COLORS.allocated;
  switch (state) {
    case BlockState.FREE:
      return { fill: BLOCK_COLORS.free, overlay: 'none', words: 'unallocated (reads as zeros)' };
    case BlockState.WIPED:
      return { fill: BLOCK_COLORS.wiped, overlay: 'wiped', words: 'wiped, free for reuse' };
    case BlockState.DIRTY:
      return { fill: prov ? dim(owner) : BLOCK_COLORS.allocated, overlay: 'hatch', words: `released dirty: still holds ${prov ? `tenant ${prov.tenant}'s "${prov.label}"` : 'old bytes'}` };
    case BlockState.PENDING_WIPE:
      return { fill: BLOCK_COLORS.pendingWipe, overlay: 'hatch', words: 'history mode: reused, wiped on first touch' };
    case BlockState.ALLOCATED:
      // Allocated but not written by its volume: with the fault it may still carry residue.
      if (prov) return { fill: dim(owner), overlay: 'hatch', words: `allocated WITHOUT a wipe: holds tenant ${prov.tenant}'s residue` };
      return { fill: BLOCK_COLORS.allocated, overlay: 'none', words: 'allocated, never written (reads as zeros)' };
    case BlockState.WRITTEN:
      if (prov?.key) return { fill: dim(owner, 0.75), overlay: 'lock', words: `encrypted under data key ${prov.key}` };
      return { fill: owner, overlay: 'none', words: prov ? `written by tenant ${prov.tenant}: "${prov.label}"` : 'written' };
    default:
      return { fill: BLOCK_COLORS.free, overlay: 'none', words: 'unknown' };
  }
}

/** A volume's logical block: unmapped (zeros), not yet loaded from its snapshot, or mapped. */
export function logicalLook(entry: number, tenantColor: number, encrypted: boolean): BlockLook {
  if (entry === LAZY) return { fill: BLOCK_COLORS.lazy, overlay: 'cloud', words: 'not yet loaded from the snapshot' };
  if (entry < 0) return { fill: BLOCK_COLORS.free, overlay: 'none', words: 'not allocated yet (reads as zeros)' };
  return { fill: encrypted ? dim(tenantColor, 0.75) : tenantColor, overlay: encrypted ? 'lock' : 'none', words: `mapped to physical block ${entry}` };
}

/** What a frame's patches changed in the storage slice, so the view redraws only that. */
export interface StorageChanges {
  /** Rebuild everything (nodes or volumes added/removed, or a patch too coarse to localise). */
  all: boolean;
  /** node id → physical indices to repaint (`null`: the whole node). */
  blocks: Map<string, Set<number> | null>;
  volumes: Set<string>;
  io: boolean;
  side: boolean;
}

export function storageChanges(patches: readonly Patch[]): StorageChanges {
  const changes: StorageChanges = { all: false, blocks: new Map(), volumes: new Set(), io: false, side: false };
  for (const { path } of patches) {
    if (path[0] !== 'world') continue;
    if (path.length < 2 || path[1] === 'tenants') {
      changes.all = true;
      continue;
    }
    if (path[1] !== 'storage') continue;
    const section = path[2];
    if (section === undefined) {
      changes.all = true;
    } else if (section === 'nodes') {
      const node = path[3];
      if (node === undefined || path.length === 4) changes.all = true;
      else if (path[4] === 'state' || path[4] === 'prov') {
        const chunk = path[5];
        const offset = path[6];
        let set = changes.blocks.get(String(node));
        if (set === null) continue;
        if (chunk === undefined) changes.blocks.set(String(node), null);
        else {
          if (!set) changes.blocks.set(String(node), (set = new Set()));
          if (offset === undefined) for (let j = 0; j < CHUNK_SIZE; j++) set.add(Number(chunk) * CHUNK_SIZE + j);
          else set.add(Number(chunk) * CHUNK_SIZE + Number(offset));
        }
      } else changes.side = true;
    } else if (section === 'volumes') {
      if (path.length <= 4) changes.all = true;
      else changes.volumes.add(String(path[3]));
    } else if (section === 'keys') {
      // A key's state changes the marks on every volume it protects (rare: relayout).
      changes.all = true;
    } else if (section === 'io' || section === 'ioNext') {
      changes.io = true;
    } else {
      changes.side = true;
    }
  }
  return changes;
}
