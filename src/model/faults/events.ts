import type { ActionEvents } from '../action-events';
import type { FAULT_ACTIONS } from './actions';

export type FaultEvents = ActionEvents<typeof FAULT_ACTIONS>;
