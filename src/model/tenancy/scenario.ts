import { z } from 'zod';
import { entityId, label } from '../../lessons/primitives';
import { familyCapacity, KNOWN_FAMILIES, parseInstanceType } from './capacity';

/** The fleet is bounded so a hostile lesson cannot ask for a billion hosts. */
export const MAX_FLEET_HOSTS = 100_000;

const familySchema = z.string().max(16).refine((f) => familyCapacity(f) !== undefined, { message: `unknown instance family; known: ${KNOWN_FAMILIES.join(', ')}` });
const instanceTypeSchema = z.string().max(32).refine((t) => typeof parseInstanceType(t) !== 'string', { message: 'unknown instance type (family.size from the capacity catalog)' });

export const regionSpecSchema = z.strictObject({
  id: entityId,
  name: label.optional(),
  azs: z.array(entityId).min(1).max(8),
});

export const accountSpecSchema = z.strictObject({
  id: entityId,
  name: label.optional(),
  payer: entityId.optional().describe('Payer account this account is linked to (consolidated billing)'),
});

export const vpcSpecSchema = z.strictObject({
  id: entityId,
  account: entityId,
  region: entityId,
  instanceTenancy: z.enum(['default', 'dedicated']).default('default'),
});

export const poolHostSpecSchema = z.strictObject({
  family: familySchema,
  az: entityId,
  count: z.int().min(1).max(MAX_FLEET_HOSTS),
  sockets: z.int().min(1).max(8).optional().describe('Illustrative override when the catalog does not publish sockets'),
  physicalCores: z.int().min(1).max(512).optional().describe('Illustrative override when the catalog does not publish cores'),
});

export const dedicatedHostSpecSchema = z.strictObject({
  id: entityId.optional(),
  account: entityId,
  az: entityId,
  family: familySchema.optional(),
  instanceType: instanceTypeSchema.optional(),
  autoPlacement: z.enum(['on', 'off']).default('off'),
  hostRecovery: z.enum(['on', 'off']).default('on'),
  sharedWith: z.array(entityId).max(16).default([]),
});

/** Every host a fleet section asks for: its pools' counts and its Dedicated Hosts. */
export function fleetHostCount(fleet: { hosts: readonly { count: number }[]; dedicatedHosts: readonly unknown[] }): number {
  return fleet.hosts.reduce((sum, h) => sum + h.count, 0) + fleet.dedicatedHosts.length;
}

export const tenancyScenarioSchema = z
  .strictObject({
    regions: z.array(regionSpecSchema).max(16).default([]),
    accounts: z.array(accountSpecSchema).max(64).default([]),
    vpcs: z.array(vpcSpecSchema).max(64).default([]),
    hosts: z.array(poolHostSpecSchema).max(256).default([]).describe('AWS-owned hosts by family and AZ (run default and dedicated tenancy)'),
    dedicatedHosts: z.array(dedicatedHostSpecSchema).max(256).default([]),
  })
  .superRefine((fleet, ctx) => {
    const total = fleetHostCount(fleet);
    if (total > MAX_FLEET_HOSTS) ctx.addIssue({ code: 'custom', path: ['hosts'], message: `the fleet asks for ${total} hosts; at most ${MAX_FLEET_HOSTS} are allowed` });
    const azs = new Set(fleet.regions.flatMap((r) => r.azs));
    const regions = new Set(fleet.regions.map((r) => r.id));
    const accounts = new Set(fleet.accounts.map((a) => a.id));
    fleet.accounts.forEach((a, i) => {
      if (a.payer !== undefined && !accounts.has(a.payer)) ctx.addIssue({ code: 'custom', path: ['accounts', i, 'payer'], message: `no account "${a.payer}"` });
    });
    fleet.vpcs.forEach((v, i) => {
      if (!accounts.has(v.account)) ctx.addIssue({ code: 'custom', path: ['vpcs', i, 'account'], message: `no account "${v.account}"` });
      if (!regions.has(v.region)) ctx.addIssue({ code: 'custom', path: ['vpcs', i, 'region'], message: `no region "${v.region}"` });
    });
    fleet.hosts.forEach((h, i) => {
      if (!azs.has(h.az)) ctx.addIssue({ code: 'custom', path: ['hosts', i, 'az'], message: `no availability zone "${h.az}" in fleet.regions` });
    });
    fleet.dedicatedHosts.forEach((h, i) => {
      if (!azs.has(h.az)) ctx.addIssue({ code: 'custom', path: ['dedicatedHosts', i, 'az'], message: `no availability zone "${h.az}"` });
      if (!accounts.has(h.account)) ctx.addIssue({ code: 'custom', path: ['dedicatedHosts', i, 'account'], message: `no account "${h.account}"` });
      if ((h.family === undefined) === (h.instanceType === undefined)) ctx.addIssue({ code: 'custom', path: ['dedicatedHosts', i], message: 'give exactly one of family (multi-size) or instanceType (single size)' });
      if (h.family !== undefined && !familyCapacity(h.family)?.multiSize) ctx.addIssue({ code: 'custom', path: ['dedicatedHosts', i, 'family'], message: `${h.family} hosts support a single instance type only; allocate by instanceType` });
    });
  })
  .describe('The fleet: regions, accounts, VPCs and physical hosts (tenancy lessons)');

export type FleetScenario = z.output<typeof tenancyScenarioSchema>;
export type DedicatedHostSpec = z.output<typeof dedicatedHostSpecSchema>;
