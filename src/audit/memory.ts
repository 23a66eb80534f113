import type { AfterEventHook, Immutable } from '../engine';
import { directHook, type ModelWriteContext } from '../model/events';
import type { SimState } from '../model/state';
import { fieldAt, visitFrames } from '../model/memory/frames';
import { nameAt } from '../model/memory/registry';
import { parseRange, TOUCH_ALLOC, TOUCH_FREE, TOUCH_GRANT, TOUCH_SCRUB } from '../model/memory/touch';
import { ALLOCATED, FREE_CLEAN, type FrameChunk, type MemoryWorld } from '../model/memory/types';
import { reportViolation } from './violations';

/**
 * The memory isolation auditor. After every event it looks only at the frame ranges and grants
 * the event touched (the memory module reports them with ctx.touch), so its cost follows the
 * change, not the host: a uniform chunk is checked in O(1).
 */
export const INVARIANT_CROSS_TENANT_MAPPING = 'memory.cross-tenant-mapping';
export const INVARIANT_RESIDUE_HANDED_OVER = 'memory.residue-handed-over';
export const INVARIANT_DIRTY_IN_CLEAN_POOL = 'memory.dirty-in-clean-pool';

const FRAMES_LISTED = 16;
const RANGES_LISTED = 64;

/** A run being built (extended in place while frames are noted). */
type OpenRun = [mfn: number, count: number];

interface Finding {
  frames: number[];
  /** Runs of the frames found (the first RANGES_LISTED). */
  runs: OpenRun[];
  count: number;
  tenants: Set<string>;
  domains: Set<string>;
}

function newFinding(): Finding {
  return { frames: [], runs: [], count: 0, tenants: new Set(), domains: new Set() };
}

function note(finding: Finding, mfn: number): void {
  finding.count++;
  if (finding.frames.length < FRAMES_LISTED) finding.frames.push(mfn);
  const last = finding.runs[finding.runs.length - 1];
  if (last && last[0] + last[1] === mfn) last[1] += 1;
  else if (finding.runs.length < RANGES_LISTED) finding.runs.push([mfn, 1]);
}

/** Tenant index of the domain with index `owner` (0: none). */
function ownerTenant(mem: Immutable<MemoryWorld>, owner: number): number {
  const id = mem.domainIds[owner - 1];
  return id ? (mem.domains[id]?.tenant ?? 0) : 0;
}

/** Invariant 2: a frame handed to a domain must not hold another tenant's data. */
function checkHandover(mem: Immutable<MemoryWorld>, hostId: string, start: number, count: number): Finding {
  const finding = newFinding();
  const host = mem.hosts[hostId];
  if (!host) return finding;
  visitFrames(host, start, count, (chunk: FrameChunk, lo, hi, base) => {
    // Uniform fast path: no residue anywhere in the chunk.
    if (chunk.residue === 0) return;
    for (let i = lo; i < hi; i++) {
      if (fieldAt(chunk.residue, i) === 0 || fieldAt(chunk.state, i) !== ALLOCATED) continue;
      const writer = fieldAt(chunk.writerTenant, i);
      const owner = fieldAt(chunk.owner, i);
      const tenant = ownerTenant(mem, owner);
      if (writer === tenant) continue;
      note(finding, base + i);
      finding.tenants.add(nameAt(mem.tenantIds, writer, 'operator'));
      finding.tenants.add(nameAt(mem.tenantIds, tenant, 'operator'));
      finding.domains.add(nameAt(mem.domainIds, owner, '?'));
    }
  });
  return finding;
}

/** Invariant 3 (AWS's promise, fact aws-xen-memory-scrub): no frame in the clean free pool holds data. */
function checkCleanPool(mem: Immutable<MemoryWorld>, hostId: string, start: number, count: number): Finding {
  const finding = newFinding();
  const host = mem.hosts[hostId];
  if (!host) return finding;
  visitFrames(host, start, count, (chunk, lo, hi, base) => {
    if (chunk.residue === 0 || chunk.state === ALLOCATED) return;
    for (let i = lo; i < hi; i++) {
      if (fieldAt(chunk.residue, i) === 0 || fieldAt(chunk.state, i) !== FREE_CLEAN) continue;
      note(finding, base + i);
      finding.tenants.add(nameAt(mem.tenantIds, fieldAt(chunk.writerTenant, i), 'operator'));
      finding.domains.add(nameAt(mem.domainIds, fieldAt(chunk.writerDomain, i), '?'));
    }
  });
  return finding;
}

