import { expect, test, type Page } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Lesson } from '../../src/lessons/schema';
import { openApp, readLesson, readStatus, waitForStatus } from './helpers';

/**
 * Classroom use (issue 12): state that belongs to one lesson goes away with it, keys act on the
 * app wherever the mouse clicked, files open by dropping them, narration markdown nests, the
 * presenter's notes live in their own window, and Compare explains itself.
 */

/** A built-in lesson's file, as shipped. */
function findLesson(id: string): Lesson | undefined {
  return JSON.parse(readFileSync(join(import.meta.dirname, '..', '..', 'src', 'lessons', 'builtin', `${id}.json`), 'utf8')) as Lesson;
}

function lessonJson(id: string, overrides: Record<string, unknown> = {}): string {
  const base = findLesson('hello-host');
  if (!base) throw new Error('hello-host missing');
  return JSON.stringify({ ...base, id, title: `Lesson ${id}`, ...overrides });
}

/** Drops a file on the middle of the window, as a file manager would (a real DataTransfer). */
async function dropFile(page: Page, name: string, text: string): Promise<void> {
  await page.evaluate(
    ({ name, text }) => {
      const data = new DataTransfer();
      data.items.add(new File([text], name, { type: name.endsWith('.json') ? 'application/json' : 'application/x-ndjson' }));
      const target = document.elementFromPoint(innerWidth / 2, innerHeight / 2) ?? document.body;
      for (const type of ['dragenter', 'dragover', 'drop']) target.dispatchEvent(new DragEvent(type, { bubbles: true, cancelable: true, dataTransfer: data }));
    },
    { name, text },
  );
}

test('switching lessons clears the previous lesson\'s question and comparison', async ({ page }) => {
  await openApp(page, 'tour', { step: 5 });
  await waitForStatus(page, (s) => s.stepIndex === 5);
  const question = page.getByTestId('checkpoint');
  await expect(question).toBeVisible();
  await page.getByTestId('split-fault').selectOption('no-ebs-wipe');
  await page.getByTestId('split-toggle').click();
  await expect(page.getByTestId('split-pane')).toBeVisible();

  await page.locator('[data-lesson="hello-host"]').click();
  await waitForStatus(page, (s) => s.lessonId === 'hello-host');
  await expect(question).toBeHidden();
  await expect(page.getByTestId('split-pane')).toBeHidden();
  await expect(page.getByTestId('split-toggle')).toHaveAttribute('aria-pressed', 'false');
  // The fault list starts again from this lesson's own main fault.
  await expect(page.getByTestId('split-fault')).toHaveValue('no-scrub');
  expect(await page.evaluate(() => window.__lab?.selection() ?? null)).toBeNull();
});

test('Space plays after clicking a lesson or Compare; a button reached with Tab still takes Space', async ({ page }) => {
  await openApp(page, 'tour');
  await page.locator('[data-lesson="hello-host"]').click();
  await waitForStatus(page, (s) => s.lessonId === 'hello-host' && !s.playing);
  await page.keyboard.press('Space');
  await waitForStatus(page, (s) => s.playing);
  await page.keyboard.press('Space');
  await waitForStatus(page, (s) => !s.playing);

  await page.getByTestId('split-toggle').click();
  await expect(page.getByTestId('split-pane')).toBeVisible();
  await page.keyboard.press('Space');
  await waitForStatus(page, (s) => s.playing);
  await expect(page.getByTestId('split-pane')).toBeVisible();
  await page.keyboard.press('Space');
  await waitForStatus(page, (s) => !s.playing);

  // Keyboard users: Tab onto a lesson, and Space presses it (it loads; nothing plays).
  await page.locator('[data-lesson="hello-host"]').focus();
  await page.keyboard.press('Tab');
  await expect(page.locator('[data-lesson="tour"]')).toBeFocused();
  await page.keyboard.press('Space');
  await waitForStatus(page, (s) => s.lessonId === 'tour');
  expect((await readStatus(page)).playing).toBe(false);
});

test('the camera keys move the canvas and R brings back the lesson\'s view', async ({ page }) => {
  await openApp(page, 'hello-host', { step: 1 });
  await page.waitForFunction(() => window.__lab?.camera().moving === false);
  const before = await page.evaluate(() => window.__lab?.camera());
  await page.keyboard.press('e');
  await page.keyboard.press('d');
  await page.waitForFunction((z) => (window.__lab?.camera().zoom ?? 0) > (z ?? 1), before?.zoom);
  await page.keyboard.press('r');
  await page.waitForFunction((b) => {
    const c = window.__lab?.camera();
    return c !== undefined && !c.moving && Math.abs(c.zoom - (b?.zoom ?? 1)) < 1e-6 && Math.abs(c.x - (b?.x ?? 0)) < 1e-6;
  }, before);
});

test('a lesson file dropped on the window opens; an invalid one shows where it is wrong and changes nothing', async ({ page }) => {
  await openApp(page, 'hello-host');
  await expect(page.getByTestId('open-file')).toBeVisible();

  const bad = JSON.parse(lessonJson('bad-drop')) as { steps: Array<{ at: string }> };
  bad.steps[0] = { ...bad.steps[0], at: 'soon' };
  await dropFile(page, 'bad-drop.json', JSON.stringify(bad));
  const panel = page.getByTestId('error-panel').filter({ hasText: 'bad-drop.json' });
  await expect(panel).toBeVisible();
  await expect(panel).toContainText('$.steps[0].at');
  expect((await readLesson(page))?.id).toBe('hello-host');

  const narration = 'Tenancy never changes **to or from `default`** once set.';
  const steps = findLesson('hello-host')?.steps.map((s, i) => (i === 0 ? { ...s, narration } : s));
  await dropFile(page, 'dropped.json', lessonJson('dropped-lesson', { steps }));
  await waitForStatus(page, (s) => s.lessonId === 'dropped-lesson');
  await expect(page.getByTestId('lesson-title')).toHaveText('Lesson dropped-lesson');
  // Bold around code renders as nested markup, with no literal asterisks.
  await waitForStatus(page, (s) => s.stepIndex === 0);
  const body = page.getByTestId('narration');
  await expect(body.locator('strong code')).toHaveText('default');
  await expect(body.locator('strong')).toHaveText('to or from default');
  await expect(body).not.toContainText('**');
});

