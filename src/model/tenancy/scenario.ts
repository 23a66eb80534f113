import { z } from 'zod';

/** The lesson file's `world.fleet` section. */
export const tenancyScenarioSchema = z.strictObject({}).describe('tenancy configuration');
