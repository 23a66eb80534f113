import { expect, test, type Page } from '@playwright/test';
import { canvas, canvasScreenshot, openApp, pixelStats, readState, switchView, waitForStatus, collectErrors } from './helpers';

/** renderer/views/fleet.ts: TOP (64) + 104 = where a host's instance rows start; rows are 24 px apart. */
// renderer/views/fleet.ts: HOST_ROWS_TOP (TOP 84 + 150) plus half a row.
const FIRST_INSTANCE_ROW_Y = 84 + 150 + 11;

test('Fleet view: zoom from the whole fleet to one host and open a placement explanation', async ({ page }) => {
  const errors = collectErrors(page);
  // Step 3 of dedicated-instance-vs-host: Alice's ordinary instance joins the host of her Dedicated Instance.
  await openApp(page, 'dedicated-instance-vs-host', { step: 3 });
  await waitForStatus(page, (s) => s.stepIndex === 3);
  await expect.poll(async () => {
    const state = await readState(page);
    return state.world.fleet.instances.flat().some((bucket) => bucket['app-alice']?.state === 'running');
  }).toBe(true);
  await switchView(page, 'fleet');

  // The whole fleet: thousands of dots.
  const fleet = await canvasScreenshot(page);
  const stats = await pixelStats(page, fleet);
  expect(stats.nonBackground / stats.total).toBeGreaterThan(0.05);

  // Zoom in twice with the keyboard: the rack, then the host of the step's focus.
  await page.locator('body').click({ position: { x: 1, y: 1 } });
  await page.keyboard.press('i');
  const rack = await canvasScreenshot(page);
  expect(rack.equals(fleet)).toBe(false);
  await page.keyboard.press('i');
  const host = await canvasScreenshot(page);
  expect(host.equals(rack)).toBe(false);

  // Click the first instance row: the instance is selected (the inspector and the view explain it).
  const box = await canvas(page).boundingBox();
  if (!box) throw new Error('no canvas');
  await page.mouse.click(box.x + 60, box.y + FIRST_INSTANCE_ROW_Y);
  await expect.poll(() => page.evaluate(() => window.__lab?.selection() ?? null)).toMatchObject({ kind: 'instance' });
  const selection = await page.evaluate(() => window.__lab?.selection() ?? null);
  expect(['di-alice', 'app-alice']).toContain(selection?.id);
  const explained = await canvasScreenshot(page);
  expect(explained.equals(host)).toBe(false);

  // The keyboard reaches the other instance on the host too.
  await page.keyboard.press('n');
  await expect.poll(() => page.evaluate(() => window.__lab?.selection()?.id ?? null)).not.toBe(selection?.id);

  // And the wheel zooms back out to the fleet.
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
  await page.mouse.wheel(0, 200);
  await page.mouse.wheel(0, 200);
  await expect.poll(async () => (await canvasScreenshot(page)).equals(host)).toBe(false);
  expect(errors).toEqual([]);
});

/** The whole-fleet caption's screen box, from the view's own texts. */
async function fleetCaptionBox(page: Page): Promise<{ x: number; y: number; width: number; height: number } | null> {
  return page.evaluate(() => window.__lab?.canvasTexts().find((t) => t.text.startsWith('The whole fleet:')) ?? null);
}

for (const { step, what } of [
  { step: 1, what: 'the whole fleet alone' },
  { step: 3, what: 'the step’s hosts as cards above the fleet' },
]) {
  test(`Fleet view (${what}): the caption is above the squares, not over them`, async ({ page }) => {
    await openApp(page, 'dedicated-instance-vs-host', { step });
    await waitForStatus(page, (s) => s.stepIndex === step);
    await switchView(page, 'fleet');
    // At 1280×720 the caption wraps to two lines: a click on its last line must not land on a rack.
    await expect.poll(() => fleetCaptionBox(page)).not.toBeNull();
    const caption = await fleetCaptionBox(page);
    if (!caption) throw new Error('no fleet caption');
    expect(caption.height).toBeGreaterThan(30);
    const box = await canvas(page).boundingBox();
    if (!box) throw new Error('no canvas');
    await page.mouse.click(box.x + caption.x + 4, box.y + caption.y + caption.height - 3);
    await page.evaluate(() => new Promise<void>((resolve) => requestAnimationFrame(() => requestAnimationFrame(() => resolve()))));
    expect(await fleetCaptionBox(page)).toEqual(caption);
    // Just below it are the squares: a click there opens the first rack (the caption goes).
    await page.mouse.click(box.x + caption.x + 4, box.y + caption.y + caption.height + 8);
    await expect.poll(() => fleetCaptionBox(page)).toBeNull();
  });
}
