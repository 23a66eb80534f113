import { app, BrowserWindow, dialog, ipcMain, session } from 'electron';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { appConfig } from './app-config';
import { AppMenu } from './app-menu';
import { registerAppScheme, serveRenderer } from './app-protocol';
import { DeepLinkService } from './deep-link-service';
import { DEEP_LINK_SCHEME, findDeepLinkArg } from './deep-link';
import { FileService } from './file-service';
import { IpcRouter } from './ipc-router';
import { RecentService } from './recent-service';
import { RecordingService } from './recording-service';
import { watchRendererHealth } from './renderer-health';
import { ReplyHub } from './reply-hub';
import { readRuntimeEnv } from './runtime-env';
import { hardenSession } from './session-hardening';
import { SimService } from './sim-service';
import { WindowService } from './window-service';
import { hardenContents } from './windows';

/**
 * Electron main process: the composition root. Each concern is a small service with its
 * dependencies passed in (windows, recent files, files, recordings, deep links, the simulator,
 * the menu); this file builds them once and connects them to the app's lifecycle events. Every
 * IPC channel goes through the router, typed by the contract in main/ipc-contract.ts.
 */

/** Dev and test switches; a packaged app ignores them (see runtime-env.ts). */
const env = readRuntimeEnv(process.env, app.isPackaged);
const config = appConfig(dirname(fileURLToPath(import.meta.url)), env);

registerAppScheme();
// Tests point this at a temporary folder so runs never share recent files or the instance lock.
if (env.userDataDir) app.setPath('userData', resolve(env.userDataDir));

const hub = new ReplyHub();
const windows: WindowService = new WindowService({
  config,
  hub,
  requestSnapshot: () => sim.requestSnapshot(),
  presenterChanged: () => menu.rebuild(),
  watch: (win) => watchRendererHealth(win, recordings),
});
const recent = new RecentService({ storeFile: () => join(app.getPath('userData'), 'recent-files.json'), os: app, changed: () => menu.rebuild() });
const files = new FileService({ windows, recent });
const recordings = new RecordingService({ windows, documentsDir: () => app.getPath('documents') });
const menu = new AppMenu({ appName: config.appName, windows, files, recent });
const sim = new SimService({
  createWorker: () => new Worker(config.workerFile, { name: 'simulator', resourceLimits: { maxOldGenerationSizeMb: 2048 } }),
  hub,
  windows,
});
const deepLinks = new DeepLinkService({ windows, work: () => ({ recording: recordings.open, inputs: sim.sessionInputs }) }, findDeepLinkArg(process.argv));

if (!app.requestSingleInstanceLock()) {
  // Another instance is running; it receives our argv (and so any deep link) via 'second-instance'.
  app.quit();
} else {
  app.on('second-instance', (_event, argv) => {
    windows.focusMain();
    const link = findDeepLinkArg(argv);
    if (link) deepLinks.receive(link);
  });
  // macOS delivers links (and files dropped on the dock icon) as events, possibly before ready.
  app.on('open-url', (event, url) => {
    event.preventDefault();
    deepLinks.receive(url);
  });
  app.on('open-file', (event, path) => {
    event.preventDefault();
    if (app.isReady()) void files.openPath(path);
  });
  app.on('web-contents-created', (_event, contents) => hardenContents(contents, config.appOrigins));
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });
  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0) windows.createMain();
  });
  app.on('will-quit', () => {
    recordings.close();
    void sim.dispose();
  });
  app
    .whenReady()
    .then(start)
    .catch((error: unknown) => {
      dialog.showErrorBox(config.appName, `The app could not start: ${(error as Error).message}`);
      app.exit(1);
    });
}

async function start(): Promise<void> {
  registerProtocolClient();
  hardenSession(session.defaultSession, config.appOrigins, config.csp);
  serveRenderer(session.defaultSession, config.rendererDir, config.csp);
  sim.start();
  const router = new IpcRouter(ipcMain, (event) => windows.senderOf(event), config.appOrigins);
  sim.register(router);
  files.register(router);
  recordings.register(router);
  await recent.load();
  windows.createMain();
  menu.rebuild();
  deepLinks.start();
}

function registerProtocolClient(): void {
  if (env.skipProtocolRegistration) return;
  // Unpackaged (`electron .`), the OS must start Electron with our entry script as argument.
  const ok = process.defaultApp && process.argv[1]
    ? app.setAsDefaultProtocolClient(DEEP_LINK_SCHEME, process.execPath, [resolve(process.argv[1])])
    : app.setAsDefaultProtocolClient(DEEP_LINK_SCHEME);
  if (!ok) console.warn(`could not register ${DEEP_LINK_SCHEME}:// links with the system`);
}
