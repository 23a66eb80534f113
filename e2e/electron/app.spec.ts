import { _electron as electron, expect, test, type ElectronApplication, type Page } from '@playwright/test';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { findElectronBinary } from '../../scripts/electron-binary.mjs';
import type { HostStatus, Reply } from '../../src/protocol/replies';

/**
 * The desktop app through Playwright's _electron. Needs a real Electron binary, which offline
 * installs do not have: set ELECTRON_OVERRIDE_DIST_PATH to an unpacked Electron folder and build
 * first (`npx electron-vite build`). On Linux without a display, run under xvfb-run.
 */
const root = resolve(import.meta.dirname, '../..');
const entry = join(root, 'out', 'main', 'index.js');
const binary = process.env.ELECTRON_OVERRIDE_DIST_PATH ? findElectronBinary({ root }) : null;

const skipReason = !process.env.ELECTRON_OVERRIDE_DIST_PATH
  ? 'ELECTRON_OVERRIDE_DIST_PATH is not set: no Electron binary in this install (offline installs skip the download)'
  : binary && !binary.found
    ? `no Electron binary: ${binary.reason}`
    : !existsSync(entry)
      ? 'out/main/index.js is missing: run `npx electron-vite build` first'
      : null;
test.skip(skipReason !== null, skipReason ?? '');
// The list reporter does not show skip reasons, so say it once where people will see it.
if (skipReason && !process.env.TEST_WORKER_INDEX) console.log(`Electron e2e skipped: ${skipReason}`);

const LAB_KEYS = ['onDeepLink', 'onMenu', 'onOpenFile', 'onReply', 'openFileDialog', 'platform', 'recordingAppend', 'recordingClose', 'recordingStart', 'send'];

async function launch(...extraArgs: string[]): Promise<{ app: ElectronApplication; page: Page }> {
  if (!binary?.found) throw new Error('unreachable: skipped above');
  // Chromium refuses to run as root with its OS sandbox; the JS sandbox (webPreferences) stays on.
  const rootOnly = process.getuid?.() === 0 ? ['--no-sandbox'] : [];
  const app = await electron.launch({
    executablePath: binary.path,
    args: [...rootOnly, '--use-angle=swiftshader', '--enable-unsafe-swiftshader', entry, ...extraArgs],
    cwd: root,
    env: {
      ...process.env,
      ISOLAB_USER_DATA_DIR: mkdtempSync(join(tmpdir(), 'isolab-e2e-')),
      ISOLAB_NO_PROTOCOL_REGISTRATION: '1',
    },
  });
  const page = await app.firstWindow();
  await page.waitForLoadState('domcontentloaded');
  return { app, page };
}

async function status(page: Page): Promise<HostStatus | null> {
  return page.evaluate(() => window.__lab?.status() ?? null);
}