/** Invariant 1: a grantee maps a frame only while the granting domain still owns it (or both share a tenant). */
function checkGrants(mem: Immutable<MemoryWorld>, ctx: ModelWriteContext, grantIds: Iterable<string>): void {
  for (const id of grantIds) {
    const grant = mem.grants[id];
    const host = grant ? mem.hosts[grant.hostId] : undefined;
    const from = grant ? mem.domains[grant.from] : undefined;
    const to = grant ? mem.domains[grant.to] : undefined;
    if (!grant || !host || !from || !to) continue;
    // A revoked, unmapped grant reaches nothing; use after revocation is the access auditor's (grant-misuse).
    if (grant.revokedAt !== undefined && grant.revokedAt !== null && !grant.mapped) continue;
    let owner = 0;
    visitFrames(host, grant.mfn, 1, (chunk, lo) => (owner = fieldAt(chunk.state, lo) === ALLOCATED ? fieldAt(chunk.owner, lo) : 0));
    const ownerTenantIndex = ownerTenant(mem, owner);
    if (owner === from.index || ownerTenantIndex === to.tenant) continue;
    reportViolation(ctx, {
      invariant: INVARIANT_CROSS_TENANT_MAPPING,
      entities: { frames: [grant.mfn], hosts: [grant.hostId], domains: [grant.to, nameAt(mem.domainIds, owner, 'free pool')], tenants: [nameAt(mem.tenantIds, to.tenant, 'operator'), nameAt(mem.tenantIds, ownerTenantIndex, 'operator')] },
      explanation: `${grant.to} still maps machine frame ${grant.mfn} through ${grant.id}, but ${grant.from} no longer owns it: another tenant's frame is mapped without that tenant's grant`,
    });
  }
}

/** Grants on frames that just changed hands. */
function grantsOn(mem: Immutable<MemoryWorld>, hostId: string, start: number, count: number): string[] {
  return Object.values(mem.grants)
    .filter((g) => g.hostId === hostId && g.mfn >= start && g.mfn < start + count)
    .map((g) => g.id);
}

function report(ctx: ModelWriteContext, invariant: string, hostId: string, finding: Finding, explanation: string): void {
  if (finding.count === 0) return;
  reportViolation(ctx, {
    invariant,
    entities: {
      frames: finding.frames,
      // Every frame found, as `host:start:count` ranges (the UI and tests match leaks against them).
      frameRanges: finding.runs.map(([start, count]) => `${hostId}:${start}:${count}`),
      hosts: [hostId],
      tenants: [...finding.tenants].sort(),
      domains: [...finding.domains].sort(),
    },
    explanation,
  });
}

/** Findings of one event, merged per host so one event yields at most one record per invariant and host. */
function mergeInto(byHost: Map<string, Finding>, hostId: string, finding: Finding): void {
  if (finding.count === 0) return;
  const merged = byHost.get(hostId) ?? newFinding();
  for (const f of finding.frames) if (merged.frames.length < FRAMES_LISTED) merged.frames.push(f);
  for (const r of finding.runs) if (merged.runs.length < RANGES_LISTED) merged.runs.push(r);
  merged.count += finding.count;
  for (const t of finding.tenants) merged.tenants.add(t);
  for (const d of finding.domains) merged.domains.add(d);
  byHost.set(hostId, merged);
}

/**
 * A direct-path hook that watches its touch kinds: the engine skips it after events that touched
 * none, so there it does not close the draft of modules still on the compatibility path.
 */
const auditMemory = directHook((state, touched, ctx) => {
  const allocs = touched.get(TOUCH_ALLOC);
  const frees = touched.get(TOUCH_FREE);
  const scrubs = touched.get(TOUCH_SCRUB);
  const grants = touched.get(TOUCH_GRANT);
  if (!allocs && !frees && !scrubs && !grants) return;
  const mem = state.world.memory;
  const grantIds = new Set<string>();
  for (const id of grants ?? []) grantIds.add(String(id));
  const handovers = new Map<string, Finding>();
  for (const id of allocs ?? []) {
    const range = parseRange(id);
    if (!range) continue;
    mergeInto(handovers, range.hostId, checkHandover(mem, range.hostId, range.start, range.count));
    for (const g of grantsOn(mem, range.hostId, range.start, range.count)) grantIds.add(g);
  }
  for (const [hostId, finding] of handovers) {
    report(ctx, INVARIANT_RESIDUE_HANDED_OVER, hostId, finding,
      `${finding.count} frame(s) of ${hostId} handed to ${[...finding.domains].join(', ')} still hold another tenant's data (tenants involved: ${[...finding.tenants].join(', ')})`);
  }
  const pooled = new Map<string, Finding>();
  for (const id of [...(frees ?? []), ...(scrubs ?? [])]) {
    const range = parseRange(id);
    if (range) mergeInto(pooled, range.hostId, checkCleanPool(mem, range.hostId, range.start, range.count));
  }
  for (const [hostId, finding] of pooled) {
    report(ctx, INVARIANT_DIRTY_IN_CLEAN_POOL, hostId, finding,
      `${finding.count} frame(s) of ${hostId} are in the pool available for new allocations but still hold ${[...finding.tenants].join(', ')}'s data: memory must not return to the pool until scrubbing is complete`);
  }
  if (grantIds.size > 0) checkGrants(mem, ctx, grantIds);
}, [TOUCH_ALLOC, TOUCH_FREE, TOUCH_SCRUB, TOUCH_GRANT]);

export const memoryAuditHooks: readonly AfterEventHook<SimState>[] = [auditMemory];
