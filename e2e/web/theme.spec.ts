import { mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { expect, test, type Page } from '@playwright/test';
import { contrastRatio, GRAPHIC_MIN, parseHex, TEXT_MIN } from '../../renderer/ui/theme-contrast';
import { CSS_PAIRS } from '../../renderer/ui/theme-pairs';
import type { ViewId } from '../../renderer/views/view';
import { canvas, canvasScreenshot, collectErrors, pixelStats, switchView, waitForStatus } from './helpers';

/**
 * The projector theme (issue 19): a light, high-contrast theme chosen in the app (button, key T),
 * remembered across reloads and forced by `?theme=`. The page and the canvas both change: the
 * canvas is sampled, not only the DOM attribute.
 */

async function open(page: Page, query = '', lesson = 'hello-host'): Promise<void> {
  await page.goto(`/${query}#lesson=${lesson}`);
  await waitForStatus(page, (s) => s.lessonId === lesson);
  await expect(canvas(page)).toBeVisible();
}

const theme = (page: Page): Promise<string | undefined> => page.evaluate(() => document.documentElement.dataset.theme);

/** Mean relative luminance (0 dark … 1 light) of the canvas, sampled from its screenshot. */
async function canvasLightness(page: Page): Promise<number> {
  return (await pixelStats(page, await canvasScreenshot(page))).lightness;
}

/** The page's own background colour (the root element's, which the theme sets). */
const pageBackground = (page: Page): Promise<string> => page.evaluate(() => getComputedStyle(document.documentElement).backgroundColor);

test('the button and the T key switch the page and the canvas between the dark and the projector theme', async ({ page }) => {
  const errors = collectErrors(page);
  await open(page);
  expect(await theme(page)).toBe('dark');
  const darkCanvas = await canvasLightness(page);
  expect(darkCanvas).toBeLessThan(0.3);
  expect(await pageBackground(page)).toBe('rgb(15, 18, 24)');

  const button = page.getByTestId('theme-toggle');
  await expect(button).toHaveAttribute('aria-pressed', 'false');
  await button.click();
  expect(await theme(page)).toBe('projector');
  await expect(button).toHaveAttribute('aria-pressed', 'true');
  expect(await pageBackground(page)).toBe('rgb(255, 255, 255)');
  await expect.poll(() => canvasLightness(page)).toBeGreaterThan(0.7);
  // The change is said aloud.
  await expect(page.locator('[aria-live]').filter({ hasText: 'Projector theme (light): on' })).toHaveCount(1);

  // Focus off the button, so T reaches the app's shortcuts.
  await page.locator('body').click({ position: { x: 5, y: 700 } });
  await page.keyboard.press('t');
  expect(await theme(page)).toBe('dark');
  await expect.poll(() => canvasLightness(page)).toBeLessThan(0.3);
  expect(errors).toEqual([]);
});

test('the choice survives a reload, and ?theme= forces a theme for one page without being remembered', async ({ page }) => {
  await open(page);
  await page.getByTestId('theme-toggle').click();
  expect(await page.evaluate(() => localStorage.getItem('isolab.theme'))).toBe('projector');
  await page.reload();
  await waitForStatus(page, (s) => s.lessonId === 'hello-host');
  expect(await theme(page)).toBe('projector');
  await expect.poll(() => canvasLightness(page)).toBeGreaterThan(0.7);

  // The URL wins over the remembered choice; toggling under it does not overwrite what is stored.
  await open(page, '?theme=dark');
  expect(await theme(page)).toBe('dark');
  await expect.poll(() => canvasLightness(page)).toBeLessThan(0.3);
  await page.getByTestId('theme-toggle').click();
  expect(await theme(page)).toBe('projector');
  expect(await page.evaluate(() => localStorage.getItem('isolab.theme'))).toBe('projector');

  await page.evaluate(() => localStorage.removeItem('isolab.theme'));
  await open(page, '?theme=projector');
  expect(await theme(page)).toBe('projector');
  await expect.poll(() => canvasLightness(page)).toBeGreaterThan(0.7);
  expect(await page.evaluate(() => localStorage.getItem('isolab.theme'))).toBeNull();
});

test('a second window of the app (the room screen) follows the theme switched in the first', async ({ page, context }) => {
  await open(page);
  const second = await context.newPage();
  await open(second);
  expect(await theme(second)).toBe('dark');
  await page.getByTestId('theme-toggle').click();
  await expect.poll(() => theme(second)).toBe('projector');
  await expect.poll(() => canvasLightness(second)).toBeGreaterThan(0.7);
  await second.close();
});

test('every DOM colour pair keeps WCAG contrast in both themes, as the page computes it', async ({ page }) => {
  const names = [...new Set(CSS_PAIRS.flatMap((p) => [p.fg, p.bg]))];
  for (const theme of ['dark', 'projector'] as const) {
    await open(page, `?theme=${theme}`);
    const values = await page.evaluate((list) => {
      const style = getComputedStyle(document.documentElement);
      return Object.fromEntries(list.map((name) => [name, style.getPropertyValue(`--${name}`).trim()]));
    }, names);
    const color = (name: string): number => {
      const parsed = parseHex(values[name] ?? '');
      if (parsed === null) throw new Error(`styles.css: --${name} (${theme}): expected a #rrggbb colour, got ${JSON.stringify(values[name])}`);
      return parsed;
    };
    const failures = CSS_PAIRS.map((p) => ({ ...p, ratio: contrastRatio(color(p.fg), color(p.bg)) }))
      .filter((p) => p.ratio < (p.kind === 'text' ? TEXT_MIN : GRAPHIC_MIN))
      .map((p) => `${theme}: ${p.kind} --${p.fg} on --${p.bg}: ${p.ratio.toFixed(2)}:1`);
    expect(failures).toEqual([]);
  }
});

/** The stylesheets' text with comments, the two theme blocks and var() fallbacks taken out. */
function rules(file: string): string {
  return readFileSync(new URL(`../../renderer/${file}`, import.meta.url), 'utf8')
    .replace(/\/\*[\s\S]*?\*\//g, '')
    .replace(/:root(\[data-theme='projector'\])? \{[^}]*\}/g, '')
    .replace(/var\(--[a-z-]+, [^)]*\)+/g, '');
}

