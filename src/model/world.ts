import { z } from 'zod';
import { accessScenarioSchema } from './access/scenario';
import { cpuScenarioSchema } from './cpu/scenario';
import { hypervisorWorldSchema } from './hypervisor/scenario';
import { memoryScenarioSchema } from './memory/scenario';
import { networkScenarioSchema } from './network/scenario';
import { storageScenarioSchema } from './storage/scenario';
import { tenancyScenarioSchema } from './tenancy/scenario';

/**
 * The initial world a lesson describes: each model module owns one section. It lives in the
 * model (not in src/lessons) because modules' `setup` functions read it; the lesson schema
 * composes it, so the import graph runs one way: lessons → model.
 */
export const lessonWorldSchema = z.strictObject({
  ...hypervisorWorldSchema,
  cpu: cpuScenarioSchema.optional(),
  access: accessScenarioSchema.optional(),
  memory: memoryScenarioSchema.optional(),
  storage: storageScenarioSchema.optional(),
  fleet: tenancyScenarioSchema.optional(),
  network: networkScenarioSchema.optional(),
});

export type LessonWorld = z.output<typeof lessonWorldSchema>;
