import type { LabApi } from '../src/protocol/lab-api';
import { createWorkerLabApi } from './web/worker-lab-api';

declare global {
  interface Window {
    /** Set by the Electron preload; absent in the browser build. */
    lab?: LabApi;
  }
}

/** The desktop app's `window.lab` when present, otherwise the simulator in a Web Worker. */
export function connectLab(): LabApi {
  return window.lab ?? createWorkerLabApi();
}
