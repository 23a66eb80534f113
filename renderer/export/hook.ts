import { ExportCancelled, exportRecording, type ExportProgress } from './exporter';
import { openFrameSource, type VideoSettings } from './frame-source';
import { sendFrames } from './frame-sender';

/**
 * AUTOMATION HOOKS, used by `isolab export-video` in headless Chromium. They only read the
 * recording they are given: they cannot change the app's simulation.
 * - `window.__isolabExportFrames(text, settings, endpoint)`: draws every frame and POSTs those
 *   that changed as PNGs to `endpoint` (the CLI's own server, which pipes them into ffmpeg). The fast path.
 * - `window.__isolabExport(text, settings)`: the in-page WebCodecs export (what the app's Export
 *   button does), resolved as base64 (Playwright carries strings, not bytes). Kept for machines
 *   without ffmpeg and to measure the two paths side by side. Progress goes to
 *   `window.__isolabExportProgress` if the automation exposed one.
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

export interface FramesHookResult {
  frames: number;
  elapsedMs: number;
  renderMs: number;
  /** Time spent comparing each drawn frame's pixels with the previous frame's. */
  compareMs: number;
  /** Time the page waited on PNG encoding and on the encoder (backpressure). */
  waitMs: number;
  /** Frames sent as pictures; the rest repeat the frame before. */
  sent: number;
}

declare global {
  interface Window {
    __isolabExport?: (text: string, settings: VideoSettings) => Promise<ExportHookResult>;
    __isolabExportFrames?: (text: string, settings: VideoSettings, endpoint: string) => Promise<FramesHookResult>;
    __isolabExportProgress?: (progress: ExportProgress) => void;
  }
}

export function installExportHook(): void {
  if (window.__isolabExport) return;
  Object.defineProperty(window, '__isolabExport', {
    configurable: false,
    writable: false,
    value: async (text: string, settings: VideoSettings): Promise<ExportHookResult> => {
      const started = performance.now();
      const result = await exportRecording(text, settings, { onProgress: (p) => window.__isolabExportProgress?.(p) });
      const elapsedMs = performance.now() - started;
      return { base64: toBase64(result.bytes), frames: result.frames, codec: result.codec, bytes: result.bytes.length, elapsedMs, ...result.timing };
    },
  });
  Object.defineProperty(window, '__isolabExportFrames', {
    configurable: false,
    writable: false,
    value: async (text: string, settings: VideoSettings, endpoint: string): Promise<FramesHookResult> => {
      const started = performance.now();
      const frames = await openFrameSource(text, settings);
      try {
        const timing = await sendFrames(frames, endpoint, settings.fps);
        return { frames: frames.count, elapsedMs: performance.now() - started, ...timing };
      } finally {
        frames.dispose();
      }
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
