import { expect, test, type Page } from '@playwright/test';
import type { SimState } from '../../src/model/state';
import { canvasScreenshot, openApp, readState, switchView, waitForStatus } from './helpers';

/**
 * Steps the simulation one event at a time until `done` holds; returns the canvas before that last
 * event and after it. Screenshots are taken only from `fromNs` of simulated time on (they are slow).
 */
async function stepUntil(page: Page, done: (state: SimState) => boolean, fromNs = 0, maxSteps = 60): Promise<{ before: Buffer; after: Buffer; state: SimState }> {
  const stepButton = page.locator('button[aria-label="Step"]');
  // The state after one step is the state before the next, and the poll keeps the state it read:
  // one full state read per event where there were three, and short poll intervals.
  let previous = await readState(page);
  for (let i = 0; i < maxSteps; i++) {
    const before = previous.time >= fromNs ? await canvasScreenshot(page) : Buffer.alloc(0);
    await stepButton.click();
    let state = previous;
    await expect.poll(async () => (state = await readState(page)).eventIndex, { intervals: [20, 50, 100] }).toBeGreaterThan(previous.eventIndex);
    if (done(state)) return { before, after: await canvasScreenshot(page), state };
    previous = state;
  }
  throw new Error(`condition not reached in ${maxSteps} events`);
}

