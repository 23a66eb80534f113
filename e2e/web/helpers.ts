import { expect, type Locator, type Page } from '@playwright/test';
import type { Lesson } from '../../src/lessons/schema';
import type { SimState } from '../../src/model/state';
import type { HostStatus } from '../../src/protocol/replies';
import type { ViewId } from '../../renderer/views/view';

/**
 * Helpers for the browser-build specs. They read the app through its read-only test hook
 * (`window.__lab`, renderer/test-hook.ts) instead of scraping text or pixels.
 */

export interface OpenOptions {
  step?: number;
  seed?: number;
  /** Extra hash text appended as-is (to test bad deep links). */
  rawHash?: string;
}

/** Opens the app on a built-in lesson (through the deep-link hash) and waits until it is loaded. */
export async function openApp(page: Page, lessonId = 'hello-host', options: OpenOptions = {}): Promise<void> {
  const params = new URLSearchParams({ lesson: lessonId });
  if (options.step !== undefined) params.set('step', String(options.step));
  if (options.seed !== undefined) params.set('seed', String(options.seed));
  // A good link opens a fresh page. On a page already open it would be a hashchange: the old
  // lesson and step satisfied the waits below at once (a click then landed mid-reload), and a link
  // to the lesson already open loads nothing. Bad links (`rawHash`) are tried on the page as it is.
  if (options.rawHash === undefined && page.url().startsWith('http')) await page.goto('about:blank');
  await page.goto(`/#${options.rawHash ?? params.toString()}`);
  await waitForStatus(page, (s) => s.lessonId !== null);
  if (options.rawHash === undefined) await waitForStatus(page, (s) => s.lessonId === lessonId);
  await expect(canvas(page)).toBeVisible();
}

/** The simulator status the UI last received. */
export async function readStatus(page: Page): Promise<HostStatus> {
  const status = await page.evaluate(() => window.__lab?.status() ?? null);
  if (!status) throw new Error('no status yet (is a lesson loaded?)');
  return status;
}

/** The mirrored simulation state (a plain-data copy). */
export async function readState(page: Page): Promise<SimState> {
  const state = await page.evaluate(() => window.__lab?.state() ?? null);
  if (!state) throw new Error('no state yet (is a lesson loaded?)');
  return state;
}

export async function readLesson(page: Page): Promise<Lesson | null> {
  return page.evaluate(() => window.__lab?.lesson() ?? null);
}

/** Waits until a predicate on the status holds (polled from the test, so closures are fine). */
export async function waitForStatus(page: Page, predicate: (status: HostStatus) => boolean, timeout = 15_000): Promise<HostStatus> {
  let last: HostStatus | null = null;
  await expect
    .poll(
      async () => {
        last = await page.evaluate(() => window.__lab?.status() ?? null);
        return last !== null && predicate(last);
      },
      { timeout, intervals: [50, 100, 200] },
    )
    .toBe(true);
  return last as unknown as HostStatus;
}

/** Clicks a view tab and waits until that view is mounted. */
export async function switchView(page: Page, view: ViewId): Promise<void> {
  await page.locator(`[role="tab"][data-view="${view}"]`).click();
  await page.waitForFunction((v) => window.__lab?.activeView() === v, view);
}

export function canvas(page: Page): Locator {
  return page.locator('[data-testid="canvas-host"] canvas');
}

/** A PNG of the canvas only; compare two to see whether the picture changed. */
export async function canvasScreenshot(page: Page): Promise<Buffer> {
  // Two animation frames so Pixi has drawn the latest state.
  await page.evaluate(() => new Promise<void>((resolve) => requestAnimationFrame(() => requestAnimationFrame(() => resolve()))));
  return canvas(page).screenshot({ animations: 'disabled' });
}

/**
 * How many distinct colours and non-background pixels a PNG has, and its mean relative luminance
 * (0 dark … 1 light), decoded in the page.
 */
export async function pixelStats(page: Page, png: Buffer): Promise<{ colors: number; nonBackground: number; total: number; lightness: number }> {
  return page.evaluate(async (base64) => {
    const image = new Image();
    image.src = `data:image/png;base64,${base64}`;
    await image.decode();
    const c = document.createElement('canvas');
    c.width = image.width;
    c.height = image.height;
    const g = c.getContext('2d');
    if (!g) throw new Error('no 2d context');
    g.drawImage(image, 0, 0);
    const data = g.getImageData(0, 0, c.width, c.height).data;
    const colors = new Set<number>();
    const bg = (data[0]! << 16) | (data[1]! << 8) | data[2]!;
    let nonBackground = 0;
    let luminance = 0;
    for (let i = 0; i < data.length; i += 4) {
      const rgb = (data[i]! << 16) | (data[i + 1]! << 8) | data[i + 2]!;
      if (colors.size < 5000) colors.add(rgb);
      if (rgb !== bg) nonBackground++;
      luminance += (0.2126 * data[i]! + 0.7152 * data[i + 1]! + 0.0722 * data[i + 2]!) / 255;
    }
    return { colors: colors.size, nonBackground, total: data.length / 4, lightness: luminance / (data.length / 4) };
  }, png.toString('base64'));
}

/** Console errors (CSP violations included) collected for one test; a clean run has none. */
export function collectErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(m.text());
  });
  page.on('pageerror', (e) => errors.push(String(e)));
  return errors;
}

/**
 * Plays until a predicate on the status holds, pressing Play again whenever play stops early
 * (play pauses at each checkpoint question so a class can answer it).
 */
export async function playUntil(page: Page, predicate: (status: HostStatus) => boolean, timeout = 30_000): Promise<HostStatus> {
  const deadline = Date.now() + timeout;
  for (;;) {
    const status = await readStatus(page);
    if (predicate(status)) return status;
    if (Date.now() > deadline) throw new Error(`playUntil: condition not reached within ${timeout} ms (simTime ${status.simTime})`);
    if (!status.playing) await page.getByRole('button', { name: 'Play', exact: true }).click();
    await page.waitForTimeout(100);
  }
}
