import { z } from 'zod';
import { entityId } from '../../lessons/primitives';

/** Regions are slugs such as `us-east-1`. */
export const regionId = z.string().min(1).max(32).regex(/^[a-z0-9-]+$/, 'expected a region such as us-east-1');

/** Upper bound on blocks per node: keeps a hostile lesson from asking for gigabytes of state. */
export const MAX_NODE_BLOCKS = 4 * 1024 * 1024;

export const storageNodeSpecSchema = z.strictObject({
  id: entityId,
  region: regionId.default('us-east-1'),
  blocks: z.int().min(1).max(MAX_NODE_BLOCKS).default(256).describe('Physical blocks on this storage node'),
  wipeMode: z
    .enum(['before-reuse', 'first-touch-historical'])
    .optional()
    .describe('"first-touch-historical" reproduces the pre-2016 docs (wipe on first touch, 5–50 % IOPS loss); default: the world setting'),
});

export const kmsKeySpecSchema = z.strictObject({
  id: entityId,
  region: regionId,
  tenant: entityId,
});

/** The lesson file's `world.storage` section. */
export const storageScenarioSchema = z
  .strictObject({
    nodes: z
      .array(storageNodeSpecSchema)
      .max(16)
      .default([])
      .refine((nodes) => nodes.reduce((n, node) => n + node.blocks, 0) <= MAX_NODE_BLOCKS * 2, `at most ${MAX_NODE_BLOCKS * 2} blocks over all storage nodes`)
      .refine((nodes) => new Set(nodes.map((n) => n.id)).size === nodes.length, 'storage node ids must be unique'),
    keys: z.array(kmsKeySpecSchema).max(64).default([]),
    historicalWipeOnFirstTouch: z.boolean().default(false).describe('History mode for every node: pre-2016 first-touch wiping'),
  })
  .describe('storage configuration: EBS storage nodes and KMS keys');

export type StorageScenario = z.output<typeof storageScenarioSchema>;
