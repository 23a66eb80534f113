import { dialog, type BrowserWindow } from 'electron';
import { pageGonePrompt, unresponsivePrompt } from './window-recovery';

/** The part of the recording service a crashed or hung page affects. */
export interface OpenRecording {
  readonly open: boolean;
  close(): void;
}

/** A crashed or hung page: keep the recording valid (close it at its last complete line) and offer a reload. */
export function watchRendererHealth(win: BrowserWindow, recording: OpenRecording): void {
  win.webContents.on('render-process-gone', (_event, details) => {
    if (details.reason === 'clean-exit' || win.isDestroyed()) return;
    const wasRecording = recording.open;
    recording.close();
    void dialog.showMessageBox(win, { type: 'error', ...pageGonePrompt(details.reason, wasRecording), defaultId: 0, cancelId: 1 }).then(({ response }) => {
      if (win.isDestroyed()) return;
      if (response === 0) win.webContents.reload();
      else win.close();
    });
  });
  win.on('unresponsive', () => {
    void dialog.showMessageBox(win, { type: 'warning', ...unresponsivePrompt(recording.open), defaultId: 1, cancelId: 1 }).then(({ response }) => {
      if (response !== 0 || win.isDestroyed()) return;
      recording.close();
      win.webContents.forcefullyCrashRenderer();
      win.webContents.reload();
    });
  });
}
