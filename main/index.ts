import { app, BrowserWindow, dialog, ipcMain, Menu, screen, session, type IpcMainEvent, type IpcMainInvokeEvent } from 'electron';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { Reply } from '../src/protocol/replies';
import { registerAppScheme, serveRenderer } from './app-protocol';
import { AUDIENCE_VIEW, Channels, MenuCommands, VIEW_QUERY_PARAM, type OpenFileResult } from './channels';
import { DEEP_LINK_SCHEME, findDeepLinkArg, parseDeepLink } from './deep-link';
import { checkSender, guardCommand, type SenderInfo } from './ipc-guard';
import { menuTemplate } from './menu';
import { OPEN_EXTENSIONS, readOpenedFile } from './open-file';
import { addRecent, loadRecent, saveRecent } from './recent-files';
import { RecordingFile, safeRecordingName } from './recording-file';
import { ReplyHub, type ReplyTarget } from './reply-hub';
import { APP_ENTRY, APP_ORIGIN, contentSecurityPolicy, isAllowedPermission } from './security';
import { SimSupervisor } from './sim-supervisor';
import { readRuntimeEnv } from './runtime-env';
import { deepLinkPrompt, pageGonePrompt, unresponsivePrompt } from './window-recovery';
import { createAppWindow, hardenContents, sendWhenLoaded } from './windows';

/**
 * Electron main process: windows, menu, files, deep links and the simulator worker. Everything
 * that can be decided without Electron (message checks, link parsing, CSP, menu shape) lives in
 * the small pure modules imported above, each with its own tests.
 */

const here = dirname(fileURLToPath(import.meta.url));
const PRELOAD = join(here, '../preload/index.cjs');
const RENDERER_DIR = join(here, '../renderer');
const WORKER = join(here, 'sim-worker.js');
/** Dev and test switches; a packaged app ignores them (see runtime-env.ts). */
const ENV = readRuntimeEnv(process.env, app.isPackaged);
/** Set by `electron-vite dev`: the renderer comes from the dev server instead of app://. */
const DEV_URL = ENV.devServerUrl;
const devOrigin = DEV_URL ? new URL(DEV_URL).origin : undefined;
const APP_ORIGINS: readonly string[] = devOrigin ? [APP_ORIGIN, devOrigin] : [APP_ORIGIN];
const ENTRY_URL = DEV_URL ?? APP_ENTRY;
const CSP = contentSecurityPolicy(devOrigin);
const APP_NAME = 'Isolation Lab';

let mainWindow: BrowserWindow | null = null;
let audienceWindow: BrowserWindow | null = null;
let recent: string[] = [];
let pendingDeepLink: string | undefined = findDeepLinkArg(process.argv);
const hub = new ReplyHub();
let supervisor: SimSupervisor | null = null;

registerAppScheme();
// Tests point this at a temporary folder so runs never share recent files or the instance lock.
if (ENV.userDataDir) app.setPath('userData', resolve(ENV.userDataDir));

if (!app.requestSingleInstanceLock()) {
  // Another instance is running; it receives our argv (and so any deep link) via 'second-instance'.
  app.quit();
} else {
  app.on('second-instance', (_event, argv) => {
    focusMainWindow();
    const link = findDeepLinkArg(argv);
    if (link) handleDeepLink(link);
  });
  // macOS delivers links (and files dropped on the dock icon) as events, possibly before ready.
  app.on('open-url', (event, url) => {
    event.preventDefault();
    if (app.isReady()) handleDeepLink(url);
    else pendingDeepLink = url;
  });
  app.on('open-file', (event, path) => {
    event.preventDefault();
    if (app.isReady()) void openPath(path);
  });
  app.on('web-contents-created', (_event, contents) => hardenContents(contents, APP_ORIGINS));
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });
  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0) createMainWindow();
  });
  app.on('will-quit', () => void supervisor?.dispose());
  app
    .whenReady()
    .then(start)
    .catch((error: unknown) => {
      dialog.showErrorBox(APP_NAME, `The app could not start: ${(error as Error).message}`);
      app.exit(1);
    });
}

