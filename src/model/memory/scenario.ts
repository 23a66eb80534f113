import { z } from 'zod';

/** The lesson file's `world.memory` section. Every number here is a teaching knob, not a measurement. */
export const memoryScenarioSchema = z
  .strictObject({
    mode: z
      .enum(['teaching', 'realistic'])
      .default('teaching')
      .describe('"teaching": big frames so a host has thousands of them; "realistic": 4 KiB frames as on x86'),
    frameKiB: z
      .int()
      .min(4)
      .max(1024 * 1024)
      .refine((n) => (n & (n - 1)) === 0, 'frameKiB must be a power of two')
      .optional()
      .describe('Frame size in KiB (default 16384 in teaching mode, 4 in realistic mode)'),
    scrubMiBPerSecond: z
      .number()
      .min(1)
      .max(1_000_000)
      .optional()
      .describe('Illustrative scrub rate of one CPU (default ≈ 2185 MiB/s, derived from the 1 TB destruction timings Xen published)'),
    scrubBatchMiB: z.int().min(1).max(1024 * 1024).optional().describe('Memory an idle CPU scrubs per background step'),
    bootscrub: z
      .enum(['auto', 'idle', 'on', 'off'])
      .default('auto')
      .describe('Xen bootscrub: "idle" (default since 4.12) marks all free RAM dirty at boot and scrubs it in the idle loop'),
    scrubDomheap: z.boolean().default(false).describe('Xen scrub-domheap: also scrub pages that live domains free (default off)'),
  })
  .describe('memory configuration');

export type MemoryScenario = z.output<typeof memoryScenarioSchema>;
