import { expect, test, type Page } from '@playwright/test';
import { hashValue } from '../../src/engine/hash';
import { canvas, canvasScreenshot, openApp, readLesson, readState, readStatus, waitForStatus } from './helpers';

/**
 * Step-through demos (issue 7): stepping through a lesson keeps picture, narration and state in
 * agreement; seeks land on the state a straight run reaches; the timeline keys; checkpoint
 * questions; a broken lesson file; presenter layouts; the split-screen comparison.
 */

/** Hash of the mirrored state as the page holds it (both sides go through the same copy). */
async function stateHash(page: Page): Promise<string> {
  return hashValue(await readState(page));
}

async function press(page: Page, key: string): Promise<void> {
  // Keys go to the page, not to a focused control that might keep them.
  await page.locator('body').focus();
  await page.keyboard.press(key);
}

test('stepping forward and back through the tour: picture, narration and state agree', async ({ page }) => {
  await openApp(page, 'tour');
  const lesson = await readLesson(page);
  if (!lesson) throw new Error('no lesson');
  const pictures: Buffer[] = [];
  const hashes: string[] = [];
  for (let step = 0; step <= 3; step++) {
    if (step > 0) await press(page, 'Shift+ArrowRight');
    await waitForStatus(page, (s) => s.stepIndex === step);
    await expect(page.locator('.step-title')).toHaveText(lesson.steps[step]?.title ?? '');
    const state = await readState(page);
    // The state agrees with the narration: web-a exists once its step (1 s) is reached, db-b at 3 s.
    expect(Object.keys(state.world.domains).includes('db-b')).toBe(step >= 3);
    hashes.push(await stateHash(page));
    pictures.push(await canvasScreenshot(page));
  }
  expect(pictures[3]?.equals(pictures[0] as Buffer)).toBe(false);
  for (let step = 2; step >= 0; step--) {
    await press(page, 'Shift+ArrowLeft');
    await waitForStatus(page, (s) => s.stepIndex === step);
    await expect(page.locator('.step-title')).toHaveText(lesson.steps[step]?.title ?? '');
    // Step 0 was first seen right after loading, before the events at time zero ran; a seek to
    // it runs them, so only the later steps are compared with the forward pass.
    if (step > 0) expect(await stateHash(page)).toBe(hashes[step]);
  }
  await press(page, 'Shift+ArrowRight');
  await waitForStatus(page, (s) => s.stepIndex === 1);
  expect(await stateHash(page)).toBe(hashes[1]);
  await press(page, 'Shift+ArrowLeft');
  await waitForStatus(page, (s) => s.stepIndex === 0);
  // Event by event: forward then back lands on the same state.
  const before = await stateHash(page);
  const at = (await readStatus(page)).eventIndex;
  await press(page, 'ArrowRight');
  await waitForStatus(page, (s) => s.eventIndex === at + 1);
  await press(page, 'ArrowLeft');
  await waitForStatus(page, (s) => s.eventIndex === at);
  expect(await stateHash(page)).toBe(before);
  await expect(page.getByTestId('live-region')).not.toBeEmpty();
});

test('seeking lands on the same state as a straight run from the start', async ({ page }) => {
  await openApp(page, 'tour');
  await press(page, '5');
  const seeked = await waitForStatus(page, (s) => s.simTime === Math.round(0.5 * s.endTime));
  const target = seeked.eventIndex;
  const hash = await stateHash(page);
  // Back to the start, then one event at a time: a straight run to the same event.
  await press(page, '0');
  const start = await waitForStatus(page, (s) => s.simTime === 0);
  for (let i = start.eventIndex; i < target; i++) {
    await press(page, 'ArrowRight');
    await waitForStatus(page, (s) => s.eventIndex === i + 1);
  }
  expect(await stateHash(page)).toBe(hash);
  // And seeking there again (now backwards from the end of the known timeline) agrees too.
  await press(page, '9');
  await waitForStatus(page, (s) => s.simTime === Math.round(0.9 * s.endTime));
  await press(page, '5');
  await waitForStatus(page, (s) => s.eventIndex === target);
  expect(await stateHash(page)).toBe(hash);
});

test('timeline keys: chapters with [ and ], tenths with digits, lesson steps with Shift+arrows', async ({ page }) => {
  await openApp(page, 'tour');
  const lesson = await readLesson(page);
  if (!lesson) throw new Error('no lesson');
  const chapters = lesson.steps.flatMap((s, i) => (s.chapter ? [i] : []));
  await waitForStatus(page, (s) => s.stepIndex === 0);
  await press(page, ']');
  await waitForStatus(page, (s) => s.stepIndex === chapters[1]);
  await expect(page.getByTestId('timeline-chapter')).toHaveText(lesson.steps[chapters[1] as number]?.chapter ?? '');
  await press(page, ']');
  await waitForStatus(page, (s) => s.stepIndex === chapters[2]);
  await press(page, 'Shift+ArrowRight');
  await waitForStatus(page, (s) => s.stepIndex === (chapters[2] as number) + 1);
  await press(page, '[');
  await waitForStatus(page, (s) => s.stepIndex === chapters[2]);
  await press(page, '[');
  await waitForStatus(page, (s) => s.stepIndex === chapters[1]);
  await press(page, 'Shift+ArrowLeft');
  await waitForStatus(page, (s) => s.stepIndex === (chapters[1] as number) - 1);
  await press(page, '9');
  const ninety = await waitForStatus(page, (s) => s.simTime === Math.round(0.9 * s.endTime));
  await expect(page.getByRole('slider', { name: 'Timeline' })).toHaveValue(String(Math.round((1000 * ninety.simTime) / ninety.endTime)));
  await press(page, '0');
  await waitForStatus(page, (s) => s.simTime === 0);
});

