import { z } from 'zod';
import { entityId } from '../../lessons/primitives';

/** Target of a cpu action: a domain and (optionally) which of its vCPUs (default 0). */
const target = { domain: entityId.describe('Domain id'), vcpu: z.int().min(0).max(447).default(0).describe('vCPU index') };

export const syscallAction = z.strictObject({ type: z.literal('cpu.syscall'), ...target });

export const hypercallAction = z.strictObject({
  type: z.literal('cpu.hypercall'),
  ...target,
  op: z.enum(['sched_op', 'event_channel_op', 'grant_table_op', 'console_io', 'xen_version']).default('sched_op'),
});

export const privilegedAction = z.strictObject({
  type: z.literal('cpu.privileged'),
  ...target,
  from: z.enum(['kernel', 'user']).default('kernel').describe('Which layer executes the privileged instruction'),
  instruction: z.enum(['wrmsr', 'hlt', 'out']).default('wrmsr'),
});

export const pageTableAction = z.strictObject({
  type: z.literal('cpu.pageTableUpdate'),
  ...target,
  frame: z.enum(['own', 'foreign']).default('own').describe('"foreign": a machine frame owned by another domain (PV only)'),
});

export const memoryAccessAction = z.strictObject({
  type: z.literal('cpu.memoryAccess'),
  ...target,
  where: z.enum(['inside', 'outside']).default('outside').describe('"outside": a guest-physical address beyond the guest\'s memory (hardware-virtualized guests)'),
});

export const notifyAction = z.strictObject({
  type: z.literal('cpu.notify'),
  ...target,
  to: entityId.describe('Domain receiving the event-channel notification (same Xen host)'),
});

export const burstAction = z.strictObject({
  type: z.literal('cpu.burst'),
  ...target,
  transition: z.enum(['syscall', 'hypercall', 'privileged']).default('syscall'),
  count: z.int().min(1).max(1_000_000).describe('Round trips simulated in one event (batched mode); at most a million keeps one event under a few seconds'),
});

export const ioWriteAction = z.strictObject({
  type: z.literal('io.write'),
  ...target,
  device: z.enum(['disk', 'net']).default('disk'),
  bytes: z.int().min(1).max(1 << 30).default(4096),
});

export const CPU_ACTIONS = [syscallAction, hypercallAction, privilegedAction, pageTableAction, memoryAccessAction, notifyAction, burstAction, ioWriteAction] as const;

export type CpuTarget = { domain: string; vcpu: number };
