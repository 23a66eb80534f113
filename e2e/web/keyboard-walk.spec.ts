import { expect, test, type Page } from '@playwright/test';
import { readLesson, readStatus, waitForStatus } from './helpers';

/**
 * A whole lesson with the keyboard alone (issue 19, WCAG 2.1.1 and 2.4.7): no mouse, no click().
 * Tab reaches the lesson list, Enter opens the tour, Shift+→ walks its steps, both checkpoint
 * questions (the canvas "pick" one and the multiple-choice one) are answered wrong and then right,
 * the help overlay opens and closes with focus coming back, and the lesson plays to its end.
 * Every element Tab lands on shows a focus outline that stands out (≥ 3:1) from what is behind it.
 */

interface FocusReport {
  tag: string;
  text: string;
  testid: string | null;
  /** Outline or ring visible, and its contrast with the background behind the element. */
  visible: boolean;
  contrast: number;
}

/** What has focus now and whether that focus can be seen. */
async function focusReport(page: Page): Promise<FocusReport | null> {
  return page.evaluate(() => {
    const el = document.activeElement;
    if (!(el instanceof HTMLElement) || el === document.body) return null;
    const parse = (c: string): [number, number, number, number] | null => {
      const m = c.match(/rgba?\(([^)]+)\)/);
      if (!m?.[1]) return null;
      const [r = 0, g = 0, b = 0, a = 1] = m[1].split(/[ ,/]+/).filter(Boolean).map(Number);
      return [r, g, b, a];
    };
    const lum = ([r, g, b]: [number, number, number, number]): number => {
      const f = (v: number) => {
        const s = v / 255;
        return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
      };
      return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b);
    };
    // The colour behind the element: the nearest ancestor (itself excluded: the outline sits outside it) with an opaque background.
    let bg: [number, number, number, number] = [0, 0, 0, 1];
    for (let n: Element | null = el.parentElement; n; n = n.parentElement) {
      const c = parse(getComputedStyle(n).backgroundColor);
      if (c && c[3] > 0.5) {
        bg = c;
        break;
      }
    }
    const style = getComputedStyle(el);
    const outline = parse(style.outlineColor);
    const width = parseFloat(style.outlineWidth);
    const visible = style.outlineStyle !== 'none' && width >= 2 && outline !== null && outline[3] > 0.5;
    const [hi, lo] = outline ? [Math.max(lum(outline), lum(bg)), Math.min(lum(outline), lum(bg))] : [0, 0];
    return { tag: el.tagName.toLowerCase(), text: (el.getAttribute('aria-label') ?? el.textContent ?? '').trim().slice(0, 60), testid: el.dataset.testid ?? null, visible, contrast: (hi + 0.05) / (lo + 0.05) };
  });
}

/** Presses Tab until `match` holds for the focused element (each stop must show its focus). */
async function tabTo(page: Page, match: (f: FocusReport) => boolean, what: string, max = 80): Promise<void> {
  const seen: string[] = [];
  for (let i = 0; i < max; i++) {
    await page.keyboard.press('Tab');
    const f = await focusReport(page);
    if (!f) continue;
    seen.push(f.testid ?? f.text);
    expect(f.visible, `focus outline on ${f.tag} "${f.text}"`).toBe(true);
    expect(f.contrast, `focus outline contrast on ${f.tag} "${f.text}"`).toBeGreaterThanOrEqual(3);
    if (match(f)) return;
  }
  throw new Error(`Tab never reached ${what}; stops: ${seen.join(' | ')}`);
}

/** Moves a focused <select> with the arrow keys until it shows `value`. */
async function selectByKeys(page: Page, value: string): Promise<void> {
  for (let i = 0; i < 40; i++) {
    const now = await page.evaluate(() => (document.activeElement instanceof HTMLSelectElement ? document.activeElement.value : null));
    if (now === value) return;
    if (now === null) throw new Error('focus left the list');
    await page.keyboard.press('ArrowDown');
  }
  throw new Error(`no option ${value}`);
}

async function stepTo(page: Page, index: number): Promise<void> {
  await page.keyboard.press('Shift+ArrowRight');
  await waitForStatus(page, (s) => s.stepIndex === index);
}

