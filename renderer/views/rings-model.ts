/**
 * What the Rings view shows, as plain data (no Pixi): which domains get a column, the lanes of
 * each column with their ring/VMX labels, where each vCPU is, the last crossing with its cost,
 * and the screen-reader description. Kept apart from drawing so it can be unit-tested.
 */
import { TRANSITION_COSTS } from '../../src/model/cpu/costs';
import { historyInOrder } from '../../src/model/cpu/vcpu';
import type { DomainPlacement, LevelSample, Placement, PrivilegeLevel, TransitionKind, VcpuState } from '../../src/model/cpu/types';
import type { Domain } from '../../src/model/hypervisor/types';
import type { SimState } from '../../src/model/state';

/** Lanes top to bottom: user, guest kernel, hypervisor (hypervisor at the bottom, ARCHITECTURE §7). */
export const LANES: readonly PrivilegeLevel[] = ['user', 'kernel', 'hypervisor'];
export const MAX_COLUMNS = 6;

export interface LaneInfo {
  level: PrivilegeLevel;
  placement: Placement;
  /** e.g. "user space · ring 3 · VMX non-root" */
  label: string;
}

export interface CrossingInfo {
  from: PrivilegeLevel;
  to: PrivilegeLevel;
  via: TransitionKind;
  at: number;
  cycles: number;
  ns: number;
  illustrative: boolean;
}

export interface ColumnInfo {
  domain: Domain;
  placement: DomainPlacement;
  hypervisorName: string;
  lanes: LaneInfo[];
  /** vCPU 0 (the one the lessons drive). */
  vcpu: VcpuState | null;
  samples: LevelSample[];
  last: CrossingInfo | null;
  /** One line about the mode: "kernel in ring 3, separate kernel/user page tables". */
  note: string;
}

export function placementText(p: Placement): string {
  // PV: no VM, so the CPU is in VMX root operation like Xen itself, but at ring 1 or 3.
  return p.vmx === 'none' ? `ring ${p.ring} · VMX root (PV)` : `ring ${p.ring} · VMX ${p.vmx}`;
}

/** Guests with a placement, plus any dom0 the lesson focuses on; at most {@link MAX_COLUMNS}. */
export function columnDomains(state: SimState, focused: ReadonlySet<string>): Domain[] {
  const cpu = state.world.cpu;
  const out: Domain[] = [];
  for (const host of Object.values(state.world.hosts)) {
    for (const id of host.domains) {
      const d = state.world.domains[id];
      if (!d || !cpu?.placements?.[id] || d.status === 'destroyed') continue;
      if (d.role === 'guest' || focused.has(d.id)) out.push(d);
    }
  }
  // Focused domains first when there are too many to show.
  if (out.length > MAX_COLUMNS) out.sort((a, b) => Number(focused.has(b.id)) - Number(focused.has(a.id)));
  return out.slice(0, MAX_COLUMNS);
}

function modeNote(d: Domain, p: DomainPlacement): string {
  const where = `kernel ${placementText(p.kernel)}`;
  if (p.pageTables === 'split') return `${d.mode}: ${where}, separate kernel/user page tables`;
  if (p.io === 'nitro-card') return `${d.mode} on Nitro: ${where}, I/O via Nitro cards`;
  return `${d.mode}: ${where}, hypercall \`${p.hypercall}\``;
}

export function columnInfo(state: SimState, domain: Domain): ColumnInfo | null {
  const cpu = state.world.cpu;
  const placement = cpu.placements[domain.id];
  const hyp = placement ? cpu.hypervisors[placement.hostId] : undefined;
  if (!placement || !hyp) return null;
  const hypervisorName = hyp.basis === 'kvm' ? 'Nitro Hypervisor' : 'Xen';
  const lanes: LaneInfo[] = [
    { level: 'user', placement: placement.user, label: `user space · ${placementText(placement.user)}` },
    { level: 'kernel', placement: placement.kernel, label: `${domain.role === 'dom0' ? 'dom0' : 'guest'} kernel · ${placementText(placement.kernel)}` },
    { level: 'hypervisor', placement: { ring: hyp.ring, vmx: hyp.vmx }, label: `${hypervisorName} · ${placementText(hyp)}` },
  ];
  const vcpu = cpu.vcpus[`${domain.id}.v0`] ?? null;
  const samples = vcpu ? historyInOrder(vcpu) : [];
  return { domain, placement, hypervisorName, lanes, vcpu, samples, last: lastCrossing(samples), note: modeNote(domain, placement) };
}

/** The most recent crossing in a vCPU's history (with the level it came from). */
export function lastCrossing(samples: readonly LevelSample[]): CrossingInfo | null {
  for (let i = samples.length - 1; i > 0; i--) {
    const s = samples[i] as LevelSample;
    const prev = samples[i - 1] as LevelSample;
    if (s.via === null) continue;
    return { from: prev.level, to: s.level, via: s.via, at: s.at, cycles: s.cycles, ns: s.ns, illustrative: TRANSITION_COSTS[s.via].illustrative };
  }
  return null;
}

/**
 * Whether a column's last crossing ended an earlier step's story: its vCPU is back in user space
 * and the crossing happened before the current step began. Such a crossing is not drawn on
 * arriving at a step, so the picture shows this step's crossings, never the previous step's.
 */
export function crossingIsSettled(info: Pick<ColumnInfo, 'last' | 'vcpu'>, stepStartNs: number): boolean {
  return info.last !== null && info.vcpu?.level === 'user' && info.last.at < stepStartNs;
}

/** Opacity of a crossing arrow: full when it happens, fading over `fadeNs` of simulated time (not at all with reduced motion). */
export function crossingAlpha(at: number, simTime: number, fadeNs: number, reduced = false): number {
  const age = simTime - at;
  if (age < 0) return 0;
  if (reduced) return 1;
  // The last crossing stays legible while paused: it fades only to 0.7.
  return Math.max(0.7, 1 - age / Math.max(1, fadeNs));
}

export function costLabel(c: CrossingInfo): string {
  return `${c.via} · ${c.cycles.toLocaleString('en-US')} cycles ≈ ${c.ns.toLocaleString('en-US')} ns${c.illustrative ? ' (illustrative)' : ''}`;
}

const LEVEL_WORD: Record<PrivilegeLevel, string> = { user: 'user space', kernel: 'the guest kernel', hypervisor: 'the hypervisor' };

/** Screen-reader text: each column's placement and where its vCPU is now. */
export function describeRings(state: SimState, focused: ReadonlySet<string>): string {
  const columns = columnDomains(state, focused)
    .map((d) => columnInfo(state, d))
    .filter((c): c is ColumnInfo => c !== null);
  if (columns.length === 0) return 'Rings view: no running domains yet.';
  const parts = columns.map((c) => {
    const v = c.vcpu;
    const now = v ? `vCPU 0 in ${LEVEL_WORD[v.level]} (${placementText({ ring: v.ring, vmx: v.vmx })})` : 'no vCPU';
    const last = c.last ? `; last crossing ${costLabel(c.last)}` : '';
    return `${c.domain.id} (${c.note}; user ${placementText(c.placement.user)}; ${c.hypervisorName} ${placementText(c.lanes[2]!.placement)}): ${now}${last}.`;
  });
  return `Rings view. ${parts.join(' ')}`;
}
