import { expect, test, type Page } from '@playwright/test';
import { openApp, readStatus, switchView } from './helpers';

/**
 * The accessible scene (issue 19): the canvas as a tree of words that Tab and the arrow keys reach,
 * Enter opening the item in the inspector and the focused item outlined on the canvas. Everything
 * here is done with the keyboard; the test hook (window.__lab) reads the selection and the outline.
 */

const SHOTS = process.env.SCENE_SHOTS;

/** The focused tree item: its scene id and the words a screen reader says (its labelling span). */
async function focusedItem(page: Page): Promise<{ id: string; label: string; level: string; role: string } | null> {
  return page.evaluate(() => {
    const el = document.activeElement;
    if (!(el instanceof HTMLElement)) return null;
    const labelId = el.getAttribute('aria-labelledby');
    return { id: el.dataset.sceneId ?? '', label: (labelId ? document.getElementById(labelId)?.textContent : el.textContent) ?? '', level: el.getAttribute('aria-level') ?? '', role: el.getAttribute('role') ?? '' };
  });
}

/** Presses a key until the focused item's words match, or fails after `max` presses. */
async function pressUntil(page: Page, key: string, match: RegExp, max = 40): Promise<{ id: string; label: string }> {
  for (let i = 0; i < max; i++) {
    const item = await focusedItem(page);
    if (item && match.test(item.label)) return item;
    await page.keyboard.press(key);
  }
  throw new Error(`no item matching ${match} within ${max} presses of ${key}; last: ${JSON.stringify(await focusedItem(page))}`);
}

const outline = (page: Page) => page.evaluate(() => window.__lab?.sceneOutline() ?? null);

