import type { z } from 'zod';

/**
 * The events a module's input actions become: an action is queued as an event whose kind is its
 * `type` and whose payload is the whole parsed action. Derived from the zod schemas, so the
 * payload a handler reads is exactly what validation let through.
 */
export type ActionEvents<Schemas extends readonly z.ZodType[]> = {
  [A in z.output<Schemas[number]> as A extends { type: infer K extends string } ? K : never]: A;
};
