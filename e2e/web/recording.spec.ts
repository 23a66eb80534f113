import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { hashValue } from '../../src/engine/hash';
import type { Recording } from '../../src/recording/format';
import { parseRecording } from '../../src/recording/ndjson';
import { FFPROBE, requireTools } from '../../cli/test-support/require-tool';
import { openApp, readStatus, switchView, waitForStatus } from './helpers';

const scratch = mkdtempSync(join(tmpdir(), 'isolab-rec-e2e-'));

interface ToolResult {
  duration: number;
  builtinLessonHash: string;
  replay: { ok: boolean; checked: number };
  states: Record<string, string>;
}

/** Re-simulates a recording in Node (see recording-tool.ts): verification and expected states. */
function tool(text: string, lines: number[] = []): ToolResult {
  const file = join(scratch, `r${Date.now()}.ndjson`);
  writeFileSync(file, text);
  const out = execFileSync('npx', ['tsx', 'e2e/web/recording-tool.ts', file, ...lines.map(String)], { encoding: 'utf8' });
  return JSON.parse(out) as ToolResult;
}

const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };

async function addMarker(page: Page, label: string, narration: string, chapter: boolean): Promise<void> {
  await page.getByTestId('marker-label').fill(label);
  await page.getByTestId('marker-narration').fill(narration);
  if (chapter) await page.getByTestId('marker-chapter').check();
  await page.getByTestId('add-marker').click();
}

/** Keyboard shortcuts go to the page, not to the button that was clicked last. */
async function press(page: Page, key: string): Promise<void> {
  await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
  await page.keyboard.press(key);
}

/** Records a short session in the UI and returns the downloaded file's text. */
async function recordSession(page: Page): Promise<string> {
  await openApp(page, 'hello-host');
  await page.getByTestId('record').click();
  await expect(page.getByTestId('record')).toHaveAttribute('aria-pressed', 'true');
  for (let i = 0; i < 3; i++) await press(page, 'ArrowRight');
  await waitForStatus(page, (s) => s.eventIndex >= 3);
  await addMarker(page, 'Three events in', 'The host after three events.', true);
  await press(page, 'Space');
  await waitForStatus(page, (s) => s.playing);
  await page.waitForTimeout(1200);
  await press(page, 'Space');
  await waitForStatus(page, (s) => !s.playing);
  await addMarker(page, 'After playing', 'Guests are booting.', false);
  await switchView(page, 'memory');
  await press(page, 'ArrowLeft');
  await page.waitForTimeout(300);
  await addMarker(page, 'Memory view', 'One event back, in the memory view.', true);
  await page.waitForTimeout(300);
  await page.getByTestId('record').click();
  await expect(page.getByTestId('record')).toHaveAttribute('aria-pressed', 'false');
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('download-recording').click()]);
  const path = await download.path();
  return readFileSync(path, 'utf8');
}

function parsed(text: string): Recording {
  const result = parseRecording(text, 'downloaded.ndjson');
  expect(result.error).toBeUndefined();
  return result.recording as Recording;
}

