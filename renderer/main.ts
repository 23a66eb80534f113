import '@fontsource/inter/400.css';
import '@fontsource/inter/600.css';
import '@fontsource/inter/700.css';
import './styles.css';
import { startApp } from './app';
import { Stage } from './stage';
import { connectLab } from './transport';
import { fileChannel } from './ui/drop-zone';
import { createLayout } from './ui/layout';
import { presenterSession } from './ui/modes';
import { startPresenterWindow } from './ui/presenter-window';
import { withRecording } from './ui/recording-controls';
import { installExportHook } from './export/hook';
import { installMotion } from './ui/motion';
import { installTheme } from './ui/theme';

/**
 * The one renderer entry, for the Electron window and the browser build alike. Pixi text is
 * rasterised once, so the bundled Inter font must be loaded before the first view draws.
 */
async function main(): Promise<void> {
  const root = document.getElementById('app');
  if (!root) throw new Error('index.html lacks #app');
  // Before anything draws or animates: the camera, pulses and CSS read it.
  installMotion();
  // Before the stage exists, so the first frame and every panel are in the chosen theme.
  installTheme();
  // The browser build's presenter window shows notes and answers only; it runs no simulator.
  const session = presenterSession(location.search);
  if (session) return startPresenterWindow(root, session);
  const slots = createLayout(root);
  await Promise.all(['400 12px Inter', '600 12px Inter', '700 12px Inter'].map((font) => document.fonts.load(font))).catch(() => undefined);
  const stage = await Stage.create(slots.canvasHost);
  // Files the page opens (Open button, drops) join Electron's File › Open on one channel; Record /
  // Open recording / Export wrap that, sending recordings to the player and lessons to the shell.
  const files = fileChannel(connectLab());
  startApp(withRecording(files.lab, slots, () => stage.activeViewId), slots, stage, files);
  installExportHook();
}

main().catch((error: unknown) => {
  const message = document.createElement('pre');
  message.className = 'fatal';
  message.textContent = `Isolation Lab could not start: ${error instanceof Error ? error.message : String(error)}`;
  document.body.append(message);
});
