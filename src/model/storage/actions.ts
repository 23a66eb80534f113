import { z } from 'zod';
import { entityId, label } from '../../lessons/primitives';
import { MAX_NODE_BLOCKS, regionId } from './scenario';

/** Largest range one ebs.read / ebs.write may cover (a bounded event, whatever the input). */
export const MAX_IO_BLOCKS = 4096;

export const kmsCreateKeyAction = z.strictObject({
  type: z.literal('kms.createKey'),
  key: entityId,
  region: regionId,
  tenant: entityId,
  origin: z.enum(['aws-kms', 'external']).default('aws-kms').describe('external: key material imported by the customer'),
});

const keyRef = { key: entityId };
export const kmsDisableKeyAction = z.strictObject({ type: z.literal('kms.disableKey'), ...keyRef });
export const kmsEnableKeyAction = z.strictObject({ type: z.literal('kms.enableKey'), ...keyRef });
export const kmsCancelKeyDeletionAction = z.strictObject({ type: z.literal('kms.cancelKeyDeletion'), ...keyRef });
export const kmsDeleteImportedKeyMaterialAction = z.strictObject({ type: z.literal('kms.deleteImportedKeyMaterial'), ...keyRef });
export const kmsScheduleKeyDeletionAction = z.strictObject({
  type: z.literal('kms.scheduleKeyDeletion'),
  ...keyRef,
  waitingDays: z.int().min(7).max(30).default(30).describe('KMS waiting period: 7 to 30 days (default 30)'),
});

export const ebsCreateAction = z.strictObject({
  type: z.literal('ebs.create'),
  volume: entityId,
  tenant: entityId,
  sizeBlocks: z.int().min(1).max(MAX_NODE_BLOCKS),
  node: entityId.optional().describe('Storage node (default: the first node of the region)'),
  region: regionId.optional(),
  encrypted: z.boolean().default(false),
  key: entityId.optional().describe('KMS key (default: the region\'s aws/ebs key)'),
});

export const ebsAttachAction = z.strictObject({
  type: z.literal('ebs.attach'),
  volume: entityId,
  guest: entityId,
});

export const ebsDetachAction = z.strictObject({
  type: z.literal('ebs.detach'),
  volume: entityId,
});

const ioRange = {
  volume: entityId,
  block: z.int().min(0).max(MAX_NODE_BLOCKS - 1).default(0),
  count: z.int().min(1).max(MAX_IO_BLOCKS).default(1),
};

export const ebsWriteAction = z.strictObject({
  type: z.literal('ebs.write'),
  ...ioRange,
  data: label.describe('What the tenant writes, e.g. "payroll-2024"'),
});

export const ebsReadAction = z.strictObject({
  type: z.literal('ebs.read'),
  ...ioRange,
});

export const ebsDeleteAction = z.strictObject({
  type: z.literal('ebs.delete'),
  volume: entityId,
});

export const ebsSnapshotAction = z.strictObject({
  type: z.literal('ebs.snapshot'),
  volume: entityId,
  snapshot: entityId,
});

export const ebsCopySnapshotAction = z.strictObject({
  type: z.literal('ebs.copySnapshot'),
  source: entityId,
  snapshot: entityId,
  region: regionId.optional().describe('Destination region (default: the source\'s)'),
  encrypt: z.boolean().optional().describe('Encrypt the copy; false cannot remove existing encryption'),
  key: entityId.optional().describe('KMS key in the destination region'),
});

export const ebsRestoreAction = z.strictObject({
  type: z.literal('ebs.restore'),
  snapshot: entityId,
  volume: entityId,
  node: entityId.optional(),
  fsr: z.boolean().default(false).describe('Fast Snapshot Restore: fully initialized at creation'),
  initRateMiBps: z.int().min(100).max(300).optional().describe('Provisioned initialization rate, 100–300 MiB/s'),
  encrypt: z.boolean().optional(),
  key: entityId.optional(),
});

export const ebsInitializeAction = z.strictObject({
  type: z.literal('ebs.initialize'),
  volume: entityId,
  tool: z.enum(['dd', 'fio']).default('fio'),
});

export const STORAGE_ACTIONS = [
  kmsCreateKeyAction,
  kmsDisableKeyAction,
  kmsEnableKeyAction,
  kmsScheduleKeyDeletionAction,
  kmsCancelKeyDeletionAction,
  kmsDeleteImportedKeyMaterialAction,
  ebsCreateAction,
  ebsAttachAction,
  ebsDetachAction,
  ebsWriteAction,
  ebsReadAction,
  ebsDeleteAction,
  ebsSnapshotAction,
  ebsCopySnapshotAction,
  ebsRestoreAction,
  ebsInitializeAction,
] as const;

export type KmsCreateKey = z.output<typeof kmsCreateKeyAction>;
export type KmsKeyRef = { key: string };
export type KmsScheduleKeyDeletion = z.output<typeof kmsScheduleKeyDeletionAction>;
export type EbsCreate = z.output<typeof ebsCreateAction>;
export type EbsAttach = z.output<typeof ebsAttachAction>;
export type EbsDetach = z.output<typeof ebsDetachAction>;
export type EbsWrite = z.output<typeof ebsWriteAction>;
export type EbsRead = z.output<typeof ebsReadAction>;
export type EbsDelete = z.output<typeof ebsDeleteAction>;
export type EbsSnapshot = z.output<typeof ebsSnapshotAction>;
export type EbsCopySnapshot = z.output<typeof ebsCopySnapshotAction>;
export type EbsRestore = z.output<typeof ebsRestoreAction>;
export type EbsInitialize = z.output<typeof ebsInitializeAction>;
