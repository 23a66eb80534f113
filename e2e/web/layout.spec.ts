import { expect, test, type Page } from '@playwright/test';
import { openApp, readLesson, readState, readStatus, waitForStatus } from './helpers';
import { accessLayout } from '../../renderer/views/access-layout';
import { createSimulation } from '../../src/host/simulation';

/**
 * Projection-grade layout (issue 11): at 1280×720, 1600×900 and 1920×1080 no two panels overlap
 * and the transport bar stays on one row (also while recording and in split screen); the caption
 * strip says in words what the event just crossed did; the Access view draws refused attempts and
 * the audit log; checkpoint questions are a large overlay, fully visible, with retry.
 */

const SIZES = [
  { width: 1280, height: 720 },
  { width: 1600, height: 900 },
  { width: 1920, height: 1080 },
] as const;

interface Box {
  name: string;
  x: number;
  y: number;
  w: number;
  h: number;
}

/** The page's visible panels and stage parts as boxes (hidden ones left out). */
async function panelBoxes(page: Page): Promise<Box[]> {
  return page.evaluate(() => {
    const parts: Array<[string, string]> = [
      ['top bar', '.topbar'],
      ['left panel', '.side.left'],
      ['canvas', '[data-testid="canvas-host"]'],
      ['caption', '[data-testid="caption"]'],
      ['split pane', '.split-pane'],
      ['right panel', '.side.right'],
      ['bottom bar', '.bottom'],
    ];
    const boxes: Array<{ name: string; x: number; y: number; w: number; h: number }> = [];
    for (const [name, selector] of parts) {
      const el = document.querySelector(selector);
      if (!(el instanceof HTMLElement) || el.offsetParent === null) continue;
      const r = el.getBoundingClientRect();
      if (r.width < 1 || r.height < 1) continue;
      boxes.push({ name, x: r.x, y: r.y, w: r.width, h: r.height });
    }
    return boxes;
  });
}

function overlaps(a: Box, b: Box): boolean {
  // One pixel of slack for borders that share an edge.
  return a.x + 1 < b.x + b.w && b.x + 1 < a.x + a.w && a.y + 1 < b.y + b.h && b.y + 1 < a.y + a.h;
}

async function expectNoOverlap(page: Page, label: string): Promise<void> {
  const boxes = await panelBoxes(page);
  const viewport = page.viewportSize();
  const clashes: string[] = [];
  for (let i = 0; i < boxes.length; i++) {
    const a = boxes[i] as Box;
    if (viewport && (a.x < -1 || a.y < -1 || a.x + a.w > viewport.width + 1 || a.y + a.h > viewport.height + 1)) clashes.push(`${a.name} leaves the window`);
    for (let j = i + 1; j < boxes.length; j++) {
      const b = boxes[j] as Box;
      // The canvas and the split pane sit side by side; the caption spans both below them.
      if ((a.name === 'canvas' && b.name === 'split pane') || (a.name === 'split pane' && b.name === 'canvas')) {
        if (overlaps(a, b)) clashes.push(`${a.name} × ${b.name}`);
        continue;
      }
      if (overlaps(a, b)) clashes.push(`${a.name} × ${b.name}`);
    }
  }
  expect(clashes, `${label}: ${JSON.stringify(boxes)}`).toEqual([]);
}

/** The transport bar is one row: nothing wraps, nothing is pushed out of it. */
async function expectTransportOneRow(page: Page, label: string): Promise<void> {
  const report = await page.evaluate(() => {
    const bar = document.querySelector('.transport');
    if (!(bar instanceof HTMLElement)) return { error: 'no transport bar' };
    const box = bar.getBoundingClientRect();
    const kids = [...bar.children].filter((c): c is HTMLElement => c instanceof HTMLElement && c.offsetParent !== null && c.getBoundingClientRect().width > 0);
    const rows = new Set(kids.map((k) => Math.round(k.getBoundingClientRect().top + k.getBoundingClientRect().height / 2)));
    const centres = [...rows];
    const spread = centres.length === 0 ? 0 : Math.max(...centres) - Math.min(...centres);
    const tallest = Math.max(0, ...kids.map((k) => k.getBoundingClientRect().height));
    const outside = kids.filter((k) => k.getBoundingClientRect().right > box.right + 1 || k.getBoundingClientRect().left < box.left - 1).map((k) => k.className);
    // Inside each group too: a label or button pushed onto a second line.
    const wrappedInside = kids.filter((k) => k.getBoundingClientRect().height > tallest + 1 || k.scrollWidth > k.clientWidth + 1).map((k) => k.className);
    return { spread, tallest, height: box.height, outside, wrappedInside, scroll: bar.scrollWidth, client: bar.clientWidth };
  });
  expect(report, label).not.toHaveProperty('error');
  expect(report.spread, `${label}: groups on different rows ${JSON.stringify(report)}`).toBeLessThan(12);
  expect(report.height, `${label}: bar taller than one row`).toBeLessThan((report.tallest ?? 0) * 1.6);
  expect(report.outside, `${label}: pushed out of the bar`).toEqual([]);
  expect(report.scroll, `${label}: bar overflows`).toBeLessThanOrEqual((report.client ?? 0) + 1);
  expect(report.wrappedInside, `${label}: wrapped inside a group`).toEqual([]);
}

