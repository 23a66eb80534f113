import { expect, test } from '@playwright/test';
import { canvas, canvasScreenshot, openApp, pixelStats, readState, waitForStatus, collectErrors, playUntil } from './helpers';

test('memory-scrubbing: the memory view shows frames, B reads zeros, provenance on click', async ({ page }) => {
  const errors = collectErrors(page);
  await openApp(page, 'memory-scrubbing');
  // The first step focuses the memory view and its host: the hook says where the host's grid is.
  await page.waitForFunction(() => window.__lab?.activeView() === 'memory');
  const grid = await page.evaluate(() => window.__lab?.focusBoxes().find((f) => f.id === 'host-1')?.box ?? null);
  if (!grid) throw new Error('the memory view did not locate host-1');
  const first = await pixelStats(page, await canvasScreenshot(page));
  // 1,024 frame cells, hatched (boot scrub pending) and dark: many colours over much of the canvas.
  expect(first.colors).toBeGreaterThan(20);
  expect(first.nonBackground / first.total).toBeGreaterThan(0.1);

  // Walk the lesson to B's probe (step 6 of 8) and let the simulation run past it.
  for (let step = 1; step <= 5; step++) {
    await page.getByRole('button', { name: 'Next lesson step' }).click();
    await waitForStatus(page, (s) => s.stepIndex === step);
  }
  await page.getByRole('button', { name: 'Play' }).click();
  await waitForStatus(page, (s) => s.simTime > 7_300_000_000, 30_000);
  await page.getByRole('button', { name: 'Pause' }).click();
  await waitForStatus(page, (s) => !s.playing);

  const state = await readState(page);
  const probe = state.world.memory.probes.find((p) => p.domain === 'probe-b');
  expect(probe?.read).toBe(256);
  expect(probe?.leakCount).toBe(0);
  expect(state.violations).toEqual([]);
  // A's frames are back in the pool: the host has no frames still waiting for a scrub that B holds.
  expect(state.world.memory.domains['payroll-a']?.phase).toBe('released');

  // Click the first frame cell (frame 0, top-left of the grid): it becomes the selection. The
  // step's question sits over the canvas; fold it first, as a teacher would.
  const box = await canvas(page).boundingBox();
  if (!box) throw new Error('no canvas');
  const fold = page.getByRole('button', { name: 'Hide question' });
  if (await fold.isVisible()) await fold.click();
  await canvas(page).click({ position: { x: grid.x + 4, y: grid.y + 4 } });
  await page.waitForFunction(() => window.__lab?.selection()?.kind === 'frame');
  expect(await page.evaluate(() => window.__lab?.selection())).toEqual({ kind: 'frame', id: 'host-1:0' });
  expect(errors).toEqual([]);
});

test('memory-scrubbing with the no-scrub fault switched on in the view: the leak is reported', async ({ page }) => {
  await openApp(page, 'memory-scrubbing');
  await page.waitForFunction(() => window.__lab?.activeView() === 'memory');
  // The fault switch is a canvas button labelled with its state: the hook says where it is drawn.
  const button = await page.evaluate(() => window.__lab?.canvasTexts().find((t) => t.text === 'no-scrub: off') ?? null);
  if (!button) throw new Error('no no-scrub switch on the canvas');
  await canvas(page).click({ position: { x: button.x + button.width / 2, y: button.y + button.height / 2 } });
  // The click is an input event: it takes effect when the simulation next runs.
  await playUntil(page, (s) => s.simTime > 7_300_000_000);
  await page.getByRole('button', { name: 'Pause' }).click();
  const state = await readState(page);
  expect(state.faults['no-scrub']).toBe(true);
  expect(state.violations.map((v) => v.invariant)).toEqual(['memory.dirty-in-clean-pool', 'memory.residue-handed-over']);
  expect(state.world.memory.probes.find((p) => p.domain === 'probe-b')?.leakCount).toBeGreaterThan(0);
});
