import type { Immutable } from '../../engine';
import type { ModelWriteContext } from '../events';
import type { SimState } from '../state';
import { refuse } from './refuse';
import type { KmsCreateKey, KmsScheduleKeyDeletion } from './actions';
import type { KmsKey, StorageWorld } from './types';
import { tenantName } from '../tenant-name';

const DAY_NS = 86_400_000_000_000;

/** The per-tenant, per-Region AWS-managed key `alias/aws/ebs`, made on first use. */
export function defaultKeyId(tenant: string, region: string): string {
  return `aws-ebs.${tenant}.${region}`;
}

export function newKey(fields: Pick<KmsKey, 'id' | 'region' | 'tenant'> & Partial<KmsKey>): KmsKey {
  return { awsManaged: false, origin: 'aws-kms', state: 'enabled', deletionAt: null, ...fields };
}

export function ensureDefaultKey(state: Immutable<SimState>, ctx: ModelWriteContext, tenant: string, region: string): string {
  const id = defaultKeyId(tenant, region);
  if (!state.world.storage.keys[id]) ctx.mut('world', 'storage', 'keys')[id] = newKey({ id, region, tenant, awsManaged: true });
  return id;
}

/**
 * Why a key cannot be used in a cryptographic operation right now (null = usable). Everything that
 * needs the volume's data key decrypted — attach, restore, copy, create — asks this; I/O on a volume
 * already attached does not, because its plaintext data key already sits in the host or Nitro card.
 */
export function keyUnusable(storage: Immutable<Pick<StorageWorld, 'keys'>>, keyId: string | null): string | null {
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
  state: Immutable<SimState>,
  ctx: ModelWriteContext,
  action: string,
  request: { tenant: string; region: string; key: string | undefined },
): string | null {
  const storage = state.world.storage;
  if (request.key === undefined) return ensureDefaultKey(state, ctx, request.tenant, request.region);
  const key: Immutable<KmsKey> | undefined = storage.keys[request.key];
  if (!key) {
    refuse(ctx, action, `KMS key ${request.key} does not exist`);
    return null;
  }
  if (key.region !== request.region) {
    refuse(
      ctx,
      action,
      `KMS key ${key.id} lives in ${key.region}, but the data is in ${request.region}. KMS keys are Region-scoped: a key from one Region cannot be used in another; pick a key in ${request.region} (a cross-Region copy is re-encrypted with a destination-Region key)`,
    );
    return null;
  }
  if (key.tenant !== request.tenant) {
    refuse(ctx, action, `KMS key ${key.id} belongs to ${tenantName(state, key.tenant)}, not ${tenantName(state, request.tenant)}`);
    return null;
  }
  const unusable = keyUnusable(storage, key.id);
  if (unusable) {
    refuse(ctx, action, unusable);
    return null;
  }
  return key.id;
}

/** A customer-managed key the request may change; refuses (and returns null) otherwise. */
function managedKey(state: Immutable<SimState>, ctx: ModelWriteContext, action: string, id: string): Immutable<KmsKey> | null {
  const key = state.world.storage.keys[id];
  if (!key || key.state === 'deleted') return refuse(ctx, action, `no KMS key ${id}`), null;
  if (key.awsManaged) return refuse(ctx, action, `${id} is an AWS managed key: it cannot be disabled or deleted`), null;
  return key;
}

/** Writes a key's state (and deletion time), then says so. */
function changed(ctx: ModelWriteContext, id: string, update: Pick<KmsKey, 'state'> & Partial<Pick<KmsKey, 'deletionAt'>>, text: string): void {
  const key = ctx.mut('world', 'storage', 'keys', id);
  key.state = update.state;
  if (update.deletionAt !== undefined) key.deletionAt = update.deletionAt;
  ctx.touch('storage.key', id);
  ctx.trace('kms', text, { key: id });
}

const AFTER_UNUSABLE = 'volumes already attached keep working (their data key is in the host or Nitro card); detached volumes, their snapshots and new volumes from those snapshots cannot be used';

