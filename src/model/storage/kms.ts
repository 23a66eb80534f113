import type { Draft } from 'immer';
import type { ModelContext } from '../events';
import type { SimState } from '../state';
import { refuse } from './refuse';
import type { KmsCreateKey, KmsScheduleKeyDeletion } from './actions';
import type { KmsKey, StorageWorld } from './types';

const DAY_NS = 86_400_000_000_000;

/** The per-tenant, per-Region AWS-managed key `alias/aws/ebs`, made on first use. */
export function defaultKeyId(tenant: string, region: string): string {
  return `aws-ebs.${tenant}.${region}`;
}

export function newKey(fields: Pick<KmsKey, 'id' | 'region' | 'tenant'> & Partial<KmsKey>): KmsKey {
  return { awsManaged: false, origin: 'aws-kms', state: 'enabled', deletionAt: null, ...fields };
}

export function ensureDefaultKey(storage: Draft<StorageWorld>, tenant: string, region: string): string {
  const id = defaultKeyId(tenant, region);
  storage.keys[id] ??= newKey({ id, region, tenant, awsManaged: true });
  return id;
}

/**
 * Why a key cannot be used in a cryptographic operation right now (null = usable). Everything that
 * needs the volume's data key decrypted — attach, restore, copy, create — asks this; I/O on a volume
 * already attached does not, because its plaintext data key already sits in the host or Nitro card.
 */
export function keyUnusable(storage: Pick<StorageWorld, 'keys'>, keyId: string | null): string | null {
  if (keyId === null) return null;
  const key = storage.keys[keyId];
  if (!key) return `KMS key ${keyId} does not exist`;
  switch (key.state) {
    case 'enabled':
      return null;
    case 'disabled':
      return `KMS key ${keyId} is disabled (re-enable it to use the data it protects)`;
    case 'pending-deletion':
      return `KMS key ${keyId} is pending deletion (cancel the deletion to use it again)`;
    case 'deleted':
      return `KMS key ${keyId} was deleted: every data key it protected, and so the data, is unrecoverable`;
    case 'no-material':
      return `the imported key material of KMS key ${keyId} was deleted: the data it protected cannot be decrypted`;
  }
}

/**
 * Picks the KMS key for something encrypted in `region`: the named key, which must exist, belong to
 * the tenant, live in that same Region (KMS keys are Region-scoped) and be usable, or the default key.
 * Returns null after refusing the request with an explanation.
 */
export function resolveKey(
  draft: Draft<SimState>,
  ctx: ModelContext,
  action: string,
  request: { tenant: string; region: string; key: string | undefined },
): string | null {
  const storage = draft.world.storage;
  if (request.key === undefined) return ensureDefaultKey(storage, request.tenant, request.region);
  const key: KmsKey | undefined = storage.keys[request.key];
  if (!key) {
    refuse(draft, ctx, action, `KMS key ${request.key} does not exist`);
    return null;
  }
  if (key.region !== request.region) {
    refuse(
      draft,
      ctx,
      action,
      `KMS key ${key.id} lives in ${key.region}, but the data is in ${request.region}. KMS keys are Region-scoped: a key from one Region cannot be used in another; pick a key in ${request.region} (a cross-Region copy is re-encrypted with a destination-Region key)`,
    );
    return null;
  }
  if (key.tenant !== request.tenant) {
    refuse(draft, ctx, action, `KMS key ${key.id} belongs to tenant ${key.tenant}, not ${request.tenant}`);
    return null;
  }
  const unusable = keyUnusable(storage, key.id);
  if (unusable) {
    refuse(draft, ctx, action, unusable);
    return null;
  }
  return key.id;
}

/** A customer-managed key the request may change; refuses (and returns null) otherwise. */
function managedKey(draft: Draft<SimState>, ctx: ModelContext, action: string, id: string): Draft<KmsKey> | null {
  const key = draft.world.storage.keys[id];
  if (!key || key.state === 'deleted') return refuse(draft, ctx, action, `no KMS key ${id}`), null;
  if (key.awsManaged) return refuse(draft, ctx, action, `${id} is an AWS managed key: it cannot be disabled or deleted`), null;
  return key;
}

function changed(ctx: ModelContext, key: Draft<KmsKey>, text: string): void {
  ctx.touch('storage.key', key.id);
  ctx.trace('kms', text, { key: key.id });
}

const AFTER_UNUSABLE = 'volumes already attached keep working (their data key is in the host or Nitro card); detached volumes, their snapshots and new volumes from those snapshots cannot be used';

