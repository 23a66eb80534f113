import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import type { Lesson } from '../../src/lessons/schema';
import type { ViewId } from '../../renderer/views/view';
import { canvas, canvasScreenshot, readLesson, switchView, waitForStatus } from './helpers';

/**
 * Automated accessibility checks (issue 19): reduced motion (below), then axe-core scans every view, dialog and mode of the
 * browser build in both themes against WCAG 2.0/2.1/2.2 A and AA, and fails on any serious or
 * critical finding. axe cannot judge the canvas's pixels; the canvas is checked for a name and a
 * role, and the projector theme's canvas contrast is the theme's own test.
 *
 * Run: WEB_OUT_DIR=/tmp/dist-x npm run web:build && WEB_OUT_DIR=/tmp/dist-x E2E_PORT=4303 npx playwright test e2e/web/a11y.spec.ts
 */

// Every test opens its own page: the scans spread over both workers (this file alone is 35
// tests, about a third of the e2e suite's time).
test.describe.configure({ mode: 'parallel' });

const THEMES = ['dark', 'projector'] as const;
type Theme = (typeof THEMES)[number];
const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];
const BLOCKING = new Set(['serious', 'critical']);

function builtin(id: string): Lesson {
  return JSON.parse(readFileSync(join(import.meta.dirname, '..', '..', 'src', 'lessons', 'builtin', `${id}.json`), 'utf8')) as Lesson;
}

/** Opens the app with a theme forced by the URL query (and a deep link), and waits for the lesson. */
async function openThemed(page: Page, theme: Theme, lessonId: string, hash: Record<string, string> = {}): Promise<void> {
  await page.goto(`/?theme=${theme}#${new URLSearchParams({ lesson: lessonId, ...hash }).toString()}`);
  await waitForStatus(page, (s) => s.lessonId === lessonId);
  await expect(canvas(page)).toBeVisible();
}

/** The serious and critical findings on the page now, one line each (rule, impact, where). */
async function blockingFindings(page: Page, exclude: string[] = []): Promise<string[]> {
  let builder = new AxeBuilder({ page }).withTags(TAGS);
  for (const selector of exclude) builder = builder.exclude(selector);
  const results = await builder.analyze();
  return results.violations
    .filter((v) => BLOCKING.has(v.impact ?? ''))
    .flatMap((v) => v.nodes.map((n) => `${v.id} (${v.impact}): ${n.target.join(' ')} — ${n.failureSummary?.split('\n').slice(1).join(' ').trim() ?? v.help}`));
}

async function expectClean(page: Page, label: string): Promise<void> {
  const findings = await blockingFindings(page);
  expect(findings, `${label}: ${findings.length} serious/critical axe findings\n${findings.join('\n')}`).toEqual([]);
}

/** Views with the lesson that puts the most on each (so the scan sees their panels filled). */
const VIEWS: ReadonlyArray<[ViewId, string]> = [
  ['host', 'hello-host'],
  ['memory', 'memory-scrubbing'],
  ['rings', 'rings-pv-vs-hvm'],
  ['storage', 'ebs-zeroing'],
  ['fleet', 'scrubbing-at-scale'],
  ['access', 'who-can-touch-what'],
  ['network', 'neighbours-are-strangers'],
];

