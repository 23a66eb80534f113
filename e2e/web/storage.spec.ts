import { expect, test, type Page } from '@playwright/test';
import { canvas, canvasScreenshot, openApp, pixelStats, playUntil, readState, readStatus, switchView, waitForStatus, collectErrors } from './helpers';

async function nextStep(page: Page, index: number): Promise<void> {
  await page.getByRole('button', { name: 'Next lesson step' }).click();
  await waitForStatus(page, (s) => s.stepIndex === index);
}

test('Storage view through ebs-zeroing: A writes and deletes, B lands on the same blocks and reads zeros', async ({ page }) => {
  const errors = collectErrors(page);
  await openApp(page, 'ebs-zeroing', { step: 1 });
  await switchView(page, 'storage');
  const start = await canvasScreenshot(page);
  const stats = await pixelStats(page, start);
  // Two block grids, a legend and the latency plot: many colours, a good part of the canvas drawn.
  expect(stats.colors).toBeGreaterThan(20);
  expect(stats.nonBackground / stats.total).toBeGreaterThan(0.05);

  // Step 2 (5 s): Alice's volume was written, then deleted: its blocks are dirty (hatched).
  await nextStep(page, 2);
  let state = await readState(page);
  expect(state.world.storage.volumes['vol-a']?.status).toBe('deleted');
  expect(state.world.storage.nodes['ebs-node-1']?.dirtyCount).toBe(8);
  const dirty = await canvasScreenshot(page);
  expect(dirty.equals(start)).toBe(false);

  // Steps 3 and 4: the wiper ran; Bob's new volume reads zeros from the very same physical blocks.
  await nextStep(page, 3);
  await nextStep(page, 4);
  state = await readState(page);
  const storage = state.world.storage;
  expect(storage.nodes['ebs-node-1']?.dirtyCount).toBe(0);
  const bobRead = storage.reads.find((r) => r.volume === 'vol-b' && r.blocks.length === 8);
  expect(bobRead?.blocks.map((b) => b.physical)).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
  expect(bobRead?.blocks.every((b) => b.content.kind === 'zero')).toBe(true);
  expect(state.violations).toEqual([]);
  const after = await canvasScreenshot(page);
  expect(after.equals(dirty)).toBe(false);

  // Clicking the first physical block selects it (the inspector shows its provenance).
  // The grid starts 4 px under the node's heading; the hook says where that heading is drawn.
  const heading = await page.evaluate(() => window.__lab?.canvasTexts().find((t) => t.text.startsWith('ebs-node-1 ·')) ?? null);
  if (!heading) throw new Error('no ebs-node-1 heading on the canvas');
  await canvas(page).click({ position: { x: heading.x + 6, y: heading.y + heading.height + 4 + 6 } });
  await expect.poll(() => page.evaluate(() => window.__lab?.selection() ?? null)).toEqual({ kind: 'block', id: 'ebs-node-1:0' });
  expect(errors).toEqual([]);
});

test('the fault switch in the Storage view breaks the wipe, and the auditor reports the leak', async ({ page }) => {
  const errors = collectErrors(page);
  await openApp(page, 'ebs-zeroing');
  await switchView(page, 'storage');
  const box = await canvas(page).boundingBox();
  if (!box) throw new Error('no canvas');
  // The switch sends a fault.set input; it takes effect when the simulation next runs.
  await page.mouse.click(box.x + 40, box.y + 12);
  for (let step = 1; step <= 4; step++) await nextStep(page, step);
  await waitForStatus(page, (s) => s.faults.includes('no-ebs-wipe') && s.violations > 0);
  const state = await readState(page);
  const invariants = state.violations.map((v) => v.invariant);
  expect(invariants).toContain('ebs-read-foreign-plaintext');
  expect(invariants).toContain('ebs-reuse-before-wipe');
  const bobRead = state.world.storage.reads.find((r) => r.volume === 'vol-b' && r.blocks.length === 8);
  expect(bobRead?.blocks[0]?.content).toMatchObject({ kind: 'plain', tenant: 'alice', label: 'alice-payroll' });
  expect(errors).toEqual([]);
});

