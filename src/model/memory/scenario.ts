import { z } from 'zod';

/** The lesson file's `world.memory` section. */
export const memoryScenarioSchema = z.strictObject({}).describe('memory configuration');
