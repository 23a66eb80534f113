import { WorkerSupervisor, type WorkerLike } from '../../src/host/worker-supervisor';
import type { LabApi, OpenedFile } from '../../src/protocol/lab-api';
import type { Reply } from '../../src/protocol/replies';

/** A module Web Worker seen through the small worker interface the supervisor uses. */
class WebWorker implements WorkerLike {
  private readonly worker = new Worker(new URL('./worker.ts', import.meta.url), { type: 'module', name: 'simulator' });
  private readonly removers: Array<() => void> = [];

  postMessage(message: unknown): void {
    this.worker.postMessage(message);
  }

  on(event: 'message', listener: (message: unknown) => void): unknown;
  on(event: 'error', listener: (error: Error) => void): unknown;
  on(event: 'exit', listener: (code: number) => void): unknown;
  on(event: 'message' | 'error' | 'exit', listener: ((message: unknown) => void) | ((error: Error) => void) | ((code: number) => void)): unknown {
    // A Web Worker has no exit event: an uncaught error is how it dies.
    if (event === 'exit') return this;
    const handler =
      event === 'message'
        ? (e: Event) => (listener as (message: unknown) => void)((e as MessageEvent<unknown>).data)
        : (e: Event) => (listener as (error: Error) => void)(new Error((e as ErrorEvent).message || 'unknown error'));
    this.worker.addEventListener(event, handler);
    this.removers.push(() => this.worker.removeEventListener(event, handler));
    return this;
  }

  removeAllListeners(): unknown {
    for (const remove of this.removers.splice(0)) remove();
    return this;
  }

  async terminate(): Promise<number> {
    this.worker.terminate();
    return 0;
  }
}

/**
 * The browser build's stand-in for Electron's preload: a LabApi whose simulator runs in a
 * Web Worker, under the same supervisor as Electron's (watchdog, restart, session restore).
 * Menus, deep links from the OS and native dialogs don't exist here; the page uses a file input
 * and the URL hash instead.
 */
export function createWorkerLabApi(): LabApi {
  const listeners = new Set<(reply: Reply) => void>();
  const supervisor = new WorkerSupervisor(
    () => new WebWorker(),
    (reply) => {
      for (const listener of listeners) listener(reply);
    },
  );
  const none = (): (() => void) => () => {};
  return {
    platform: 'web',
    send: (command) => supervisor.send(command),
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
