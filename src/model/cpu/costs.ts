import type { CostSpec, TransitionKind } from './types';

const NO_FIGURE = 'illustrative: the fact sheet has no published figure for this crossing (domain-facts §1.4)';

/**
 * Cycle costs of each crossing. Every figure is illustrative (the UI says so): the only sourced
 * numbers are the ≈2,000-cycle direct VM-exit cost on Nehalem and "hundreds or thousands of
 * cycles" per VM transition (domain-facts §1.4). Hypercalls are given a comparable cost on
 * purpose — they are privilege transitions too, not free (misconception M13, §8).
 */
export const TRANSITION_COSTS: Readonly<Record<TransitionKind, CostSpec>> = {
  syscall: { cycles: 150, illustrative: true, costSource: NO_FIGURE },
  sysret: { cycles: 100, illustrative: true, costSource: NO_FIGURE },
  hypercall: { cycles: 1000, illustrative: true, costSource: 'illustrative: no published PV hypercall figure for modern x86; it is a real privilege transition, and after XPTI also a page-table switch (domain-facts §1.4, M13)' },
  'pv-return': { cycles: 600, illustrative: true, costSource: NO_FIGURE },
  vmcall: { cycles: 2000, illustrative: true, costSource: 'illustrative: a vmcall is a VM exit; ≈2,000 cycles direct cost on Nehalem (SplitX, domain-facts §1.4)' },
  vmexit: { cycles: 2000, illustrative: true, costSource: 'illustrative: ≈2,000 cycles direct VM-exit cost on Xeon X5570 (SplitX, domain-facts §1.4); indirect costs can be an order of magnitude higher' },
  vmentry: { cycles: 1000, illustrative: true, costSource: 'illustrative: "hundreds or thousands of cycles for a single transition" (Intel, domain-facts §1.4)' },
  trap: { cycles: 1000, illustrative: true, costSource: NO_FIGURE },
  bounce: { cycles: 600, illustrative: true, costSource: NO_FIGURE },
  fault: { cycles: 300, illustrative: true, costSource: NO_FIGURE },
  interrupt: { cycles: 500, illustrative: true, costSource: NO_FIGURE },
  'event-channel': { cycles: 800, illustrative: true, costSource: NO_FIGURE },
  'nitro-doorbell': { cycles: 300, illustrative: true, costSource: 'illustrative: an MMIO doorbell write to a Nitro card over PCIe (domain-facts §6 gives no figure)' },
};

/** Illustrative work done at a level between crossings (simulated ns), so crossings are visible apart. */
export const DWELL_NS = {
  kernel: 200,
  hypervisor: 300,
  /** A disk write on the physical device or card: illustrative, not from the fact sheet. */
  device: 50_000,
} as const;

export function costOf(kind: TransitionKind): number {
  return TRANSITION_COSTS[kind].cycles;
}
