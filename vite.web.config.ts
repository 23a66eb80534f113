// Build configuration for the browser build (runs in Node at build time, like electron.vite.config.ts).
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { defineConfig, type Plugin } from 'vite';

const rendererRoot = fileURLToPath(new URL('renderer/', import.meta.url));
const repoRoot = fileURLToPath(new URL('.', import.meta.url));

/** Pages: the app, plus the headless video-export page (`isolab export-video`) when it exists. */
const pages: Record<string, string> = { index: `${rendererRoot}index.html` };
if (existsSync(`${rendererRoot}export/export.html`)) pages.export = `${rendererRoot}export/export.html`;

/**
 * The dev server injects CSS through <style> elements and talks to its HMR client over a
 * websocket, both of which the strict CSP in index.html forbids. Relax exactly those two in
 * `npm run web` only; the built app (and `vite preview`) keeps the strict policy.
 */
function devCsp(): Plugin {
  return {
    name: 'isolation-lab-dev-csp',
    apply: 'serve',
    transformIndexHtml(html) {
      return html
        .replace("style-src 'self'", "style-src 'self' 'unsafe-inline'")
        .replace("connect-src 'self'", "connect-src 'self' ws: wss:");
    },
  };
}

/** Browser build: the same renderer as the desktop app, with the simulator in a Web Worker. */
export default defineConfig({
  root: rendererRoot,
  base: './',
  plugins: [devCsp()],
  build: {
    // WEB_OUT_DIR lets several checkouts' builds (or parallel test runs) use their own folder.
    // An empty WEB_OUT_DIR means unset: an empty outDir would be the renderer folder itself, which
    // Vite empties before writing.
    outDir: process.env.WEB_OUT_DIR || '../dist-web',
    emptyOutDir: true,
    target: 'es2022',
    chunkSizeWarningLimit: 2500,
    rolldownOptions: { input: pages },
  },
  worker: { format: 'es' },
  server: { fs: { allow: [repoRoot] } },
  preview: { port: 4173, strictPort: true },
});
