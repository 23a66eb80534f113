import type { KmsKey, KmsKeyState, StorageWorld } from '../../src/model/storage/types';

/**
 * Words and glyphs for KMS key states in the Storage view (pure, testable without Pixi). Every
 * state has a glyph and words, so colour is never the only channel; the legend lists the glyphs.
 */

const DAY_NS = 86_400_000_000_000;

export const KEY_GLYPHS: Record<KmsKeyState, string> = {
  enabled: '✓',
  disabled: '‖',
  'pending-deletion': '◷',
  deleted: '✕',
  'no-material': '✕',
};

/** The glyph shown before a volume or snapshot its key makes unusable. */
export const UNUSABLE_GLYPH = '⊘';

/** The legend line for keys (the view draws it under the block legend). */
export const KEY_LEGEND = `keys: ${KEY_GLYPHS.enabled} enabled · ${KEY_GLYPHS.disabled} disabled (reversible) · ${KEY_GLYPHS['pending-deletion']} pending deletion (cancellable until its date) · ${KEY_GLYPHS.deleted} deleted / key material deleted · ${UNUSABLE_GLYPH} volume or snapshot its key makes unusable`;

function days(ns: number): string {
  return `${Number((ns / DAY_NS).toFixed(1))}`;
}

export function keyStateWords(key: KmsKey, now: number): string {
  switch (key.state) {
    case 'enabled':
      return 'enabled';
    case 'disabled':
      return 'disabled (reversible)';
    case 'pending-deletion':
      return key.deletionAt === null
        ? 'pending deletion (cancellable)'
        : `pending deletion on day ${days(key.deletionAt)} (in ${days(key.deletionAt - now)} days; cancellable until then)`;
    case 'deleted':
      return 'deleted for good';
    case 'no-material':
      return 'key material deleted';
  }
}

/** Volumes (not deleted) and snapshots encrypted under a key. */
function protectedBy(storage: Pick<StorageWorld, 'volumes' | 'snapshots'>, keyId: string): string[] {
  const volumes = Object.values(storage.volumes).filter((v) => v.status !== 'deleted' && v.kmsKey === keyId);
  const snapshots = Object.values(storage.snapshots).filter((s) => s.kmsKey === keyId);
  return [...volumes, ...snapshots].map((x) => x.id);
}

export function keyLine(key: KmsKey, storage: Pick<StorageWorld, 'volumes' | 'snapshots'>, now: number): string {
  const origin = key.awsManaged ? ' · AWS managed (alias/aws/ebs)' : key.origin === 'external' ? ' · imported key material' : '';
  const uses = protectedBy(storage, key.id);
  const shown = uses.length > 3 ? `${uses.slice(0, 3).join(', ')} +${uses.length - 3}` : uses.join(', ');
  return `${KEY_GLYPHS[key.state]} ${key.id} · ${key.region}${origin} · ${keyStateWords(key, now)}${uses.length ? ` · protects ${shown}` : ''}`;
}

/**
 * What a key's state means for something it protects, or null when it is usable. An attached
 * volume keeps working (its plaintext data key is already in the host or Nitro card); anything
 * detached — volumes, snapshots — cannot be used.
 */
export function keyProblem(storage: Pick<StorageWorld, 'keys'>, keyId: string | null, attached: boolean): string | null {
  if (keyId === null) return null;
  const state = storage.keys[keyId]?.state ?? 'deleted';
  if (state === 'enabled') return null;
  const why = state === 'disabled' ? 'key disabled' : state === 'pending-deletion' ? 'key pending deletion' : state === 'deleted' ? 'key deleted' : 'key material deleted';
  if (attached) return `${KEY_GLYPHS[state]} ${why}: still works while attached (its data key is already on the host)`;
  const verdict = state === 'deleted' || state === 'no-material' ? 'unreadable' : 'unusable';
  return `${UNUSABLE_GLYPH} ${verdict}: ${why}`;
}

/**
 * "data key dk-… (shared with snap-…)" when another volume or snapshot uses the same data key (a
 * volume restored under its snapshot's KMS key reuses the snapshot's data key), else null.
 */
export function sharedDataKey(storage: Pick<StorageWorld, 'volumes' | 'snapshots'>, selfId: string, dataKey: string | null): string | null {
  if (dataKey === null) return null;
  const others = [
    ...Object.values(storage.snapshots).filter((s) => s.dataKey === dataKey),
    ...Object.values(storage.volumes).filter((v) => v.status !== 'deleted' && v.dataKey === dataKey),
  ]
    .map((x) => x.id)
    .filter((id) => id !== selfId);
  if (others.length === 0) return null;
  const names = others.length > 2 ? `${others.slice(0, 2).join(', ')} +${others.length - 2}` : others.join(', ');
  return `data key ${dataKey} (shared with ${names})`;
}
