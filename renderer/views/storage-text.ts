import { formatDuration } from '../../src/engine/time';
import type { SimState } from '../../src/model/state';
import { getAt } from '../../src/model/storage/chunks';
import type { Volume } from '../../src/model/storage/types';
import { physicalLook } from './storage-look';

/** Words for the Storage view: row labels, the side panel, block details and the live region. */

export function volumeLine(volume: Volume, state: SimState): string {
  const tenant = state.world.tenants[volume.tenant]?.name ?? volume.tenant;
  if (volume.status === 'deleted') return `${volume.id} · ${tenant} · deleted (blocks released dirty, then wiped)`;
  const parts = [`${volume.id} · ${tenant} · ${volume.sizeBlocks} blocks on ${volume.nodeId}`];
  parts.push(volume.attachedTo ? `attached to ${volume.attachedTo}` : 'detached');
  if (volume.encrypted) parts.push(`encrypted (${volume.kmsKey})`);
  if (volume.fromSnapshot) {
    const how = volume.fastSnapshotRestore ? 'FSR' : volume.init ? `initializing (${volume.init.mode})` : 'lazy';
    parts.push(`from ${volume.fromSnapshot}, ${how}: ${volume.lazyLoaded}/${volume.lazyTotal} loaded`);
  }
  return parts.join(' · ');
}

export function sideSummary(state: SimState): string {
  const storage = state.world.storage;
  const lines: string[] = [];
  const snapshots = Object.values(storage.snapshots);
  lines.push(snapshots.length ? 'Snapshots (object store):' : 'No snapshots yet.');
  for (const s of snapshots) {
    const how = s.parent ? `incremental on ${s.parent}` : s.sourceSnapshot ? `full copy of ${s.sourceSnapshot}` : 'full';
    lines.push(`  ${s.id} · ${s.region} · ${s.storedBlocks} blocks stored · ${how}${s.encrypted ? ` · encrypted (${s.kmsKey})` : ''}`);
  }
  const keys = Object.values(storage.keys);
  if (keys.length) lines.push(`KMS keys: ${keys.map((k) => `${k.id} (${k.region})`).join(', ')}`);
  const dirty = Object.values(storage.nodes).reduce((n, node) => n + node.dirtyCount, 0);
  lines.push(`Dirty blocks awaiting a wipe: ${dirty}`);
  if (storage.lastError) lines.push(`Refused at ${formatDuration(storage.lastError.at)}: ${storage.lastError.action}: ${wrap(storage.lastError.message, 70)}`);
  return lines.join('\n');
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
