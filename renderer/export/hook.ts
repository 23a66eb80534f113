import { ExportCancelled, exportRecording, type ExportProgress } from './exporter';
import type { ExportSettings } from '../../src/recording/frame-plan';

/**
 * AUTOMATION HOOK: `window.__isolabExport(text, settings)` exports a recording and resolves with
 * the WebM as base64 (Playwright carries strings across, not bytes). `isolab export-video` drives
 * the built app in headless Chromium through it. It only reads the recording it is given: it
 * cannot change the app's simulation. Progress goes to `window.__isolabExportProgress` if the
 * automation exposed one.
 */
export interface ExportHookResult {
  base64: string;
  frames: number;
  codec: string;
  bytes: number;
  /** Time the page spent rendering and encoding (reported only; frames never depend on it). */
  elapsedMs: number;
  renderMs: number;
  encodeMs: number;
}

declare global {
  interface Window {
    __isolabExport?: (text: string, settings: ExportSettings) => Promise<ExportHookResult>;
    __isolabExportProgress?: (progress: ExportProgress) => void;
  }
}

export function installExportHook(): void {
  if (window.__isolabExport) return;
  Object.defineProperty(window, '__isolabExport', {
    configurable: false,
    writable: false,
    value: async (text: string, settings: ExportSettings): Promise<ExportHookResult> => {
      const started = performance.now();
      const result = await exportRecording(text, settings, { onProgress: (p) => window.__isolabExportProgress?.(p) });
      const elapsedMs = performance.now() - started;
      return { base64: toBase64(result.bytes), frames: result.frames, codec: result.codec, bytes: result.bytes.length, elapsedMs, ...result.timing };
    },
  });
}

function toBase64(bytes: Uint8Array): string {
  let binary = '';
  const chunk = 0x8000;
  for (let i = 0; i < bytes.length; i += chunk) binary += String.fromCharCode(...bytes.subarray(i, i + chunk));
  return btoa(binary);
}

export { ExportCancelled };
