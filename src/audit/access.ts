import type { Immutable } from '../engine';
import { directHook, type DirectModelAfterEventHook, type ModelWriteContext } from '../model/events';
import { TOUCH_GRANT_USE } from '../model/memory/grants';
import type { SimState } from '../model/state';
import { reportViolation } from './violations';

/**
 * The access auditor: who reached a guest or its memory. Like the memory auditor it looks only at
 * what the event touched (new audit entries, new foreign mappings, grants just used), so its cost
 * follows the change. It runs on the direct path (reads the frozen state, reports through
 * `ctx.mut`), so an event that touched none of these opens no draft and copies nothing.
 */
export const INVARIANT_ONLY_CUSTOMER_ENTERS = 'only-the-customer-enters-its-guest';
export const INVARIANT_DOM0_FOREIGN_MAP = 'access.operator-mapped-guest-memory';
export const INVARIANT_GRANT_AFTER_REVOKE = 'memory.grant-used-after-revoke';
/** Touch kind: a foreign mapping (or attempt) was recorded; ids are `world.access.foreignMaps` seqs. */
export const TOUCH_FOREIGN_MAP = 'access.foreign-map';

/** Nobody but the owning customer may ever be let into a guest OS. */
function auditGuestEntry(state: Immutable<SimState>, seqs: ReadonlySet<string | number>, ctx: ModelWriteContext): void {
  for (const seq of seqs) {
    const entry = state.world.access.audit[(seq as number) - 1];
    // Foreign mappings are judged by their own invariant (the device model maps guest memory legitimately).
    if (!entry || entry.outcome !== 'allowed' || entry.action.startsWith('dom0.foreignMap')) continue;
    const guest = state.world.domains[entry.target];
    if (guest && guest.role === 'guest' && !(entry.actor.kind === 'customer' && entry.actor.id === guest.tenant)) {
      reportViolation(ctx, { invariant: INVARIANT_ONLY_CUSTOMER_ENTERS, entities: { domains: [guest.id] }, explanation: `${entry.actor.kind} ${entry.actor.id} was allowed ${entry.action} on ${guest.id}` });
    }
  }
}

/** dom0 may map a guest's memory only to serve that guest (device model, live migration), never for an operator. */
function auditForeignMaps(state: Immutable<SimState>, seqs: ReadonlySet<string | number>, ctx: ModelWriteContext): void {
  for (const seq of seqs) {
    const map = state.world.access.foreignMaps[(seq as number) - 1];
    if (!map || map.outcome !== 'mapped' || map.purpose !== 'operator') continue;
    reportViolation(ctx, {
      invariant: INVARIANT_DOM0_FOREIGN_MAP,
      entities: { hosts: [map.hostId], domains: [map.guestId, `${map.hostId}.dom0`], tenants: [map.tenant], frameRanges: [...map.frameRanges] },
      explanation: `operator ${map.by} used dom0's privilege to map ${map.frames} of ${map.guestId}'s frames: tenant ${map.tenant}'s memory is readable outside its guest. On Xen only policy prevents this`,
    });
  }
}

/** A grantee may map a frame only while its grant is active. */
function auditGrantUse(state: Immutable<SimState>, ids: ReadonlySet<string | number>, ctx: ModelWriteContext): void {
  for (const id of ids) {
    const grant = state.world.memory.grants[String(id)];
    if (!grant || !grant.mapped || grant.revokedAt === undefined || grant.revokedAt === null) continue;
    reportViolation(ctx, {
      invariant: INVARIANT_GRANT_AFTER_REVOKE,
      entities: { frames: [grant.mfn], hosts: [grant.hostId], domains: [grant.to, grant.from] },
      explanation: `${grant.to} maps machine frame ${grant.mfn} through ${grant.id}, which ${grant.from} revoked: a backend kept using a grant it no longer holds`,
    });
  }
}

const auditAccess = directHook((state, touched, ctx) => {
  const entries = touched.get('audit');
  const maps = touched.get(TOUCH_FOREIGN_MAP);
  const grants = touched.get(TOUCH_GRANT_USE);
  if (entries) auditGuestEntry(state, entries, ctx);
  if (maps) auditForeignMaps(state, maps, ctx);
  if (grants) auditGrantUse(state, grants, ctx);
}, ['audit', TOUCH_FOREIGN_MAP, TOUCH_GRANT_USE]);

export const accessAuditHooks: readonly DirectModelAfterEventHook[] = [auditAccess];
