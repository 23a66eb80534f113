import { expect, test } from '@playwright/test';
import { canvasScreenshot, openApp, pixelStats, readLesson, readStatus, waitForStatus, collectErrors } from './helpers';

test('loads hello-host and renders the canvas with WebGL', async ({ page }) => {
  const errors = collectErrors(page);
  await openApp(page, 'hello-host');
  await expect(page.getByTestId('lesson-title')).toHaveText('Hello, host');
  await expect(page.getByTestId('narration')).toContainText('Xen hypervisor');
  expect(await page.evaluate(() => window.__lab?.rendererType())).toBe('webgl');
  const stats = await pixelStats(page, await canvasScreenshot(page));
  // A drawn host (boxes, text, bands) has many colours and covers a good part of the canvas.
  expect(stats.colors).toBeGreaterThan(50);
  expect(stats.nonBackground / stats.total).toBeGreaterThan(0.1);
  expect(errors).toEqual([]);
});

test('play advances the simulated clock and pause stops it', async ({ page }) => {
  await openApp(page, 'hello-host');
  await page.getByRole('button', { name: 'Play' }).click();
  const playing = await waitForStatus(page, (s) => s.playing && s.simTime > 200_000_000);
  await expect(page.getByTestId('clock')).not.toHaveText('0 ns');
  await page.getByRole('button', { name: 'Pause' }).click();
  const paused = await waitForStatus(page, (s) => !s.playing);
  expect(paused.simTime).toBeGreaterThanOrEqual(playing.simTime);
  await page.waitForTimeout(300);
  expect((await readStatus(page)).simTime).toBe(paused.simTime);
});

test('step and step back change the clock, the event index and the picture', async ({ page }) => {
  await openApp(page, 'hello-host', { step: 1 });
  const start = await waitForStatus(page, (s) => s.stepIndex === 1);
  const before = await canvasScreenshot(page);
  // What the host view draws: each domain's status and each vCPU's privilege level.
  const visible = async () =>
    page.evaluate(() => {
      const world = window.__lab?.state()?.world;
      if (!world) return '';
      return JSON.stringify([Object.values(world.domains).map((d) => d.status), Object.values(world.cpu?.vcpus ?? {}).map((v) => v.level)]);
    });
  const initial = await visible();
  let steps = 0;
  // Step until something the view draws has changed (a guest boots, a vCPU changes level…).
  while (steps < 200 && (await visible()) === initial) {
    await page.getByRole('button', { name: 'Step', exact: true }).click();
    steps++;
    await waitForStatus(page, (s) => s.eventIndex === start.eventIndex + steps);
  }
  const after = await canvasScreenshot(page);
  expect(after.equals(before)).toBe(false);
  const stepped = await readStatus(page);
  expect(stepped.eventIndex).toBe(start.eventIndex + steps);
  await expect(page.getByTestId('event-index')).toContainText(`event ${stepped.eventIndex}`);

  for (let i = 0; i < steps; i++) await page.getByRole('button', { name: 'Step back' }).click();
  const back = await waitForStatus(page, (s) => s.eventIndex === start.eventIndex);
  expect(back.simTime).toBeLessThanOrEqual(stepped.simTime);
  // What the view draws is back as it was; the picture is not the stepped one (the entities the
  // undone events touched are outlined for a moment, so it is not pixel-equal to `before` either).
  expect(await visible()).toBe(initial);
  const restored = await canvasScreenshot(page);
  expect(restored.equals(after)).toBe(false);

  // Crossing into the next lesson step moves the clock to that step's time.
  await page.getByRole('button', { name: 'Next lesson step' }).click();
  const next = await waitForStatus(page, (s) => s.stepIndex === 2);
  expect(next.simTime).toBeGreaterThan(back.simTime);
  await expect(page.getByTestId('lesson-step')).toHaveText('3 / 5');
});

test('keyboard shortcuts drive the transport', async ({ page }) => {
  await openApp(page, 'hello-host');
  await page.locator('body').click({ position: { x: 5, y: 700 } });
  await page.keyboard.press('ArrowRight');
  await waitForStatus(page, (s) => s.eventIndex === 1);
  await page.keyboard.press('ArrowLeft');
  await waitForStatus(page, (s) => s.eventIndex === 0);
  await page.keyboard.press('Shift+ArrowRight');
  await waitForStatus(page, (s) => s.stepIndex === 1);
  await page.keyboard.press('Shift+ArrowRight');
  await waitForStatus(page, (s) => s.stepIndex === 2);
  await page.keyboard.press('Shift+ArrowLeft');
  await waitForStatus(page, (s) => s.stepIndex === 1);
  await page.keyboard.press('+');
  await waitForStatus(page, (s) => s.speed === 2);
  await page.keyboard.press('-');
  await page.keyboard.press('-');
  await waitForStatus(page, (s) => s.speed === 0.5);
  await page.keyboard.press('Space');
  await waitForStatus(page, (s) => s.playing);
  await page.keyboard.press('Space');
  await waitForStatus(page, (s) => !s.playing);
});

