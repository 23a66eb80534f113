import { screen, type BrowserWindow } from 'electron';
import type { AppConfig } from './app-config';
import { AUDIENCE_VIEW, Channels, MenuCommands, VIEW_QUERY_PARAM } from './channels';
import type { PayloadArgs, PushChannel, PushPayloads } from './ipc-contract';
import type { SenderInfo } from './ipc-guard';
import { push, type IpcEvent } from './ipc-router';
import type { ReplyHub, ReplyTarget } from './reply-hub';
import { createAppWindow, sendWhenLoaded } from './windows';

export interface WindowServiceDeps {
  config: AppConfig;
  /** Both windows receive the simulator's replies through the hub. */
  hub: ReplyHub;
  /** The audience window was caught up with the lesson: ask the simulator for the current state. */
  requestSnapshot(): void;
  /** Presenter mode went on or off (the menu's checkbox follows). */
  presenterChanged(): void;
  /** Called for each main window (crash and hang handling). */
  watch(win: BrowserWindow): void;
}

/**
 * The app's two windows: the main window, and in presenter mode a second, full-screen
 * "audience" window showing the same simulation. Both subscribe to the one worker through the
 * reply hub; the audience is caught up with the current lesson and a snapshot when it opens,
 * and the main window switches to the presenter view. Also answers "which window sent this?"
 * for the IPC sender checks.
 */
export class WindowService {
  private mainWindow: BrowserWindow | null = null;
  private audienceWindow: BrowserWindow | null = null;

  constructor(private readonly deps: WindowServiceDeps) {}

  get presenterOn(): boolean {
    return live(this.audienceWindow) !== null;
  }

  createMain(): BrowserWindow {
    const { config, hub } = this.deps;
    const win = createAppWindow({ preload: config.preload, url: config.entryUrl, appOrigins: config.appOrigins, title: config.appName });
    this.mainWindow = win;
    this.deps.watch(win);
    const target = replyTarget(win);
    hub.add(target);
    win.on('closed', () => {
      hub.remove(target.id);
      if (this.mainWindow === win) this.mainWindow = null;
      // The audience mirrors the presenter; it has no reason to outlive it.
      live(this.audienceWindow)?.close();
    });
    return win;
  }

  /** The main window, brought to the front (created if it was closed). */
  focusMain(): BrowserWindow {
    const win = live(this.mainWindow) ?? this.createMain();
    if (win.isMinimized()) win.restore();
    win.focus();
    return win;
  }

  /** Brings the main window forward and sends it a message once its page is there. */
  sendToMain<C extends PushChannel>(channel: C, ...payload: PayloadArgs<PushPayloads[C]>): void {
    sendWhenLoaded(this.focusMain(), channel, ...payload);
  }

  isMainWindow(contentsId: number): boolean {
    return live(this.mainWindow)?.webContents.id === contentsId;
  }

  isAudience(contentsId: number): boolean {
    return live(this.audienceWindow)?.webContents.id === contentsId;
  }

  /** The facts the IPC guard needs about who sent a message. */
  senderOf(event: IpcEvent): SenderInfo | null {
    const frame = event.senderFrame;
    if (!frame) return null;
    const isOurWindow = this.isMainWindow(event.sender.id) || this.isAudience(event.sender.id);
    const top = event.sender.mainFrame;
    const isMainFrame = frame.parent === null && frame.processId === top.processId && frame.routingId === top.routingId;
    return { url: frame.url, isAppMainFrame: isOurWindow && isMainFrame };
  }

  togglePresenter(): void {
    const open = live(this.audienceWindow);
    if (open) {
      open.close();
      return;
    }
    const { config, hub } = this.deps;
    const url = new URL(config.entryUrl);
    url.searchParams.set(VIEW_QUERY_PARAM, AUDIENCE_VIEW);
    const win = createAppWindow({ preload: config.preload, url: url.toString(), appOrigins: config.appOrigins, title: `${config.appName} — audience` });
    this.audienceWindow = win;
    const target = replyTarget(win);
    // Joins the hub only once its page is there, so it receives the lesson first, then frames,
    // then the snapshot that brings it to the presenter's current state.
    win.webContents.once('did-finish-load', () => {
      hub.add(target);
      if (hub.catchUp(target)) this.deps.requestSnapshot();
      placeOnSecondDisplay(win);
    });
    win.on('closed', () => {
      hub.remove(target.id);
      if (this.audienceWindow === win) this.audienceWindow = null;
      this.tellMain(MenuCommands.presenterOff);
      this.deps.presenterChanged();
    });
    this.tellMain(MenuCommands.presenterOn);
    this.deps.presenterChanged();
  }

  /** A menu command for the main window if it is open (without bringing it forward). */
  private tellMain(command: string): void {
    const main = live(this.mainWindow);
    if (main) sendWhenLoaded(main, Channels.menu, command);
  }
}

function live(win: BrowserWindow | null): BrowserWindow | null {
  return win && !win.isDestroyed() ? win : null;
}

function replyTarget(win: BrowserWindow): ReplyTarget {
  const contents = win.webContents;
  return { id: contents.id, send: (reply) => push(contents, Channels.reply, reply), isDestroyed: () => contents.isDestroyed() };
}

/** Full screen on a projector when there is one; otherwise a normal window beside the presenter. */
function placeOnSecondDisplay(win: BrowserWindow): void {
  const primary = screen.getPrimaryDisplay();
  const other = screen.getAllDisplays().find((d) => d.id !== primary.id);
  if (!other || win.isDestroyed()) return;
  win.setBounds(other.bounds);
  win.setFullScreen(true);
}