test('the window opens hardened, with only window.lab exposed', async () => {
  const { app, page } = await launch();
  try {
    expect(page.url()).toMatch(/^app:\/\/lab\/index\.html/);
    await expect(page.locator('#app')).toBeVisible();
    const exposure = await page.evaluate(() => {
      const w = window as unknown as Record<string, unknown>;
      const lab = w.lab as Record<string, unknown> | undefined;
      return {
        require: typeof w.require,
        process: typeof w.process,
        module: typeof w.module,
        ipcRenderer: typeof w.ipcRenderer,
        labKeys: lab ? Object.keys(lab).sort() : null,
        platform: lab?.platform,
        frozen: lab ? Object.isFrozen(lab) : false,
      };
    });
    expect(exposure).toEqual({ require: 'undefined', process: 'undefined', module: 'undefined', ipcRenderer: 'undefined', labKeys: LAB_KEYS, platform: 'electron', frozen: true });

    // window.open and navigation away are refused; the page stays the app.
    const opened = await page.evaluate(() => window.open('https://example.com') === null);
    expect(opened).toBe(true);
    await page.evaluate(() => {
      window.location.href = 'https://example.com/';
    });
    await page.waitForTimeout(500);
    expect(page.url()).toMatch(/^app:\/\/lab\//);
    expect(app.windows().length).toBe(1);
  } finally {
    await app.close();
  }
});

test('hello-host loads and a step moves the event index', async () => {
  const { app, page } = await launch();
  try {
    // Straight over the preload API: the main process relays to the simulator worker and back.
    const replies = await page.evaluate(async () => {
      const lab = window.lab as unknown as { send(c: unknown): void; onReply(l: (r: Reply) => void): () => void };
      const got: Reply[] = [];
      const off = lab.onReply((r) => got.push(r));
      const until = (pred: () => boolean) =>
        new Promise<void>((done, fail) => {
          const start = performance.now();
          const poll = () => (pred() ? done() : performance.now() - start > 15_000 ? fail(new Error(JSON.stringify(got.map((r) => r.type)))) : setTimeout(poll, 20));
          poll();
        });
      lab.send({ type: 'load', lessonId: 'hello-host', seed: 1, requestId: 101 });
      await until(() => got.some((r) => r.type === 'loaded' && r.requestId === 101));
      lab.send({ type: 'step', count: 1 });
      await until(() => got.some((r) => r.type === 'frame'));
      lab.send({ type: 'no-such-command', requestId: 102 });
      await until(() => got.some((r) => r.type === 'error' && r.requestId === 102));
      off();
      return got.map((r) => ({ type: r.type, eventIndex: 'status' in r ? r.status.eventIndex : null, message: r.type === 'error' ? r.message : null }));
    });
    expect(replies.find((r) => r.type === 'loaded')?.eventIndex).toBe(0);
    expect(replies.find((r) => r.type === 'frame')?.eventIndex).toBe(1);
    expect(replies.find((r) => r.type === 'error')?.message).toMatch(/rejected command: \$\.type/);

    // And through the UI: → steps one event, as the renderer shows it.
    await expect.poll(async () => (await status(page))?.lessonId ?? null, { timeout: 15_000 }).toBe('hello-host');
    const before = (await status(page))?.eventIndex ?? -1;
    await page.locator('body').click({ position: { x: 5, y: 5 } }).catch(() => undefined);
    await page.keyboard.press('ArrowRight');
    await expect.poll(async () => (await status(page))?.eventIndex ?? -1).toBe(before + 1);
  } finally {
    await app.close();
  }
});

test('a deep link on the command line opens the lesson at its step; a bad one is refused', async () => {
  const { app, page } = await launch('isolab://lesson/hello-host?step=2&seed=7');
  try {
    await expect.poll(async () => (await status(page))?.seed ?? null, { timeout: 15_000 }).toBe(7);
    const s = await status(page);
    expect(s?.lessonId).toBe('hello-host');
    expect(s?.stepIndex).toBe(2);
  } finally {
    await app.close();
  }
  const bad = await launch('isolab://lesson/hello-host?step=5000');
  try {
    await expect(bad.page.getByTestId('error-panel')).toContainText(/deep link refused: step "5000"/, { timeout: 15_000 });
  } finally {
    await bad.app.close();
  }
});

test('presenter mode opens an audience window that mirrors the simulation', async () => {
  const { app, page } = await launch();
  try {
    await expect.poll(async () => (await status(page))?.lessonId ?? null, { timeout: 15_000 }).toBe('hello-host');
    const audiencePromise = app.waitForEvent('window');
    await app.evaluate(({ Menu }) => Menu.getApplicationMenu()?.getMenuItemById('view.presenter')?.click());
    const audience = await audiencePromise;
    expect(audience.url()).toContain('view=audience');
    await expect.poll(async () => (await status(audience))?.lessonId ?? null, { timeout: 15_000 }).toBe('hello-host');
    await page.evaluate(() => (window.lab as unknown as { send(c: unknown): void }).send({ type: 'step', count: 2 }));
    const main = await expect.poll(async () => (await status(page))?.eventIndex ?? -1).toBeGreaterThan(0).then(() => status(page));
    await expect.poll(async () => (await status(audience))?.eventIndex ?? -1).toBe(main?.eventIndex ?? -2);
  } finally {
    await app.close();
  }
});
