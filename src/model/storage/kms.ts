import type { Draft } from 'immer';
import type { HandlerContext } from '../../engine';
import type { SimState } from '../state';
import { refuse } from './refuse';
import type { KmsKey, StorageWorld } from './types';

/** The per-tenant, per-Region AWS-managed key `alias/aws/ebs` (domain-facts §3.3), made on first use. */
export function defaultKeyId(tenant: string, region: string): string {
  return `aws-ebs.${tenant}.${region}`;
}

export function ensureDefaultKey(storage: Draft<StorageWorld>, tenant: string, region: string): string {
  const id = defaultKeyId(tenant, region);
  storage.keys[id] ??= { id, region, tenant, awsManaged: true };
  return id;
}

/**
 * Picks the KMS key for something encrypted in `region`: the named key, which must exist, belong to
 * the tenant and live in that same Region (KMS keys are Region-scoped, §3.3), or the default key.
 * Returns null after refusing the request with an explanation.
 */
export function resolveKey(
  draft: Draft<SimState>,
  ctx: HandlerContext,
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
      `KMS key ${key.id} lives in ${key.region}, but the data is in ${request.region}. KMS keys are Region-scoped: a key from one Region cannot be used in another; pick a key in ${request.region} (a cross-Region copy is re-encrypted with a destination-Region key, domain-facts §3.3)`,
    );
    return null;
  }
  if (key.tenant !== request.tenant) {
    refuse(draft, ctx, action, `KMS key ${key.id} belongs to tenant ${key.tenant}, not ${request.tenant}`);
    return null;
  }
  return key.id;
}

export function createKey(draft: Draft<SimState>, ctx: HandlerContext, key: { key: string; region: string; tenant: string }): void {
  const storage = draft.world.storage;
  if (storage.keys[key.key]) return refuse(draft, ctx, 'kms.createKey', `key ${key.key} already exists`);
  if (!draft.world.tenants[key.tenant]) return refuse(draft, ctx, 'kms.createKey', `no tenant ${key.tenant}`);
  storage.keys[key.key] = { id: key.key, region: key.region, tenant: key.tenant, awsManaged: false };
  ctx.touch('storage.key', key.key);
  ctx.trace('kms', `KMS key ${key.key} created in ${key.region} for tenant ${key.tenant}`, { key: key.key, region: key.region });
}
