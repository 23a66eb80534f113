import { formatDuration } from '../../src/engine/time';
import { getAt } from '../../src/model/storage/chunks';
import { BlockState, type Provenance, type StorageNode } from '../../src/model/storage/types';
import type { SimState } from '../../src/model/state';
import { capped, count, group, MAX_CHILDREN } from './common-scene';
import { keyLine } from './storage-keys';
import { hostPaths, volumeLine } from './storage-text';
import type { SceneNode } from './view';

/**
 * The Storage view in words: storage nodes with their physical blocks as runs of one state and
 * writer ("blocks 0–15: written by vol-a of tenant A"), volumes with owner, attachment and
 * encryption, KMS keys and snapshots with their state, the hosts' I/O paths, and the last refusal.
 */
export function storageScene(state: SimState): SceneNode[] {
  const storage = state.world.storage;
  if (!storage || Object.keys(storage.nodes).length === 0) return [];
  const out: SceneNode[] = [];
  out.push(group('storage/nodes', 'Storage nodes', Object.values(storage.nodes).map((node) => nodeItem(node))));
  out.push(group('storage/volumes', 'Volumes', Object.values(storage.volumes).map((v) => ({ id: v.id, label: `Volume ${volumeLine(v, state)}`, entity: { kind: 'volume', id: v.id } }))));
  const keys = Object.values(storage.keys);
  if (keys.length > 0) out.push(group('storage/keys', 'KMS keys', keys.map((k) => ({ id: k.id, label: `KMS key ${keyLine(k, storage, state.time)}`, entity: { kind: 'key', id: k.id } }))));
  out.push(
    group(
      'storage/snapshots',
      'Snapshots',
      Object.values(storage.snapshots).map((s) => ({
        id: s.id,
        label: `Snapshot ${s.id} of tenant ${s.tenant}: ${count(s.storedBlocks, 'block')} stored, ${s.parent ? `incremental on ${s.parent}` : 'full'}${s.encrypted ? `, encrypted under ${s.kmsKey}` : ', not encrypted'}`,
        entity: { kind: 'snapshot', id: s.id },
      })),
    ),
  );
  const paths = hostPaths(state);
  if (paths.length > 0) out.push(group('storage/hosts', 'Hosts and their I/O paths', paths.map((p) => ({ id: p.id, label: p.text.replace(/\n/g, '; '), entity: { kind: 'host', id: p.id } }))));
  if (storage.lastError) out.push({ id: 'storage/refused', label: `Refused at ${formatDuration(storage.lastError.at)}: ${storage.lastError.action}: ${storage.lastError.message}` });
  return out;
}

function nodeItem(node: StorageNode): SceneNode {
  return {
    id: node.id,
    label: `Storage node ${node.id} (${node.region}): ${count(node.blockCount, 'block')}, ${node.allocatedCount.toLocaleString('en-US')} allocated, ${node.dirtyCount.toLocaleString('en-US')} released but not yet wiped; ${node.wipeMode === 'before-reuse' ? 'wiped before reuse' : 'wiped on first touch (historical)'}`,
    entity: { kind: 'node', id: node.id },
    children: blockRuns(node),
  };
}

function writer(prov: Provenance | null): string {
  return prov ? `${prov.volume}|${prov.tenant}|${prov.key ?? ''}` : '';
}

/** Runs of blocks with one state and writer, in block order; at most MAX_CHILDREN, then a note. */
function blockRuns(node: StorageNode): SceneNode[] {
  const runs: SceneNode[] = [];
  let start = 0;
  const push = (end: number): void => {
    const st = getAt(node.state, start);
    const prov = getAt(node.prov, start);
    const words = blockWords(st, prov);
    const by = prov ? `; data of ${prov.volume}, tenant ${prov.tenant}${prov.key ? ', encrypted' : ', plaintext'}` : '';
    const span = end - start === 1 ? `block ${start}` : `blocks ${start}–${end - 1}`;
    runs.push({ id: `blocks:${node.id}:${start}:${end - start}`, label: `${span}: ${words}${by}`, entity: { kind: 'block', id: `${node.id}:${start}` } });
  };
  for (let i = 1; i <= node.blockCount; i++) {
    if (i < node.blockCount && getAt(node.state, i) === getAt(node.state, start) && writer(getAt(node.prov, i)) === writer(getAt(node.prov, start))) continue;
    if (runs.length >= MAX_CHILDREN) {
      runs.push({ id: `${node.id}/blocks/more`, label: `… blocks from ${start.toLocaleString('en-US')} on are not listed` });
      return runs;
    }
    push(i);
    start = i;
  }
  return capped(runs, `${node.id}/blocks`, MAX_CHILDREN + 1);
}

/** A run's state in words (the canvas's block look without the per-block data label). */
function blockWords(state: number, prov: Provenance | null): string {
  switch (state) {
    case BlockState.FREE:
      return 'unallocated (reads as zeros)';
    case BlockState.WIPED:
      return 'wiped, free for reuse';
    case BlockState.DIRTY:
      return 'released dirty, still holding the old data';
    case BlockState.PENDING_WIPE:
      return 'history mode: reused, wiped on first touch';
    case BlockState.ALLOCATED:
      return prov ? 'allocated WITHOUT a wipe, holding residue' : 'allocated, never written (reads as zeros)';
    case BlockState.WRITTEN:
      return prov?.key ? `written, encrypted under data key ${prov.key}` : 'written';
    default:
      return 'unknown';
  }
}
