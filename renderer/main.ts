import '@fontsource/inter/400.css';
import '@fontsource/inter/600.css';
import '@fontsource/inter/700.css';
import './styles.css';
import { startApp } from './app';
import { Stage } from './stage';
import { connectLab } from './transport';
import { createLayout } from './ui/layout';
import { withRecording } from './ui/recording-controls';
import { installExportHook } from './export/hook';

/**
 * The one renderer entry, for the Electron window and the browser build alike. Pixi text is
 * rasterised once, so the bundled Inter font must be loaded before the first view draws.
 */
async function main(): Promise<void> {
  const root = document.getElementById('app');
  if (!root) throw new Error('index.html lacks #app');
  const slots = createLayout(root);
  await Promise.all(['400 12px Inter', '600 12px Inter', '700 12px Inter'].map((font) => document.fonts.load(font))).catch(() => undefined);
  const stage = await Stage.create(slots.canvasHost);
  // Record / Open recording / Export wrap the lab API; the shell talks to the wrapper unchanged.
  startApp(withRecording(connectLab(), slots, () => stage.activeViewId), slots, stage);
  installExportHook();
}

main().catch((error: unknown) => {
  const message = document.createElement('pre');
  message.className = 'fatal';
  message.textContent = `Isolation Lab could not start: ${error instanceof Error ? error.message : String(error)}`;
  document.body.append(message);
});
