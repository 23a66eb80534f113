/**
 * `npm run gallery`: a picture of every step of every built-in lesson, as a teacher projecting at
 * 1280×720 would see it, plus each lesson's first step in audience mode, with an index page of
 * thumbnails and step titles (docs/gallery/index.html). It is how anyone reviews the look of the
 * whole app in one go. The pictures are generated, not committed (docs/gallery/ is ignored).
 *
 *   tsx scripts/gallery.ts [--dist dist-web] [--out docs/gallery] [--lesson id[,id]] [--size 1280x720]
 *
 * It drives the browser build (build it first: `npm run web:build`) in Debian's Chromium with the
 * same flags as the e2e tests, served by the CLI's static server.
 */
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { chromium, type Page } from 'playwright-core';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../cli/chromium';
import { serveStatic } from '../cli/web-server';

interface LessonInfo {
  id: string;
  title: string;
  steps: string[];
}

interface Shot {
  lesson: LessonInfo;
  step: number;
  title: string;
  file: string;
  audience: boolean;
}

const { values } = parseArgs({
  options: {
    dist: { type: 'string', default: process.env.WEB_OUT_DIR || 'dist-web' },
    out: { type: 'string', default: 'docs/gallery' },
    lesson: { type: 'string' },
    size: { type: 'string', default: '1280x720' },
  },
});

const [width = 1280, height = 720] = (values.size ?? '1280x720').split('x').map(Number);
const slug = (text: string): string => text.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '').slice(0, 48) || 'step';
const escapeHtml = (text: string): string => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** Waits until the app shows `lessonId` at lesson step `step` and the canvas has drawn it. */
async function settle(page: Page, lessonId: string, step: number): Promise<void> {
  await page.waitForFunction(
    ({ id, n }) => {
      const status = window.__lab?.status();
      return status !== null && status !== undefined && status.lessonId === id && status.stepIndex === n;
    },
    { id: lessonId, n: step },
    { timeout: 60_000 },
  );
  // Camera moves and fades follow simulated time or finish within a few frames; give them those.
  await page.evaluate(() => new Promise<void>((done) => setTimeout(() => requestAnimationFrame(() => requestAnimationFrame(() => done())), 600)));
}

async function main(): Promise<void> {
  const dist = resolve(values.dist ?? 'dist-web');
  const out = resolve(values.out ?? 'docs/gallery');
  const only = values.lesson ? new Set(values.lesson.split(',')) : null;
  const server = await serveStatic(dist);
  const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: [...CHROMIUM_ARGS], headless: true });
  const shots: Shot[] = [];
  const problems: string[] = [];
  try {
    const context = await browser.newContext({ viewport: { width, height } });
    // The lessons the browser build itself offers (its lesson list), so the gallery shows exactly them.
    const lister = await context.newPage();
    const ids = (await builtinLessonIds(lister, server.url)).filter((id) => !only || only.has(id));
    await lister.close();
    if (ids.length === 0) throw new Error(`--lesson: no built-in lesson ${values.lesson ?? ''}`);
    for (const id of ids) {
      const folder = join(out, id);
      await rm(folder, { recursive: true, force: true });
      await mkdir(folder, { recursive: true });
      const page = await context.newPage();
      page.on('pageerror', (error) => problems.push(`${id}: ${error.message}`));
      await page.goto(`${server.url}/?gallery=${id}#lesson=${id}&step=0`);
      await settle(page, id, 0);
      const lesson = await lessonInfo(page);
      for (let step = 0; step < lesson.steps.length; step++) {
        const title = lesson.steps[step] ?? `Step ${step + 1}`;
        // Each step opened as its deep link opens it; after the first, by changing the hash only
        // (the app reloads the lesson at that step without restarting the page: much faster).
        const hash = `lesson=${lesson.id}&step=${step}`;
        if (step > 0) await page.evaluate((next) => (location.hash = next), hash);
        await settle(page, lesson.id, step);
        const file = join(lesson.id, `${String(step + 1).padStart(2, '0')}-${slug(title)}.png`);
        await page.screenshot({ path: join(out, file) });
        shots.push({ lesson, step, title, file, audience: false });
        process.stdout.write(`${file}\n`);
      }
      // Audience mode: the room's layout, first step.
      await page.evaluate((next) => (location.hash = next), `lesson=${lesson.id}&step=0`);
      await settle(page, lesson.id, 0);
      const presenterWindow = await enterAudience(page);
      const file = join(lesson.id, `00-audience.png`);
      await page.screenshot({ path: join(out, file) });
      await presenterWindow?.close();
      shots.push({ lesson, step: 0, title: lesson.steps[0] ?? 'Step 1', file, audience: true });
      process.stdout.write(`${file}\n`);
      await page.close();
    }
    await context.close();
  } finally {
    await browser.close();
    await server.close();
  }
  await writeFile(join(out, 'index.html'), indexPage(shots, width, height));
  process.stdout.write(`${shots.length} pictures, index: ${join(out, 'index.html')}\n`);
  if (problems.length > 0) {
    process.stderr.write(`Page errors:\n${problems.join('\n')}\n`);
    process.exitCode = 1;
  }
}

