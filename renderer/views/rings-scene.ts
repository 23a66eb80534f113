import { formatDuration } from '../../src/engine/time';
import type { AttemptRecord, LevelSample } from '../../src/model/cpu/types';
import type { SimState } from '../../src/model/state';
import { capped, tenantName } from './common-scene';
import { columnDomains, columnInfo, costLabel, placementText, type ColumnInfo } from './rings-model';
import type { SceneNode } from './view';

/** Recent crossings listed per column (the swimlane timeline draws about as many). */
const RECENT_CROSSINGS = 8;
const LEVEL_WORD = { user: 'user space', kernel: 'the kernel', hypervisor: 'the hypervisor' } as const;

/**
 * The Rings view in words: one item per drawn column (a domain), with its three lanes (where user
 * space, the kernel and the hypervisor run), where vCPU 0 is now, its recent crossings (kind and
 * cost) and the attempts the hardware or Xen refused.
 */
export function ringsScene(state: SimState, focused: ReadonlySet<string> = new Set()): SceneNode[] {
  const attempts = state.world.cpu?.attempts ?? [];
  return columnDomains(state, focused)
    .map((d) => columnInfo(state, d))
    .filter((c): c is ColumnInfo => c !== null)
    .map((c) => columnNode(state, c, attempts.filter((a) => a.domainId === c.domain.id)));
}

function columnNode(state: SimState, c: ColumnInfo, attempts: readonly AttemptRecord[]): SceneNode {
  const d = c.domain;
  const owner = d.role === 'dom0' ? 'the operator' : `tenant ${tenantName(state, d.tenant)}`;
  const now = c.vcpu ? `vCPU 0 now in ${LEVEL_WORD[c.vcpu.level]} (${placementText({ ring: c.vcpu.ring, vmx: c.vcpu.vmx })})` : 'no vCPU';
  const children: SceneNode[] = c.lanes.map((lane) => ({ id: `${d.id}/lane/${lane.level}`, label: `Lane: ${lane.label}` }));
  const crossings = recentCrossings(c.samples);
  if (crossings.length > 0) {
    children.push({
      id: `${d.id}/crossings`,
      label: `Recent crossings (${crossings.length})`,
      children: crossings.map((s, i) => ({ id: `${d.id}/crossing/${s.at}/${i}`, label: `${s.via ?? 'start'} into ${LEVEL_WORD[s.level]} at ${formatDuration(s.at)}: ${s.cycles.toLocaleString('en-US')} cycles ≈ ${s.ns.toLocaleString('en-US')} ns` })),
    });
  }
  if (attempts.length > 0) {
    children.push({
      id: `${d.id}/attempts`,
      label: `Attempts (${attempts.length})`,
      children: capped(
        [...attempts].reverse().map((a, i) => ({ id: `${d.id}/attempt/${a.at}/${i}`, label: `${a.outcome === 'refused' ? '✗ refused' : '⚠ allowed by a fault'}: ${a.attempt} at ${formatDuration(a.at)} — ${a.explanation}` })),
        `${d.id}/attempts`,
      ),
    });
  }
  return {
    id: d.id,
    label: `${d.name}, ${owner}: ${c.note.replace(/`/g, '')}; ${now}${c.last ? `; last crossing ${costLabel(c.last)}` : ''}`,
    entity: { kind: 'domain', id: d.id },
    children,
  };
}

/** The newest crossings first (samples after the initial one). */
function recentCrossings(samples: readonly LevelSample[]): LevelSample[] {
  return samples.filter((s) => s.via !== null).slice(-RECENT_CROSSINGS).reverse();
}
