import type { Immutable } from '../../engine';
import type { Snapshot, SnapshotBlock } from './types';

/** Longest parent chain followed (a corrupt state can never make a read loop forever). */
const MAX_CHAIN = 10_000;

/**
 * A logical block's content in a snapshot: incremental snapshots store only the blocks changed
 * since their parent, so unchanged ones are found further up the chain. Null means zeros.
 */
export function resolveSnapshotBlock(snapshots: Immutable<Record<string, Snapshot>>, id: string, logical: number): SnapshotBlock | null {
  let current: Immutable<Snapshot> | undefined = snapshots[id];
  for (let hops = 0; current && hops < MAX_CHAIN; hops++) {
    const block = current.blocks[logical];
    if (block) return block;
    current = current.parent === null ? undefined : snapshots[current.parent];
  }
  return null;
}

/** Every logical block with data in the snapshot (its own and its ancestors'), ascending. */
export function snapshotLogicalBlocks(snapshots: Immutable<Record<string, Snapshot>>, id: string): number[] {
  const seen = new Set<number>();
  let current: Immutable<Snapshot> | undefined = snapshots[id];
  for (let hops = 0; current && hops < MAX_CHAIN; hops++) {
    for (const key of Object.keys(current.blocks)) seen.add(Number(key));
    current = current.parent === null ? undefined : snapshots[current.parent];
  }
  return [...seen].sort((a, b) => a - b);
}

/** A full (flattened) copy of a snapshot's blocks: cross-Region and re-encrypting copies are full (§3.3). */
export function flattenSnapshot(snapshots: Immutable<Record<string, Snapshot>>, id: string): Record<string, SnapshotBlock> {
  const blocks: Record<string, SnapshotBlock> = {};
  for (const logical of snapshotLogicalBlocks(snapshots, id)) {
    const block = resolveSnapshotBlock(snapshots, id, logical);
    if (block) blocks[logical] = { ...block };
  }
  return blocks;
}
