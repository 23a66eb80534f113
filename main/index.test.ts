import type { MenuItemConstructorOptions } from 'electron';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { SimHost } from '../src/host';
import type { Reply } from '../src/protocol/replies';
import { Channels, MenuCommands } from './channels';
import { fake, FakeBrowserWindow, FakeFrame, makeReady, type FakeWebContents } from './testing/fake-electron';

/**
 * main/index.ts wired against a fake Electron (main/testing/fake-electron.ts) and a fake worker
 * that runs the real SimHost in-process: the main process's behaviour without the binary.
 */

vi.mock('electron', async () => (await import('./testing/fake-electron')).electronModule);

const workers = vi.hoisted(() => ({ list: [] as { posted: unknown[]; emit(event: string, ...args: unknown[]): boolean }[] }));
vi.mock('node:worker_threads', async () => {
  const { SimHost: Host } = await import('../src/host');
  const { EventEmitter: Emitter } = await import('node:events');
  class FakeWorker extends Emitter {
    readonly posted: unknown[] = [];
    private readonly host = new Host((reply) => setImmediate(() => this.emit('message', reply)));
    constructor() {
      super();
      workers.list.push(this);
    }
    postMessage(message: unknown): void {
      this.posted.push(message);
      this.host.handle(structuredClone(message));
    }
    async terminate(): Promise<number> {
      this.host.dispose();
      return 0;
    }
  }
  return { Worker: FakeWorker };
});

const settle = () => new Promise((resolve) => setTimeout(resolve, 20));
const argv = process.argv.slice();
let main: FakeBrowserWindow;
let contents: FakeWebContents;

/** An IPC event as Electron would build it for a message from `frame` of `sender`. */
const ipcEvent = (sender: FakeWebContents, frame: FakeFrame | null = sender.mainFrame) => ({ sender, senderFrame: frame });
const sendCommand = (raw: unknown, sender = contents, frame?: FakeFrame | null) => fake.ipcOn.get(Channels.command)?.(ipcEvent(sender, frame === undefined ? sender.mainFrame : frame), raw);
const replies = (wc = contents) => wc.sentOn(Channels.reply) as Reply[];
const menuItem = (top: string, label: string) => {
  const menu = fake.menu as MenuItemConstructorOptions[];
  const sub = menu.find((m) => m.label === top)?.submenu as MenuItemConstructorOptions[];
  return sub.find((i) => i.label === label);
};

beforeAll(async () => {
  process.argv.push('isolab://lesson/hello-host?step=2&seed=7');
  process.env.ISOLAB_NO_PROTOCOL_REGISTRATION = '1';
  await import('./index');
  makeReady();
  await vi.waitFor(() => {
    expect(FakeBrowserWindow.all.length).toBe(1);
    expect(fake.menu).not.toBeNull();
  });
  const first = FakeBrowserWindow.all[0];
  if (!first) throw new Error('no window was created');
  main = first;
  contents = main.webContents;
});

afterAll(() => {
  process.argv.splice(0, process.argv.length, ...argv);
  delete process.env.ISOLAB_NO_PROTOCOL_REGISTRATION;
});

