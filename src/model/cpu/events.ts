import type { ActionEvents } from '../action-events';
import type { CPU_ACTIONS } from './actions';
import type { PlanStep } from './plan';

/** One step of a planned sequence of privilege crossings on a vCPU. */
export interface StepPayload {
  plan: PlanStep[];
  index: number;
  /** Clock of the host the plan runs on (GHz). */
  ghz: number;
}

export type CpuEvents = ActionEvents<typeof CPU_ACTIONS> & {
  'cpu.step': StepPayload;
};
