import { resolve } from 'node:path';
import { defineConfig } from 'electron-vite';

const root = import.meta.dirname;

/**
 * Three builds into out/ (package.json "main" is ./out/main/index.js):
 * - main: the Electron main process plus the simulator worker (main/sim-worker.ts), emitted side
 *   by side as out/main/index.js and out/main/sim-worker.js (ES modules: the package is "type":
 *   "module"), so main can start the worker by path.
 * - preload: CommonJS, because sandboxed preloads cannot be ES modules; in this ESM package the
 *   file must be named .cjs (out/preload/index.cjs). One input, so it is never split into chunks
 *   (a sandboxed preload can require only "electron", not its own chunks).
 * - renderer: renderer/index.html.
 */
export default defineConfig({
  main: {
    build: {
      outDir: resolve(root, 'out/main'),
      rolldownOptions: {
        input: {
          index: resolve(root, 'main/index.ts'),
          'sim-worker': resolve(root, 'main/sim-worker.ts'),
        },
        output: { entryFileNames: '[name].js' },
      },
    },
  },
  preload: {
    build: {
      outDir: resolve(root, 'out/preload'),
      // Everything (there is nothing but "electron" and our own files) goes into the one file.
      externalizeDeps: false,
      rolldownOptions: {
        input: { index: resolve(root, 'main/preload/index.ts') },
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  renderer: {
    root: resolve(root, 'renderer'),
    // The replay worker (renderer/web/replay-worker.ts) is a module worker, as in the browser build.
    worker: { format: 'es' },
    build: {
      outDir: resolve(root, 'out/renderer'),
      rolldownOptions: {
        input: { index: resolve(root, 'renderer/index.html') },
      },
    },
  },
});