export function setKeyEnabled(state: Immutable<SimState>, ctx: ModelWriteContext, id: string, enabled: boolean): void {
  const action = enabled ? 'kms.enableKey' : 'kms.disableKey';
  const key = managedKey(state, ctx, action, id);
  if (!key) return;
  if (key.state !== 'enabled' && key.state !== 'disabled') return refuse(ctx, action, `KMS key ${id} is ${key.state}`);
  changed(ctx, id, { state: enabled ? 'enabled' : 'disabled' }, enabled ? `KMS key ${id} enabled again` : `KMS key ${id} disabled: ${AFTER_UNUSABLE}, until it is enabled again`);
}

/** ScheduleKeyDeletion: unusable at once, deleted after the 7–30-day waiting period unless cancelled. */
export function scheduleKeyDeletion(state: Immutable<SimState>, ctx: ModelWriteContext, a: KmsScheduleKeyDeletion): void {
  const key = managedKey(state, ctx, 'kms.scheduleKeyDeletion', a.key);
  if (!key) return;
  if (key.state === 'pending-deletion') return refuse(ctx, 'kms.scheduleKeyDeletion', `KMS key ${a.key} is already pending deletion`);
  ctx.schedule('kms.deleteKey', { key: a.key }, a.waitingDays * DAY_NS);
  changed(ctx, key.id, { state: 'pending-deletion', deletionAt: ctx.now + a.waitingDays * DAY_NS }, `KMS key ${a.key} scheduled for deletion in ${a.waitingDays} days; until then it is unusable but the deletion can be cancelled; ${AFTER_UNUSABLE}`);
}

export function cancelKeyDeletion(state: Immutable<SimState>, ctx: ModelWriteContext, id: string): void {
  const key = managedKey(state, ctx, 'kms.cancelKeyDeletion', id);
  if (!key) return;
  if (key.state !== 'pending-deletion') return refuse(ctx, 'kms.cancelKeyDeletion', `KMS key ${id} is not pending deletion`);
  // KMS leaves a key whose deletion was cancelled disabled; enabling it is a separate step.
  changed(ctx, id, { state: 'disabled', deletionAt: null }, `deletion of KMS key ${id} cancelled; the key is disabled until enabled again`);
}

/** The end of the waiting period (scheduled by `scheduleKeyDeletion`; a cancel leaves it a no-op). */
export function deleteKeyNow(state: Immutable<SimState>, ctx: ModelWriteContext, id: string): void {
  const key = state.world.storage.keys[id];
  if (!key || key.state !== 'pending-deletion' || key.deletionAt !== ctx.now) return;
  changed(ctx, id, { state: 'deleted', deletionAt: null }, `KMS key ${id} deleted: the data keys it protected can never be decrypted again, so its encrypted volumes and snapshots are unreadable for good (crypto-shredding)`);
}

/** DeleteImportedKeyMaterial: no waiting period — the data is unreadable at once. */
export function deleteImportedMaterial(state: Immutable<SimState>, ctx: ModelWriteContext, id: string): void {
  const key = managedKey(state, ctx, 'kms.deleteImportedKeyMaterial', id);
  if (!key) return;
  if (key.origin !== 'external') return refuse(ctx, 'kms.deleteImportedKeyMaterial', `KMS key ${id} was not created with imported key material`);
  if (key.state === 'no-material') return refuse(ctx, 'kms.deleteImportedKeyMaterial', `KMS key ${id} has no key material`);
  changed(ctx, id, { state: 'no-material', deletionAt: null }, `imported key material of KMS key ${id} deleted at once, without a waiting period: ${AFTER_UNUSABLE}`);
}

export function createKey(state: Immutable<SimState>, ctx: ModelWriteContext, key: KmsCreateKey): void {
  if (state.world.storage.keys[key.key]) return refuse(ctx, 'kms.createKey', `key ${key.key} already exists`);
  if (!state.world.tenants[key.tenant]) return refuse(ctx, 'kms.createKey', `no tenant ${key.tenant}`);
  ctx.mut('world', 'storage', 'keys')[key.key] = newKey({ id: key.key, region: key.region, tenant: key.tenant, origin: key.origin });
  ctx.touch('storage.key', key.key);
  const origin = key.origin === 'external' ? ' with imported key material' : '';
  ctx.trace('kms', `KMS key ${key.key} created${origin} in ${key.region} for ${tenantName(state, key.tenant)}`, { key: key.key, region: key.region });
}
