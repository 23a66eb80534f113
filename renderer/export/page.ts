import 'pixi.js/unsafe-eval';
import '@fontsource/inter/400.css';
import '@fontsource/inter/700.css';
import { installExportHook } from './hook';

/**
 * A bare page with only the export hook (no app shell, no simulator worker): what
 * `isolab export-video` loads when the build includes it (export.html), so a headless export
 * spends the CPU on frames only.
 */
async function start(): Promise<void> {
  await Promise.all(['400 12px Inter', '700 12px Inter'].map((font) => document.fonts.load(font))).catch(() => undefined);
  installExportHook();
  document.body.dataset.ready = 'true';
}

void start();
