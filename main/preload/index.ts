import { contextBridge, ipcRenderer } from 'electron';
import type { CommandInput } from '../../src/protocol/commands';
import type { LabApi, OpenedFile } from '../../src/protocol/lab-api';
import type { Reply } from '../../src/protocol/replies';
import { Channels, type OpenFileResult } from '../channels';

/**
 * Sandboxed preload (built as CommonJS: sandboxed preloads cannot be ES modules). It exposes
 * exactly the LabApi as `window.lab`: fixed channels, no ipcRenderer, no generic send/invoke.
 * Payloads are checked in main; here we only make the API hard to misuse from the page.
 */

/** Messages that arrive before the renderer subscribes are kept (bounded) and handed over. */
const BUFFER_LIMIT = 256;

function topic<T>(channel: string): (listener: (value: T) => void) => () => void {
  const listeners = new Set<(value: T) => void>();
  const pending: T[] = [];
  const deliver = (listener: (value: T) => void, value: T) => {
    try {
      listener(value);
    } catch (error) {
      // One broken listener must not starve the others.
      console.error(`window.lab listener for ${channel} threw`, error);
    }
  };
  // Registered at preload time, before the page runs, so a deep link or the audience window's
  // catch-up reply sent while the renderer is still starting is not lost.
  ipcRenderer.on(channel, (_event, value: T) => {
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
    ipcRenderer.send(Channels.command, command);
  },
  onReply: topic<Reply>(Channels.reply),
  onOpenFile: topic<OpenedFile>(Channels.openFile),
  onDeepLink: topic<{ lessonId: string; step?: number; seed?: number }>(Channels.deepLink),
  onMenu: topic<string>(Channels.menu),
  async openFileDialog(): Promise<OpenedFile | null> {
    const result = (await ipcRenderer.invoke(Channels.openFileDialog)) as OpenFileResult;
    if (!result.ok) throw new Error(result.message);
    return result.file;
  },
  async recordingStart(suggestedName: string): Promise<boolean> {
    return (await ipcRenderer.invoke(Channels.recordingStart, String(suggestedName))) === true;
  },
  recordingAppend(text: string): void {
    ipcRenderer.send(Channels.recordingAppend, String(text));
  },
  recordingClose(): void {
    ipcRenderer.send(Channels.recordingClose);
  },
  onRecordingFailed: topic<string>(Channels.recordingFailed),
  platform: 'electron',
};

contextBridge.exposeInMainWorld('lab', Object.freeze(api));