/** Steps event by event (no overshoot, unlike playing) until the simulated time reaches `seconds`. */
async function stepTo(page: Page, seconds: number): Promise<void> {
  for (;;) {
    const status = await readStatus(page);
    if (status.simTime >= seconds * 1e9 || status.simTime >= status.endTime) return;
    await page.getByRole('button', { name: 'Step', exact: true }).click();
    await waitForStatus(page, (s) => s.eventIndex > status.eventIndex);
  }
}

async function texts(page: Page): Promise<string[]> {
  return page.evaluate(() => window.__lab?.canvasTexts().map((t) => t.text) ?? []);
}

async function focusBox(page: Page, id: string) {
  return page.evaluate((wanted) => window.__lab?.focusBoxes().find((f) => f.id === wanted)?.box ?? null, id);
}

test('KMS key states on the canvas: a disabled key, then crypto-shredding, with the volumes they make unusable', async ({ page }) => {
  const errors = collectErrors(page);
  await openApp(page, 'ebs-snapshots-and-encryption', { step: 7 });
  await switchView(page, 'storage');
  // 18.8 s: key-use1 disabled; vol-enc detached and refused; its snapshot cannot be restored.
  await stepTo(page, 18.8);
  let shown = await texts(page);
  // canvasTexts lists what is on screen: the key line (with what it protects) and the volume.
  expect(shown.some((t) => /^‖ key-use1 · us-east-1 · disabled \(reversible\) · protects vol-enc, snap-2-enc/.test(t))).toBe(true);
  expect(shown.some((t) => t.startsWith('⊘ unusable: key disabled · vol-enc ·') && t.includes('data key dk-snap-2-enc (shared with snap-2-enc)'))).toBe(true);
  expect(await focusBox(page, 'key-use1')).not.toBeNull();

  // Step 9, played to its end: the imported key material is gone; key-euw1 waits for deletion.
  await page.getByRole('button', { name: 'Next lesson step' }).click();
  await waitForStatus(page, (s) => s.stepIndex === 8);
  await playUntil(page, (s) => s.simTime >= s.endTime);
  shown = await texts(page);
  expect(shown.some((t) => t.startsWith('✕ key-shred · us-east-1 · imported key material · key material deleted'))).toBe(true);
  expect(shown.some((t) => t.startsWith('⊘ unreadable: key material deleted · vol-secret ·'))).toBe(true);
  expect(shown.some((t) => /^◷ key-euw1 .* pending deletion on day 7/.test(t))).toBe(true);
  const canvasBox = await canvas(page).boundingBox();
  for (const id of ['vol-secret', 'key-shred']) {
    const box = await focusBox(page, id);
    expect(box, id).not.toBeNull();
    expect(box!.y).toBeGreaterThanOrEqual(-1);
    expect(box!.y + box!.height).toBeLessThanOrEqual((canvasBox?.height ?? 0) + 1);
  }
  expect(errors).toEqual([]);
});

test('the Storage view shows which host and I/O path served a volume: dom0 blkback on the Xen-era host', async ({ page }) => {
  await openApp(page, 'ebs-zeroing', { step: 5 });
  await switchView(page, 'storage');
  await stepTo(page, 12.5);
  const shown = await texts(page);
  expect(shown).toContain('xen-2010 · Xen-era host (EBS history)');
  expect(shown.some((t) => t.includes('guest blkfront → Xen dom0 blkback') && t.includes('serves vol-b-2010 (db-b-old)'))).toBe(true);
  expect(shown.some((t) => t.includes('guest NVMe → Nitro card for EBS') && t.includes('serves vol-b (db-b)'))).toBe(true);
  expect(await focusBox(page, 'xen-2010')).not.toBeNull();
});
