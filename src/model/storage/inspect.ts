import { getAt } from './chunks';
import { BlockState, type StorageWorld } from './types';

const STATE_NAMES: Record<number, string> = {
  [BlockState.FREE]: 'unallocated',
  [BlockState.ALLOCATED]: 'allocated, not written',
  [BlockState.WRITTEN]: 'written',
  [BlockState.DIRTY]: 'released dirty',
  [BlockState.WIPED]: 'wiped',
  [BlockState.PENDING_WIPE]: 'history: wipe on first touch',
};

/**
 * A physical block as a plain record for inspectors (blocks live in chunked arrays, not in an
 * id-keyed collection). `id` is `<node>:<index>`; undefined when there is no such block.
 */
export function inspectBlock(storage: StorageWorld, id: string): Record<string, unknown> | undefined {
  const at = id.lastIndexOf(':');
  const node = storage.nodes[id.slice(0, at)];
  const index = Number(id.slice(at + 1));
  if (at < 0 || !node || !Number.isInteger(index) || index < 0 || index >= node.blockCount) return undefined;
  const prov = getAt(node.prov, index);
  const owner = Object.values(storage.volumes).find((v) => v.status !== 'deleted' && v.nodeId === node.id && v.map.some((chunk) => chunk.includes(index)));
  return {
    node: node.id,
    index,
    state: STATE_NAMES[getAt(node.state, index)] ?? 'unknown',
    volume: owner?.id ?? null,
    writtenBy: prov ? `tenant ${prov.tenant}, volume ${prov.volume}` : null,
    data: prov ? (prov.key ? `ciphertext (data key ${prov.key})` : `"${prov.label}"`) : 'zeros',
    writtenAt: prov?.at ?? null,
  };
}