test('a fact citation in narration opens the fact with its sources', async ({ page }) => {
  await openApp(page, 'hello-host');
  const steps = findLesson('hello-host')?.steps.map((s, i) => (i === 0 ? { ...s, narration: 'Freed memory is [scrubbed](fact:no-such-fact-id) first.' } : s));
  await dropFile(page, 'cites.json', lessonJson('cites', { steps }));
  await waitForStatus(page, (s) => s.lessonId === 'cites');
  await waitForStatus(page, (s) => s.stepIndex === 0);
  await page.getByTestId('narration').locator('.fact-cite[data-fact="no-such-fact-id"]').click();
  const popover = page.getByTestId('fact-popover');
  await expect(popover).toBeVisible();
  await expect(popover).toContainText('no-such-fact-id');
  await page.keyboard.press('Escape');
  await expect(popover).toBeHidden();
});

test('presenter mode opens a second window with notes and answers; the audience window shows neither', async ({ page }) => {
  await openApp(page, 'tour', { step: 5 });
  await waitForStatus(page, (s) => s.stepIndex === 5);
  const tour = findLesson('tour');
  const notes = tour?.steps[5]?.notes ?? '';
  expect(notes.length).toBeGreaterThan(0);
  const popupPromise = page.waitForEvent('popup');
  await page.getByTestId('presenter-toggle').click();
  const presenter = await popupPromise;
  await expect(presenter.getByTestId('presenter-notes')).toContainText(notes.slice(0, 40));
  await expect(presenter.getByTestId('presenter-window-answer')).toContainText('Answer');
  await expect(presenter.getByTestId('presenter-next')).toContainText(tour?.steps[6]?.title ?? '');

  // The app window is the audience's: no notes, no answers, anywhere visible.
  await expect(page.locator('#app')).toHaveClass(/\baudience\b/);
  await expect(page.getByTestId('presenter-answer')).toBeHidden();
  await expect(page.locator('.presenter-notes').first()).toBeHidden();
  expect(await page.locator('body').innerText()).not.toContain(notes.slice(0, 40));

  // The presenter's buttons drive the app; the app's moves reach the presenter.
  await presenter.getByRole('button', { name: /Next step/ }).click();
  await waitForStatus(page, (s) => s.stepIndex === 6);
  await expect(presenter.getByTestId('presenter-position')).toContainText('Step 7 of');
  await presenter.close();
  await expect(page.locator('#app')).not.toHaveClass(/\baudience\b/, { timeout: 5000 });
});

test('Compare offers the lesson\'s own faults, says why there is no difference, and when it is too late', async ({ page }) => {
  await openApp(page, 'hello-host');
  const select = page.getByTestId('split-fault');
  await expect(select).toHaveValue('no-scrub');
  await expect(select.locator('optgroup').first()).toHaveAttribute('label', 'Faults that matter here');
  await page.getByTestId('split-toggle').click();
  await expect(page.getByTestId('split-count')).toHaveText('No differences at this time', { timeout: 20_000 });
  await expect(page.getByTestId('split-why')).toContainText('Not yet');

  // Close, move past the moment no-scrub matters, and switch it on there: too late, with a way back.
  await page.getByTestId('split-toggle').click();
  await page.keyboard.press('9');
  await waitForStatus(page, (s) => s.simTime > 6_000_000_000);
  await page.getByTestId('split-toggle').click();
  const late = page.getByTestId('split-late');
  await expect(late).toBeVisible({ timeout: 20_000 });
  await expect(late).toContainText('Too late');
  await page.getByTestId('split-restart').click();
  await waitForStatus(page, (s) => s.simTime < 6_000_000_000 && s.simTime > 0);
  await expect(late).toBeHidden();
});

test('the timeline end stays put when play continues past the lesson\'s last step', async ({ page }) => {
  await openApp(page, 'hello-host');
  const end = page.locator('.timeline-end');
  const label = await end.textContent();
  const status = await readStatus(page);
  await page.keyboard.press('Shift+ArrowRight');
  await page.keyboard.press('9');
  await page.keyboard.press('+');
  await page.keyboard.press('+');
  await page.keyboard.press('Space');
  await waitForStatus(page, (s) => s.simTime > status.endTime && !s.playing, 30_000);
  await expect(end).toHaveText(label ?? '');
});

test('the ? overlay lists the same keys as docs/keyboard.md', async ({ page }) => {
  await openApp(page, 'hello-host');
  await page.keyboard.press('?');
  const rows = page.getByTestId('help-row');
  const doc = readFileSync(join(import.meta.dirname, '..', '..', 'docs', 'keyboard.md'), 'utf8');
  const generated = doc.slice(doc.indexOf('<!-- key map'), doc.indexOf('<!-- end of generated key map'));
  const documented = [...generated.matchAll(/^\| (?!Keys|---)(.+) \| (.+) \|$/gm)].map((m) => m[2]);
  await expect(rows).toHaveCount(documented.length);
  expect(await rows.locator('td:last-child').allTextContents()).toEqual(documented);
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('help-overlay')).toBeHidden();
});
