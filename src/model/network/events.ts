import type { ActionEvents } from '../action-events';
import type { NETWORK_ACTIONS } from './actions';

export type NetworkEvents = ActionEvents<typeof NETWORK_ACTIONS> & {
  /** A flow sends its next packet. */
  'net.emit': { flow: string };
  /** A packet moves to the next hop of its path. */
  'net.hop': { serial: number; index: number };
  /** The destination answers a packet. */
  'net.reply': { serial: number };
};