async function start(): Promise<void> {
  registerProtocolClient();
  hardenSession();
  serveRenderer(session.defaultSession, RENDERER_DIR, CSP);
  supervisor = new SimSupervisor(
    () => new Worker(WORKER, { name: 'simulator', resourceLimits: { maxOldGenerationSizeMb: 2048 } }),
    (reply) => hub.broadcast(reply),
    { onRestart: () => hub.forgetLesson() },
  );
  registerIpc();
  recent = await loadRecent(recentStore());
  createMainWindow();
  rebuildMenu();
  if (pendingDeepLink) handleDeepLink(pendingDeepLink);
  pendingDeepLink = undefined;
}

function registerProtocolClient(): void {
  if (ENV.skipProtocolRegistration) return;
  // Unpackaged (`electron .`), the OS must start Electron with our entry script as argument.
  const ok = process.defaultApp && process.argv[1]
    ? app.setAsDefaultProtocolClient(DEEP_LINK_SCHEME, process.execPath, [resolve(process.argv[1])])
    : app.setAsDefaultProtocolClient(DEEP_LINK_SCHEME);
  if (!ok) console.warn(`could not register ${DEEP_LINK_SCHEME}:// links with the system`);
}

function hardenSession(): void {
  const ses = session.defaultSession;
  ses.setPermissionRequestHandler((_contents, permission, callback, details) => callback(isAllowedPermission(permission, details.requestingUrl, APP_ORIGINS)));
  ses.setPermissionCheckHandler((_contents, permission, requestingOrigin, details) =>
    isAllowedPermission(permission, details.requestingUrl ?? requestingOrigin, APP_ORIGINS),
  );
  ses.setDevicePermissionHandler(() => false);
  ses.on('will-download', (event) => event.preventDefault());
  // app:// responses carry the CSP themselves; this covers the dev server and anything else.
  ses.webRequest.onHeadersReceived((details, callback) => {
    const headers: Record<string, string[]> = {};
    for (const [key, value] of Object.entries(details.responseHeaders ?? {})) {
      if (key.toLowerCase() !== 'content-security-policy') headers[key] = value;
    }
    headers['Content-Security-Policy'] = [CSP];
    callback({ responseHeaders: headers });
  });
}

function createMainWindow(): BrowserWindow {
  const win = createAppWindow({ preload: PRELOAD, url: ENTRY_URL, appOrigins: APP_ORIGINS, title: APP_NAME });
  mainWindow = win;
  watchRendererHealth(win);
  const target = replyTarget(win);
  hub.add(target);
  win.on('closed', () => {
    hub.remove(target.id);
    if (mainWindow === win) mainWindow = null;
    // The audience mirrors the presenter; it has no reason to outlive it.
    if (audienceWindow && !audienceWindow.isDestroyed()) audienceWindow.close();
  });
  return win;
}

function replyTarget(win: BrowserWindow): ReplyTarget {
  const contents = win.webContents;
  return { id: contents.id, send: (reply: Reply) => contents.send(Channels.reply, reply), isDestroyed: () => contents.isDestroyed() };
}

function focusMainWindow(): BrowserWindow {
  const win = mainWindow && !mainWindow.isDestroyed() ? mainWindow : createMainWindow();
  if (win.isMinimized()) win.restore();
  win.focus();
  return win;
}

/** The facts ipc-guard needs about who sent a message. */
function senderOf(event: IpcMainEvent | IpcMainInvokeEvent): SenderInfo | null {
  const frame = event.senderFrame;
  if (!frame) return null;
  const isOurWindow = [mainWindow, audienceWindow].some((w) => w && !w.isDestroyed() && w.webContents.id === event.sender.id);
  const top = event.sender.mainFrame;
  const isMainFrame = frame.parent === null && frame.processId === top.processId && frame.routingId === top.routingId;
  return { url: frame.url, isAppMainFrame: isOurWindow && isMainFrame };
}

function registerIpc(): void {
  ipcMain.on(Channels.command, (event, raw: unknown) => {
    const result = guardCommand(raw, senderOf(event), APP_ORIGINS);
    if (!result.ok) {
      if (!event.sender.isDestroyed()) event.sender.send(Channels.reply, result.reply);
      return;
    }
    // The audience window follows the presenter. Its renderer may ask for its default lesson on
    // start-up; obeying would reset the simulation the class is watching, so loads from it are
    // dropped (it is caught up with the presenter's lesson instead, see togglePresenter).
    if (result.command.type === 'load' && audienceWindow && !audienceWindow.isDestroyed() && event.sender.id === audienceWindow.webContents.id) return;
    supervisor?.send(result.command);
  });
  ipcMain.handle(Channels.openFileDialog, async (event): Promise<OpenFileResult> => {
    const verdict = checkSender(senderOf(event), APP_ORIGINS);
    if (!verdict.ok) return { ok: false, message: `refused: ${verdict.reason}` };
    const path = await askForFile(BrowserWindow.fromWebContents(event.sender));
    if (!path) return { ok: true, file: null };
    const read = await readOpenedFile(path);
    if (!read.ok) return { ok: false, message: read.message };
    await rememberRecent(path);
    return { ok: true, file: read.file };
  });
  registerRecordingIpc();
}

