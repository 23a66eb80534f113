import { z } from 'zod';
import type { SimModule } from '../module';

/** Switching a named fault on or off during a run (faults are defined by the modules they break). */
export const setFaultAction = z.strictObject({
  type: z.literal('fault.set'),
  fault: z.string().min(1).max(64),
  on: z.boolean().default(true),
});

export const faultsModule: SimModule = {
  id: 'faults',
  actions: [setFaultAction],
  handlers: {
    'fault.set'(draft, event, ctx) {
      const { fault, on } = event.payload as z.output<typeof setFaultAction>;
      draft.faults[fault] = on;
      ctx.touch('fault', fault);
      ctx.trace('fault', `fault ${fault} switched ${on ? 'on' : 'off'}`, { fault, on });
    },
  },
};