test('play stops at a checkpoint question; a wrong and a right answer get feedback and the explanation', async ({ page }) => {
  await openApp(page, 'tour');
  const lesson = await readLesson(page);
  if (!lesson) throw new Error('no lesson');
  const pickStep = lesson.steps.findIndex((s) => s.checkpoint?.kind === 'pick');
  const choiceStep = lesson.steps.findIndex((s) => s.checkpoint?.kind === 'choice');
  const panel = page.getByTestId('checkpoint');
  await expect(panel).toBeHidden();
  for (let i = 0; i < 5; i++) await press(page, '+');
  await waitForStatus(page, (s) => s.speed >= 8);
  await press(page, 'Space');
  const stopped = await waitForStatus(page, (s) => !s.playing && s.stepIndex === pickStep, 30_000);
  expect(stopped.simTime).toBe(4_000_000_000);
  await expect(panel).toBeVisible();
  await expect(panel).toContainText(lesson.steps[pickStep]?.checkpoint?.question ?? '');

  // The multiple-choice question: a wrong answer first.
  await press(page, 'Shift+ArrowRight');
  await waitForStatus(page, (s) => s.stepIndex === choiceStep);
  const choices = page.getByTestId('checkpoint-choice');
  await expect(choices).toHaveCount(3);
  await choices.nth(2).click();
  const verdict = page.getByTestId('checkpoint-verdict');
  await expect(verdict).toContainText('Not quite');
  await expect(verdict).toContainText('✗');
  // A wrong answer does not give the answer away: the class can try again.
  await expect(verdict).toContainText('Try again');
  await expect(choices.nth(2)).toBeDisabled();
  await choices.first().click();
  await expect(verdict).toContainText('Correct');
  await expect(page.getByTestId('checkpoint-explanation')).toContainText(lesson.steps[choiceStep]?.checkpoint?.explanation?.slice(0, 40) ?? '');

  // A fresh page: the right answer.
  await openApp(page, 'tour', { step: choiceStep });
  await waitForStatus(page, (s) => s.stepIndex === choiceStep);
  await page.getByTestId('checkpoint-choice').first().click();
  await expect(page.getByTestId('checkpoint-verdict')).toContainText('Correct');
  await expect(page.getByTestId('checkpoint-verdict')).toContainText('✓');
  // The explanation stays revealed as the lesson continues and comes back.
  await press(page, 'Shift+ArrowRight');
  await waitForStatus(page, (s) => s.stepIndex === choiceStep + 1);
  await expect(page.getByTestId('checkpoint')).toBeHidden();
  await press(page, 'Shift+ArrowLeft');
  await waitForStatus(page, (s) => s.stepIndex === choiceStep);
  await expect(page.getByTestId('checkpoint-verdict')).toContainText('Correct');
});

/**
 * Clicks across the canvas and returns, for each id wanted, the centre of the grid points that
 * selected it (views draw from state, so the same state puts them in the same place).
 */
/**
 * Waits until the camera has arrived where the step sends it (it glides there), nothing else
 * animates and Pixi has drawn it: a click during the glide lands where the picture was, not where
 * it is going.
 */
async function cameraAtRest(page: Page): Promise<void> {
  await page.waitForFunction(() => window.__lab?.camera().moving === false && window.__lab.renderStats().sleeping);
  await page.evaluate(() => new Promise<void>((resolve) => requestAnimationFrame(() => requestAnimationFrame(() => resolve()))));
}

async function findOnCanvas(page: Page, ids: readonly string[]): Promise<Record<string, { x: number; y: number }>> {
  const box = await canvas(page).boundingBox();
  if (!box) throw new Error('no canvas');
  const hits: Record<string, Array<{ x: number; y: number }>> = Object.fromEntries(ids.map((id) => [id, []]));
  // Guest cards are over 100 px wide and tall: a 40 px grid hits each of them several times.
  for (let y = 20; y < box.height; y += 40) {
    for (let x = 20; x < box.width; x += 40) {
      await page.mouse.click(box.x + x, box.y + y);
      const selected = await page.evaluate(() => window.__lab?.selection()?.id ?? null);
      if (selected !== null && hits[selected]) hits[selected].push({ x, y });
    }
  }
  const centres: Record<string, { x: number; y: number }> = {};
  for (const id of ids) {
    const points = hits[id] ?? [];
    if (points.length === 0) throw new Error(`${id} is not on the canvas`);
    centres[id] = { x: points.reduce((n, p) => n + p.x, 0) / points.length, y: points.reduce((n, p) => n + p.y, 0) / points.length };
  }
  return centres;
}

