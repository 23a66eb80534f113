import { BrowserWindow, dialog } from 'electron';
import { join } from 'node:path';
import { Channels } from './channels';
import { push, type IpcRouter } from './ipc-router';
import { RecordingFile, safeRecordingName } from './recording-file';
import type { WindowService } from './window-service';

export interface RecordingServiceDeps {
  windows: WindowService;
  /** The folder the save dialog starts in. */
  documentsDir(): string;
}

/**
 * Recordings from the main window, written to the chosen file line by line as they arrive
 * (main/recording-file.ts), so closing the app or a crash loses nothing already recorded. Only
 * the main window may record; a failed write stops the file and tells that window.
 */
export class RecordingService {
  private readonly file = new RecordingFile();

  constructor(private readonly deps: RecordingServiceDeps) {}

  get open(): boolean {
    return this.file.open;
  }

  /** Closes the file at its last complete line (quitting, a crashed page, a reload). */
  close(): void {
    this.file.close();
  }

  register(router: IpcRouter): void {
    const { windows } = this.deps;
    router.handle(
      Channels.recordingStart,
      async (event, suggested) => {
        if (!windows.isMainWindow(event.sender.id)) return false;
        const options: Electron.SaveDialogOptions = {
          title: 'Record the session to…',
          defaultPath: join(this.deps.documentsDir(), safeRecordingName(suggested)),
          filters: [{ name: 'Isolation Lab recordings', extensions: ['ndjson'] }],
        };
        const parent = BrowserWindow.fromWebContents(event.sender);
        const choice = parent ? await dialog.showSaveDialog(parent, options) : await dialog.showSaveDialog(options);
        if (choice.canceled || !choice.filePath) return false;
        try {
          this.file.start(choice.filePath);
          return true;
        } catch (error) {
          push(event.sender, Channels.reply, { type: 'error', message: `Could not write ${choice.filePath}: ${(error as Error).message}` });
          return false;
        }
      },
      () => false,
    );
    router.on(
      Channels.recordingAppend,
      (event, text) => {
        if (!windows.isMainWindow(event.sender.id)) return;
        const problem = this.file.append(text);
        if (!problem) return;
        // A failed write stopped the file: the renderer stops its recorder and says where things stand.
        if (problem.kind === 'stopped') push(event.sender, Channels.recordingFailed, problem.message);
        else push(event.sender, Channels.reply, { type: 'error', message: `recording: ${problem.message}` });
      },
      (event, refusal) => {
        // A line that fails its schema (too long, not text) is not written; the recording goes on.
        if (windows.isMainWindow(event.sender.id) && refusal.stage === 'payload') push(event.sender, Channels.reply, { type: 'error', message: `recording: ${refusal.reason}` });
      },
    );
    router.on(Channels.recordingClose, (event) => {
      if (windows.isMainWindow(event.sender.id)) this.file.close();
    });
  }
}
