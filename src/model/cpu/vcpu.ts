import type { Draft } from 'immer';
import type { CpuWorld, DomainPlacement, LevelSample, Placement, PrivilegeLevel, TransitionKind, VcpuState } from './types';
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
 */
export function applyCrossing(cpu: Draft<CpuWorld>, vcpu: Draft<VcpuState>, placement: DomainPlacement, hypervisor: Placement, c: Crossing): void {
  const where = placementOfLevel(c.to, placement, hypervisor);
  vcpu.level = c.to;
  vcpu.ring = where.ring;
  vcpu.vmx = where.vmx;
  vcpu.lastAt = c.at;
  const slot = vcpu.historyHead;
  vcpu.history[slot] = { at: c.at, level: c.to, via: c.via, cycles: c.cycles, ns: c.ns };
  vcpu.historyHead = (slot + 1) % vcpu.history.length;
  if (c.via === null) return;
  vcpu.lastTransition = c.via;
  vcpu.lastCycles = c.cycles;
  vcpu.transitions += 1;
  vcpu.cycles += c.cycles;
  cpu.stats.transitions += 1;
  cpu.stats.cycles += c.cycles;
  cpu.stats.byKind[c.via] = (cpu.stats.byKind[c.via] ?? 0) + 1;
}

/** A vCPU's history samples, oldest first (unwinding the ring buffer). */
export function historyInOrder(vcpu: VcpuState): LevelSample[] {
  const n = vcpu.history.length;
  const out: LevelSample[] = [];
  for (let i = 0; i < n; i++) {
    const sample = vcpu.history[(vcpu.historyHead + i) % n];
    if (sample) out.push(sample);
  }
  return out;
}
