import { BrowserWindow, type WebContents } from 'electron';
import type { PayloadArgs, PushChannel, PushPayloads } from './ipc-contract';
import { push } from './ipc-router';
import { isAllowedNavigation } from './security';

export interface AppWindowOptions {
  preload: string;
  url: string;
  appOrigins: readonly string[];
  title: string;
  width?: number;
  height?: number;
}

/**
 * A window with every hardening option set explicitly (not left to defaults that have changed
 * between Electron versions): isolated, sandboxed, no Node, web security on.
 */
export function createAppWindow(options: AppWindowOptions): BrowserWindow {
  const win = new BrowserWindow({
    width: options.width ?? 1280,
    height: options.height ?? 800,
    minWidth: 720,
    minHeight: 480,
    title: options.title,
    show: false,
    backgroundColor: '#111418',
    webPreferences: {
      preload: options.preload,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      experimentalFeatures: false,
      spellcheck: false,
    },
  });
  // Show when painted to avoid a white flash; a fallback covers pages that never report ready.
  const fallback = setTimeout(() => !win.isDestroyed() && !win.isVisible() && win.show(), 3000);
  win.once('ready-to-show', () => {
    clearTimeout(fallback);
    win.show();
  });
  win.on('closed', () => clearTimeout(fallback));
  // A load that fails (a missing build, an aborted navigation) is logged, not an unhandled rejection.
  win.loadURL(options.url).catch((error: unknown) => console.error(`could not load ${options.url}: ${(error as Error).message}`));
  return win;
}

/**
 * Applied to every web contents the app ever creates (app 'web-contents-created'), so no
 * window, including one created by mistake later, can navigate away, open windows or embed
 * webviews.
 */
export function hardenContents(contents: WebContents, appOrigins: readonly string[]): void {
  contents.on('will-navigate', (event) => {
    if (!isAllowedNavigation(event.url, appOrigins)) event.preventDefault();
  });
  contents.on('will-frame-navigate', (event) => {
    if (!isAllowedNavigation(event.url, appOrigins)) event.preventDefault();
  });
  contents.on('will-redirect', (event) => {
    if (!isAllowedNavigation(event.url, appOrigins)) event.preventDefault();
  });
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(() => ({ action: 'deny' }));
}

/** Sends on a main → renderer channel once the page (and so its preload) is there; queued while it loads. */
export function sendWhenLoaded<C extends PushChannel>(win: BrowserWindow, channel: C, ...payload: PayloadArgs<PushPayloads[C]>): void {
  if (win.isDestroyed()) return;
  const contents = win.webContents;
  if (contents.isLoading()) contents.once('did-finish-load', () => push(contents, channel, ...payload));
  else push(contents, channel, ...payload);
}
