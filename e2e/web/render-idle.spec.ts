import { expect, test, type Page } from '@playwright/test';
import { canvas, waitForStatus } from './helpers';

/**
 * Rendering only on change (issue 15): an idle view must cost ~0 frames a second, while a
 * playing one, a camera move or pointer activity still draws. Frames are counted by the stage
 * (window.__lab.renderStats()); `?render=continuous` is the old always-redraw loop, measured in
 * the same run as the "before".
 */

async function open(page: Page, query = ''): Promise<void> {
  await page.goto(`/${query}#lesson=hello-host`);
  await waitForStatus(page, (s) => s.lessonId === 'hello-host');
  await expect(canvas(page)).toBeVisible();
}

async function frames(page: Page): Promise<number> {
  return page.evaluate(() => window.__lab?.renderStats().frames ?? -1);
}

/** Frames per second rendered over `ms` of wall time. */
async function fps(page: Page, ms: number): Promise<number> {
  const before = await frames(page);
  const start = Date.now();
  await page.waitForTimeout(ms);
  const after = await frames(page);
  return ((after - before) * 1000) / (Date.now() - start);
}

/** Waits until the camera has stopped and the render loop has gone to sleep. */
async function settle(page: Page): Promise<void> {
  await expect.poll(() => page.evaluate(() => window.__lab?.renderStats().sleeping), { timeout: 15_000 }).toBe(true);
}

test('an idle Host view renders no frames; the old continuous loop did', async ({ page }, info) => {
  await open(page);
  await settle(page);
  const idle = await fps(page, 3000);
  expect(idle).toBeLessThan(0.5);

  await open(page, '?render=continuous');
  await page.waitForTimeout(500);
  const continuous = await fps(page, 3000);
  const stats = await page.evaluate(() => window.__lab?.renderStats());
  info.annotations.push({ type: 'idle fps', description: `on change: ${idle.toFixed(2)}, continuous (before): ${continuous.toFixed(2)}; antialias ${String(stats?.antialias)}, software GL ${String(stats?.softwareGl)}` });
  expect(stats?.sleeping).toBe(false);
  // SwiftShader on a loaded 2-core machine draws only a few frames a second; any steady rate will do.
  expect(continuous).toBeGreaterThan(1);
});

test('a playing view renders, and sleeps again once paused', async ({ page }) => {
  await open(page);
  await settle(page);
  await page.getByRole('button', { name: 'Play', exact: true }).click();
  await waitForStatus(page, (s) => s.playing);
  // While playing, frames with events wake the loop and it draws them; between events (a quiet
  // stretch of simulated time) it may sleep, since nothing on the canvas changes.
  const awake: boolean[] = [];
  const before = await frames(page);
  for (let i = 0; i < 6; i++) {
    await page.waitForTimeout(400);
    awake.push((await page.evaluate(() => window.__lab?.renderStats().sleeping)) === false);
  }
  expect(awake).toContain(true);
  expect((await frames(page)) - before).toBeGreaterThan(2);
  const pause = page.getByRole('button', { name: 'Pause', exact: true });
  if (await pause.isVisible()) await pause.click();
  await waitForStatus(page, (s) => !s.playing);
  await settle(page);
  expect(await fps(page, 1500)).toBeLessThan(0.7);
});

test('zooming with the wheel wakes the loop for the move only', async ({ page }) => {
  await open(page);
  await settle(page);
  const before = await frames(page);
  const box = await canvas(page).boundingBox();
  if (!box) throw new Error('no canvas box');
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
  await page.mouse.wheel(0, -300);
  await expect.poll(() => frames(page)).toBeGreaterThan(before);
  await settle(page);
  const zoom = await page.evaluate(() => window.__lab?.camera().zoom ?? 1);
  expect(zoom).toBeGreaterThan(1);
});
