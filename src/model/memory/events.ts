import type { ActionEvents } from '../action-events';
import type { MEMORY_ACTIONS } from './actions';

/** The background scrubber's next slice on one NUMA node of a host. */
export interface ScrubPayload {
  hostId: string;
  node: number;
}

export type MemoryEvents = ActionEvents<typeof MEMORY_ACTIONS> & {
  'mem.scrub': ScrubPayload;
};