test('the stylesheets take every colour from the theme: no literal colours in the rules, every dark colour overridden', () => {
  const sheets = ['styles.css', ...readdirSync(new URL('../../renderer/ui/', import.meta.url)).filter((f) => f.endsWith('.css')).map((f) => `ui/${f}`)];
  expect(sheets.length).toBeGreaterThan(3);
  for (const file of sheets) {
    expect([...rules(file).matchAll(/#[0-9a-f]{3,6}\b|rgba?\([^)]*\)/gi)].map((m) => m[0]), file).toEqual([]);
  }
  const styles = readFileSync(new URL('../../renderer/styles.css', import.meta.url), 'utf8');
  const block = (selector: string): Map<string, string> => {
    const start = styles.indexOf(`${selector} {`);
    expect(start, selector).toBeGreaterThanOrEqual(0);
    const body = styles.slice(start, styles.indexOf('}', start));
    return new Map([...body.matchAll(/--([a-z-]+):\s*([^;]+);/g)].map((m) => [m[1] as string, (m[2] as string).trim()]));
  };
  const projector = block(":root[data-theme='projector']");
  const colours = [...block(':root')].filter(([, value]) => /^#|^rgba?\(/.test(value)).map(([name]) => name);
  expect(colours.length).toBeGreaterThan(20);
  expect(colours.filter((name) => !projector.has(name))).toEqual([]);
});

test('every view redraws in the projector theme when it is switched on while the view is shown', async ({ page }) => {
  const errors = collectErrors(page);
  await open(page);
  for (const view of ['host', 'rings', 'memory', 'storage', 'fleet', 'access', 'network'] as const) {
    await switchView(page, view);
    await page.getByTestId('theme-toggle').click();
    expect(await theme(page)).toBe('projector');
    await expect.poll(() => canvasLightness(page), { message: view }).toBeGreaterThan(0.6);
    await page.getByTestId('theme-toggle').click();
    await expect.poll(() => canvasLightness(page), { message: view }).toBeLessThan(0.35);
  }
  expect(errors).toEqual([]);
});

/**
 * Pictures of every view in the projector theme, to look at as a room would see them:
 * `THEME_SHOTS=/tmp/shots-theme npx playwright test e2e/web/theme.spec.ts`.
 */
const SHOTS: ReadonlyArray<{ view: ViewId; lesson: string; at: string }> = [
  { view: 'host', lesson: 'hello-host', at: '5' },
  { view: 'host', lesson: 'io-split-drivers', at: '5' },
  { view: 'rings', lesson: 'rings-pv-vs-hvm', at: '5' },
  { view: 'memory', lesson: 'memory-scrubbing', at: '5' },
  { view: 'storage', lesson: 'ebs-zeroing', at: '5' },
  { view: 'storage', lesson: 'ebs-snapshots-and-encryption', at: '7' },
  { view: 'fleet', lesson: 'dedicated-instance-vs-host', at: '5' },
  { view: 'access', lesson: 'who-can-touch-what', at: '7' },
  { view: 'network', lesson: 'security-groups-in-the-hypervisor', at: '5' },
  { view: 'host', lesson: 'xen-to-nitro', at: '8' },
];

test('screenshots of every view in the projector theme', async ({ page }) => {
  const dir = process.env.THEME_SHOTS;
  test.skip(!dir, 'set THEME_SHOTS to a folder to take them');
  test.setTimeout(180_000);
  mkdirSync(dir as string, { recursive: true });
  for (const shot of SHOTS) {
    await open(page, '?theme=projector', shot.lesson);
    await page.locator('body').click({ position: { x: 5, y: 700 } });
    await page.keyboard.press(shot.at);
    await page.waitForTimeout(1500);
    if ((await page.evaluate(() => window.__lab?.activeView())) !== shot.view) await switchView(page, shot.view);
    await page.waitForTimeout(800);
    await page.screenshot({ path: `${dir}/${shot.view}-${shot.lesson}.png` });
  }
});
