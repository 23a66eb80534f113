import { expect, test } from '@playwright/test';
import { canvas, canvasScreenshot, openApp, pixelStats, readState, waitForStatus, collectErrors, playUntil } from './helpers';

test('memory-scrubbing: the memory view shows frames, B reads zeros, provenance on click', async ({ page }) => {
  const errors = collectErrors(page);
  await openApp(page, 'memory-scrubbing');
  // The first step focuses the memory view.
  await page.waitForFunction(() => window.__lab?.activeView() === 'memory');
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

  // Click the first frame cell (dom0's frame 0, top-left of the grid): it becomes the selection.
  const box = await canvas(page).boundingBox();
  if (!box) throw new Error('no canvas');
  await canvas(page).click({ position: { x: 14, y: 50 } });
  await page.waitForFunction(() => window.__lab?.selection()?.kind === 'frame');
  expect(await page.evaluate(() => window.__lab?.selection())).toEqual({ kind: 'frame', id: 'host-1:0' });
  expect(errors).toEqual([]);
});

test('memory-scrubbing with the no-scrub fault switched on in the view: the leak is reported', async ({ page }) => {
  await openApp(page, 'memory-scrubbing');
  await page.waitForFunction(() => window.__lab?.activeView() === 'memory');
  const box = await canvas(page).boundingBox();
  if (!box) throw new Error('no canvas');
  // The fault buttons sit at the top of the side panel (renderer/views/memory.ts layout).
  await canvas(page).click({ position: { x: box.width - 274 + 20, y: box.height - 190 + 12 } });
  // The click is an input event: it takes effect when the simulation next runs.
  await playUntil(page, (s) => s.simTime > 7_300_000_000);
  await page.getByRole('button', { name: 'Pause' }).click();
  const state = await readState(page);
  expect(state.faults['no-scrub']).toBe(true);
  expect(state.violations.map((v) => v.invariant)).toEqual(['memory.dirty-in-clean-pool', 'memory.residue-handed-over']);
  expect(state.world.memory.probes.find((p) => p.domain === 'probe-b')?.leakCount).toBeGreaterThan(0);
});
