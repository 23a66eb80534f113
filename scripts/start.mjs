#!/usr/bin/env node
// `npm start`: build the app with electron-vite and run it in Electron. Where the Electron binary
// is not installed (offline installs: npm cannot download it), say so plainly, say how to get
// one, and point to the browser build, which serves the same app.
import { spawn, spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { findElectronBinary } from './electron-binary.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const binary = findElectronBinary({ root });

if (!binary.found) {
  process.stderr.write(
    [
      'Isolation Lab: cannot start the desktop app — the Electron binary is not installed.',
      `  Why: ${binary.reason}.`,
      '  This happens with offline installs (ELECTRON_SKIP_BINARY_DOWNLOAD=1, or no internet): npm cannot download Electron here.',
      '  To get one, either:',
      '    - point ELECTRON_OVERRIDE_DIST_PATH at a folder holding an unpacked Electron build, then run `npm start` again; or',
      '    - on a machine with internet access, run a normal `npm install` (without ELECTRON_SKIP_BINARY_DOWNLOAD), which downloads it.',
      '  Meanwhile, `npm run web` serves the same app in your browser (it prints the URL).',
      '',
    ].join('\n'),
  );
  process.exit(1);
}

const require = createRequire(import.meta.url);
const electronVite = join(dirname(require.resolve('electron-vite/package.json')), 'bin', 'electron-vite.js');
console.log('Building the app (electron-vite build)…');
const build = spawnSync(process.execPath, [electronVite, 'build'], { cwd: root, stdio: 'inherit' });
if (build.status !== 0) {
  process.stderr.write(`Isolation Lab: the build failed (exit ${build.status ?? build.signal}); see the messages above.\n`);
  process.exit(build.status || 1);
}

console.log(`Starting Electron (${binary.source}): ${binary.path}`);
const child = spawn(binary.path, [join(root, 'out', 'main', 'index.js'), ...process.argv.slice(2)], { cwd: root, stdio: 'inherit' });
child.on('error', (error) => {
  process.stderr.write(`Isolation Lab: could not run ${binary.path}: ${error.message}\n`);
  process.exit(1);
});
// Forward Ctrl+C and termination to Electron so it can close its windows cleanly.
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
