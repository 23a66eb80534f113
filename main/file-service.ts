import { BrowserWindow, dialog } from 'electron';
import { Channels } from './channels';
import type { IpcRouter } from './ipc-router';
import { OPEN_EXTENSIONS, readOpenedFile } from './open-file';
import type { RecentService } from './recent-service';
import type { WindowService } from './window-service';

export interface FileServiceDeps {
  windows: WindowService;
  recent: RecentService;
}

/**
 * Opening lessons and recordings: the open dialog (from the renderer's Open button, checked
 * through the router, or from File > Open…), Open Recent, and files the OS hands the app. A file
 * that cannot be read is reported to the window by name and leaves the recent list.
 */
export class FileService {
  constructor(private readonly deps: FileServiceDeps) {}

  register(router: IpcRouter): void {
    router.handle(
      Channels.openFileDialog,
      async (event) => {
        const path = await this.askForFile(BrowserWindow.fromWebContents(event.sender));
        if (!path) return { ok: true, file: null };
        const read = await readOpenedFile(path);
        if (!read.ok) return { ok: false, message: read.message };
        await this.deps.recent.remember(path);
        return { ok: true, file: read.file };
      },
      (refusal) => ({ ok: false, message: `refused: ${refusal.reason}` }),
    );
  }

  /** File > Open…: the dialog over the main window, then the file goes to it. */
  openWithDialog(): void {
    void this.askForFile(this.deps.windows.focusMain()).then((path) => (path ? this.openPath(path) : undefined));
  }

  /** Menu File > Open Recent, or a file from the OS: the file goes to the window as onOpenFile, errors as replies. */
  async openPath(path: string): Promise<void> {
    const { windows, recent } = this.deps;
    windows.focusMain();
    const read = await readOpenedFile(path);
    if (!read.ok) {
      windows.sendToMain(Channels.reply, { type: 'error', message: read.message });
      await recent.forget(path);
      return;
    }
    await recent.remember(path);
    windows.sendToMain(Channels.openFile, read.file);
  }

  private async askForFile(parent: BrowserWindow | null): Promise<string | undefined> {
    const options: Electron.OpenDialogOptions = {
      title: 'Open a lesson or recording',
      properties: ['openFile'],
      filters: [{ name: 'Lessons and recordings', extensions: [...OPEN_EXTENSIONS] }],
    };
    const result = parent ? await dialog.showOpenDialog(parent, options) : await dialog.showOpenDialog(options);
    return result.canceled ? undefined : result.filePaths[0];
  }
}