test.describe('Rings view', () => {
  test('shows the right ring for each mode', async ({ page }) => {
    await openApp(page, 'rings-pv-vs-hvm', { step: 0 });
    await switchView(page, 'rings');
    const { world } = await readState(page);
    const kernels = Object.fromEntries(['pv32', 'pv64', 'hvm', 'pvh'].map((id) => [id, world.cpu.placements[id]?.kernel]));
    expect(kernels).toEqual({
      pv32: { ring: 1, vmx: 'none' },
      pv64: { ring: 3, vmx: 'none' },
      hvm: { ring: 0, vmx: 'non-root' },
      pvh: { ring: 0, vmx: 'non-root' },
    });
    expect(world.cpu.hypervisors['xen-1']).toMatchObject({ ring: 0, vmx: 'root' });
    // The view's own description (announced in the live region when the step is shown).
    await page.locator('button[aria-label="Next lesson step"]').click();
    const live = page.getByTestId('live-region');
    await expect(live).toContainText('pv32 (pv32: kernel ring 1');
    await expect(live).toContainText('pv64 (pv64: kernel ring 3 · VMX root (PV), separate kernel/user page tables');
    await expect(live).toContainText('hvm (hvm: kernel ring 0 · VMX non-root');
    await expect(live).toContainText('pvh (pvh: kernel ring 0 · VMX non-root');
    await expect(live).toContainText('Xen ring 0 · VMX root');
  });

  test('after a lesson is opened again in this view, the change marks surround the columns now shown', async ({ page }) => {
    // Opening a step reloads the lesson: the view first lays out every domain, then the step's
    // focus narrows it to the focused ones. The marks had stayed where the first layout put them
    // (bright lines through the columns' text).
    await openApp(page, 'rings-pv-vs-hvm', { step: 4 });
    await switchView(page, 'rings');
    await waitForStatus(page, (s) => s.stepIndex === 4);
    await page.evaluate(() => (location.hash = 'lesson=rings-pv-vs-hvm&step=3'));
    await waitForStatus(page, (s) => s.stepIndex === 3);
    await expect.poll(() => page.evaluate(() => window.__lab?.pulseMarks().length ?? 0)).toBeGreaterThan(0);
    const marks = await page.evaluate(() => window.__lab?.pulseMarks() ?? []);
    for (const mark of marks) expect(mark.drawn, mark.id).toEqual(mark.now);
  });

  test('counts crossings in words a class reads aloud: "1 crossing", not "1 crossings"', async ({ page }) => {
    // Step 3 (a system call): each guest has crossed once.
    await openApp(page, 'rings-pv-vs-hvm', { step: 2 });
    await switchView(page, 'rings');
    await waitForStatus(page, (s) => s.stepIndex === 2);
    const counters = async (): Promise<string[]> => (await page.evaluate(() => window.__lab?.canvasTexts() ?? [])).map((t) => t.text).filter((t) => /crossing/.test(t));
    await expect.poll(counters).toContain('1 crossing\n150 cycles');
    expect((await counters()).some((t) => t.startsWith('1 crossings'))).toBe(false);
  });

  test('animates a hypercall and a VM exit', async ({ page }) => {
    // About 30 single events, each read back from the page: slow on a loaded machine.
    test.setTimeout(150_000);
    // Step 2 (1 µs), a system call; the hypercalls of step 3 start at 7 µs.
    await openApp(page, 'rings-pv-vs-hvm', { step: 2 });
    await switchView(page, 'rings');
    const hypercall = await stepUntil(page, (s) => s.world.cpu.vcpus['pv32.v0']?.lastTransition === 'hypercall', 7_000);
    expect(hypercall.state.world.cpu.vcpus['pv32.v0']).toMatchObject({ level: 'hypervisor', ring: 0, vmx: 'root' });
    expect(hypercall.after.equals(hypercall.before)).toBe(false);

    // Step 3 (8 µs), hypercalls; the wrmsr of step 4 starts at 19 µs and causes a VM exit in the HVM kernel.
    await openApp(page, 'rings-pv-vs-hvm', { step: 3 });
    await switchView(page, 'rings');
    const exit = await stepUntil(page, (s) => s.world.cpu.vcpus['hvm.v0']?.lastTransition === 'vmexit', 19_000);
    expect(exit.state.world.cpu.vcpus['hvm.v0']).toMatchObject({ level: 'hypervisor', ring: 0, vmx: 'root' });
    expect(exit.after.equals(exit.before)).toBe(false);
    // The next event re-enters the guest: the picture changes again.
    const entry = await stepUntil(page, (s) => s.world.cpu.vcpus['hvm.v0']?.lastTransition === 'vmentry');
    expect(entry.state.world.cpu.vcpus['hvm.v0']).toMatchObject({ level: 'kernel', ring: 0, vmx: 'non-root' });
    expect(entry.after.equals(entry.before)).toBe(false);
  });

  test('arriving at a step shows that step\'s crossing at once, not the previous step\'s', async ({ page }) => {
    /** The crossing labels the canvas shows (first line of each cost label: the crossing's kind). */
    const shownCrossings = async (): Promise<string[]> => {
      await page.evaluate(() => new Promise<void>((resolve) => requestAnimationFrame(() => requestAnimationFrame(() => resolve()))));
      const texts = await page.evaluate(() => window.__lab?.canvasTexts().map((c) => c.text) ?? []);
      return texts.filter((s) => /^[a-z-]+\n[\d,]+ cycles/.test(s) || s === 'no crossing in this step').map((s) => s.split('\n')[0] ?? '').sort();
    };
    // A deep link to "Hypercalls and vmcall": every column shows its call into the hypervisor.
    await openApp(page, 'rings-pv-vs-hvm', { step: 3 });
    await switchView(page, 'rings');
    await expect.poll(shownCrossings).toEqual(['hypercall', 'hypercall', 'vmcall', 'vmcall']);
    // Shift+→ (next lesson step): the trap and the VM exit of the wrmsr step, with no other step (→) needed.
    // (Away from the view tabs, where arrow keys move between tabs.)
    await page.evaluate(() => document.activeElement instanceof HTMLElement && document.activeElement.blur());
    await page.keyboard.press('Shift+ArrowRight');
    await waitForStatus(page, (s) => s.stepIndex === 4 && !s.playing);
    await expect.poll(shownCrossings).toEqual(['trap', 'trap', 'vmexit', 'vmexit']);
    // Seeking to "A program tries a privileged instruction": pv64 and pvh take no part, and their
    // columns say so instead of showing the returns of the page-table step.
    await page.getByRole('button', { name: 'Next lesson step' }).click();
    await page.getByRole('button', { name: 'Next lesson step' }).click();
    await waitForStatus(page, (s) => s.stepIndex === 6);
    await expect.poll(shownCrossings).toEqual(['fault', 'no crossing in this step', 'no crossing in this step', 'trap']);
  });
});
