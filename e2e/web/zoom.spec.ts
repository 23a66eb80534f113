import { mkdirSync } from 'node:fs';
import { expect, test, type Page } from '@playwright/test';
import { canvas, waitForStatus } from './helpers';

/**
 * Zoom and reflow (issue 19, WCAG 1.4.4 and 1.4.10). At 200 % browser zoom a 1280×720 window is
 * 640×360 CSS pixels at device scale 2 (what Chromium's and Electron's zoom do: the CSS viewport
 * shrinks, so media queries see it); the same window with the user's default font size doubled
 * (Chromium's font settings, through CDP) must also work. In each: every control can be scrolled
 * to and is neither covered nor cut off, the canvas keeps a usable size, the dialogs fit, and the
 * DOM text follows the user's font size (rem units, em media queries). CSS `zoom` on the root is
 * not tested: it magnifies without shrinking the viewport media queries see, which no browser's
 * zoom does.
 *
 * Screenshots of each layout go to /tmp/shots-motion/ (ZOOM_SHOTS=dir to change).
 */

const SHOTS = process.env.ZOOM_SHOTS ?? '/tmp/shots-motion';

interface Problem {
  what: string;
  why: string;
}

/**
 * Every visible control (button, select, input, link, tab, slider): scrolled into view, its centre
 * must hit the control itself and its box must lie inside the window and inside every clipping
 * ancestor. Returns what fails.
 */
async function unreachableControls(page: Page, scope = 'body'): Promise<Problem[]> {
  return page.evaluate(async (scopeSelector) => {
    const root = document.querySelector(scopeSelector) ?? document.body;
    const controls = [...root.querySelectorAll<HTMLElement>('button, select, input:not([type="file"]), a[href], [role="tab"], [role="slider"], summary, [tabindex]:not([tabindex="-1"])')];
    const problems: Array<{ what: string; why: string }> = [];
    const name = (el: HTMLElement) => `${el.tagName.toLowerCase()}${el.dataset.testid ? `[${el.dataset.testid}]` : ''} "${(el.getAttribute('aria-label') ?? el.textContent ?? '').trim().slice(0, 40)}"`;
    for (const el of controls) {
      if (el.closest('[hidden], [aria-hidden="true"]') || el.getClientRects().length === 0) continue;
      // Inside a closed <details> (the step outline): not shown until its summary is pressed.
      if (el.closest('details:not([open])') && !el.closest('summary')) continue;
      const style = getComputedStyle(el);
      if (style.visibility === 'hidden' || style.display === 'none') continue;
      // Open dialogs are modal: while one is open, only its own controls count.
      const modal = document.querySelector('dialog[open]:modal');
      if (modal && !modal.contains(el)) continue;
      el.scrollIntoView({ block: 'start', inline: 'nearest' });
      await new Promise((r) => requestAnimationFrame(() => r(null)));
      const r = el.getBoundingClientRect();
      if (r.width < 8 || r.height < 8) {
        problems.push({ what: name(el), why: `too small: ${r.width.toFixed(0)}×${r.height.toFixed(0)}` });
        continue;
      }
      if (r.left < -1 || r.top < -1 || r.right > innerWidth + 1 || r.bottom > innerHeight + 1) {
        problems.push({ what: name(el), why: `outside the window after scrolling: ${JSON.stringify({ x: Math.round(r.left), y: Math.round(r.top), w: Math.round(r.width), h: Math.round(r.height) })}` });
        continue;
      }
      // Cut off by an ancestor that clips (overflow hidden/auto/scroll) and cannot show it.
      for (let p = el.parentElement; p && p !== document.body; p = p.parentElement) {
        const ps = getComputedStyle(p);
        if (ps.overflowX === 'visible' && ps.overflowY === 'visible') continue;
        const pr = p.getBoundingClientRect();
        // A tree item's box holds its open children: what must show is its own first line.
        const bottom = Math.min(r.bottom, r.top + 24);
        if (r.left < pr.left - 1 || r.right > pr.right + 1 || r.top < pr.top - 1 || bottom > pr.bottom + 1) {
          problems.push({ what: name(el), why: `cut off by ${p.tagName.toLowerCase()}.${p.className}` });
          break;
        }
      }
      const hit = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
      const label = el.closest('label');
      if (!hit || !(el.contains(hit) || hit.contains(el) || (label !== null && label.contains(hit)))) {
        problems.push({ what: name(el), why: `covered by ${hit ? `${hit.tagName.toLowerCase()}.${hit.className}` : 'nothing'} at ${Math.round(r.left)},${Math.round(r.top)}` });
      }
    }
    window.scrollTo(0, 0);
    for (const el of document.querySelectorAll<HTMLElement>('*')) if (el.scrollTop > 0 || el.scrollLeft > 0) el.scrollTo(0, 0);
    return problems;
  }, scope);
}

