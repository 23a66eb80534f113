import type { LabApi, OpenedFile } from '../../src/protocol/lab-api';
import { h } from './dom';
import { readLocalFile } from './open-file';

const hasFiles = (event: DragEvent): boolean => event.dataTransfer?.types.includes('Files') ?? false;

/**
 * Drop a lesson (.json) or recording (.ndjson) anywhere on the window to open it, in the browser
 * build and in Electron alike (where a drop would otherwise navigate the window to the file).
 * While a file is dragged over the window, an overlay says what dropping it will do.
 */
export function installDropZone(onFile: (file: File) => void): { readonly overlay: HTMLElement } {
  const overlay = h('div', { class: 'drop-overlay', 'data-testid': 'drop-overlay', hidden: true, 'aria-hidden': 'true' }, h('p', {}, 'Drop a lesson (.json) or a recording (.ndjson) to open it'));
  document.body.append(overlay);
  let depth = 0;
  const hide = (): void => {
    depth = 0;
    overlay.hidden = true;
  };
  window.addEventListener('dragenter', (event) => {
    if (!hasFiles(event)) return;
    event.preventDefault();
    depth++;
    overlay.hidden = false;
  });
  window.addEventListener('dragover', (event) => {
    if (!hasFiles(event)) return;
    event.preventDefault();
    if (event.dataTransfer) event.dataTransfer.dropEffect = 'copy';
  });
  window.addEventListener('dragleave', (event) => {
    if (!hasFiles(event)) return;
    depth = Math.max(0, depth - 1);
    if (depth === 0) overlay.hidden = true;
  });
  window.addEventListener('drop', (event) => {
    if (!hasFiles(event)) return;
    event.preventDefault();
    hide();
    const file = event.dataTransfer?.files[0];
    if (file) onFile(file);
  });
  return { overlay };
}

/** A LabApi whose `onOpenFile` also delivers files the page itself opened (drop, Open button). */
export interface FileChannel {
  readonly lab: LabApi;
  deliver(file: OpenedFile): void;
}

/**
 * Joins the files the page opens with the ones Electron's menu opens, so that every file takes
 * one path: the recording layer (recording-controls.ts) sends recordings to the player and
 * hands lessons on to the shell.
 */
export function fileChannel(real: LabApi): FileChannel {
  const listeners = new Set<(file: OpenedFile) => void>();
  return {
    deliver: (file) => listeners.forEach((listener) => listener(file)),
    lab: {
      ...real,
      platform: real.platform,
      send: (command) => real.send(command),
      onReply: (listener) => real.onReply(listener),
      onDeepLink: (listener) => real.onDeepLink(listener),
      onMenu: (listener) => real.onMenu(listener),
      openFileDialog: () => real.openFileDialog(),
      onOpenFile(listener) {
        listeners.add(listener);
        const off = real.onOpenFile(listener);
        return () => {
          listeners.delete(listener);
          off();
        };
      },
    },
  };
}

/** Drop support, delivering through the channel; unreadable files go to onError. */
export function installFileDrops(channel: FileChannel, onError: (file: string, message: string) => void): void {
  installDropZone((file) => readLocalFile(file, channel.deliver, onError));
}
