import type { ActionEvents } from '../action-events';
import type { ACCESS_ACTIONS } from './actions';

export type AccessEvents = ActionEvents<typeof ACCESS_ACTIONS>;