/** Recordings from the main window are written to the chosen file line by line as they arrive. */
const recording = new RecordingFile();

function registerRecordingIpc(): void {
  const fromMainWindow = (event: IpcMainEvent | IpcMainInvokeEvent): boolean =>
    checkSender(senderOf(event), APP_ORIGINS).ok && mainWindow !== null && event.sender.id === mainWindow.webContents.id;
  ipcMain.handle(Channels.recordingStart, async (event, suggested: unknown): Promise<boolean> => {
    if (!fromMainWindow(event)) return false;
    const options: Electron.SaveDialogOptions = {
      title: 'Record the session to…',
      defaultPath: join(app.getPath('documents'), safeRecordingName(suggested)),
      filters: [{ name: 'Isolation Lab recordings', extensions: ['ndjson'] }],
    };
    const parent = BrowserWindow.fromWebContents(event.sender);
    const choice = parent ? await dialog.showSaveDialog(parent, options) : await dialog.showSaveDialog(options);
    if (choice.canceled || !choice.filePath) return false;
    try {
      recording.start(choice.filePath);
      return true;
    } catch (error) {
      event.sender.send(Channels.reply, { type: 'error', message: `Could not write ${choice.filePath}: ${(error as Error).message}` } satisfies Reply);
      return false;
    }
  });
  ipcMain.on(Channels.recordingAppend, (event, text: unknown) => {
    if (!fromMainWindow(event)) return;
    const problem = recording.append(text);
    if (!problem || event.sender.isDestroyed()) return;
    // A failed write stopped the file: the renderer stops its recorder and says where things stand.
    if (problem.kind === 'stopped') event.sender.send(Channels.recordingFailed, problem.message);
    else event.sender.send(Channels.reply, { type: 'error', message: `recording: ${problem.message}` } satisfies Reply);
  });
  ipcMain.on(Channels.recordingClose, (event) => {
    if (fromMainWindow(event)) recording.close();
  });
  app.on('will-quit', () => recording.close());
}

async function askForFile(parent: BrowserWindow | null): Promise<string | undefined> {
  const options: Electron.OpenDialogOptions = {
    title: 'Open a lesson or recording',
    properties: ['openFile'],
    filters: [{ name: 'Lessons and recordings', extensions: [...OPEN_EXTENSIONS] }],
  };
  const result = parent ? await dialog.showOpenDialog(parent, options) : await dialog.showOpenDialog(options);
  return result.canceled ? undefined : result.filePaths[0];
}

/** Menu File > Open… / Open Recent: the file goes to the window as onOpenFile, errors as replies. */
async function openPath(path: string): Promise<void> {
  const win = focusMainWindow();
  const read = await readOpenedFile(path);
  if (!read.ok) {
    sendWhenLoaded(win, Channels.reply, { type: 'error', message: read.message } satisfies Reply);
    if (recent.includes(path)) await setRecent(recent.filter((p) => p !== path));
    return;
  }
  await rememberRecent(path);
  sendWhenLoaded(win, Channels.openFile, read.file);
}

async function rememberRecent(path: string): Promise<void> {
  app.addRecentDocument(path);
  await setRecent(addRecent(recent, path));
}

async function setRecent(list: string[]): Promise<void> {
  recent = list;
  rebuildMenu();
  await saveRecent(recentStore(), recent).catch((error: unknown) => console.warn(`could not save recent files: ${(error as Error).message}`));
}

function recentStore(): string {
  return join(app.getPath('userData'), 'recent-files.json');
}

