import { z } from 'zod';
import { entityId, label } from '../../lessons/primitives';
import { ipv4, mac, naclEntrySpecSchema, port, protocolSchema, sgRuleSpecSchema } from './scenario';

export const createGroupAction = z.strictObject({
  type: z.literal('net.createGroup'),
  group: entityId,
  vpc: entityId,
  name: label.optional(),
  allowAllOutbound: z.boolean().default(true),
});

export const authorizeAction = z.strictObject({
  type: z.literal('net.authorize'),
  group: entityId,
  rule: sgRuleSpecSchema,
});

export const revokeAction = z.strictObject({
  type: z.literal('net.revoke'),
  group: entityId,
  rule: entityId,
});

export const attachGroupAction = z.strictObject({
  type: z.literal('net.attachGroup'),
  iface: entityId,
  group: entityId,
});

export const detachGroupAction = z.strictObject({
  type: z.literal('net.detachGroup'),
  iface: entityId,
  group: entityId,
});

const packetFields = {
  protocol: protocolSchema.default('tcp'),
  port: port.default(443).describe('Destination port'),
  sizeBytes: z.int().min(64).max(9001).default(1500),
  reply: z.boolean().default(true).describe('The receiver answers (return traffic) when the packet arrives'),
};

export const sendAction = z
  .strictObject({
    type: z.literal('net.send'),
    from: entityId.describe('Sending interface, or "internet"'),
    to: entityId.optional().describe('Destination interface'),
    dstIp: ipv4.optional().describe('Destination address (instead of `to`)'),
    srcIp: ipv4.optional().describe('Source address of an Internet sender'),
    srcPort: port.optional(),
    forgeIp: ipv4.optional().describe('Forged source address written by the sending guest'),
    forgeMac: mac.optional().describe('Forged source MAC written by the sending guest'),
    label: label.optional(),
    ...packetFields,
  })
  .refine((a) => a.to !== undefined || a.dstIp !== undefined, 'give `to` or `dstIp`');

export const flowAction = z.strictObject({
  type: z.literal('net.flow'),
  flow: entityId,
  from: entityId,
  to: entityId,
  packets: z.int().min(1).max(1000).default(5),
  interval: z.int().min(1000).max(60_000_000_000).default(20_000).describe('Nanoseconds between packets'),
  ...packetFields,
});

export const promiscuousAction = z.strictObject({
  type: z.literal('net.promiscuous'),
  iface: entityId,
  on: z.boolean().default(true),
});

export const naclEntryAction = z.strictObject({
  type: z.literal('net.naclEntry'),
  nacl: entityId,
  entry: naclEntrySpecSchema,
});

export const NETWORK_ACTIONS = [createGroupAction, authorizeAction, revokeAction, attachGroupAction, detachGroupAction, sendAction, flowAction, promiscuousAction, naclEntryAction] as const;

export type CreateGroup = z.output<typeof createGroupAction>;
export type Authorize = z.output<typeof authorizeAction>;
export type Revoke = z.output<typeof revokeAction>;
export type AttachGroup = z.output<typeof attachGroupAction>;
export type DetachGroup = z.output<typeof detachGroupAction>;
export type Send = z.output<typeof sendAction>;
export type FlowStart = z.output<typeof flowAction>;
export type Promiscuous = z.output<typeof promiscuousAction>;
export type NaclEntryAdd = z.output<typeof naclEntryAction>;
