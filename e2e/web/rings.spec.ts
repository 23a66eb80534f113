import { expect, test, type Page } from '@playwright/test';
import type { SimState } from '../../src/model/state';
import { canvasScreenshot, openApp, readState, switchView } from './helpers';

/** Steps the simulation one event at a time until `done` holds; returns the canvas before that last event and after it. */
async function stepUntil(page: Page, done: (state: SimState) => boolean, maxSteps = 60): Promise<{ before: Buffer; after: Buffer; state: SimState }> {
  const stepButton = page.locator('button[aria-label="Step"]');
  for (let i = 0; i < maxSteps; i++) {
    const previous = await readState(page);
    const before = await canvasScreenshot(page);
    await stepButton.click();
    await expect.poll(async () => (await readState(page)).eventIndex).toBeGreaterThan(previous.eventIndex);
    const state = await readState(page);
    if (done(state)) return { before, after: await canvasScreenshot(page), state };
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

  test('animates a hypercall and a VM exit', async ({ page }) => {
    // Step 2 (8 µs): every kernel calls the hypervisor.
    await openApp(page, 'rings-pv-vs-hvm', { step: 2 });
    await switchView(page, 'rings');
    const hypercall = await stepUntil(page, (s) => s.world.cpu.vcpus['pv32.v0']?.lastTransition === 'hypercall');
    expect(hypercall.state.world.cpu.vcpus['pv32.v0']).toMatchObject({ level: 'hypervisor', ring: 0, vmx: 'root' });
    expect(hypercall.after.equals(hypercall.before)).toBe(false);

    // Step 3 (20 µs): wrmsr in the HVM kernel causes a VM exit.
    await openApp(page, 'rings-pv-vs-hvm', { step: 3 });
    await switchView(page, 'rings');
    const exit = await stepUntil(page, (s) => s.world.cpu.vcpus['hvm.v0']?.lastTransition === 'vmexit');
    expect(exit.state.world.cpu.vcpus['hvm.v0']).toMatchObject({ level: 'hypervisor', ring: 0, vmx: 'root' });
    expect(exit.after.equals(exit.before)).toBe(false);
    // The next event re-enters the guest: the picture changes again.
    const entry = await stepUntil(page, (s) => s.world.cpu.vcpus['hvm.v0']?.lastTransition === 'vmentry');
    expect(entry.state.world.cpu.vcpus['hvm.v0']).toMatchObject({ level: 'kernel', ring: 0, vmx: 'non-root' });
    expect(entry.after.equals(entry.before)).toBe(false);
  });
});