test.describe('recorded sessions', () => {
  test('a recorded session downloads as a file that verifies with the same hash at every marker', async ({ page }) => {
    const text = await recordSession(page);
    const recording = parsed(text);
    const checked = tool(text);
    expect(recording.header).toMatchObject({ lessonId: 'hello-host', app: pkg.version, seed: 1 });
    expect(recording.header.lessonHash).toBe(checked.builtinLessonHash);
    expect(recording.header.viewport.width).toBeGreaterThan(100);
    const markers = recording.lines.filter((l) => l.kind === 'marker');
    expect(markers.map((m) => (m.kind === 'marker' ? m.label : ''))).toEqual(['Three events in', 'After playing', 'Memory view']);
    expect(recording.lines.some((l) => l.kind === 'view' && l.view === 'memory')).toBe(true);
    expect(recording.lines.some((l) => l.kind === 'nav' && l.op === 'play')).toBe(true);
    expect(recording.lines[recording.lines.length - 1]?.kind).toBe('end');
    // Three markers and the end line's final state hash (Stop asks the host for it).
    expect(checked.replay).toMatchObject({ ok: true, checked: 4, coverage: 'full' });
  });

  test('opening a recording plays it back: chapter jumps land on the recorded states and views', async ({ page }) => {
    const text = await recordSession(page);
    const recording = parsed(text);
    await page.getByTestId('open-recording-input').setInputFiles({ name: 'session.ndjson', mimeType: 'application/x-ndjson', buffer: Buffer.from(text) });
    await expect(page.getByTestId('replayer')).toBeVisible();
    const chapters = recording.lines.map((line, i) => ({ line, i })).filter(({ line }) => line.kind === 'marker' && line.chapter);
    expect(chapters).toHaveLength(2);
    const expected = tool(text, chapters.map((c) => c.i)).states;
    for (const { i } of [chapters[1], chapters[0], chapters[1]] as Array<{ i: number }>) {
      await page.getByTestId('replay-chapters').selectOption(String(i));
      await expect.poll(async () => hashValue(await page.evaluate(() => window.__lab?.state()))).toBe(expected[String(i)]);
    }
    // The last chapter was recorded in the memory view.
    await page.waitForFunction(() => window.__lab?.activeView() === 'memory');
    // Play from the start: the position advances and the status says so.
    await page.getByTestId('replay-scrub').fill('0');
    await page.getByTestId('replay-play').click();
    await expect.poll(async () => Number(await page.getByTestId('replayer').getAttribute('data-position'))).toBeGreaterThan(300);
    await page.getByTestId('replay-play').click();
    // Closing the replay gives the live simulator back.
    await page.getByTestId('replay-close').click();
    await expect(page.getByTestId('replayer')).toBeHidden();
    await waitForStatus(page, (s) => s.lessonId === 'hello-host' && s.eventIndex === 0);
    expect((await readStatus(page)).playing).toBe(false);
  });

  test('a damaged recording names its bad line and still plays the valid part', async ({ page }) => {
    const text = await recordSession(page);
    const rows = text.trimEnd().split('\n');
    const cut = `${rows.slice(0, 6).join('\n')}\n${(rows[6] as string).slice(0, 15)}`;
    await page.getByTestId('open-recording-input').setInputFiles({ name: 'cut.ndjson', mimeType: 'application/x-ndjson', buffer: Buffer.from(cut) });
    await expect(page.getByTestId('recording-error').filter({ hasText: 'cut.ndjson:7' })).toBeVisible();
    await expect(page.getByTestId('replayer')).toBeVisible();
    const future = text.replace('"version":2', '"version":99');
    await page.getByTestId('replay-close').click();
    await page.getByTestId('open-recording-input').setInputFiles({ name: 'future.ndjson', mimeType: 'application/x-ndjson', buffer: Buffer.from(future) });
    await expect(page.getByTestId('recording-error').filter({ hasText: 'newer than this app understands' })).toBeVisible();
    await expect(page.getByTestId('replayer')).toBeHidden();
  });

  test('exports the open recording to WebM in the page, with progress', async ({ page }) => {
    const text = await recordSession(page);
    await page.getByTestId('open-recording-input').setInputFiles({ name: 'session.ndjson', mimeType: 'application/x-ndjson', buffer: Buffer.from(text) });
    // A full-size export can be cancelled part-way.
    await page.getByTestId('export-video').click();
    await expect(page.getByTestId('export-progress')).toBeVisible();
    await page.getByTestId('export-cancel').click();
    await expect(page.getByTestId('export-state')).toHaveText('Export cancelled');
    await page.getByTestId('export-size').selectOption('320x180');
    await page.getByTestId('export-fps').selectOption('10');
    const [download] = await Promise.all([page.waitForEvent('download', { timeout: 60_000 }), page.getByTestId('export-video').click()]);
    await expect(page.getByTestId('export-state')).toContainText(/Exported \d+ frames/);
    const path = await download.path();
    const bytes = readFileSync(path);
    expect(bytes.subarray(0, 4)).toEqual(Buffer.from([0x1a, 0x45, 0xdf, 0xa3]));
    // The frame count check needs ffprobe: on CI its absence fails this test, locally it says so.
    if (requireTools('the ffprobe frame count check', [FFPROBE])) {
      const frames = Number(execFileSync('/usr/bin/ffprobe', ['-v', 'error', '-count_frames', '-select_streams', 'v:0', '-show_entries', 'stream=nb_read_frames', '-of', 'csv=p=0', path], { encoding: 'utf8' }).trim());
      const duration = tool(text).duration;
      expect(frames).toBe(Math.max(1, Math.round((duration * 10) / 1000)));
    }
  });
});
