import { test } from '@playwright/test';
import { openApp, waitForStatus } from '../helpers';
test('docs screenshot', async ({ page }) => {
  await openApp(page, 'hello-host', { step: 2 });
  await waitForStatus(page, (s) => s.stepIndex === 2);
  for (let i = 0; i < 30; i++) await page.keyboard.press('ArrowRight');
  await page.waitForTimeout(400);
  await page.mouse.click(680, 230);
  await page.waitForTimeout(600);
  await page.screenshot({ path: 'docs/screenshot.png' });
});
