import type { Immutable } from '../../engine';
import { familyCapacity, type InstanceType } from './capacity';
import type { FleetHost } from './types';

/**
 * Whether one more instance of `type` fits on `host`, by AWS's published capacity:
 * - a single-size host runs at most the published number of its one size, and nothing else
 *   limits it (the published number already accounts for the cores);
 * - a multi-size (Nitro) host is limited by its physical cores AND by each size's published
 *   maximum (so nine c5.2xlarge never fit, though 9 × 4 = 36 cores would);
 * - an AWS pool host mixing sizes of a Xen-era family, and a T3 host (shared, burstable CPUs),
 *   uses each size's share of the host (1 / published maximum), which reproduces the published
 *   single-size numbers exactly (for T3 this is the simulator's model of AWS's own computation).
 * Returns null when it fits, else the reason.
 */
export function capacityRefusal(host: Immutable<FleetHost>, type: InstanceType): string | null {
  if (host.family !== type.family) return `family ${host.family}, not ${type.family}`;
  if (host.instanceType !== null && host.instanceType !== `${type.family}.${type.size}`) return `runs only ${host.instanceType}`;
  const catalog = familyCapacity(host.family);
  const max = catalog?.sizes[type.size] ?? null;
  if (max !== null && countOf(host, type.size) + 1 > max) return `full: ${max} × ${type.family}.${type.size} is the published maximum`;
  // A single-size host's published maximum is the whole rule: AWS counts it in vCPUs on
  // hyperthreaded cores (an m3.medium host runs 32 one-vCPU instances on 20 cores), so a
  // one-core-per-instance check would refuse instances AWS places.
  if (max !== null && host.instanceType !== null && !catalog?.multiSize) return null;
  const cores = host.physicalCores;
  if (!catalog?.sharedCpu && (catalog?.multiSize || host.instanceType !== null)) {
    if (cores === null && max === null) return `capacity of ${type.family}.${type.size} unknown (not published)`;
    if (cores !== null && host.usedCores + type.cores > cores) return `full: ${host.usedCores}/${cores} cores used, needs ${type.cores}`;
    return null;
  }
  let share = 0;
  for (const [size, count] of Object.entries(countBySize(host))) {
    const m = catalog?.sizes[size] ?? null;
    if (m === null) return `capacity of ${type.family}.${size} unknown (not published)`;
    share += count / m;
  }
  if (max === null) return `capacity of ${type.family}.${type.size} unknown (not published)`;
  // A small tolerance: shares like 1/3 + 1/3 + 1/3 must count as exactly full.
  return share + 1 / max > 1 + 1e-9 ? `full: ${Math.round(share * 100)}% of the host's published capacity used` : null;
}

function countOf(host: Immutable<FleetHost>, size: string): number {
  let n = 0;
  for (const slot of host.slots) if (slot.size === size) n++;
  return n;
}

export function countBySize(host: Immutable<FleetHost>): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const slot of host.slots) counts[slot.size] = (counts[slot.size] ?? 0) + 1;
  return counts;
}
