import { readFileSync } from 'node:fs';
import { expect, test } from '@playwright/test';
import { parseRecording } from '../../src/recording/ndjson';
import { openApp, waitForStatus } from './helpers';

test.describe('a recording survives a reload (browser build: IndexedDB)', () => {
  test('a page reloaded mid-recording offers the recording back, as a valid file', async ({ page }) => {
    await openApp(page, 'hello-host');
    await page.getByTestId('record').click();
    await expect(page.getByTestId('record')).toHaveAttribute('aria-pressed', 'true');
    await page.keyboard.press('ArrowRight');
    await waitForStatus(page, (s) => s.eventIndex >= 1);
    await page.getByTestId('marker-label').fill('Before the crash');
    await page.getByTestId('add-marker').click();
    await expect(page.getByTestId('recorder-state')).toHaveText(/Recording: [3-9]\d* lines/);
    // Give IndexedDB's queued writes a moment, then lose the page as a crash or reload would.
    await page.waitForTimeout(500);
    await page.reload();
    await expect(page.getByTestId('recorder-state')).toHaveText(/A recording from your last visit was kept/, { timeout: 15_000 });
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('download-recording').click()]);
    const parsed = parseRecording(readFileSync(await download.path(), 'utf8'), 'kept.ndjson');
    expect(parsed.error).toBeUndefined();
    expect(parsed.recording?.header.lessonId).toBe('hello-host');
    expect(parsed.recording?.lines.some((l) => l.kind === 'marker' && l.label === 'Before the crash')).toBe(true);
  });
});