for (const theme of THEMES) {
  test.describe(`axe, ${theme} theme`, () => {
    test('the theme query is honoured', async ({ page }) => {
      await openThemed(page, theme, 'hello-host');
      // `?theme=` is the theme engineer's contract (renderer/ui/theme.ts): dark is the default.
      const applied = await page.evaluate(() => document.documentElement.dataset.theme ?? 'dark');
      expect(applied).toBe(theme);
    });

    for (const [view, lessonId] of VIEWS) {
      test(`${view} view`, async ({ page }) => {
        await openThemed(page, theme, lessonId, { step: '1' });
        await switchView(page, view);
        // The canvas itself: a named image, so screen readers do not meet an anonymous element.
        await expect(canvas(page)).toHaveAttribute('role', 'img');
        await expect(canvas(page)).toHaveAttribute('aria-label', new RegExp(`${view}`, 'i'));
        await expectClean(page, `${theme} ${view}`);
      });
    }

    test('lesson picker and help overlay', async ({ page }) => {
      await openThemed(page, theme, 'tour');
      await expect(page.getByRole('list', { name: 'Built-in lessons' })).toBeVisible();
      await expectClean(page, `${theme} lesson picker`);
      await page.keyboard.press('?');
      await expect(page.getByTestId('help-overlay')).toBeVisible();
      await expectClean(page, `${theme} help overlay`);
    });

    test('about dialog', async ({ page }) => {
      await openThemed(page, theme, 'hello-host');
      // Help › About is a desktop menu command; the browser build has the same dialog element.
      await page.evaluate(() => document.querySelector<HTMLDialogElement>('dialog.about')?.showModal());
      await expect(page.locator('dialog.about')).toBeVisible();
      await expectClean(page, `${theme} about dialog`);
    });

    test('checkpoint overlay, answered wrong then right', async ({ page }) => {
      await openThemed(page, theme, 'tour');
      // The parsed lesson (checkpoint kinds are filled in by the schema).
      const choiceStep = (await readLesson(page))?.steps.findIndex((s) => s.checkpoint?.kind === 'choice') ?? -1;
      expect(choiceStep).toBeGreaterThan(0);
      await openThemed(page, theme, 'tour', { step: String(choiceStep) });
      await waitForStatus(page, (s) => s.stepIndex === choiceStep);
      await expect(page.getByTestId('checkpoint')).toBeVisible();
      await expectClean(page, `${theme} checkpoint question`);
      const choices = page.getByTestId('checkpoint-choice');
      await choices.nth(2).click();
      await expect(page.getByTestId('checkpoint-verdict')).toContainText('Not quite');
      await expectClean(page, `${theme} checkpoint wrong answer`);
      await choices.first().click();
      await expect(page.getByTestId('checkpoint-verdict')).toContainText('Correct');
      await expectClean(page, `${theme} checkpoint right answer`);
    });

    test('fact popover', async ({ page }) => {
      const lesson = builtin('hello-host');
      const step = lesson.steps.findIndex((s) => /\]\(fact:/.test(s.narration ?? ''));
      expect(step).toBeGreaterThanOrEqual(0);
      await openThemed(page, theme, 'hello-host', { step: String(step) });
      await waitForStatus(page, (s) => s.stepIndex === step);
      await page.getByTestId('narration').locator('.fact-cite').first().click();
      await expect(page.getByTestId('fact-popover')).toBeVisible();
      await expectClean(page, `${theme} fact popover`);
    });

    test('error panels', async ({ page }) => {
      await page.goto(`/?theme=${theme}#lesson=no-such-lesson`);
      await expect(page.getByTestId('error-panel')).toBeVisible();
      await waitForStatus(page, (s) => s.lessonId !== null);
      await page.getByTestId('open-recording-input').setInputFiles({ name: 'broken.ndjson', mimeType: 'application/x-ndjson', buffer: Buffer.from('not a recording\n') });
      await expect(page.getByTestId('recording-error')).toBeVisible();
      await expectClean(page, `${theme} error panels`);
    });

    test('split screen (Compare)', async ({ page }) => {
      await openThemed(page, theme, 'ebs-zeroing', { step: '2' });
      await page.getByTestId('split-toggle').click();
      await expect(page.getByTestId('split-pane')).toBeVisible();
      await expect(page.getByTestId('split-count')).not.toBeEmpty({ timeout: 20_000 });
      await expectClean(page, `${theme} split screen`);
    });

    test('presenter window and audience mode', async ({ page }) => {
      await openThemed(page, theme, 'tour', { step: '5' });
      const popup = page.waitForEvent('popup');
      await page.getByTestId('presenter-toggle').click();
      const presenter = await popup;
      await expect(presenter.getByTestId('presenter-notes')).not.toBeEmpty();
      // The theme forced by the URL holds in the presenter window too, so its scan is in that theme.
      await expect(presenter.locator('html')).toHaveAttribute('data-theme', theme);
      await expect(page.locator('#app')).toHaveClass(/\baudience\b/);
      await expectClean(page, `${theme} audience mode`);
      await expectClean(presenter, `${theme} presenter window`);
      await presenter.close();
    });

    test('recording: recorder, player and export panel', async ({ page }) => {
      await openThemed(page, theme, 'hello-host');
      await page.getByTestId('record').click();
      await expect(page.getByTestId('record')).toHaveAttribute('aria-pressed', 'true');
      await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
      await page.keyboard.press('ArrowRight');
      await waitForStatus(page, (s) => s.eventIndex >= 1);
      await expectClean(page, `${theme} recording`);
      await page.getByTestId('record').click();
      const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('download-recording').click()]);
      const text = readFileSync(await download.path(), 'utf8');
      await page.getByTestId('open-recording-input').setInputFiles({ name: 'session.ndjson', mimeType: 'application/x-ndjson', buffer: Buffer.from(text) });
      await expect(page.getByTestId('export-video')).toBeVisible();
      await expectClean(page, `${theme} player and export panel`);
    });
  });
}

