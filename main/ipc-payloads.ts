import { z } from 'zod';
import { commandSchema } from '../src/protocol/commands';
import { Channels } from './channels';
import { MAX_APPEND_CHARS } from './recording-file';

/**
 * The zod schema of every renderer → main message, by channel. Main validates each message with
 * its channel's schema before a listener sees it (main/ipc-router.ts), and the payload types of
 * the IPC contract (main/ipc-contract.ts) are derived from these schemas, so what the preload may
 * send and what main accepts cannot drift apart. Only main imports this file at run time; the
 * preload imports its types only, so zod and the simulator's schemas stay out of the preload.
 */
export const ipcPayloadSchemas = {
  [Channels.command]: commandSchema,
  [Channels.openFileDialog]: z.undefined(),
  /** A suggested file name; main keeps only a safe base name (safeRecordingName). */
  [Channels.recordingStart]: z.string().max(1000),
  [Channels.recordingAppend]: z.string().max(MAX_APPEND_CHARS),
  [Channels.recordingClose]: z.undefined(),
} as const;
