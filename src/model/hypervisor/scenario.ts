import { z } from 'zod';
import { durationString, entityId, label } from '../../lessons/primitives';

export const virtModeSchema = z.enum(['pv32', 'pv64', 'hvm', 'pvhvm', 'pvh']).describe('Guest virtualization mode');

export const guestSpecSchema = z
  .strictObject({
    id: entityId.describe('Domain id, unique in the lesson'),
    name: label.optional(),
    tenant: entityId.describe('Id of a tenant declared in world.tenants'),
    mode: virtModeSchema.default('hvm'),
    vcpus: z.int().min(1).max(448).default(2),
    memoryMiB: z.int().min(16).max(24 * 1024 * 1024).default(2048),
    bootAt: durationString.optional().describe('When the guest is created (default 0)'),
    booted: z.boolean().optional().describe('Start the guest already running, skipping the illustrative build time (lessons at nanosecond scale)'),
  })
  .describe('A guest domain created when the lesson starts (or at bootAt)');

export const hostSpecSchema = z.strictObject({
  id: entityId,
  name: label.optional(),
  hypervisor: z.enum(['xen', 'nitro']).default('xen'),
  xenVersion: z.string().regex(/^\d+\.\d+$/).max(8).optional().describe('Xen release, e.g. "4.9" or "4.17" (Xen hosts only)'),
  sockets: z.int().min(1).max(8).default(2),
  coresPerSocket: z.int().min(1).max(128).default(8),
  threadsPerCore: z.int().min(1).max(2).default(2),
  memoryMiB: z.int().min(256).max(24 * 1024 * 1024).default(65536),
  clockGHz: z.number().min(0.5).max(6).default(2.5),
  guests: z.array(guestSpecSchema).max(256).default([]),
});

export const tenantSpecSchema = z.strictObject({
  id: entityId,
  name: label.optional(),
});

export const hypervisorWorldSchema = {
  tenants: z.array(tenantSpecSchema).max(64).default([]).describe('Customers (AWS accounts) in the lesson'),
  hosts: z.array(hostSpecSchema).max(64).default([]).describe('Physical virtualization hosts simulated in detail'),
};

export type GuestSpec = z.output<typeof guestSpecSchema>;
export type HostSpec = z.output<typeof hostSpecSchema>;