/** No sideways scrolling for the page as a whole (1.4.10); the canvas keeps a usable size. */
async function expectReflow(page: Page, label: string): Promise<void> {
  const layout = await page.evaluate(() => {
    const host = document.querySelector('[data-testid="canvas-host"]')?.getBoundingClientRect();
    return { scrollWidth: document.documentElement.scrollWidth, width: innerWidth, canvasW: host?.width ?? 0, canvasH: host?.height ?? 0 };
  });
  expect(layout.scrollWidth, `${label}: page scrolls sideways`).toBeLessThanOrEqual(layout.width + 1);
  expect(layout.canvasW, `${label}: canvas width`).toBeGreaterThanOrEqual(Math.min(600, layout.width - 20));
  expect(layout.canvasH, `${label}: canvas height`).toBeGreaterThanOrEqual(200);
}

async function expectAllReachable(page: Page, label: string, scope?: string): Promise<void> {
  const problems = await unreachableControls(page, scope);
  expect(problems.map((p) => `${p.what}: ${p.why}`), `${label}: controls lost at zoom`).toEqual([]);
}

async function shot(page: Page, name: string, fullPage = true): Promise<void> {
  mkdirSync(SHOTS, { recursive: true });
  await page.screenshot({ path: `${SHOTS}/${name}.png`, fullPage });
}

async function open(page: Page, lessonId: string, hash: Record<string, string> = {}): Promise<void> {
  await page.goto(`/#${new URLSearchParams({ lesson: lessonId, ...hash }).toString()}`);
  await waitForStatus(page, (s) => s.lessonId === lessonId);
  await expect(canvas(page)).toBeVisible();
}

/** The whole app, one dialog and one question at a time, with every control checked. */
async function walkTheApp(page: Page, label: string): Promise<void> {
  await open(page, 'tour', { step: '5' });
  await waitForStatus(page, (s) => s.stepIndex === 5);
  await expect(page.getByTestId('checkpoint')).toBeVisible();
  await shot(page, `${label}-main`);
  await expectReflow(page, label);
  await expectAllReachable(page, `${label} main window with a question`);

  await page.keyboard.press('?');
  await expect(page.getByTestId('help-overlay')).toBeVisible();
  await shot(page, `${label}-help`);
  await expectAllReachable(page, `${label} help overlay`, '[data-testid="help-overlay"]');
  await page.keyboard.press('Escape');

  await page.getByTestId('split-toggle').click();
  await expect(page.getByTestId('split-pane')).toBeVisible();
  await shot(page, `${label}-compare`);
  await expectAllReachable(page, `${label} split screen`);
}

test.describe('200 % zoom: 640×360 CSS pixels at device scale 2', () => {
  test.use({ viewport: { width: 640, height: 360 }, deviceScaleFactor: 2 });

  test('nothing is lost or overlaps: main window, question, help, compare', async ({ page }) => {
    await walkTheApp(page, 'zoom200');
  });
});

test.describe("the user's font size doubled (Chromium font settings)", () => {
  test('DOM text follows it, and nothing is lost or overlaps', async ({ page }) => {
    await open(page, 'tour', { step: '5' });
    const sizeOf = () => page.evaluate(() => ({ narration: parseFloat(getComputedStyle(document.querySelector('.narration-body') ?? document.body).fontSize), title: parseFloat(getComputedStyle(document.querySelector('.step-title') ?? document.body).fontSize), tabs: parseFloat(getComputedStyle(document.querySelector('[role="tab"]') ?? document.body).fontSize), body: parseFloat(getComputedStyle(document.body).fontSize) }));
    const before = await sizeOf();
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Page.setFontSizes', { fontSizes: { standard: 32, fixed: 26 } });
    await open(page, 'tour', { step: '5' });
    const after = await sizeOf();
    for (const key of ['narration', 'title', 'tabs', 'body'] as const) expect(after[key], `${key} text follows the font-size setting`).toBeGreaterThanOrEqual(before[key] * 1.9);
    // Not full-page: Chromium's full-page capture drops the CDP font settings while it draws.
    await shot(page, 'font200-main', false);
    await expectAllReachable(page, 'font 200 % main window with a question');
    await page.keyboard.press('?');
    await expect(page.getByTestId('help-overlay')).toBeVisible();
    await shot(page, 'font200-help', false);
    await expectAllReachable(page, 'font 200 % help overlay', '[data-testid="help-overlay"]');
  });
});
