import { EventEmitter } from 'node:events';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * A small stand-in for the parts of Electron the main process's services use, so their wiring
 * (window options, IPC checks, deep links, menu, presenter mode, worker restarts) runs in unit
 * tests on machines without the Electron binary. It records calls; it does not emulate Chromium.
 */

type Listener = (...args: unknown[]) => unknown;

let nextContentsId = 1;

export class FakeFrame {
  parent: FakeFrame | null = null;
  constructor(
    public url: string,
    public processId: number,
    public routingId: number,
  ) {}
}

export class FakeWebContents extends EventEmitter {
  readonly id = nextContentsId++;
  readonly sent: [string, unknown][] = [];
  loading = true;
  destroyed = false;
  mainFrame = new FakeFrame('', this.id, 1);
  windowOpenHandler: Listener | null = null;
  send(channel: string, payload: unknown): void {
    this.sent.push([channel, payload]);
  }
  isLoading(): boolean {
    return this.loading;
  }
  isDestroyed(): boolean {
    return this.destroyed;
  }
  setWindowOpenHandler(handler: Listener): void {
    this.windowOpenHandler = handler;
  }
  /** Test helper: the page finished loading. */
  finishLoad(): void {
    this.loading = false;
    this.emit('did-finish-load');
  }
  sentOn(channel: string): unknown[] {
    return this.sent.filter(([c]) => c === channel).map(([, p]) => p);
  }
}

export class FakeBrowserWindow extends EventEmitter {
  static all: FakeBrowserWindow[] = [];
  readonly webContents = new FakeWebContents();
  destroyed = false;
  visible = false;
  fullScreen = false;
  constructor(public readonly options: Record<string, unknown>) {
    super();
    FakeBrowserWindow.all.push(this);
    fake.emit('web-contents-created', this.webContents);
  }
  static getAllWindows(): FakeBrowserWindow[] {
    return FakeBrowserWindow.all.filter((w) => !w.destroyed);
  }
  static fromWebContents(contents: FakeWebContents): FakeBrowserWindow | null {
    return FakeBrowserWindow.all.find((w) => w.webContents === contents) ?? null;
  }
  async loadURL(url: string): Promise<void> {
    this.webContents.mainFrame.url = url;
  }
  isDestroyed(): boolean {
    return this.destroyed;
  }
  show(): void {
    this.visible = true;
  }
  isVisible(): boolean {
    return this.visible;
  }
  isMinimized(): boolean {
    return false;
  }
  restore(): void {}
  focus(): void {}
  setBounds(): void {}
  setFullScreen(on: boolean): void {
    this.fullScreen = on;
  }
  close(): void {
    this.destroyed = true;
    this.webContents.destroyed = true;
    this.emit('closed');
  }
}

/** Everything the fake records, plus hooks the test drives. */
export const fake = Object.assign(new EventEmitter(), {
  userData: mkdtempSync(join(tmpdir(), 'isolab-fake-electron-')),
  privilegedSchemes: [] as unknown[],
  protocolHandlers: new Map<string, Listener>(),
  ipcOn: new Map<string, Listener>(),
  ipcHandle: new Map<string, Listener>(),
  appHandlers: new Map<string, Listener[]>(),
  menu: null as unknown,
  permissionRequest: null as Listener | null,
  permissionCheck: null as Listener | null,
  headersReceived: null as Listener | null,
  protocolClients: [] as unknown[][],
  recentDocuments: [] as string[],
  dialogAnswer: null as string | null,
  ready: null as (() => void) | null,
});

const readyPromise = new Promise<void>((resolve) => {
  fake.ready = resolve;
});

const app = {
  on(event: string, listener: Listener) {
    fake.appHandlers.set(event, [...(fake.appHandlers.get(event) ?? []), listener]);
    if (event === 'web-contents-created') fake.on('web-contents-created', (contents) => listener({}, contents));
    return app;
  },
  whenReady: () => readyPromise,
  isReady: () => fake.ready === null,
  setPath(name: string, path: string) {
    if (name === 'userData') fake.userData = path;
  },
  getPath: () => fake.userData,
  requestSingleInstanceLock: () => true,
  quit() {},
  exit() {},
  setAsDefaultProtocolClient: (...args: unknown[]) => {
    fake.protocolClients.push(args);
    return true;
  },
  addRecentDocument: (path: string) => fake.recentDocuments.push(path),
  clearRecentDocuments: () => (fake.recentDocuments.length = 0),
};

export const electronModule = {
  app,
  BrowserWindow: FakeBrowserWindow,
  protocol: { registerSchemesAsPrivileged: (schemes: unknown[]) => fake.privilegedSchemes.push(...schemes) },
  session: {
    defaultSession: {
      protocol: { handle: (scheme: string, handler: Listener) => fake.protocolHandlers.set(scheme, handler) },
      setPermissionRequestHandler: (handler: Listener) => (fake.permissionRequest = handler),
      setPermissionCheckHandler: (handler: Listener) => (fake.permissionCheck = handler),
      setDevicePermissionHandler() {},
      on() {},
      webRequest: { onHeadersReceived: (handler: Listener) => (fake.headersReceived = handler) },
    },
  },
  ipcMain: {
    on: (channel: string, listener: Listener) => fake.ipcOn.set(channel, listener),
    handle: (channel: string, listener: Listener) => fake.ipcHandle.set(channel, listener),
  },
  Menu: {
    buildFromTemplate: (template: unknown) => template,
    setApplicationMenu: (menu: unknown) => (fake.menu = menu),
  },
  dialog: {
    showOpenDialog: async () => (fake.dialogAnswer ? { canceled: false, filePaths: [fake.dialogAnswer] } : { canceled: true, filePaths: [] }),
    showErrorBox() {},
  },
  screen: {
    getPrimaryDisplay: () => ({ id: 1, bounds: { x: 0, y: 0, width: 1920, height: 1080 } }),
    getAllDisplays: () => [{ id: 1, bounds: { x: 0, y: 0, width: 1920, height: 1080 } }],
  },
};

/** Marks the app ready (resolves app.whenReady()). */
export function makeReady(): void {
  fake.ready?.();
  fake.ready = null;
}
