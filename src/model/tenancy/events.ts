import type { ActionEvents } from '../action-events';
import type { TENANCY_ACTIONS } from './actions';

export type FleetEvents = ActionEvents<typeof TENANCY_ACTIONS>;