export function setKeyEnabled(draft: Draft<SimState>, ctx: ModelContext, id: string, enabled: boolean): void {
  const action = enabled ? 'kms.enableKey' : 'kms.disableKey';
  const key = managedKey(draft, ctx, action, id);
  if (!key) return;
  if (key.state !== 'enabled' && key.state !== 'disabled') return refuse(draft, ctx, action, `KMS key ${id} is ${key.state}`);
  key.state = enabled ? 'enabled' : 'disabled';
  changed(ctx, key, enabled ? `KMS key ${id} enabled again` : `KMS key ${id} disabled: ${AFTER_UNUSABLE}, until it is enabled again`);
}

/** ScheduleKeyDeletion: unusable at once, deleted after the 7–30-day waiting period unless cancelled. */
export function scheduleKeyDeletion(draft: Draft<SimState>, ctx: ModelContext, a: KmsScheduleKeyDeletion): void {
  const key = managedKey(draft, ctx, 'kms.scheduleKeyDeletion', a.key);
  if (!key) return;
  if (key.state === 'pending-deletion') return refuse(draft, ctx, 'kms.scheduleKeyDeletion', `KMS key ${a.key} is already pending deletion`);
  key.state = 'pending-deletion';
  key.deletionAt = ctx.now + a.waitingDays * DAY_NS;
  ctx.schedule('kms.deleteKey', { key: a.key }, a.waitingDays * DAY_NS);
  changed(ctx, key, `KMS key ${a.key} scheduled for deletion in ${a.waitingDays} days; until then it is unusable but the deletion can be cancelled; ${AFTER_UNUSABLE}`);
}

export function cancelKeyDeletion(draft: Draft<SimState>, ctx: ModelContext, id: string): void {
  const key = managedKey(draft, ctx, 'kms.cancelKeyDeletion', id);
  if (!key) return;
  if (key.state !== 'pending-deletion') return refuse(draft, ctx, 'kms.cancelKeyDeletion', `KMS key ${id} is not pending deletion`);
  // KMS leaves a key whose deletion was cancelled disabled; enabling it is a separate step.
  key.state = 'disabled';
  key.deletionAt = null;
  changed(ctx, key, `deletion of KMS key ${id} cancelled; the key is disabled until enabled again`);
}

/** The end of the waiting period (scheduled by `scheduleKeyDeletion`; a cancel leaves it a no-op). */
export function deleteKeyNow(draft: Draft<SimState>, ctx: ModelContext, id: string): void {
  const key = draft.world.storage.keys[id];
  if (!key || key.state !== 'pending-deletion' || key.deletionAt !== ctx.now) return;
  key.state = 'deleted';
  key.deletionAt = null;
  changed(ctx, key, `KMS key ${id} deleted: the data keys it protected can never be decrypted again, so its encrypted volumes and snapshots are unreadable for good (crypto-shredding)`);
}

/** DeleteImportedKeyMaterial: no waiting period — the data is unreadable at once. */
export function deleteImportedMaterial(draft: Draft<SimState>, ctx: ModelContext, id: string): void {
  const key = managedKey(draft, ctx, 'kms.deleteImportedKeyMaterial', id);
  if (!key) return;
  if (key.origin !== 'external') return refuse(draft, ctx, 'kms.deleteImportedKeyMaterial', `KMS key ${id} was not created with imported key material`);
  if (key.state === 'no-material') return refuse(draft, ctx, 'kms.deleteImportedKeyMaterial', `KMS key ${id} has no key material`);
  key.state = 'no-material';
  key.deletionAt = null;
  changed(ctx, key, `imported key material of KMS key ${id} deleted at once, without a waiting period: ${AFTER_UNUSABLE}`);
}

export function createKey(draft: Draft<SimState>, ctx: ModelContext, key: KmsCreateKey): void {
  const storage = draft.world.storage;
  if (storage.keys[key.key]) return refuse(draft, ctx, 'kms.createKey', `key ${key.key} already exists`);
  if (!draft.world.tenants[key.tenant]) return refuse(draft, ctx, 'kms.createKey', `no tenant ${key.tenant}`);
  storage.keys[key.key] = newKey({ id: key.key, region: key.region, tenant: key.tenant, origin: key.origin });
  ctx.touch('storage.key', key.key);
  const origin = key.origin === 'external' ? ' with imported key material' : '';
  ctx.trace('kms', `KMS key ${key.key} created${origin} in ${key.region} for tenant ${key.tenant}`, { key: key.key, region: key.region });
}