/**
 * Reduced motion (renderer/ui/motion.ts): asked for by the system (Playwright's `reducedMotion`
 * context option) or forced by `?motion=reduced`, the camera jumps instead of gliding and the
 * canvas shows its final picture at once after a step; full motion still glides (the control).
 */
async function cameraAfterReset(page: Page): Promise<{ moving: boolean; zoom: number }> {
  await page.keyboard.press('e');
  await page.keyboard.press('e');
  await page.waitForFunction(() => window.__lab?.camera().moving === false && (window.__lab?.camera().zoom ?? 1) > 1.2);
  await page.keyboard.press('r');
  const camera = await page.evaluate(() => window.__lab?.camera());
  if (!camera) throw new Error('no camera');
  return camera;
}

async function expectFinalAtOnce(page: Page): Promise<void> {
  await expect(page.locator('html')).toHaveAttribute('data-motion', 'reduced');
  const reset = await cameraAfterReset(page);
  expect(reset.moving, 'the camera jumps back').toBe(false);
  expect(reset.zoom).toBeLessThan(1.2);
  // A lesson step (new focus, new camera) and an event step: the first frame is the final one.
  for (const key of ['Shift+ArrowRight', 'ArrowRight']) {
    const before = (await page.evaluate(() => window.__lab?.status()))?.eventIndex ?? 0;
    await page.keyboard.press(key);
    await waitForStatus(page, (s) => s.eventIndex > before);
    const first = await canvasScreenshot(page);
    expect((await page.evaluate(() => window.__lab?.camera()))?.moving).toBe(false);
    await page.waitForTimeout(700);
    expect((await canvasScreenshot(page)).equals(first), `${key}: the picture changed after the step was drawn`).toBe(true);
  }
}

test.describe('reduced motion', () => {
  test('?motion=reduced: camera jumps, the canvas is final at once, captions still say what happened', async ({ page }) => {
    await page.goto('/?motion=reduced#lesson=hello-host');
    await waitForStatus(page, (s) => s.lessonId === 'hello-host');
    await expectFinalAtOnce(page);
    await expect(page.getByTestId('caption')).not.toContainText('Step (→) or play');
  });

  test.describe('the system setting (prefers-reduced-motion)', () => {
    test.use({ reducedMotion: 'reduce' });
    test('is the default, and M (remembered) turns motion back on', async ({ page }) => {
      await page.goto('/#lesson=hello-host');
      await waitForStatus(page, (s) => s.lessonId === 'hello-host');
      await expectFinalAtOnce(page);
      const toggle = page.getByTestId('motion-toggle');
      await expect(toggle).toHaveAttribute('aria-pressed', 'true');
      await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
      await page.keyboard.press('m');
      await expect(page.locator('html')).toHaveAttribute('data-motion', 'full');
      await expect(toggle).toHaveAttribute('aria-pressed', 'false');
      expect(await page.evaluate(() => localStorage.getItem('isolab.motion'))).toBe('full');
      await page.reload();
      await expect(page.locator('html')).toHaveAttribute('data-motion', 'full');
    });
  });

  test('full motion (the control): the same reset glides', async ({ page }) => {
    await page.goto('/?motion=full#lesson=hello-host');
    await waitForStatus(page, (s) => s.lessonId === 'hello-host');
    await expect(page.locator('html')).toHaveAttribute('data-motion', 'full');
    expect((await cameraAfterReset(page)).moving).toBe(true);
  });
});
