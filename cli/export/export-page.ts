import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const RENDERER = fileURLToPath(new URL('../../renderer/', import.meta.url));

/**
 * Builds just the headless export page (renderer/export/export.html) into `outDir`, for tests and
 * the bench: a few seconds instead of the whole web app, and a folder of their own so parallel
 * runs never share a build. Skipped when `outDir` already has one newer than `minMtimeMs`.
 */
export async function buildExportPage(outDir: string, minMtimeMs = 0): Promise<void> {
  const page = join(outDir, 'export/export.html');
  if (existsSync(page) && statSync(page).mtimeMs >= minMtimeMs && minMtimeMs > 0) return;
  const { build } = await import('vite');
  await build({
    root: RENDERER,
    base: './',
    logLevel: 'error',
    configFile: false,
    build: { outDir, emptyOutDir: true, target: 'es2022', chunkSizeWarningLimit: 5000, rollupOptions: { input: { export: join(RENDERER, 'export/export.html') } } },
  });
}