test('? opens the shortcut help and Esc closes it', async ({ page }) => {
  await openApp(page, 'hello-host');
  const help = page.getByTestId('help-overlay');
  await expect(help).toBeHidden();
  await page.keyboard.press('?');
  await expect(help).toBeVisible();
  await expect(help).toContainText('Play / pause');
  await expect(help).toContainText('Next lesson step');
  await page.keyboard.press('Escape');
  await expect(help).toBeHidden();
});

test('a malformed lesson file shows its file name and JSON path and keeps the current lesson', async ({ page }) => {
  await openApp(page, 'hello-host');
  await page.keyboard.press('ArrowRight');
  await waitForStatus(page, (s) => s.eventIndex === 1);
  const lesson = { id: 'broken', title: 'Broken', summary: 'x', timeScale: '1s', world: { tenants: [], hosts: [{ id: 'h', name: 'h', hypervisor: 'xen', sockets: 1, coresPerSocket: 1, memoryMiB: 1024, guests: [{ id: 'g', tenant: 't', mode: 'pv128', vcpus: 1, memoryMiB: 512 }] }] } };
  await page.getByTestId('lesson-file-input').setInputFiles({ name: 'broken-lesson.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(lesson)) });
  const panel = page.getByTestId('error-panel');
  await expect(panel).toBeVisible();
  await expect(panel).toContainText('broken-lesson.json');
  await expect(panel).toContainText('$.world.hosts[0].guests[0].mode');
  expect((await readLesson(page))?.id).toBe('hello-host');
  expect((await readStatus(page)).eventIndex).toBe(1);

  await page.getByTestId('lesson-file-input').setInputFiles({ name: 'not-json.json', mimeType: 'application/json', buffer: Buffer.from('{ "id": ') });
  await expect(panel).toContainText('not-json.json');
  await expect(panel).toContainText('not valid JSON');
  await page.keyboard.press('Escape');
  await expect(panel).toBeHidden();
  expect((await readLesson(page))?.id).toBe('hello-host');
});

test('a valid lesson file loads', async ({ page }) => {
  await openApp(page, 'hello-host');
  const lesson = { id: 'my-lesson', title: 'My lesson', summary: 'One Nitro host.', timeScale: '1s', world: { tenants: [{ id: 't', name: 'Tenant T' }], hosts: [{ id: 'n1', name: 'Nitro host', hypervisor: 'nitro', sockets: 1, coresPerSocket: 4, memoryMiB: 16384, guests: [{ id: 'g', tenant: 't', mode: 'hvm', vcpus: 2, memoryMiB: 2048 }] }] } };
  await page.getByTestId('lesson-file-input').setInputFiles({ name: 'my-lesson.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(lesson)) });
  await waitForStatus(page, (s) => s.lessonId === 'my-lesson');
  await expect(page.getByTestId('lesson-title')).toHaveText('My lesson');
});

test('deep links open a lesson at a step; bad ones show an error', async ({ page }) => {
  await openApp(page, 'hello-host', { step: 2 });
  await waitForStatus(page, (s) => s.stepIndex === 2);
  await expect(page.getByTestId('lesson-step')).toHaveText('3 / 5');

  await openApp(page, 'hello-host', { rawHash: 'lesson=../../etc&step=2' });
  const panel = page.getByTestId('error-panel');
  await expect(panel).toBeVisible();
  await expect(panel).toContainText('Bad deep link');
  await expect(panel).toContainText('not a valid id');
  await waitForStatus(page, (s) => s.lessonId === 'hello-host');

  await openApp(page, 'hello-host', { rawHash: 'lesson=no-such-lesson' });
  await expect(panel).toContainText('no-such-lesson');
  await waitForStatus(page, (s) => s.lessonId === 'hello-host');
});

test('clicking a domain on the canvas shows it in the inspector', async ({ page }) => {
  await openApp(page, 'hello-host');
  // dom0 is always the first box of the first host (top left), whatever the zoom.
  await page.locator('[data-testid="canvas-host"] canvas').click({ position: { x: 60, y: 80 } });
  await expect.poll(() => page.evaluate(() => window.__lab?.selection())).toEqual({ kind: 'domain', id: 'host-1.dom0' });
  await expect(page.getByTestId('inspector')).toContainText('dom0');
  await expect(page.getByTestId('inspector')).toContainText('running');
  // The same from the keyboard: the picker lists the entities.
  await page.getByTestId('inspector-picker').selectOption('host:host-1');
  await expect.poll(() => page.evaluate(() => window.__lab?.selection())).toEqual({ kind: 'host', id: 'host-1' });
  await expect(page.getByTestId('inspector')).toContainText('xen');
});

test('panels collapse and the canvas follows', async ({ page }) => {
  await openApp(page, 'hello-host');
  const before = (await page.locator('[data-testid="canvas-host"] canvas').boundingBox())?.width ?? 0;
  await page.getByRole('button', { name: 'Toggle lessons panel' }).click();
  await page.getByRole('button', { name: 'Toggle inspector panel' }).click();
  await expect.poll(async () => (await page.locator('[data-testid="canvas-host"] canvas').boundingBox())?.width ?? 0).toBeGreaterThan(before + 400);
});