function handleDeepLink(raw: string): void {
  const win = focusMainWindow();
  const parsed = parseDeepLink(raw);
  if (!parsed.ok) {
    sendWhenLoaded(win, Channels.reply, { type: 'error', message: parsed.error } satisfies Reply);
    return;
  }
  // Any web page can fire an isolab:// link: it must not end a recording or drop work silently.
  const prompt = deepLinkPrompt(parsed.link.lessonId, { recording: recording.open, inputs: supervisor?.sessionInputs ?? 0 });
  if (!prompt) {
    sendWhenLoaded(win, Channels.deepLink, parsed.link);
    return;
  }
  void dialog.showMessageBox(win, { type: 'question', ...prompt, defaultId: 1, cancelId: 1 }).then(({ response }) => {
    if (response === 0 && !win.isDestroyed()) sendWhenLoaded(win, Channels.deepLink, parsed.link);
  });
}

/** A crashed or hung page: keep the recording valid (close it at its last complete line) and offer a reload. */
function watchRendererHealth(win: BrowserWindow): void {
  win.webContents.on('render-process-gone', (_event, details) => {
    if (details.reason === 'clean-exit' || win.isDestroyed()) return;
    const wasRecording = recording.open;
    recording.close();
    void dialog.showMessageBox(win, { type: 'error', ...pageGonePrompt(details.reason, wasRecording), defaultId: 0, cancelId: 1 }).then(({ response }) => {
      if (win.isDestroyed()) return;
      if (response === 0) win.webContents.reload();
      else win.close();
    });
  });
  win.on('unresponsive', () => {
    void dialog.showMessageBox(win, { type: 'warning', ...unresponsivePrompt(recording.open), defaultId: 1, cancelId: 1 }).then(({ response }) => {
      if (response !== 0 || win.isDestroyed()) return;
      recording.close();
      win.webContents.forcefullyCrashRenderer();
      win.webContents.reload();
    });
  });
}

function sendMenuCommand(command: string): void {
  const win = focusMainWindow();
  sendWhenLoaded(win, Channels.menu, command);
}

function rebuildMenu(): void {
  const template = menuTemplate(
    { recent, presenterOn: audienceWindow !== null && !audienceWindow.isDestroyed(), platform: process.platform, appName: APP_NAME },
    {
      open: () => {
        void askForFile(focusMainWindow()).then((path) => (path ? openPath(path) : undefined));
      },
      openRecent: (path) => void openPath(path),
      clearRecent: () => {
        app.clearRecentDocuments();
        void setRecent([]);
      },
      togglePresenter,
      sendToRenderer: sendMenuCommand,
    },
  );
  Menu.setApplicationMenu(Menu.buildFromTemplate(template));
}

/**
 * Presenter mode: a second, full-screen "audience" window showing the same simulation. Both
 * windows subscribe to the one worker through the reply hub; the audience is caught up with the
 * current lesson and a snapshot when it opens. The main window switches to the presenter view.
 */
function togglePresenter(): void {
  if (audienceWindow && !audienceWindow.isDestroyed()) {
    audienceWindow.close();
    return;
  }
  const url = new URL(ENTRY_URL);
  url.searchParams.set(VIEW_QUERY_PARAM, AUDIENCE_VIEW);
  const win = createAppWindow({ preload: PRELOAD, url: url.toString(), appOrigins: APP_ORIGINS, title: `${APP_NAME} — audience` });
  audienceWindow = win;
  const target = replyTarget(win);
  // Joins the hub only once its page is there, so it receives the lesson first, then frames,
  // then the snapshot that brings it to the presenter's current state.
  win.webContents.once('did-finish-load', () => {
    hub.add(target);
    if (hub.catchUp(target)) supervisor?.send({ type: 'snapshot' });
    placeOnSecondDisplay(win);
  });
  win.on('closed', () => {
    hub.remove(target.id);
    if (audienceWindow === win) audienceWindow = null;
    if (mainWindow && !mainWindow.isDestroyed()) sendWhenLoaded(mainWindow, Channels.menu, MenuCommands.presenterOff);
    rebuildMenu();
  });
  if (mainWindow && !mainWindow.isDestroyed()) sendWhenLoaded(mainWindow, Channels.menu, MenuCommands.presenterOn);
  rebuildMenu();
}

/** Full screen on a projector when there is one; otherwise a normal window beside the presenter. */
function placeOnSecondDisplay(win: BrowserWindow): void {
  const primary = screen.getPrimaryDisplay();
  const other = screen.getAllDisplays().find((d) => d.id !== primary.id);
  if (!other || win.isDestroyed()) return;
  win.setBounds(other.bounds);
  win.setFullScreen(true);
}
