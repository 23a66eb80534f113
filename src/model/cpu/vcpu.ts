import type { Immutable } from '../../engine';
import type { ModelWriteContext } from '../events';
import type { DomainPlacement, LevelSample, Placement, PrivilegeLevel, TransitionKind, VcpuState } from './types';
import { placementOfLevel } from './placement';

export function vcpuId(domainId: string, index: number): string {
  return `${domainId}.v${index}`;
}

/** A new vCPU: it starts in the guest kernel (the kernel boots first). */
export function newVcpu(domainId: string, index: number, placement: DomainPlacement, at: number, historyLength: number): VcpuState {
  const first: LevelSample = { at, level: 'kernel', via: null, cycles: 0, ns: 0 };
  return {
    id: vcpuId(domainId, index),
    domainId,
    index,
    level: 'kernel',
    ring: placement.kernel.ring,
    vmx: placement.kernel.vmx,
    lastTransition: null,
    lastCycles: 0,
    lastAt: at,
    transitions: 0,
    cycles: 0,
    busyUntil: at,
    history: Array.from({ length: historyLength }, (_, i) => (i === 0 ? first : null)),
    historyHead: 1 % historyLength,
  };
}

export interface Crossing {
  to: PrivilegeLevel;
  via: TransitionKind | null;
  cycles: number;
  ns: number;
  at: number;
}

/**
 * Moves a vCPU to a privilege level and records the crossing in its ring-buffer history and the
 * module's statistics. A level change with no crossing (`via: null`, e.g. boot) is sampled, not counted.
 * Writes go through `ctx.mut`: the vCPU entry, its history buffer and the statistics, nothing wider.
 */
export function applyCrossing(ctx: ModelWriteContext, vcpu: Immutable<VcpuState>, placement: DomainPlacement, hypervisor: Placement, c: Crossing): void {
  const where = placementOfLevel(c.to, placement, hypervisor);
  const id = vcpu.id;
  const slot = vcpu.historyHead;
  ctx.mut('world', 'cpu', 'vcpus', id, 'history')[slot] = { at: c.at, level: c.to, via: c.via, cycles: c.cycles, ns: c.ns };
  const v = ctx.mut('world', 'cpu', 'vcpus', id);
  v.level = c.to;
  v.ring = where.ring;
  v.vmx = where.vmx;
  v.lastAt = c.at;
  v.historyHead = (slot + 1) % v.history.length;
  if (c.via === null) return;
  v.lastTransition = c.via;
  v.lastCycles = c.cycles;
  v.transitions += 1;
  v.cycles += c.cycles;
  const stats = ctx.mut('world', 'cpu', 'stats');
  stats.transitions += 1;
  stats.cycles += c.cycles;
  ctx.mut('world', 'cpu', 'stats', 'byKind')[c.via] = (stats.byKind[c.via] ?? 0) + 1;
}

/** A vCPU's history samples, oldest first (unwinding the ring buffer). */
export function historyInOrder(vcpu: Immutable<VcpuState>): LevelSample[] {
  const n = vcpu.history.length;
  const out: LevelSample[] = [];
  for (let i = 0; i < n; i++) {
    const sample = vcpu.history[(vcpu.historyHead + i) % n];
    if (sample) out.push(sample);
  }
  return out;
}
