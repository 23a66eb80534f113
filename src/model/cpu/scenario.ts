import { z } from 'zod';

/** The lesson file's `world.cpu` section. */
export const cpuScenarioSchema = z
  .strictObject({
    historyLength: z.int().min(4).max(256).default(48).describe('Privilege-level samples kept per vCPU for the timeline'),
  })
  .describe('cpu configuration');

export type CpuScenario = z.output<typeof cpuScenarioSchema>;
