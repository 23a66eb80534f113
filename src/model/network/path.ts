import type { Immutable } from '../../engine';
import type { World } from '../state';
import type { Hop, HopStage } from './types';

/**
 * The path a packet takes, hop by hop, with illustrative latencies (this model's numbers, not
 * measurements). On Xen the guest's netfront hands the frame to netback in dom0, which passes it
 * through the firewall in the hypervisor layer to the physical NIC; on Nitro the guest's ENA
 * device talks to the Nitro card for VPC, which enforces the same rules in hardware. Two guests on
 * one host meet the same firewall, once on the way out and once on the way in, exactly as two
 * guests on different hosts do; only the wire is missing.
 */
export const HOP_LATENCY_NS: Record<HopStage, number> = {
  'guest-out': 6_000,
  'backend-out': 4_000,
  'firewall-out': 2_000,
  'nic-out': 3_000,
  wire: 20_000,
  'nic-in': 3_000,
  'firewall-in': 2_000,
  'backend-in': 6_000,
  'guest-in': 0,
};
/** Nitro: the ENA device and the card are closer than netfront and a dom0 backend (illustrative). */
const NITRO_LATENCY_NS: Partial<Record<HopStage, number>> = { 'guest-out': 3_000, 'firewall-out': 1_000, 'firewall-in': 1_000 };

/** Serialization on a 10 Gb/s link (illustrative): a 1,500-byte frame takes 1.2 µs. */
export function wireTimeNs(sizeBytes: number): number {
  return Math.round((sizeBytes * 8) / 10);
}

export interface Endpoint {
  host: string | null;
  hypervisor: 'xen' | 'nitro';
  guest: string;
}

export function endpointOf(world: Immutable<World>, guest: string): Endpoint | null {
  const domain = world.domains[guest];
  const host = domain ? world.hosts[domain.hostId] : undefined;
  return host ? { host: host.id, hypervisor: host.hypervisor, guest } : null;
}

function hop(stage: HopStage, host: string | null, label: string, hypervisor: 'xen' | 'nitro' | null, sizeBytes: number): Hop {
  const base = (hypervisor === 'nitro' ? NITRO_LATENCY_NS[stage] : undefined) ?? HOP_LATENCY_NS[stage];
  const serial = stage === 'nic-out' || stage === 'wire' ? wireTimeNs(sizeBytes) : 0;
  return { stage, host, label, latencyNs: base + serial };
}

/** The sender's own hops: also the whole path of a packet refused before it leaves its host. */
export function sendingSide(from: Endpoint, size: number): Hop[] {
  if (from.hypervisor === 'nitro') {
    return [hop('guest-out', from.host, `ENA driver in ${from.guest}`, 'nitro', size), hop('firewall-out', from.host, 'Nitro card for VPC', 'nitro', size)];
  }
  return [
    hop('guest-out', from.host, `netfront in ${from.guest}`, 'xen', size),
    hop('backend-out', from.host, 'netback in dom0', 'xen', size),
    hop('firewall-out', from.host, 'firewall (hypervisor layer)', 'xen', size),
  ];
}

function receivingSide(to: Endpoint, size: number): Hop[] {
  if (to.hypervisor === 'nitro') return [hop('firewall-in', to.host, 'Nitro card for VPC', 'nitro', size), hop('guest-in', to.host, `ENA driver in ${to.guest}`, 'nitro', size)];
  return [
    hop('firewall-in', to.host, 'firewall (hypervisor layer)', 'xen', size),
    hop('backend-in', to.host, 'netback in dom0', 'xen', size),
    hop('guest-in', to.host, `netfront in ${to.guest}`, 'xen', size),
  ];
}

/** The hops from sender to receiver; `null` ends are the Internet. */
export function buildPath(from: Endpoint | null, to: Endpoint | null, sizeBytes: number): Hop[] {
  const hops: Hop[] = [];
  if (from) hops.push(...sendingSide(from, sizeBytes));
  const sameHost = from !== null && to !== null && from.host === to.host;
  if (!sameHost) {
    if (from) hops.push(hop('nic-out', from.host, from.hypervisor === 'nitro' ? 'network port of the Nitro card' : 'physical NIC', from.hypervisor, sizeBytes));
    hops.push(hop('wire', null, from && to ? 'data-centre network' : 'Internet', null, sizeBytes));
    if (to) hops.push(hop('nic-in', to.host, to.hypervisor === 'nitro' ? 'network port of the Nitro card' : 'physical NIC', to.hypervisor, sizeBytes));
  }
  if (to) hops.push(...receivingSide(to, sizeBytes));
  return hops;
}
