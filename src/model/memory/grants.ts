import type { Immutable, Writable } from '../../engine';
import type { ModelWriteContext } from '../events';
import type { SimState } from '../state';
import type { GrantMapAction, GrantRevokeAction, GrantUnmapAction } from './actions';
import { TOUCH_GRANT } from './touch';
import type { Grant, MemoryWorld } from './types';

/** The fault that lets a backend keep using a grant its frontend has revoked. */
export const FAULT_GRANT_MISUSE = 'grant-misuse';
/** Touch kind: a grantee mapped a granted frame (the access auditor checks the grant was still valid). */
export const TOUCH_GRANT_USE = 'mem.grant-use';

/** The newest grant from `from` to `to` for guest frame `gfn`. */
export function findGrant(mem: Immutable<MemoryWorld>, from: string, to: string, gfn: number): Immutable<Grant> | undefined {
  let found: Immutable<Grant> | undefined;
  for (const grant of Object.values(mem.grants)) {
    if (grant.from === from && grant.to === to && grant.gfn === gfn) found = grant;
  }
  return found;
}

/** One grant-table entry, writable. */
function mutGrant(ctx: ModelWriteContext, id: string): Writable<Grant> {
  return ctx.mut('world', 'memory', 'grants', id);
}

/**
 * A backend maps a granted frame. Xen checks the grant-table entry: once the frontend has ended
 * foreign access, the map fails. With the `grant-misuse` fault the check is skipped and the
 * backend keeps reaching the frame (fact xen-grant-revocation).
 */
export function mapGrant(state: Immutable<SimState>, action: GrantMapAction, ctx: ModelWriteContext): void {
  const grant = findGrant(state.world.memory, action.from, action.domain, action.gfn);
  if (!grant) return ctx.trace('error', `cannot map: ${action.from} never granted ${action.domain} its frame ${action.gfn}`);
  const revoked = grant.revokedAt !== undefined && grant.revokedAt !== null;
  if (revoked && !ctx.fault(FAULT_GRANT_MISUSE)) {
    ctx.trace('denied', `${action.domain} tries to map ${grant.id} again, but ${action.from} revoked it: Xen refuses the mapping`, { grant: grant.id });
    return;
  }
  mutGrant(ctx, grant.id).mapped = true;
  ctx.touch(TOUCH_GRANT, grant.id);
  ctx.touch(TOUCH_GRANT_USE, grant.id);
  if (revoked) ctx.trace('fault', `grant-misuse: ${action.domain} maps ${grant.id} although ${action.from} revoked it — it reaches machine frame ${grant.mfn} without permission`, { grant: grant.id });
  else ctx.trace('memory', `${action.domain} maps ${grant.id}: ${action.from}'s frame ${action.gfn}, as the grant allows`, { grant: grant.id });
}

export function unmapGrant(state: Immutable<SimState>, action: GrantUnmapAction, ctx: ModelWriteContext): void {
  const grant = findGrant(state.world.memory, action.from, action.domain, action.gfn);
  if (!grant || !grant.mapped) return ctx.trace('error', `cannot unmap: ${action.domain} has no mapping of ${action.from}'s frame ${action.gfn}`);
  mutGrant(ctx, grant.id).mapped = false;
  ctx.touch(TOUCH_GRANT, grant.id);
  ctx.trace('memory', `${action.domain} unmaps ${grant.id}`, { grant: grant.id });
}

/**
 * The frontend ends foreign access. Xen lets it do so only while the grantee has no mapping; a
 * frontend whose grant is still mapped must wait (Linux defers freeing the page). In the model,
 * revoking a mapped grant is refused and traced.
 */
export function revokeGrant(state: Immutable<SimState>, action: GrantRevokeAction, ctx: ModelWriteContext): void {
  const grant = findGrant(state.world.memory, action.domain, action.to, action.gfn);
  if (!grant || (grant.revokedAt !== undefined && grant.revokedAt !== null)) return ctx.trace('error', `cannot revoke: ${action.domain} has no active grant of frame ${action.gfn} to ${action.to}`);
  if (grant.mapped) {
    ctx.trace('denied', `${action.domain} cannot end ${grant.id} yet: ${action.to} still has it mapped (the frontend must wait for the unmap)`, { grant: grant.id });
    return;
  }
  mutGrant(ctx, grant.id).revokedAt = ctx.now;
  ctx.touch(TOUCH_GRANT, grant.id);
  ctx.trace('memory', `${action.domain} ends ${grant.id}: ${action.to} may no longer map its frame ${action.gfn}`, { grant: grant.id });
}