test.describe('Accessible scene', () => {
  test('Tab reaches the scene; arrows move without stepping the simulation; Enter inspects; the canvas outlines the item', async ({ page }) => {
    await openApp(page, 'hello-host', { step: 2 });
    const before = await readStatus(page);

    // Tab from the top of the page until a tree item has focus (the scene is in the tab order).
    await page.locator('body').click({ position: { x: 2, y: 2 } });
    let found = false;
    for (let i = 0; i < 200 && !found; i++) {
      await page.keyboard.press('Tab');
      found = (await focusedItem(page))?.role === 'treeitem';
    }
    expect(found, 'a scene tree item is reachable with Tab').toBe(true);
    const tree = page.getByTestId('scene-tree');
    await expect(tree).toHaveAttribute('role', 'tree');
    await expect(tree).toHaveAttribute('aria-label', 'Scene of the Host view');
    expect(await focusedItem(page)).toMatchObject({ level: '1', label: expect.stringMatching(/^Host .*with dom0/) });

    // Down through the host's items to a guest: its words name its owner.
    const guest = await pressUntil(page, 'ArrowDown', /guest of tenant Tenant [A-Z]/);
    expect((await readStatus(page)).eventIndex, 'arrow keys in the tree do not step the simulation').toBe(before.eventIndex);
    await expect.poll(() => outline(page).then((o) => o?.id)).toBe(guest.id);
    const box = (await outline(page))?.box;
    expect(box && box.width > 20 && box.height > 20).toBe(true);

    // Enter: the inspector shows that domain.
    await page.keyboard.press('Enter');
    await expect.poll(() => page.evaluate(() => window.__lab?.selection() ?? null)).toEqual({ kind: 'domain', id: guest.id });
    await expect(page.locator('.inspector-heading')).toContainText(guest.id);
    // ← goes to the parent, Home to the first item; focus stays in the tree.
    // ← to the host, ← collapses it, → opens it again (an uneven count: a stepping key would show).
    await page.keyboard.press('ArrowLeft');
    await page.keyboard.press('ArrowLeft');
    await expect(page.locator(':focus')).toHaveAttribute('aria-expanded', 'false');
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('Home');
    expect((await focusedItem(page))?.level).toBe('1');
    await page.waitForTimeout(300);
    expect((await readStatus(page)).eventIndex, '← and → in the tree do not step the simulation').toBe(before.eventIndex);
    if (SHOTS) await page.screenshot({ path: `${SHOTS}/host-scene-focus.png` });

    // Leaving the tree removes the outline.
    await page.keyboard.press('Shift+Tab');
    await expect.poll(() => outline(page)).toBeNull();
  });

  test('G jumps into the scene; Nitro cards are items and are outlined on the canvas', async ({ page }) => {
    await openApp(page, 'xen-to-nitro', { step: 1 });
    await switchView(page, 'host');
    await page.keyboard.press('g');
    expect((await focusedItem(page))?.role).toBe('treeitem');
    const card = await pressUntil(page, 'ArrowDown', /^Nitro Card for EBS/, 60);
    expect(card.id).toBe('nitro-1.nitro-card-ebs');
    await expect.poll(() => outline(page).then((o) => o?.id)).toBe('nitro-1.nitro-card-ebs');
    // The Nitro host was off-screen: the camera brought the card into the canvas.
    const canvasBox = await page.getByTestId('canvas-host').boundingBox();
    const cardBox = (await outline(page))?.box;
    expect(canvasBox && cardBox).toBeTruthy();
    if (canvasBox && cardBox) {
      expect(cardBox.x).toBeGreaterThanOrEqual(0);
      expect(cardBox.y).toBeGreaterThanOrEqual(0);
      expect(cardBox.x + cardBox.width).toBeLessThanOrEqual(canvasBox.width);
      expect(cardBox.y + cardBox.height).toBeLessThanOrEqual(canvasBox.height);
    }
    if (SHOTS) await page.screenshot({ path: `${SHOTS}/nitro-card-focus.png` });
    // Type-ahead: "h" jumps to the next item starting with H (a host).
    await page.keyboard.press('h');
    expect((await focusedItem(page))?.label).toMatch(/^Host /);
    if (SHOTS) await page.screenshot({ path: `${SHOTS}/nitro-scene.png` });
  });

  test('the memory scene names frame runs and their owners, follows playback and keeps its place', async ({ page }) => {
    await openApp(page, 'memory-scrubbing', { step: 1 });
    await switchView(page, 'memory');
    await page.keyboard.press('g');
    await expect(page.getByTestId('scene-tree')).toHaveAttribute('aria-label', 'Scene of the Memory view');
    // Groups below the top level start closed: → opens the runs, → again enters them.
    await pressUntil(page, 'ArrowDown', /^Machine frames, in runs/);
    await page.keyboard.press('ArrowRight');
    await expect(page.locator(':focus')).toHaveAttribute('aria-expanded', 'true');
    const run = await pressUntil(page, 'ArrowDown', /^frames \d+–\d+ \([\d,]+\): in use by .+ of tenant/, 60);
    await expect.poll(() => outline(page).then((o) => o?.id)).toBe(run.id);
    if (SHOTS) await page.screenshot({ path: `${SHOTS}/memory-scene-run.png` });
    // Play (Space is not a tree key) and pause: the tree is rebuilt, the focus stays on an item.
    const start = (await readStatus(page)).eventIndex;
    await page.keyboard.press('Space');
    await expect.poll(async () => (await readStatus(page)).eventIndex, { timeout: 20_000 }).toBeGreaterThan(start + 3);
    await page.keyboard.press('Space');
    await page.waitForTimeout(400);
    expect((await focusedItem(page))?.role).toBe('treeitem');
  });
});

test.describe('Accessible scene pictures', () => {
  test.skip(!SHOTS, 'set SCENE_SHOTS=<folder> to take the review screenshots');
  for (const theme of ['dark', 'projector'] as const) {
    test(`storage and network scenes at 1280×720 (${theme})`, async ({ page }) => {
      await page.goto(`/?theme=${theme}#lesson=ebs-snapshots-and-encryption&step=3`);
      await page.waitForFunction(() => window.__lab?.status()?.lessonId === 'ebs-snapshots-and-encryption');
      await switchView(page, 'storage');
      await page.keyboard.press('g');
      await pressUntil(page, 'ArrowDown', /^Volume /, 60);
      await page.waitForTimeout(500);
      await page.screenshot({ path: `${SHOTS}/storage-${theme}.png` });
      await page.goto(`/?theme=${theme}#lesson=security-groups-in-the-hypervisor&step=4`);
      await page.waitForFunction(() => window.__lab?.status()?.lessonId === 'security-groups-in-the-hypervisor');
      await switchView(page, 'network');
      await page.keyboard.press('g');
      await page.keyboard.press('End');
      await page.keyboard.press('ArrowRight');
      await page.keyboard.press('ArrowDown');
      await page.waitForTimeout(500);
      await page.screenshot({ path: `${SHOTS}/network-${theme}.png` });
    });
  }
});
