import { z } from 'zod';

/** The lesson file's `world.cpu` section. */
export const cpuScenarioSchema = z.strictObject({}).describe('cpu configuration');
