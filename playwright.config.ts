import { CHROMIUM_ARGS, CHROMIUM_PATH } from './cli/chromium';
import { defineConfig } from '@playwright/test';

/**
 * End-to-end tests. `web` drives the browser build (dist-web, built by `npm run test:e2e`) in
 * Debian's Chromium with SwiftShader WebGL, so it runs on machines without a GPU. `electron`
 * drives the desktop app through Playwright's _electron and needs no browser settings.
 */
export default defineConfig({
  workers: 1,
  retries: 0,
  reporter: 'list',
  timeout: 60_000,
  expect: { timeout: 15_000 },
  projects: [
    {
      name: 'web',
      testDir: 'e2e/web',
      use: {
        baseURL: 'http://localhost:4173',
        headless: true,
        viewport: { width: 1280, height: 720 },
        launchOptions: {
          executablePath: CHROMIUM_PATH,
          args: [...CHROMIUM_ARGS],
        },
      },
    },
    {
      name: 'electron',
      testDir: 'e2e/electron',
    },
  ],
  webServer: {
    command: 'npx vite preview --config vite.web.config.ts --port 4173 --strictPort',
    url: 'http://localhost:4173',
    reuseExistingServer: !process.env.CI,
    timeout: 60_000,
  },
});
