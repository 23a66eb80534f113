import 'pixi.js/unsafe-eval';
import '@fontsource/inter/400.css';
import '@fontsource/inter/700.css';
import { installExportHook } from './hook';
import { installTheme } from '../ui/theme';
import { installMotion } from '../ui/motion';

/**
 * A bare page with only the export hook (no app shell, no simulator worker): what
 * `isolab export-video` loads when the build includes it (export.html), so a headless export
 * spends the CPU on frames only.
 */
async function start(): Promise<void> {
  // `export.html?theme=projector` draws the frames in the light projector theme (the palette the
  // views read); without it, the remembered or default (dark) theme.
  installTheme();
  // `?motion=reduced|full` (isolab export-video always passes one, so the machine's setting never shows).
  installMotion();
  await Promise.all(['400 12px Inter', '700 12px Inter'].map((font) => document.fonts.load(font))).catch(() => undefined);
  installExportHook();
  document.body.dataset.ready = 'true';
}

void start();
