import type { FaultSpec } from '../module';

/** The hypervisor layer stops checking that a packet's source MAC and IP are its interface's. */
export const NO_ANTISPOOF = 'no-antispoof';
/** The host's switch hands every frame it carries to interfaces in promiscuous mode. */
export const PROMISCUOUS_DELIVERY = 'promiscuous-delivery';
/** Packets between two instances on the same host skip the security groups (switched locally). */
export const SG_BYPASS_SAME_HOST = 'sg-bypass-same-host';

export const NETWORK_FAULTS: readonly FaultSpec[] = [
  { name: NO_ANTISPOOF, description: 'The host firewall no longer checks source addresses: a guest can send packets with another instance\'s IP or MAC' },
  { name: PROMISCUOUS_DELIVERY, description: 'The host switch copies every frame to guests in promiscuous mode: a neighbour can sniff traffic meant for others' },
  { name: SG_BYPASS_SAME_HOST, description: 'Traffic between two instances on the same host is switched locally, skipping the security groups' },
];