test('a pick question: clicking the right guest on the canvas is correct, another one is not', async ({ page }) => {
  await openApp(page, 'tour');
  const lesson = await readLesson(page);
  const pickStep = lesson?.steps.findIndex((s) => s.checkpoint?.kind === 'pick') ?? -1;
  const answer = String(lesson?.steps[pickStep]?.checkpoint?.answer);
  // Find both guests on the step before the question (same domains, same layout), then ask.
  await press(page, 'Shift+ArrowRight');
  await press(page, 'Shift+ArrowRight');
  await press(page, 'Shift+ArrowRight');
  await waitForStatus(page, (s) => s.stepIndex === pickStep - 1);
  await cameraAtRest(page);
  const found = await findOnCanvas(page, [answer, 'web-a']);
  const [right, wrong] = [found[answer], found['web-a']];
  await press(page, 'Shift+ArrowRight');
  await waitForStatus(page, (s) => s.stepIndex === pickStep);
  await cameraAtRest(page);
  await canvas(page).click({ position: wrong });
  await expect(page.getByTestId('checkpoint-verdict')).toContainText('Not quite');
  await expect(page.getByTestId('checkpoint-verdict')).not.toContainText(answer);

  await openApp(page, 'tour', { step: pickStep });
  await waitForStatus(page, (s) => s.stepIndex === pickStep);
  await cameraAtRest(page);
  await canvas(page).click({ position: right });
  await expect(page.getByTestId('checkpoint-verdict')).toContainText('Correct');
  await expect(page.getByTestId('checkpoint-explanation')).toBeVisible();
});

test('a malformed lesson file shows its error and the tour stays loaded', async ({ page }) => {
  await openApp(page, 'tour', { step: 2 });
  await waitForStatus(page, (s) => s.stepIndex === 2);
  const before = await stateHash(page);
  const broken = { id: 'bad', title: 'Bad', summary: 'x', timeScale: '1s', world: {}, steps: [{ at: '-5s', narration: 'negative time' }] };
  await page.getByTestId('lesson-file-input').setInputFiles({ name: 'negative.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(broken)) });
  const panel = page.getByTestId('error-panel').filter({ hasText: 'negative.json' });
  await expect(panel).toBeVisible();
  await expect(panel).toContainText('$.steps[0].at');
  expect((await readLesson(page))?.id).toBe('tour');
  expect((await readStatus(page)).stepIndex).toBe(2);
  expect(await stateHash(page)).toBe(before);
});

test('where no second window can open, p cycles the layouts; the audience never sees the answer', async ({ page }) => {
  // A blocked pop-up (the presenter window itself is covered in classroom.spec.ts).
  await page.addInitScript(() => {
    window.open = () => null;
  });
  await openApp(page, 'tour');
  const app = page.locator('#app');
  const answer = page.getByTestId('presenter-answer');
  await expect(answer).toBeHidden();
  await press(page, 'p');
  await expect(app).toHaveClass(/\bpresenter\b/);
  await expect(answer).toBeVisible();
  await expect(answer).toContainText('Answer');
  await press(page, 'p');
  await expect(app).toHaveClass(/\baudience\b/);
  await expect(answer).toBeHidden();
  await expect(page.locator('.bottom')).toBeHidden();
  await expect(page.getByTestId('narration')).toBeVisible();
  await press(page, 'p');
  await expect(app).not.toHaveClass(/\baudience\b|\bpresenter\b/);
});

test('split screen: the same lesson with no-scrub on shows the leak as differences', async ({ page }) => {
  await openApp(page, 'memory-scrubbing');
  await expect(page.getByTestId('split-fault')).toHaveValue('no-scrub');
  await page.getByTestId('split-toggle').click();
  await expect(page.getByTestId('split-pane')).toBeVisible();
  await expect(page.locator('[data-testid="split-pane"] canvas')).toBeVisible();
  // 90 % of the lesson is past tenant B's probe (7 s): the fault-off side stays clean, the other leaks.
  await press(page, '9');
  await waitForStatus(page, (s) => s.simTime === Math.round(0.9 * s.endTime) && s.simTime > 7_000_000_000);
  await expect(page.getByTestId('split-count')).toContainText('difference', { timeout: 20_000 });
  const rows = page.getByTestId('split-difference');
  await expect(rows.first()).toContainText('isolation violations');
  await expect(rows.first()).toContainText('memory.residue-handed-over');
  expect((await readState(page)).violations).toEqual([]);
  // Stepping back to the start: the two runs agree again.
  await press(page, '0');
  await waitForStatus(page, (s) => s.simTime === 0);
  await expect(page.getByTestId('split-count')).toHaveText('No differences at this time', { timeout: 20_000 });
  await page.getByTestId('split-toggle').click();
  await expect(page.getByTestId('split-pane')).toBeHidden();
});