describe('main process (fake Electron)', () => {
  it('registers app:// as a privileged scheme before ready and serves the renderer with a CSP', async () => {
    expect(fake.privilegedSchemes).toEqual([expect.objectContaining({ scheme: 'app', privileges: expect.objectContaining({ standard: true, secure: true }) })]);
    const handler = fake.protocolHandlers.get('app');
    const ok = (await handler?.({ url: 'app://lab/index.html', method: 'GET' })) as Response;
    expect(ok.status).toBe(200);
    expect(ok.headers.get('content-type')).toMatch(/text\/html/);
    expect(ok.headers.get('content-security-policy')).toMatch(/script-src 'self'/);
    const escape = (await handler?.({ url: 'app://lab/..%2F..%2Fpackage.json', method: 'GET' })) as Response;
    expect(escape.status).toBe(404);
    const post = (await handler?.({ url: 'app://lab/index.html', method: 'POST' })) as Response;
    expect(post.status).toBe(405);
  });

  it('creates one hardened window on the app URL', () => {
    expect(FakeBrowserWindow.all.length).toBe(1);
    expect(main.options.webPreferences).toMatchObject({ contextIsolation: true, sandbox: true, nodeIntegration: false, webSecurity: true });
    expect(String((main.options.webPreferences as { preload: string }).preload)).toMatch(/preload[/\\]index\.cjs$/);
    expect(contents.mainFrame.url).toBe('app://lab/index.html');
  });

  it('denies navigation away, new windows and permissions; sets the CSP header', () => {
    const prevented = vi.fn();
    contents.emit('will-navigate', { url: 'https://example.com/', preventDefault: prevented });
    contents.emit('will-navigate', { url: 'app://lab/index.html?view=audience', preventDefault: prevented });
    expect(prevented).toHaveBeenCalledOnce();
    expect(contents.windowOpenHandler?.({ url: 'https://example.com' })).toEqual({ action: 'deny' });
    const answers: boolean[] = [];
    fake.permissionRequest?.(contents, 'media', (granted: boolean) => answers.push(granted), { requestingUrl: 'app://lab/index.html' });
    fake.permissionRequest?.(contents, 'fullscreen', (granted: boolean) => answers.push(granted), { requestingUrl: 'app://lab/index.html' });
    expect(answers).toEqual([false, true]);
    expect(fake.permissionCheck?.(contents, 'clipboard-read', 'app://lab', {})).toBe(false);
    let headers: Record<string, string[]> = {};
    fake.headersReceived?.({ responseHeaders: { 'content-security-policy': ['default-src *'] } }, (r: { responseHeaders: Record<string, string[]> }) => (headers = r.responseHeaders));
    expect(Object.keys(headers)).toEqual(['Content-Security-Policy']);
    expect(headers['Content-Security-Policy']?.[0]).toMatch(/^default-src 'none'/);
  });

  it('delivers the command-line deep link once the page has loaded', async () => {
    expect(contents.sentOn(Channels.deepLink)).toEqual([]);
    contents.finishLoad();
    expect(contents.sentOn(Channels.deepLink)).toEqual([{ lessonId: 'hello-host', step: 2, seed: 7 }]);
  });

  it('refuses a bad deep link from a second instance with an error reply', () => {
    fake.appHandlers.get('second-instance')?.[0]?.({}, ['electron', '.', 'isolab://lesson/hello-host?step=5000']);
    expect(replies().at(-1)).toMatchObject({ type: 'error', message: expect.stringMatching(/deep link refused: step "5000"/) });
  });

  it('relays valid commands to the simulator worker and its replies back', async () => {
    sendCommand({ type: 'load', lessonId: 'hello-host', seed: 1, requestId: 1 });
    await vi.waitFor(() => expect(replies().some((r) => r.type === 'loaded' && r.requestId === 1)).toBe(true));
    sendCommand({ type: 'step' });
    await vi.waitFor(() => expect(replies().some((r) => r.type === 'frame')).toBe(true));
    const frame = replies().filter((r) => r.type === 'frame').at(-1);
    expect(frame?.type === 'frame' && frame.status.eventIndex).toBe(1);
  });

  it('answers hostile messages with an error and never forwards them', async () => {
    const worker = workers.list[0];
    const before = worker?.posted.length ?? 0;
    sendCommand({ type: 'exec', cmd: 'rm -rf /', requestId: 9 });
    sendCommand(JSON.parse('{"type":"input","action":{"__proto__":{"admin":true}}}'));
    const evil = new FakeFrame('https://evil.example/', contents.id, 1);
    sendCommand({ type: 'play' }, contents, evil);
    const sub = new FakeFrame('app://lab/index.html', contents.id, 2);
    sub.parent = contents.mainFrame;
    sendCommand({ type: 'play' }, contents, sub);
    sendCommand({ type: 'play' }, contents, null);
    await settle();
    expect(worker?.posted.length).toBe(before);
    const errors = replies().slice(-5);
    expect(errors.map((r) => r.type)).toEqual(['error', 'error', 'error', 'error', 'error']);
    expect(errors[0]).toMatchObject({ requestId: 9 });
    expect(({} as Record<string, unknown>).admin).toBeUndefined();
  });

  it('opens files from the dialog, refuses huge ones by name, and remembers recent files', async () => {
    const small = join(fake.userData, 'lesson.json');
    const huge = join(fake.userData, 'huge.json');
    writeFileSync(small, '{"id":"x"}');
    writeFileSync(huge, Buffer.alloc(4 * 1024 * 1024 + 1, 32));
    const invoke = fake.ipcHandle.get(Channels.openFileDialog);
    fake.dialogAnswer = huge;
    expect(await invoke?.(ipcEvent(contents))).toMatchObject({ ok: false, message: expect.stringMatching(/^huge\.json: .*4 MiB/) });
    fake.dialogAnswer = small;
    expect(await invoke?.(ipcEvent(contents))).toEqual({ ok: true, file: { path: small, name: 'lesson.json', text: '{"id":"x"}' } });
    expect(await invoke?.(ipcEvent(contents, new FakeFrame('https://evil.example/', contents.id, 1)))).toMatchObject({ ok: false });
    expect(fake.recentDocuments).toContain(small);
    expect(JSON.parse(readFileSync(join(fake.userData, 'recent-files.json'), 'utf8')).files).toEqual([small]);
    const recent = menuItem('&File', 'Open Recent')?.submenu as MenuItemConstructorOptions[];
    expect(recent[0]?.label).toBe('lesson.json');
    (recent[0]?.click as () => void)();
    await vi.waitFor(() => expect(contents.sentOn(Channels.openFile).at(-1)).toMatchObject({ name: 'lesson.json' }));
  });

  it('sends Help menu commands to the renderer', () => {
    (menuItem('&Help', 'Keyboard Shortcuts')?.click as () => void)();
    expect(contents.sentOn(Channels.menu).at(-1)).toBe(MenuCommands.shortcuts);
  });

  it('presenter mode opens an audience window that follows the same simulation', async () => {
    (menuItem('&View', 'Presenter Mode')?.click as () => void)();
    const audience = FakeBrowserWindow.all[1];
    expect(audience?.webContents.mainFrame.url).toBe('app://lab/index.html?view=audience');
    expect(contents.sentOn(Channels.menu).at(-1)).toBe(MenuCommands.presenterOn);
    expect(menuItem('&View', 'Presenter Mode')?.checked).toBe(true);
    const wc = audience?.webContents as FakeWebContents;
    wc.finishLoad();
    await vi.waitFor(() => expect(replies(wc).some((r) => r.type === 'snapshot')).toBe(true));
    // Caught up: the presenter's lesson, then a snapshot of where it is now (event 1).
    expect(replies(wc)[0]?.type).toBe('loaded');
    const snapshot = replies(wc).find((r) => r.type === 'snapshot');
    expect(snapshot?.type === 'snapshot' && snapshot.status.eventIndex).toBe(1);
    // A load from the audience (its renderer's start-up default) must not reset the class's run.
    sendCommand({ type: 'load', lessonId: 'hello-host' }, wc);
    sendCommand({ type: 'step' }, contents);
    await vi.waitFor(() => expect(replies(wc).filter((r) => r.type === 'frame').length).toBeGreaterThan(0));
    await settle();
    const last = (w: FakeWebContents) => replies(w).filter((r) => r.type === 'frame').at(-1);
    expect(last(wc)).toEqual(last(contents));
    expect(last(wc)?.type === 'frame' && last(wc)?.status.eventIndex).toBe(2);
    audience?.close();
    expect(contents.sentOn(Channels.menu).at(-1)).toBe(MenuCommands.presenterOff);
  });

  it('restarts a dead simulator worker and tells the window', async () => {
    workers.list[0]?.emit('exit', 134);
    expect(workers.list.length).toBe(2);
    expect(replies().at(-1)).toMatchObject({ type: 'error', message: expect.stringMatching(/stopped unexpectedly \(exit code 134\) and was restarted/) });
    sendCommand({ type: 'load', lessonId: 'hello-host', requestId: 77 });
    await vi.waitFor(() => expect(replies().some((r) => r.type === 'loaded' && r.requestId === 77)).toBe(true));
  });

  it('keeps the lesson after a restored session, so a window opened later is caught up', async () => {
    sendCommand({ type: 'step', count: 3 });
    await vi.waitFor(() => expect(replies().filter((r) => r.type === 'frame').at(-1)).toMatchObject({ status: { eventIndex: 3 } }));
    await settle();
    workers.list.at(-1)?.emit('exit', 134);
    // The new worker restores the session and answers with a snapshot (not a new `loaded`).
    await vi.waitFor(() => expect(replies().at(-1)).toMatchObject({ type: 'snapshot', status: { eventIndex: 3 } }));
    (menuItem('&View', 'Presenter Mode')?.click as () => void)();
    const audience = FakeBrowserWindow.all.at(-1) as FakeBrowserWindow;
    audience.webContents.finishLoad();
    await vi.waitFor(() => expect(replies(audience.webContents).map((r) => r.type)).toEqual(['loaded', 'snapshot']));
    expect(replies(audience.webContents)[1]).toMatchObject({ status: { eventIndex: 3 } });
    audience.close();
  });
});

// Keeps the SimHost import honest: the fake worker above runs the very same class.
void SimHost;
