import type { AgendaSnapshot } from './agenda';

/**
 * A keyframe: a state (shared, immutable) and the agenda (queue as flat columns, script cursor),
 * what the engine keeps to travel in time. States share structure, so a keyframe costs the queue's
 * copy and whatever chunks of its state later batches replace.
 */
export interface Keyframe<S> {
  eventIndex: number;
  state: S;
  agenda: AgendaSnapshot;
}
