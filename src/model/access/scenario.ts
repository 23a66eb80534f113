import { z } from 'zod';

/** The lesson file's `world.access` section. */
export const accessScenarioSchema = z.strictObject({}).describe('access configuration');
