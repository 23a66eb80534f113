import type { LabApi, OpenedFile } from '../../src/protocol/lab-api';
import type { Reply } from '../../src/protocol/replies';

/**
 * The browser build's stand-in for Electron's preload: a LabApi whose simulator runs in a
 * Web Worker. Menus, deep links from the OS and native dialogs don't exist here; the page
 * uses a file input and the URL hash instead.
 */
export function createWorkerLabApi(): LabApi {
  const worker = new Worker(new URL('./worker.ts', import.meta.url), { type: 'module', name: 'simulator' });
  const listeners = new Set<(reply: Reply) => void>();
  worker.addEventListener('message', (event: MessageEvent<Reply>) => {
    for (const listener of listeners) listener(event.data);
  });
  worker.addEventListener('error', (event) => {
    const reply: Reply = { type: 'error', message: `simulator worker failed: ${event.message || 'unknown error'}` };
    for (const listener of listeners) listener(reply);
  });
  const none = (): (() => void) => () => {};
  return {
    platform: 'web',
    send: (command) => worker.postMessage(command),
    onReply(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    onOpenFile: none,
    onDeepLink: none,
    onMenu: none,
    openFileDialog: async (): Promise<OpenedFile | null> => null,
  };
}
