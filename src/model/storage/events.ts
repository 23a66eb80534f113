import type { ActionEvents } from '../action-events';
import type { STORAGE_ACTIONS } from './actions';
import type { IoCause, IoPath } from './types';

/** A block I/O in flight between a guest and its volume's node. */
export interface IoPayload {
  op: 'read' | 'write';
  volume: string;
  block: number;
  count: number;
  data: string | null;
  domain: string;
  path: IoPath;
  cause: IoCause;
  submittedAt: number;
}

export type StorageEvents = ActionEvents<typeof STORAGE_ACTIONS> & {
  'ebs.io': IoPayload;
  /** The node's background wiper's next pass. */
  'ebs.wipe': { node: string };
  /** The next slice of lazily loading a restored volume from its snapshot. */
  'ebs.init': { volume: string };
  /** A key's waiting period is over: KMS deletes it. */
  'kms.deleteKey': { key: string };
};