for (const theme of ['dark', 'projector'] as const) test(`a whole lesson with the keyboard alone (${theme} theme): pick, steps, both questions, help, the end`, async ({ page }) => {
  await page.goto(`/?theme=${theme}#lesson=hello-host`);
  await waitForStatus(page, (s) => s.lessonId === 'hello-host');

  // The lesson list, by Tab; Enter opens the tour.
  await tabTo(page, (f) => f.text.startsWith('Tour of Isolation Lab'), 'the tour in the lesson list');
  await page.keyboard.press('Enter');
  await waitForStatus(page, (s) => s.lessonId === 'tour' && s.stepIndex === 0);
  const lesson = await readLesson(page);
  if (!lesson) throw new Error('no lesson');
  const pickStep = lesson.steps.findIndex((s) => s.checkpoint?.kind === 'pick');
  const choiceStep = lesson.steps.findIndex((s) => s.checkpoint?.kind === 'choice');
  expect(pickStep).toBeGreaterThan(0);
  expect(choiceStep).toBeGreaterThan(pickStep);
  const verdict = page.getByTestId('checkpoint-verdict');

  for (let i = 1; i <= pickStep; i++) await stepTo(page, i);
  // The canvas question, answered from its list: a wrong guest, then the right one.
  await expect(page.getByTestId('checkpoint')).toBeVisible();
  const pick = lesson.steps[pickStep]?.checkpoint;
  const right = String(pick?.answer);
  const wrong = Object.keys((await page.evaluate(() => window.__lab?.state()))?.world.domains ?? {}).find((id) => id !== right && id !== 'dom0');
  if (!wrong) throw new Error('no wrong guest to pick');
  await tabTo(page, (f) => f.testid === 'checkpoint-pick', 'the answer list of the pick question');
  await selectByKeys(page, `domain:${wrong}`);
  await page.keyboard.press('Tab');
  expect((await focusReport(page))?.testid).toBe('checkpoint-pick-answer');
  await page.keyboard.press('Enter');
  await expect(verdict).toContainText('Not quite');
  // Focus stays in the question (on the list), so the next try is one key away.
  expect((await focusReport(page))?.testid).toBe('checkpoint-pick');
  await selectByKeys(page, `domain:${right}`);
  await page.keyboard.press('Tab');
  await page.keyboard.press('Enter');
  await expect(verdict).toContainText('Correct');

  // The multiple-choice question: focus lands on its first choice; C is wrong, A is right.
  await stepTo(page, choiceStep);
  await expect(page.getByTestId('checkpoint-choice')).toHaveCount(3);
  expect((await focusReport(page))?.testid).toBe('checkpoint-choice');
  await page.keyboard.press('Tab');
  await page.keyboard.press('Tab');
  expect((await focusReport(page))?.text).toContain('C.');
  await page.keyboard.press('Enter');
  await expect(verdict).toContainText('Not quite');
  const afterWrong = await focusReport(page);
  expect(afterWrong?.testid, 'focus is not lost after a wrong answer').toBe('checkpoint-choice');
  expect(afterWrong?.text).toContain('A.');
  await page.keyboard.press('Enter');
  await expect(verdict).toContainText('Correct');
  expect((await focusReport(page))?.testid, 'focus stays on the verdict').toBe('checkpoint-verdict');

  // Help: ? opens it with focus inside; Esc closes it and focus comes back where it was.
  await page.keyboard.press('?');
  const help = page.getByTestId('help-overlay');
  await expect(help).toBeVisible();
  expect(await page.evaluate(() => document.querySelector('[data-testid="help-overlay"]')?.contains(document.activeElement) ?? false)).toBe(true);
  await page.keyboard.press('Escape');
  await expect(help).toBeHidden();
  expect((await focusReport(page))?.testid, 'focus returns after the help closes').toBe('checkpoint-verdict');

  // To the last step, then play to the end of the lesson.
  for (let i = choiceStep + 1; i < lesson.steps.length; i++) await stepTo(page, i);
  await page.keyboard.press('Space');
  const end = (await readStatus(page)).endTime;
  await waitForStatus(page, (s) => s.simTime >= end && !s.playing, 30_000);
  await expect(page.getByTestId('checkpoint')).toBeHidden();
});
