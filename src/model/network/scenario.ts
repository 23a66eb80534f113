import { z } from 'zod';
import { entityId, label } from '../../lessons/primitives';
import { isCidr, isIpv4 } from './cidr';

export const ipv4 = z.string().max(15).refine(isIpv4, 'expected an IPv4 address such as 10.0.1.10');
export const cidr = z.string().max(18).refine(isCidr, 'expected a CIDR block such as 10.0.0.0/16');
export const mac = z
  .string()
  .regex(/^[0-9a-f]{2}(:[0-9a-f]{2}){5}$/, 'expected a MAC address such as 02:00:00:00:00:01')
  .describe('MAC address, lower-case hex');
export const protocolSchema = z.enum(['tcp', 'udp', 'icmp']);
export const ruleProtocolSchema = z.enum(['tcp', 'udp', 'icmp', 'all']);
export const port = z.int().min(0).max(65535);

/** One security-group rule as a lesson writes it: a peer CIDR or a security-group reference. */
export const sgRuleSpecSchema = z
  .strictObject({
    id: entityId,
    direction: z.enum(['inbound', 'outbound']).default('inbound'),
    protocol: ruleProtocolSchema.default('tcp'),
    fromPort: port.default(0),
    toPort: port.optional().describe('Last port of the range (default: fromPort)'),
    cidr: cidr.optional().describe('Peer address range'),
    group: entityId.optional().describe('Peer security group: its members are allowed'),
  })
  .refine((r) => (r.cidr === undefined) !== (r.group === undefined), 'give exactly one of cidr or group')
  .refine((r) => r.toPort === undefined || r.toPort >= r.fromPort, 'toPort must be ≥ fromPort');

export const securityGroupSpecSchema = z.strictObject({
  id: entityId,
  vpc: entityId,
  name: label.optional(),
  allowAllOutbound: z.boolean().default(true).describe('Add the default outbound rule (all traffic to 0.0.0.0/0), as a new group has'),
  rules: z.array(sgRuleSpecSchema).max(20000).default([]),
});

export const naclEntrySpecSchema = z.strictObject({
  number: z.int().min(1).max(32766),
  direction: z.enum(['inbound', 'outbound']),
  action: z.enum(['allow', 'deny']),
  protocol: ruleProtocolSchema.default('all'),
  fromPort: port.default(0),
  toPort: port.default(65535),
  cidr: cidr,
});

export const interfaceSpecSchema = z.strictObject({
  id: entityId,
  guest: entityId.describe('Guest domain the interface is attached to'),
  subnet: entityId,
  ip: ipv4,
  mac: mac,
  securityGroups: z.array(entityId).min(1).max(5).describe('At least one, as every network interface has'),
  promiscuous: z.boolean().default(false),
});

/** The lesson file's `world.network` section. */
export const networkScenarioSchema = z
  .strictObject({
    vpcs: z.array(z.strictObject({ id: entityId, tenant: entityId, cidr })).max(16).default([]),
    subnets: z.array(z.strictObject({ id: entityId, vpc: entityId, cidr, nacl: entityId.optional() })).max(64).default([]),
    nacls: z.array(z.strictObject({ id: entityId, vpc: entityId, entries: z.array(naclEntrySpecSchema).max(200).default([]) })).max(16).default([]),
    securityGroups: z.array(securityGroupSpecSchema).max(64).default([]),
    interfaces: z.array(interfaceSpecSchema).max(256).default([]),
    peerings: z.array(z.tuple([entityId, entityId])).max(16).default([]).describe('VPC peering connections'),
  })
  .describe('network configuration: VPCs, subnets, security groups, network ACLs and guest interfaces');

export type NetworkScenario = z.output<typeof networkScenarioSchema>;
export type SgRuleSpec = z.output<typeof sgRuleSpecSchema>;
export type NaclEntrySpec = z.output<typeof naclEntrySpecSchema>;
