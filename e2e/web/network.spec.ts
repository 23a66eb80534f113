import { expect, test, type Page } from '@playwright/test';
import type { Packet } from '../../src/model/network/types';
import { canvasScreenshot, collectErrors, openApp, readState, switchView, waitForStatus } from './helpers';

/** Canvas texts as the test hook's probe reads them (empty if the hook lacks it, which fails the test). */
async function canvasTexts(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const hook = window.__lab as unknown as { canvasTexts?: () => Array<{ text: string }> } | undefined;
    return hook?.canvasTexts ? hook.canvasTexts().map((t) => t.text) : [];
  });
}

async function showsDrop(page: Page, lesson: string, step: number, check: string, shot: string): Promise<void> {
  const errors = collectErrors(page);
  await openApp(page, lesson, { step });
  await switchView(page, 'network');
  await waitForStatus(page, (s) => s.stepIndex === step);
  const state = await readState(page);
  const packets = Object.values(state.world.network.packets) as Packet[];
  const dropped = packets.filter((p) => p.status === 'dropped' && p.drop?.check === check);
  expect(dropped.length).toBeGreaterThan(0);
  // The drop happened at the firewall, and the view writes its check and reason on the canvas.
  expect(dropped[0]?.drop?.stage).toMatch(/^firewall-/);
  const png = await canvasScreenshot(page);
  if (process.env.NETWORK_SHOTS) await page.screenshot({ path: `${process.env.NETWORK_SHOTS}/${shot}.png` });
  const texts = await canvasTexts(page);
  expect(texts.some((t) => t.includes('DROPPED') && t.includes(dropped.at(-1)?.drop?.reason.slice(0, 30) ?? '?'))).toBe(true);
  expect(texts.some((t) => t.includes('FIREWALL'))).toBe(true);
  expect(png.length).toBeGreaterThan(10_000);
  expect(errors).toEqual([]);
}

test('neighbours-are-strangers: a neighbour\'s SSH packet stops at the firewall with its reason', async ({ page }) => {
  await showsDrop(page, 'neighbours-are-strangers', 3, 'security-group', 'neighbours-step3');
});

test('neighbours-are-strangers: the forged packet stops at the sender\'s firewall (anti-spoofing)', async ({ page }) => {
  await showsDrop(page, 'neighbours-are-strangers', 7, 'anti-spoofing', 'neighbours-step7');
});

test('security-groups-in-the-hypervisor: the network ACL drops the tracked flow, named in the drop label', async ({ page }) => {
  await showsDrop(page, 'security-groups-in-the-hypervisor', 6, 'network-acl', 'sg-step6');
});

/** Step 4's checkpoint question covers the packets' lanes: hide it so the canvas is what is compared. */
async function hideQuestion(page: Page): Promise<void> {
  const hide = page.getByRole('button', { name: 'Hide question' });
  if (await hide.isVisible()) await hide.click();
}

test('packets move with simulated time while playing', async ({ page }) => {
  const errors = collectErrors(page);
  await openApp(page, 'security-groups-in-the-hypervisor', { step: 4 });
  await switchView(page, 'network');
  await waitForStatus(page, (s) => s.stepIndex === 4);
  await hideQuestion(page);
  const before = await canvasScreenshot(page);
  await page.getByRole('button', { name: /play/i }).first().click();
  await waitForStatus(page, (s) => s.simTime > 600_000);
  await page.getByRole('button', { name: /pause/i }).first().click();
  await hideQuestion(page);
  // The canvas draws on its next display frame after the simulation's frame arrives.
  await expect.poll(async () => (await canvasScreenshot(page)).equals(before), { timeout: 5_000 }).toBe(false);
  if (process.env.NETWORK_SHOTS) await page.screenshot({ path: `${process.env.NETWORK_SHOTS}/sg-flow.png` });
  expect(errors).toEqual([]);
});
