import type { Immutable } from '../../engine';
import type { ModelWriteContext } from '../events';
import type { SimState } from '../state';
import { MAX_PROBE_FRAMES, MAX_PROBE_LEAKS_KEPT, MAX_PROBES_KEPT } from './config';
import { fieldAt, visitFrames } from './frames';
import { translate } from './p2m';
import { nameAt } from './registry';
import type { ProbeAction } from './actions';
import type { ProbeLeak, ProbeResult } from './types';
import { tenantName } from '../tenant-name';

/**
 * The residue probe: a guest reads frames it was just given (a test a tenant could run) and
 * records what it saw — zeros, its own data, or another tenant's labelled data (a leak).
 */
export function runProbe(state: Immutable<SimState>, action: ProbeAction, ctx: ModelWriteContext): void {
  const mem = state.world.memory;
  const record = mem.domains[action.domain];
  const host = record ? mem.hosts[record.hostId] : undefined;
  if (!record || !host || record.phase !== 'live') return ctx.trace('error', `cannot probe: ${action.domain} is not a live domain`);
  const count = Math.min(action.frames, MAX_PROBE_FRAMES);
  const result: ProbeResult = {
    at: ctx.now,
    eventIndex: ctx.eventIndex,
    domain: action.domain,
    tenant: nameAt(mem.tenantIds, record.tenant, 'operator'),
    read: 0,
    zeros: 0,
    own: 0,
    leakCount: 0,
    leaks: [],
  };
  const leaks: ProbeLeak[] = result.leaks;
  for (const [mfn, n] of translate(record.p2m, action.offset, count)) {
    visitFrames(host, mfn, n, (chunk, lo, hi, base) => {
      for (let i = lo; i < hi; i++) {
        result.read++;
        if (fieldAt(chunk.residue, i) === 0) result.zeros++;
        else if (fieldAt(chunk.writerTenant, i) === record.tenant) result.own++;
        else {
          result.leakCount++;
          if (leaks.length < MAX_PROBE_LEAKS_KEPT) {
            leaks.push({
              mfn: base + i,
              tenant: nameAt(mem.tenantIds, fieldAt(chunk.writerTenant, i), 'operator'),
              domain: nameAt(mem.domainIds, fieldAt(chunk.writerDomain, i), '?'),
              label: nameAt(mem.labels, fieldAt(chunk.label, i), 'data'),
              writtenAt: fieldAt(chunk.writtenAt, i),
            });
          }
        }
      }
    });
  }
  const probes = ctx.mut('world', 'memory', 'probes');
  probes.push(result);
  if (probes.length > MAX_PROBES_KEPT) probes.splice(0, probes.length - MAX_PROBES_KEPT);
  ctx.touch('probe', action.domain);
  if (result.leakCount === 0) {
    ctx.trace('memory', `${action.domain} probes ${result.read} fresh frames: ${result.zeros} hold zeros${result.own ? `, ${result.own} its own tenant's data` : ''} — nothing of another tenant`, { domain: action.domain });
  } else {
    const first = leaks[0] as ProbeLeak;
    ctx.trace('leak', `LEAK: ${action.domain} (${tenantName(state, result.tenant)}) reads ${result.leakCount} frames of another tenant's data, e.g. ${tenantName(state, first.tenant)}'s "${first.label}" in frame ${first.mfn}`, { domain: action.domain, frames: leaks.map((l) => l.mfn) });
  }
}
