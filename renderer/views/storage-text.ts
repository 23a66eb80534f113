import { formatDuration } from '../../src/engine/time';
import type { SimState } from '../../src/model/state';
import { getAt } from '../../src/model/storage/chunks';
import type { Volume } from '../../src/model/storage/types';
import { physicalLook } from './storage-look';
import { keyLine, keyProblem, sharedDataKey } from './storage-keys';
import { count } from './common-scene';

/** Words for the Storage view: row labels, the side panel, block details and the live region. */

export function volumeLine(volume: Volume, state: SimState): string {
  // "Tenant A (Alice Corp)" → "Tenant A": rows stay short enough to read at projection size.
  const tenant = (state.world.tenants[volume.tenant]?.name ?? volume.tenant).replace(/\s*\(.*\)$/, '');
  if (volume.status === 'deleted') return `${volume.id} · ${tenant} · deleted (blocks released dirty, then wiped)`;
  const storage = state.world.storage;
  const problem = volume.encrypted ? keyProblem(storage, volume.kmsKey, volume.attachedTo !== null) : null;
  const parts = [`${problem ? `${problem} · ` : ''}${volume.id} · ${tenant} · ${count(volume.sizeBlocks, 'block')} on ${volume.nodeId}`];
  parts.push(volume.attachedTo ? `attached to ${volume.attachedTo}` : 'detached');
  if (volume.encrypted) parts.push(`encrypted (${volume.kmsKey})`);
  const shared = sharedDataKey(storage, volume.id, volume.dataKey);
  if (shared) parts.push(shared);
  if (volume.fromSnapshot) {
    const how = volume.fastSnapshotRestore ? 'FSR' : volume.init ? `initializing (${volume.init.mode})` : 'lazy';
    const loaded = volume.lazyLoaded === volume.lazyTotal ? `all ${volume.lazyTotal} blocks loaded` : `${volume.lazyLoaded}/${volume.lazyTotal} loaded`;
    parts.push(`from ${volume.fromSnapshot}, ${how}: ${loaded}`);
  }
  return parts.join(' · ');
}

/** One line (or card) of the side list; `id` names the snapshot, key or host it shows. */
export interface SideEntry {
  id: string | null;
  text: string;
  kind: 'heading' | 'item' | 'host' | 'note';
  /** The thing it shows cannot be used (a key that is not enabled, a snapshot under such a key). */
  unusable?: boolean;
  /** Host cards: a Nitro host (else Xen). */
  nitro?: boolean;
}

/** The side list, in the order drawn: keys next to the volumes they protect, then snapshots, hosts. */
export function sideEntries(state: SimState): SideEntry[] {
  const storage = state.world.storage;
  const out: SideEntry[] = [];
  const keys = Object.values(storage.keys);
  if (keys.length) out.push({ id: null, text: 'KMS keys:', kind: 'heading' });
  for (const k of keys) out.push({ id: k.id, text: keyLine(k, storage, state.time), kind: 'item', unusable: k.state !== 'enabled' });
  const snapshots = Object.values(storage.snapshots);
  out.push({ id: null, text: snapshots.length ? 'Snapshots (object store):' : 'No snapshots yet.', kind: 'heading' });
  for (const s of snapshots) {
    const how = s.parent ? `incremental on ${s.parent}` : s.sourceSnapshot ? `full copy of ${s.sourceSnapshot}` : 'full';
    const problem = s.encrypted ? keyProblem(storage, s.kmsKey, false) : null;
    const shared = s.encrypted ? sharedDataKey(storage, s.id, s.dataKey) : null;
    const text = `${problem ? `${problem} · ` : ''}${s.id} · ${s.region} · ${count(s.storedBlocks, 'block')} stored · ${how}${s.encrypted ? ` · encrypted (${s.kmsKey})` : ''}${shared ? ` · ${shared}` : ''}`;
    out.push({ id: s.id, text, kind: 'item', unusable: problem !== null });
  }
  for (const card of hostPaths(state)) out.push({ id: card.id, text: card.text, kind: 'host', nitro: card.nitro });
  const dirty = Object.values(storage.nodes).reduce((n, node) => n + node.dirtyCount, 0);
  out.push({ id: null, text: `Dirty blocks awaiting a wipe: ${dirty}`, kind: 'note' });
  if (storage.lastError) out.push({ id: null, text: `Refused at ${formatDuration(storage.lastError.at)}: ${storage.lastError.action}: ${wrap(storage.lastError.message, 70)}`, kind: 'note' });
  return out;
}

