import type { CostSpec, TransitionKind } from './types';

const NO_FIGURE = 'illustrative: no published figure for this crossing';

/**
 * Cycle costs of each crossing. Every figure is illustrative (the UI says so): the only sourced
 * numbers are the ≈2,000-cycle direct VM-exit cost on Nehalem and "hundreds or thousands of
 * cycles" per VM transition. Hypercalls are given a comparable cost on
 * purpose — they are privilege transitions too, not free (a common misconception).
 */
export const TRANSITION_COSTS: Readonly<Record<TransitionKind, CostSpec>> = {
  syscall: { cycles: 150, illustrative: true, costSource: NO_FIGURE },
  sysret: { cycles: 100, illustrative: true, costSource: NO_FIGURE },
  hypercall: { cycles: 1000, illustrative: true, costSource: 'illustrative: no published PV hypercall figure for modern x86; it is a real privilege transition, and after XPTI also a page-table switch ' },
  'pv-return': { cycles: 600, illustrative: true, costSource: NO_FIGURE },
  vmcall: { cycles: 2000, illustrative: true, costSource: 'illustrative: a vmcall is a VM exit; ≈2,000 cycles direct cost on Nehalem (SplitX, WIOV 2011)' },
  vmexit: { cycles: 2000, illustrative: true, costSource: 'illustrative: ≈2,000 cycles direct VM-exit cost on Xeon X5570 (SplitX, WIOV 2011); indirect costs can be an order of magnitude higher' },
  vmentry: { cycles: 1000, illustrative: true, costSource: 'illustrative: "hundreds or thousands of cycles for a single transition" (Intel)' },
  trap: { cycles: 1000, illustrative: true, costSource: NO_FIGURE },
  bounce: { cycles: 600, illustrative: true, costSource: NO_FIGURE },
  fault: { cycles: 300, illustrative: true, costSource: NO_FIGURE },
  interrupt: { cycles: 500, illustrative: true, costSource: NO_FIGURE },
  'event-channel': { cycles: 800, illustrative: true, costSource: NO_FIGURE },
  'nitro-doorbell': { cycles: 300, illustrative: true, costSource: 'illustrative: an MMIO doorbell write to a Nitro card over PCIe (no published figure)' },
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