for (const size of SIZES) {
  test(`${size.width}×${size.height}: panels never overlap and the transport bar stays on one row (recording and split screen too)`, async ({ page }) => {
    await page.setViewportSize(size);
    await openApp(page, 'who-can-touch-what', { step: 1 });
    await waitForStatus(page, (s) => s.stepIndex === 1);
    await expectNoOverlap(page, 'plain');
    await expectTransportOneRow(page, 'plain');

    await page.getByTestId('record').click();
    await expect(page.getByTestId('record')).toHaveAttribute('aria-pressed', 'true');
    await expect(page.getByTestId('marker-label')).toBeVisible();
    await expectNoOverlap(page, 'recording');
    await expectTransportOneRow(page, 'recording');
    await page.getByTestId('record').click();

    const compare = page.locator('.split-controls button').first();
    await compare.click();
    await expect(page.locator('.split-pane')).toBeVisible();
    await expectNoOverlap(page, 'split screen');
    await expectTransportOneRow(page, 'split screen');
  });
}

test('after a step the caption shows the trace sentence of the event crossed; a step back shows it undone', async ({ page }) => {
  test.setTimeout(120_000);
  await openApp(page, 'hello-host');
  const caption = page.getByTestId('caption');
  const newest = caption.locator('.caption-line.newest');
  // Some bookkeeping events have no sentence: the same lesson run here, outside the app, says
  // which event is the first with one; step (→) up to it. The caption must then name exactly it.
  const lesson = await readLesson(page);
  if (!lesson) throw new Error('no lesson');
  let status = await readStatus(page);
  const reference = createSimulation(lesson, { seed: status.seed });
  const trace = reference.step(200)?.trace ?? [];
  const target = trace.find((t) => t.eventIndex >= status.eventIndex + 2);
  if (!target) throw new Error('no traced event in the first 200');
  while (status.eventIndex < target.eventIndex + 1) {
    const before = status.eventIndex;
    await page.getByRole('button', { name: 'Step', exact: true }).click();
    status = await waitForStatus(page, (s) => s.eventIndex > before);
  }
  await expect(newest).toHaveAttribute('data-event', String(status.eventIndex - 1));
  const sentence = (await newest.locator('.caption-text').textContent()) ?? '';
  expect(sentence.length).toBeGreaterThan(10);
  // It is the simulator's own sentence for that event.
  const expected = trace.filter((t) => t.eventIndex === status.eventIndex - 1).at(-1)?.text;
  expect(sentence).toBe(expected);
  // Readable from the back of the room.
  const fontSize = await newest.evaluate((el) => parseFloat(getComputedStyle(el).fontSize));
  expect(fontSize).toBeGreaterThanOrEqual(18);

  const at = status.eventIndex;
  await page.getByRole('button', { name: 'Step back', exact: true }).click();
  await waitForStatus(page, (s) => s.eventIndex === at - 1);
  await expect(newest).toHaveClass(/undone/);
  await expect(newest).toHaveAttribute('data-event', String(at - 1));
  await expect(newest.locator('.caption-text')).toHaveText(sentence);
});