export function sideSummary(state: SimState): string {
  return sideEntries(state)
    .map((e) => (e.kind === 'item' ? `  ${e.text}` : e.text))
    .join('\n');
}

/**
 * Which host serves the volumes and through which I/O path: on a Xen host the guest's blkfront
 * talks to dom0's blkback, which does the I/O; on a Nitro host the guest sees an NVMe device
 * and the Nitro card for EBS does the I/O (and holds the plaintext data keys), with no dom0.
 */
export function hostPaths(state: SimState): Array<{ id: string; text: string; nitro: boolean }> {
  const { hosts, domains, storage } = state.world;
  if (Object.keys(storage.nodes).length === 0) return [];
  return Object.values(hosts).map((host) => {
    const nitro = host.hypervisor === 'nitro';
    const path = nitro ? 'I/O path: guest NVMe → Nitro card for EBS → network → storage node (no dom0)' : 'I/O path: guest blkfront → Xen dom0 blkback → network → storage node';
    const served = Object.values(storage.volumes).filter((v) => v.status !== 'deleted' && v.attachedTo !== null && domains[v.attachedTo]?.hostId === host.id);
    const serves = served.length ? `serves ${served.map((v) => `${v.id} (${v.attachedTo})`).join(', ')}` : 'serves no volume now';
    const keys = served.filter((v) => v.encrypted).map((v) => v.id);
    const keyNote = keys.length ? `; plaintext data key${keys.length > 1 ? 's' : ''} of ${keys.join(', ')} held in ${nitro ? 'the Nitro card' : 'dom0 / hypervisor memory'}` : '';
    return { id: host.id, text: `${host.id} · ${host.name}\n${path}\n${serves}${keyNote}`, nitro };
  });
}

function wrap(value: string, width: number): string {
  const words = value.split(' ');
  const out: string[] = [];
  let line = '';
  for (const word of words) {
    if ((line + ' ' + word).trim().length > width) {
      out.push(line);
      line = word;
    } else line = (line + ' ' + word).trim();
  }
  if (line) out.push(line);
  return out.join('\n  ');
}

export function blockDetail(state: SimState, selected: { node: string; index: number } | null): string {
  if (!selected) return 'Click a block to see its provenance.';
  const node = state.world.storage.nodes[selected.node];
  if (!node || selected.index >= node.blockCount) return '';
  const prov = getAt(node.prov, selected.index);
  const look = physicalLook(getAt(node.state, selected.index), prov, () => 0);
  const lines = [`Block ${selected.index} on ${node.id}: ${look.words}`];
  if (prov) {
    lines.push(`  written by tenant ${prov.tenant}, volume ${prov.volume}, at ${formatDuration(prov.at)}`);
    lines.push(prov.key ? `  stored as ciphertext under data key ${prov.key}` : '  stored as plaintext');
  }
  return lines.join('\n');
}

export function describeStorage(state: SimState): string {
  const storage = state.world.storage;
  const live = Object.values(storage.volumes).filter((v) => v.status !== 'deleted');
  const dirty = Object.values(storage.nodes).reduce((n, node) => n + node.dirtyCount, 0);
  const lastRead = storage.reads.reduce<(typeof storage.reads)[number] | null>((a, r) => (a === null || r.serial > a.serial ? r : a), null);
  const read = lastRead ? ` Last read: ${lastRead.domain} read ${lastRead.blocks.length} block(s) of ${lastRead.volume}: ${summarize(lastRead.blocks.map((b) => b.content.kind))}.` : '';
  return `Storage view. ${Object.keys(storage.nodes).length} storage node(s), ${live.length} volume(s): ${live.map((v) => volumeLine(v, state)).join('; ') || 'none'}. ${dirty} dirty block(s).${read}`;
}

function summarize(kinds: string[]): string {
  const counts = new Map<string, number>();
  for (const k of kinds) counts.set(k, (counts.get(k) ?? 0) + 1);
  return [...counts].map(([k, n]) => `${n} ${k === 'zero' ? 'zeros' : k === 'plain' ? 'plaintext' : 'ciphertext'}`).join(', ');
}
