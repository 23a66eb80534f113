import { z } from 'zod';
import { entityId, label } from '../../lessons/primitives';

/** The lesson file's `world.access` section: operators and purpose-built admin hosts. */
export const accessScenarioSchema = z
  .strictObject({
    operators: z
      .array(z.strictObject({ id: entityId, name: label.optional(), mfa: z.boolean().default(true).describe('Presents a second factor when logging in') }))
      .max(32)
      .default([{ id: 'op-1', mfa: true }]),
    adminHosts: z.array(z.strictObject({ id: entityId, name: label.optional() })).max(8).default([{ id: 'admin-1' }]),
  })
  .describe('access configuration');
