import { expect, test, type Page } from '@playwright/test';
import { openApp, readStatus, waitForStatus } from './helpers';
import type { HostStatus } from '../../src/protocol/replies';

/**
 * A long seek shows what it is doing with a Cancel button (renderer/ui/progress-indicator.ts),
 * and Cancel stops the host where it has got to. The lesson is five bursts of a million system
 * calls (the whole cost budget for bursts, src/lessons/budget.ts): each burst is one event (about
 * 0.2 s on the CI machine), so a seek past them reports progress between them.
 */
const SECOND = 1_000_000_000;
const heavyLesson = {
  id: 'burst-heavy',
  title: 'Heavy bursts',
  summary: 'Five million system calls.',
  timeScale: '1s',
  world: {
    tenants: [{ id: 't', name: 'Tenant T' }],
    hosts: [{ id: 'x', name: 'Xen host', hypervisor: 'xen', xenVersion: '4.17', sockets: 1, coresPerSocket: 2, memoryMiB: 4096, guests: [{ id: 'g', name: 'Guest', tenant: 't', mode: 'pv64', vcpus: 1, memoryMiB: 1024, booted: true }] }],
  },
  steps: [
    { at: '0s', title: 'Start', narration: 'A guest makes many system calls.' },
    ...[1, 2, 3, 4, 5].map((s) => ({ at: `${s}s`, title: `Burst ${s}`, narration: 'A million system calls.', actions: [{ action: { type: 'cpu.burst', domain: 'g', count: 1_000_000 } }] })),
    { at: '10s', title: 'End', narration: 'Done.' },
  ],
};

/**
 * Loads the heavy lesson under a new id (a fresh engine: no keyframes past the start), seeks to 9 s
 * and presses Cancel from the keyboard as soon as the indicator shows it. Returns the status once
 * the host has settled. The indicator appears 250 ms after the first slice, and the five bursts
 * take 0.4–1 s on the machines this runs on, so on a fast run the seek can end before the host
 * reads the cancel (then it stands at 9 s): the caller tries again with a fresh engine.
 */
async function seekAndCancel(page: Page, attempt: number): Promise<HostStatus> {
  const id = `burst-heavy-${attempt}`;
  await page.getByTestId('lesson-file-input').setInputFiles({ name: `${id}.json`, mimeType: 'application/json', buffer: Buffer.from(JSON.stringify({ ...heavyLesson, id })) });
  await waitForStatus(page, (s) => s.lessonId === id);
  const indicator = page.getByTestId('progress-indicator');
  await expect(indicator).toBeHidden();

  // Key 9: 90 % of the lesson (9 s), past all five bursts.
  await page.keyboard.press('9');
  // Cancel at once; what the indicator showed is checked on the next seek. Cancel is focused in the
  // animation frame the indicator appears in: `expect`'s polling backs off to a second between
  // looks, and the whole seek takes about a second on a fast machine (so the press came too late).
  await page.waitForFunction(
    () => {
      const cancel = document.querySelector<HTMLButtonElement>('[data-testid="progress-cancel"]');
      if (!cancel || cancel.getClientRects().length === 0) return false;
      cancel.focus();
      return document.activeElement === cancel;
    },
    undefined,
    { polling: 'raf', timeout: 10_000 },
  );
  await page.keyboard.press('Enter');
  await expect(indicator).toBeHidden();
  const liveRegion = page.getByTestId('live-region');
  await expect(liveRegion).toHaveText(/^Seeking to 9 s( cancelled; stopped at [\d.]+ s\.|: done\.)$/);
  // The host finishes the slice it was in (up to one burst), then stops short of the target and stays there.
  await page.waitForTimeout(1500);
  const status = await readStatus(page);
  if (status.simTime < 9 * SECOND) {
    // The keyboard user lands on Play, not on the page body.
    await expect(page.locator('.transport button.primary')).toBeFocused();
    await expect(liveRegion).toHaveText(/^Seeking to 9 s cancelled; stopped at [\d.]+ s\.$/);
  }
  return status;
}

test('a long seek shows its progress, and Cancel (from the keyboard) stops it where it is', async ({ page }) => {
  await openApp(page, 'hello-host');
  let stopped = await seekAndCancel(page, 1);
  for (let attempt = 2; attempt <= 4 && stopped.simTime >= 9 * SECOND; attempt++) stopped = await seekAndCancel(page, attempt);
  expect(stopped.simTime).toBeLessThan(9 * SECOND);
  await page.waitForTimeout(1500);
  const later = await readStatus(page);
  expect(later.eventIndex).toBe(stopped.eventIndex);
  expect(later.simTime).toBe(stopped.simTime);
  const indicator = page.getByTestId('progress-indicator');
  await expect(indicator).toBeHidden();

  // From the start again, left alone, the same seek runs to its end; the indicator goes away and says so.
  await page.keyboard.press('0');
  await waitForStatus(page, (s) => s.simTime === 0);
  await page.keyboard.press('9');
  await expect(indicator).toBeVisible({ timeout: 10_000 });
  await expect(page.getByTestId('progress-label')).toHaveText(/^Seeking to 9 s… \d+ %$/);
  // It sits in the bottom bar: clear of the canvas (legends) and the caption strip.
  const box = await indicator.boundingBox();
  const stage = await page.locator('#stage').boundingBox();
  expect(box && stage && box.y >= stage.y + stage.height).toBe(true);
  await waitForStatus(page, (s) => s.simTime === 9 * SECOND, 30_000);
  await expect(indicator).toBeHidden();
  await expect(page.getByTestId('live-region')).toHaveText('Seeking to 9 s: done.');
});
