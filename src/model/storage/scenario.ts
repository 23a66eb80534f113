import { z } from 'zod';

/** The lesson file's `world.storage` section. */
export const storageScenarioSchema = z.strictObject({}).describe('storage configuration');
