import type { MenuItemConstructorOptions } from 'electron';
import { basename } from 'node:path';
import { MenuCommands } from './channels';

/** What the menu can ask main to do; main/app-menu.ts supplies the Electron side. */
export interface MenuActions {
  open(): void;
  openRecent(path: string): void;
  clearRecent(): void;
  togglePresenter(): void;
  /** A command the renderer handles (help overlay, about dialog). */
  sendToRenderer(command: string): void;
}

/** Stable ids of items that tests (and main) look up with Menu.getMenuItemById. */
export const MENU_IDS = { presenter: 'view.presenter', open: 'file.open' } as const;

export interface MenuState {
  recent: readonly string[];
  presenterOn: boolean;
  platform: NodeJS.Platform;
  appName: string;
}

/**
 * The application menu as a plain template (built into a Menu by main/app-menu.ts), so its shape
 * is testable without Electron. Zoom and full screen use Electron's roles, which also give the
 * platform's standard shortcuts.
 */
export function menuTemplate(state: MenuState, actions: MenuActions): MenuItemConstructorOptions[] {
  const isMac = state.platform === 'darwin';
  const recentItems: MenuItemConstructorOptions[] =
    state.recent.length === 0
      ? [{ label: 'No Recent Files', enabled: false }]
      : state.recent.map((path) => ({ label: basename(path), sublabel: path, toolTip: path, click: () => actions.openRecent(path) }));

  const file: MenuItemConstructorOptions = {
    label: '&File',
    submenu: [
      { id: MENU_IDS.open, label: 'Open…', accelerator: 'CmdOrCtrl+O', click: () => actions.open() },
      {
        label: 'Open Recent',
        submenu: [...recentItems, { type: 'separator' }, { label: 'Clear Recent', enabled: state.recent.length > 0, click: () => actions.clearRecent() }],
      },
      { type: 'separator' },
      isMac ? { role: 'close' } : { role: 'quit', label: 'Quit', accelerator: 'CmdOrCtrl+Q' },
    ],
  };
  const view: MenuItemConstructorOptions = {
    label: '&View',
    submenu: [
      { role: 'zoomIn' },
      { role: 'zoomOut' },
      { role: 'resetZoom' },
      { type: 'separator' },
      { role: 'togglefullscreen' },
      { type: 'separator' },
      { id: MENU_IDS.presenter, label: 'Presenter Mode', type: 'checkbox', checked: state.presenterOn, accelerator: 'CmdOrCtrl+Shift+P', click: () => actions.togglePresenter() },
      // No accelerator: the renderer handles T itself (the theme is the renderer's setting).
      { label: 'Projector Theme (Light) On / Off', click: () => actions.sendToRenderer(MenuCommands.theme) },
      // No accelerator either: the renderer handles M, and the setting is the renderer's.
      { label: 'Reduce Motion On / Off', click: () => actions.sendToRenderer(MenuCommands.motion) },
    ],
  };
  const help: MenuItemConstructorOptions = {
    label: '&Help',
    role: 'help',
    submenu: [
      // No accelerator: the renderer already handles `?`, and a menu accelerator would swallow it.
      { label: 'Keyboard Shortcuts', click: () => actions.sendToRenderer(MenuCommands.shortcuts) },
      { type: 'separator' },
      { label: `About ${state.appName}`, click: () => actions.sendToRenderer(MenuCommands.about) },
    ],
  };
  const macApp: MenuItemConstructorOptions[] = isMac
    ? [{ label: state.appName, submenu: [{ role: 'about' }, { type: 'separator' }, { role: 'hide' }, { role: 'hideOthers' }, { role: 'unhide' }, { type: 'separator' }, { role: 'quit' }] }]
    : [];
  // Edit keeps copy/paste working in text fields (on macOS it only works through the menu).
  const edit: MenuItemConstructorOptions = { label: '&Edit', submenu: [{ role: 'undo' }, { role: 'redo' }, { type: 'separator' }, { role: 'cut' }, { role: 'copy' }, { role: 'paste' }, { role: 'selectAll' }] };
  return [...macApp, file, edit, view, help];
}
