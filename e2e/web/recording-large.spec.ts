import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, test, type Page } from '@playwright/test';
import { openApp } from './helpers';

/**
 * A large recording is parsed and checked in the replay worker, not on the page: the page keeps
 * drawing frames while it opens, the app's progress indicator shows how far it has got, and its
 * Cancel stops the work.
 */

/** A scripted recording of hello-host, made by the simulator in Node (tsx reads the lessons' JSON imports). */
function scriptedRecording(): string {
  const src = (path: string) => JSON.stringify(fileURLToPath(new URL(`../../src/${path}`, import.meta.url)));
  const script = join(mkdtempSync(join(tmpdir(), 'isolab-large-rec-')), 'record.ts');
  writeFileSync(
    script,
    `import { findLesson } from ${src('lessons/index.ts')};
import { recordScriptedRun } from ${src('recording/scripted.ts')};
let text = '';
const lesson = findLesson('hello-host');
if (!lesson) throw new Error('no hello-host lesson');
recordScriptedRun(lesson, { app: 'test', sink: (t) => (text += t) });
process.stdout.write(text);
`,
  );
  return execFileSync('npx', ['tsx', script], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
}

/** A valid recording of hello-host padded with `extra` view lines (about 60 bytes each) before its end line. */
function largeRecording(extra: number): string {
  const text = scriptedRecording();
  const rows = text.trimEnd().split('\n');
  const end = rows.pop() as string;
  const before = JSON.parse(rows[rows.length - 1] as string) as { t: number; e: number; w: number };
  const pad = JSON.stringify({ kind: 'view', t: before.t, e: before.e, w: before.w, view: 'host' });
  return `${rows.join('\n')}\n${`${pad}\n`.repeat(extra)}${end}\n`;
}

/** Counts animation frames the page draws from now on (a busy page thread draws none). */
async function startFrameCounter(page: Page): Promise<void> {
  await page.evaluate(() => {
    const w = window as unknown as { __frames: number };
    w.__frames = 0;
    const count = () => {
      w.__frames++;
      requestAnimationFrame(count);
    };
    requestAnimationFrame(count);
  });
}

const frames = (page: Page) => page.evaluate(() => (window as unknown as { __frames: number }).__frames);

async function openRecording(page: Page, text: string, name: string): Promise<void> {
  await page.getByTestId('open-recording-input').setInputFiles({ name, mimeType: 'application/x-ndjson', buffer: Buffer.from(text) });
}

test.describe('opening a large recording', () => {
  test.setTimeout(120_000);
  // Large enough that Cancel is still there to press on a loaded machine (300,000 lines sometimes finished first).
  const text = largeRecording(600_000);

  test('runs off the page thread with progress, and Cancel stops it', async ({ page }) => {
    await openApp(page, 'hello-host');
    await startFrameCounter(page);
    await openRecording(page, text, 'large.ndjson');
    const indicator = page.getByTestId('progress-indicator');
    await expect(indicator).toBeVisible({ timeout: 10_000 });
    await expect(page.getByTestId('progress-label')).toContainText('Opening the recording');
    // While the worker parses (several seconds), the page keeps drawing. Polled for up to 2 s, not
    // counted over a fixed 300 ms: on a two-core machine running two specs at once the page thread
    // once drew nothing in 300 ms. A parse on the page thread would draw nothing for its whole length.
    const before = await frames(page);
    await expect.poll(() => frames(page), { timeout: 2_000 }).toBeGreaterThan(before + 5);
    await expect(indicator).toBeVisible();
    await page.getByTestId('progress-cancel').click();
    await expect(indicator).toBeHidden();
    await page.waitForTimeout(1000);
    await expect(page.getByTestId('replayer')).toBeHidden();
  });

  test('opens and plays once the worker is done', async ({ page }) => {
    await openApp(page, 'hello-host');
    await openRecording(page, text, 'large.ndjson');
    await expect(page.getByTestId('replayer')).toBeVisible({ timeout: 60_000 });
    await expect(page.getByTestId('replay-title')).toHaveText('Replay: large.ndjson');
    await page.getByTestId('replay-play').click();
    await expect.poll(async () => Number(await page.getByTestId('replayer').getAttribute('data-position')), { timeout: 10_000 }).toBeGreaterThan(300);
  });
});
