import type { z } from 'zod';
import type { OpenedFile } from '../src/protocol/lab-api';
import type { Reply } from '../src/protocol/replies';
import type { Channel, Channels, OpenFileResult } from './channels';
import type { DeepLink } from './deep-link';
import type { ipcPayloadSchemas } from './ipc-payloads';

/**
 * The one typed IPC contract between main and the preload: for each channel, its direction and
 * its payload types. Both sides send and listen only through wrappers typed by it
 * (main/ipc-router.ts, main/preload/renderer-ipc.ts), so a payload that does not match its
 * channel fails to compile (main/ipc-contract.test.ts shows it).
 *
 * Renderer → main payload types are derived from the zod schemas main validates them with
 * (main/ipc-payloads.ts): the preload sends the schema's input type, main's listener receives its
 * output type. Main → renderer payloads are main's own values, so they are plain types.
 */

type PayloadSchemas = typeof ipcPayloadSchemas;

/** Channels the renderer sends on (ipcRenderer.send / invoke); main validates every message. */
export type RendererChannel = keyof PayloadSchemas;

/** What the preload sends on a channel. */
export type RequestOf<C extends RendererChannel> = z.input<PayloadSchemas[C]>;

/** What main's listener receives once the message passed the channel's schema. */
export type CheckedOf<C extends RendererChannel> = z.output<PayloadSchemas[C]>;

/** Renderer → main channels that answer (ipcRenderer.invoke / ipcMain.handle), with the answer's type. */
export interface InvokeReplies {
  [Channels.openFileDialog]: OpenFileResult;
  /** True when the user chose a file and it is open for writing. */
  [Channels.recordingStart]: boolean;
}
export type InvokeChannel = keyof InvokeReplies;
export type ReplyOf<C extends InvokeChannel> = InvokeReplies[C];

/** Renderer → main channels without an answer (ipcRenderer.send / ipcMain.on). */
export type SendChannel = Exclude<RendererChannel, InvokeChannel>;

/** Main → renderer channels (webContents.send / ipcRenderer.on), with their payloads. */
export interface PushPayloads {
  [Channels.reply]: Reply;
  [Channels.openFile]: OpenedFile;
  [Channels.deepLink]: DeepLink;
  /** One of MenuCommands (the renderer ignores ones it does not know). */
  [Channels.menu]: string;
  /** The disk refused a recording write: what happened and where the file stands. */
  [Channels.recordingFailed]: string;
}
export type PushChannel = keyof PushPayloads;

/** The arguments after the channel: none for a channel whose payload is `undefined`. */
export type PayloadArgs<P> = [P] extends [undefined] ? [] : [payload: P];

// Every channel name has a direction and types, and every typed channel is a real name.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
export const CONTRACT_COVERS_EVERY_CHANNEL: Same<RendererChannel | PushChannel, Channel> = true;
export const INVOKE_CHANNELS_ARE_RENDERER_CHANNELS: Same<InvokeChannel & RendererChannel, InvokeChannel> = true;
