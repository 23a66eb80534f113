import { test } from '@playwright/test';
import { openApp, waitForStatus } from './helpers';

test('rings shots', async ({ page }) => {
  await openApp(page, 'rings-pv-vs-hvm', { step: 3 });
  await waitForStatus(page, (s) => s.stepIndex === 3);
  await page.getByRole('button', { name: 'Next lesson step' }).click();
  await waitForStatus(page, (s) => s.stepIndex === 4);
  await page.waitForTimeout(1500);
  await page.screenshot({ path: '/tmp/shots-rings-fix/04-step-via-next.png' });
});
