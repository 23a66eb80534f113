import { z } from 'zod';

/** Switching a named fault on or off during a run (faults are defined by the modules they break). */
export const setFaultAction = z.strictObject({
  type: z.literal('fault.set'),
  fault: z.string().min(1).max(64),
  on: z.boolean().default(true),
});

export const FAULT_ACTIONS = [setFaultAction] as const;
