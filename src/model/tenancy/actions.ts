import { z } from 'zod';
import { entityId } from '../../lessons/primitives';
import { BILLING_PRODUCTS } from './types';

const tenancy = z.enum(['default', 'dedicated', 'host']);
const affinity = z.enum(['host', 'off']);

export const allocateHostAction = z.strictObject({
  type: z.literal('fleet.allocateHost'),
  host: entityId.optional().describe('Host id (default: a generated h-… id)'),
  account: entityId,
  az: entityId,
  family: z.string().max(16).optional().describe('Multi-size host of a Nitro family that supports it'),
  instanceType: z.string().max(32).optional().describe('Single-size host'),
  autoPlacement: z.enum(['on', 'off']).default('off'),
  hostRecovery: z.enum(['on', 'off']).default('on'),
});

export const releaseHostAction = z.strictObject({ type: z.literal('fleet.releaseHost'), host: entityId });
export const shareHostAction = z.strictObject({ type: z.literal('fleet.shareHost'), host: entityId, account: entityId });

export const launchAction = z.strictObject({
  type: z.literal('fleet.launch'),
  instance: entityId,
  account: entityId,
  vpc: entityId,
  az: entityId,
  instanceType: z.string().max(32),
  tenancy: tenancy.optional().describe('Default: the VPC\'s instance tenancy'),
  host: entityId.optional().describe('Targeted launch onto this Dedicated Host'),
  affinity: affinity.default('off'),
  billing: z.enum(BILLING_PRODUCTS).default('linux').describe('Billing product of the AMI (License Manager tenancy limits)'),
});

export const stopAction = z.strictObject({ type: z.literal('fleet.stop'), instance: entityId });
export const startAction = z.strictObject({ type: z.literal('fleet.start'), instance: entityId });
export const terminateAction = z.strictObject({ type: z.literal('fleet.terminate'), instance: entityId });

export const modifyPlacementAction = z.strictObject({
  type: z.literal('fleet.modifyPlacement'),
  instance: entityId,
  tenancy: tenancy.optional(),
  host: entityId.optional(),
  affinity: affinity.optional(),
});

export const modifyVpcTenancyAction = z.strictObject({
  type: z.literal('fleet.modifyVpcTenancy'),
  vpc: entityId,
  instanceTenancy: z.enum(['default', 'dedicated']),
});

export const failHostAction = z.strictObject({
  type: z.literal('fleet.failHost'),
  host: entityId,
  cause: z.enum(['power', 'network']).default('power'),
});

export const TENANCY_ACTIONS = [
  allocateHostAction, releaseHostAction, shareHostAction, launchAction, stopAction, startAction, terminateAction,
  modifyPlacementAction, modifyVpcTenancyAction, failHostAction,
] as const;

export type AllocateHost = z.output<typeof allocateHostAction>;
export type Launch = z.output<typeof launchAction>;
export type ModifyPlacement = z.output<typeof modifyPlacementAction>;