/** The ids of the build's built-in lessons, from its lesson list. */
async function builtinLessonIds(page: Page, url: string): Promise<string[]> {
  await page.goto(`${url}/`);
  await page.locator('[data-lesson]').first().waitFor({ timeout: 60_000 });
  const ids = await page.locator('[data-lesson]').evaluateAll((buttons) => buttons.map((b) => b.getAttribute('data-lesson') ?? ''));
  return ids.filter(Boolean);
}

/** The open lesson's title and step titles, from the test hook. */
async function lessonInfo(page: Page): Promise<LessonInfo> {
  const info = await page.evaluate(() => {
    const lesson = window.__lab?.lesson();
    return lesson ? { id: lesson.id, title: lesson.title, steps: lesson.steps.map((s, i) => s.title ?? `Step ${i + 1}`) } : null;
  });
  if (!info) throw new Error('no lesson loaded');
  return info;
}

/**
 * Switches the window to the audience layout the way a presenter does (the Present button). In
 * the browser build that opens the presenter's own window; it stays open until the picture is
 * taken (closing it ends presenting), and the caller closes it.
 */
async function enterAudience(page: Page): Promise<Page | null> {
  const toggle = page.getByTestId('presenter-toggle');
  const opened = page.context().waitForEvent('page', { timeout: 5000 }).catch(() => null);
  for (let i = 0; i < 3 && (await page.locator('.app.audience').count()) === 0; i++) await toggle.click();
  await page.locator('.app.audience').waitFor({ timeout: 5000 });
  await page.evaluate(() => new Promise<void>((done) => setTimeout(done, 700)));
  return opened;
}

function indexPage(shots: readonly Shot[], width: number, height: number): string {
  const byLesson = new Map<string, Shot[]>();
  for (const shot of shots) byLesson.set(shot.lesson.id, [...(byLesson.get(shot.lesson.id) ?? []), shot]);
  const sections = [...byLesson.values()].map((list) => {
    const lesson = (list[0] as Shot).lesson;
    const cards = list
      .map(
        (s) =>
          `<figure><a href="${escapeHtml(s.file)}"><img src="${escapeHtml(s.file)}" width="320" height="${Math.round((320 * height) / width)}" loading="lazy" alt="${escapeHtml(`${lesson.title}: ${s.title}`)}"></a><figcaption>${s.audience ? 'Audience mode · 1. ' : `${s.step + 1}. `}${escapeHtml(s.title)}</figcaption></figure>`,
      )
      .join('\n');
    return `<section><h2 id="${escapeHtml(lesson.id)}">${escapeHtml(lesson.title)} <small>${escapeHtml(lesson.id)}</small></h2>\n<div class="grid">${cards}</div></section>`;
  });
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Isolation Lab gallery</title>
<style>
body { font: 15px/1.4 system-ui, sans-serif; background: #0f1218; color: #e8ecf3; margin: 24px; }
h1 { font-size: 24px; } h2 { font-size: 19px; margin-top: 32px; } small { color: #9aa5b8; font-weight: 400; }
.grid { display: flex; flex-wrap: wrap; gap: 16px; }
figure { margin: 0; width: 320px; } img { display: block; border: 1px solid #2d3545; border-radius: 6px; }
figcaption { margin-top: 6px; color: #c9d1de; }
a { color: #9ecbff; }
</style></head><body>
<h1>Isolation Lab — every lesson step at ${width}×${height}</h1>
<p>${shots.length} pictures, generated by <code>npm run gallery</code>. ${[...byLesson.keys()].map((id) => `<a href="#${escapeHtml(id)}">${escapeHtml(id)}</a>`).join(' · ')}</p>
${sections.join('\n')}
</body></html>
`;
}

main().catch((error: unknown) => {
  process.stderr.write(`gallery: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
});
