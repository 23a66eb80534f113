import { CHROMIUM_ARGS, CHROMIUM_PATH } from './cli/chromium';
import { defineConfig } from '@playwright/test';

/** E2E_PORT (with WEB_OUT_DIR for the build) lets parallel runs use their own preview server. */
const port = Number(process.env.E2E_PORT ?? 4173);

/**
 * End-to-end tests. `web` drives the browser build (dist-web, built by `npm run test:e2e`) in
 * Debian's Chromium with SwiftShader WebGL, so it runs on machines without a GPU. `electron`
 * drives the desktop app through Playwright's _electron and needs no browser settings.
 */
export default defineConfig({
  // Two browsers at once on two cores: a spec spends much of its time waiting (page loads,
  // animations settling, the simulator's worker), so two overlap well. The specs that judge
  // wall-clock behaviour (idle frames, a cancellable seek, recordings while playing) allow for a
  // loaded machine.
  workers: 2,
  retries: 0,
  reporter: 'list',
  timeout: 60_000,
  expect: { timeout: 15_000 },
  projects: [
    {
      name: 'web',
      testDir: 'e2e/web',
      use: {
        baseURL: `http://localhost:${port}`,
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
    command: `npx vite preview --config vite.web.config.ts --port ${port} --strictPort`,
    url: `http://localhost:${port}`,
    reuseExistingServer: !process.env.CI,
    timeout: 60_000,
  },
});
