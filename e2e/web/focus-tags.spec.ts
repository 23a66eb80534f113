import { expect, test } from '@playwright/test';
import { canvas, openApp, waitForStatus } from './helpers';

/**
 * The step's subject stays named on the canvas (ARCHITECTURE §7): xen-to-nitro's "dom0 is gone"
 * frames the Nitro host from its top, name first; when the teacher zooms in on its cards the
 * host's header leaves the canvas and its name is pinned to the top edge instead.
 */
test('a focused host zoomed past its header keeps its name on the canvas', async ({ page }) => {
  await openApp(page, 'xen-to-nitro', { step: 3 });
  await waitForStatus(page, (s) => s.stepIndex === 3);
  await page.waitForFunction(() => window.__lab?.camera().moving === false);
  // Framed from the top: the header is on screen, so nothing is pinned.
  const framed = await page.evaluate(() => ({ box: window.__lab?.focusBoxes()[0]?.box ?? null, tags: window.__lab?.focusTags() ?? [] }));
  expect(framed.box?.y ?? -1).toBeGreaterThanOrEqual(0);
  expect(framed.tags).toEqual([]);

  const box = await canvas(page).boundingBox();
  if (!box) throw new Error('no canvas');
  await page.mouse.move(box.x + box.width / 2, box.y + box.height * 0.8);
  await page.mouse.wheel(0, -500);
  await page.waitForFunction(() => window.__lab?.camera().moving === false);
  const zoomed = await page.evaluate(() => ({ box: window.__lab?.focusBoxes()[0]?.box ?? null, tags: window.__lab?.focusTags() ?? [] }));
  expect(zoomed.box?.y ?? 0).toBeLessThan(0);
  expect(zoomed.tags.map((t) => t.text)).toEqual(['▲ Nitro host (C5 and later)']);
  // Drawn, and at a size the back of the room can read.
  const texts = await page.evaluate(() => window.__lab?.canvasTexts().filter((t) => t.text.startsWith('▲')) ?? []);
  expect(texts).toHaveLength(1);
  expect(texts[0]?.fontPx ?? 0).toBeGreaterThanOrEqual(14);
  expect(texts[0]?.y ?? -1).toBeGreaterThanOrEqual(0);
});

/**
 * The caption strip narrates the step in force: at "dom0 is gone", whose canvas shows the Nitro
 * host, it no longer repeats the previous step's operator event on the Xen host (off screen); it
 * names the step. The next step's write is narrated without the Xen-host lines above it.
 */
test('the caption strip narrates only the step in force', async ({ page }) => {
  await openApp(page, 'xen-to-nitro', { step: 3 });
  await waitForStatus(page, (s) => s.stepIndex === 3);
  const caption = page.getByTestId('caption');
  await expect(caption.locator('.caption-line')).toHaveCount(1);
  await expect(caption.locator('.caption-line.newest.step')).toHaveText(/Step 4 of 6: dom0 is gone/);
  await expect(caption).not.toContainText('operator');

  await page.keyboard.press('Shift+ArrowRight');
  await waitForStatus(page, (s) => s.stepIndex === 4);
  await page.keyboard.press('ArrowRight');
  await expect(caption.locator('.caption-line.newest')).not.toHaveClass(/step/);
  await expect(caption).not.toContainText('operator');
  await expect(caption).not.toContainText('xen-1');
});

test('a step that discusses the last step\'s result in the same view keeps its sentence', async ({ page }) => {
  // licensing-on-dedicated-hosts "The third one does not fit" (Fleet view) follows the step whose
  // third launch was refused (Fleet view); its narration says "see the trace".
  await openApp(page, 'licensing-on-dedicated-hosts', { step: 3 });
  await waitForStatus(page, (s) => s.stepIndex === 3);
  await expect(page.getByTestId('caption').locator('.caption-line.newest')).toContainText('launch of sql-3 refused');
});
