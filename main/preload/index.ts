import { contextBridge, ipcRenderer } from 'electron';
import type { CommandInput } from '../../src/protocol/commands';
import type { LabApi, OpenedFile } from '../../src/protocol/lab-api';
import { Channels } from '../channels';
import type { PushChannel, PushPayloads } from '../ipc-contract';
import { rendererIpc } from './renderer-ipc';

/**
 * Sandboxed preload (built as CommonJS: sandboxed preloads cannot be ES modules). It exposes
 * exactly the LabApi as `window.lab`: fixed channels, no ipcRenderer, no generic send/invoke.
 * Payloads are checked in main; here we only make the API hard to misuse from the page. Every
 * channel and payload type comes from the IPC contract (main/ipc-contract.ts).
 */

const ipc = rendererIpc(ipcRenderer);

/** Messages that arrive before the renderer subscribes are kept (bounded) and handed over. */
const BUFFER_LIMIT = 256;

type Payload<C extends PushChannel> = PushPayloads[C];

function topic<C extends PushChannel>(channel: C): (listener: (value: Payload<C>) => void) => () => void {
  const listeners = new Set<(value: Payload<C>) => void>();
  const pending: Payload<C>[] = [];
  const deliver = (listener: (value: Payload<C>) => void, value: Payload<C>) => {
    try {
      listener(value);
    } catch (error) {
      // One broken listener must not starve the others.
      console.error(`window.lab listener for ${channel} threw`, error);
    }
  };
  // Registered at preload time, before the page runs, so a deep link or the audience window's
  // catch-up reply sent while the renderer is still starting is not lost.
  ipc.on(channel, (value) => {
    if (listeners.size === 0) {
      if (pending.length < BUFFER_LIMIT) pending.push(value);
      return;
    }
    for (const listener of [...listeners]) deliver(listener, value);
  });
  return (listener) => {
    if (typeof listener !== 'function') throw new TypeError('window.lab: listener must be a function');
    listeners.add(listener);
    if (pending.length > 0) {
      const backlog = pending.splice(0);
      // After the caller has its unsubscribe function, like any later message.
      queueMicrotask(() => {
        for (const value of backlog) if (listeners.has(listener)) deliver(listener, value);
      });
    }
    let subscribed = true;
    return () => {
      if (!subscribed) return;
      subscribed = false;
      listeners.delete(listener);
    };
  };
}

const api: LabApi = {
  send(command: CommandInput): void {
    ipc.send(Channels.command, command);
  },
  onReply: topic(Channels.reply),
  onOpenFile: topic(Channels.openFile),
  onDeepLink: topic(Channels.deepLink),
  onMenu: topic(Channels.menu),
  async openFileDialog(): Promise<OpenedFile | null> {
    const result = await ipc.invoke(Channels.openFileDialog);
    if (!result.ok) throw new Error(result.message);
    return result.file;
  },
  async recordingStart(suggestedName: string): Promise<boolean> {
    return (await ipc.invoke(Channels.recordingStart, String(suggestedName))) === true;
  },
  recordingAppend(text: string): void {
    ipc.send(Channels.recordingAppend, String(text));
  },
  recordingClose(): void {
    ipc.send(Channels.recordingClose);
  },
  onRecordingFailed: topic(Channels.recordingFailed),
  platform: 'electron',
};

contextBridge.exposeInMainWorld('lab', Object.freeze(api));