test('the Access view draws who-can-touch-what: a refused attempt on its path and its audit entry', async ({ page }) => {
  await openApp(page, 'who-can-touch-what', { step: 0 });
  await page.waitForFunction(() => window.__lab?.activeView() === 'access');
  // Run the step's three login attempts.
  await page.getByRole('button', { name: 'Next lesson step' }).click();
  await waitForStatus(page, (s) => s.stepIndex === 1);
  await page.getByRole('button', { name: 'Previous lesson step' }).click();
  await waitForStatus(page, (s) => s.stepIndex === 0);
  const state = await readState(page);
  const refused = state.world.access.audit.filter((e) => e.outcome === 'denied');
  expect(refused.length).toBeGreaterThan(0);
  // The view says what it draws: the refused attempt with its reason (live region).
  await expect(page.getByTestId('live-region')).toContainText('✗ refused');
  await expect(page.getByTestId('live-region')).toContainText(refused[0]?.reason ?? '');

  // The audit log's newest row is on the canvas where the layout puts it: clicking it inspects it.
  const box = await page.getByTestId('canvas-host').boundingBox();
  if (!box) throw new Error('no canvas');
  const layout = accessLayout(state, box.width, box.height);
  await page.mouse.click(box.x + layout.audit.x + 80, box.y + layout.audit.y + layout.heading + layout.font * 1.6 + 16);
  await page.waitForFunction(() => window.__lab?.selection()?.kind === 'audit');
  const inspector = page.getByTestId('inspector');
  await expect(inspector).toContainText(/allowed|refused/);
  await expect(inspector).toContainText('reason');
  // Human-readable: a formatted time, no raw JSON.
  await expect(inspector).toContainText(/\d+(\.\d+)? (ns|µs|ms|s)/);
  expect(await inspector.textContent()).not.toMatch(/[{}"]/);
});

test('a checkpoint question is a large overlay, fully visible at 1280×720, with retry; its state survives seeking', async ({ page }) => {
  await openApp(page, 'who-can-touch-what');
  const lesson = await readLesson(page);
  const step = lesson?.steps.findIndex((s) => s.checkpoint?.kind === 'choice') ?? -1;
  expect(step).toBeGreaterThanOrEqual(0);
  const checkpoint = lesson?.steps[step]?.checkpoint;
  await openApp(page, 'who-can-touch-what', { step });
  await waitForStatus(page, (s) => s.stepIndex === step);
  const panel = page.getByTestId('checkpoint');
  await expect(panel).toBeVisible();
  await expect(panel).toContainText(checkpoint?.question ?? '');
  const viewport = { width: 1280, height: 720 };
  const inView = async (locator: ReturnType<Page['locator']>): Promise<void> => {
    const b = await locator.boundingBox();
    expect(b).not.toBeNull();
    if (!b) return;
    expect(b.x).toBeGreaterThanOrEqual(0);
    expect(b.y).toBeGreaterThanOrEqual(0);
    expect(b.x + b.width).toBeLessThanOrEqual(viewport.width);
    expect(b.y + b.height).toBeLessThanOrEqual(viewport.height);
  };
  // Over the canvas, not below the fold of the narration.
  const stage = await page.locator('#stage').boundingBox();
  const panelBox = await panel.boundingBox();
  expect(stage && panelBox && panelBox.x >= stage.x && panelBox.x + panelBox.width <= stage.x + stage.width).toBe(true);
  const choices = page.getByTestId('checkpoint-choice');
  await expect(choices).toHaveCount(checkpoint?.choices?.length ?? 0);
  for (let i = 0; i < (checkpoint?.choices?.length ?? 0); i++) await inView(choices.nth(i));

  const right = Number(checkpoint?.answer);
  const wrong = right === 0 ? 1 : 0;
  await choices.nth(wrong).click();
  await expect(page.getByTestId('checkpoint-verdict')).toContainText('✗');
  await expect(page.getByTestId('checkpoint-verdict')).toContainText('Try again');
  await expect(choices.nth(wrong)).toBeDisabled();
  await expect(choices.nth(right)).toBeEnabled();
  await choices.nth(right).click();
  await expect(page.getByTestId('checkpoint-verdict')).toContainText('✓');
  await expect(page.getByTestId('checkpoint-explanation')).toBeVisible();
  await inView(page.getByTestId('checkpoint-explanation'));
  await inView(page.getByTestId('checkpoint-verdict'));

  // Seek away and back: the question is as it was left.
  await page.getByRole('button', { name: 'Previous lesson step' }).click();
  await waitForStatus(page, (s) => s.stepIndex === step - 1);
  await expect(panel).toBeHidden();
  await page.getByRole('button', { name: 'Next lesson step' }).click();
  await waitForStatus(page, (s) => s.stepIndex === step);
  await expect(page.getByTestId('checkpoint-verdict')).toContainText('✓');
  expect((await readStatus(page)).stepIndex).toBe(step);
});
