import { direct } from '../events';
import type { SimModule } from '../module';
import { FAULT_ACTIONS } from './actions';

export const faultsModule: SimModule = {
  id: 'faults',
  actions: FAULT_ACTIONS,
  handlers: {
    'fault.set': direct((_state, event, ctx) => {
      const { fault, on } = event.payload;
      ctx.mut('faults')[fault] = on;
      ctx.touch('fault', fault);
      ctx.trace('fault', `fault ${fault} switched ${on ? 'on' : 'off'}`, { fault, on });
    }),
  },
};
