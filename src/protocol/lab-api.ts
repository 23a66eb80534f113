import type { CommandInput } from './commands';
import type { Reply } from './replies';

/** A file the user opened (lesson or recording), read by the main process. */
export interface OpenedFile {
  path: string;
  name: string;
  text: string;
}

/**
 * The one API the Electron preload exposes as `window.lab` (and the browser build emulates).
 * Fixed channels only; the renderer never sees ipcRenderer.
 */
export interface LabApi {
  /** Sends a protocol command to the simulator host. */
  send(command: CommandInput): void;
  /** Subscribes to host replies; returns an unsubscribe function. */
  onReply(listener: (reply: Reply) => void): () => void;
  /** Files opened through the menu (File > Open…, Open Recent) or a deep link. */
  onOpenFile(listener: (file: OpenedFile) => void): () => void;
  /** Deep links (`isolab://lesson/<id>?step=N&seed=S`) delivered by the main process. */
  onDeepLink(listener: (link: { lessonId: string; step?: number; seed?: number }) => void): () => void;
  /** Menu commands the renderer handles (e.g. "help.shortcuts", "help.about"). */
  onMenu(listener: (command: string) => void): () => void;
  /** Asks the main process to show an open dialog; resolves with the file or null. */
  openFileDialog(): Promise<OpenedFile | null>;
  /**
   * Recording to a file as it goes (Electron only): asks where to save and opens the file;
   * resolves false when the user cancels. The browser build keeps recordings in memory instead.
   */
  recordingStart?(suggestedName: string): Promise<boolean>;
  recordingAppend?(text: string): void;
  recordingClose?(): void;
  /** The disk refused a recording write (Electron): the file was closed with what it had. */
  onRecordingFailed?(listener: (message: string) => void): () => void;
  readonly platform: 'electron' | 'web';
}
