#!/usr/bin/env node
// `npm run test:offline-install`: proves that `npm install` succeeds on a fresh machine where
// Electron's download host cannot be reached (the situation on the build machines). It installs
// this project's package.json and package-lock.json into an empty folder with the download host
// pointed at a closed port and an empty Electron cache, then checks the install finished and
// that npm start would find no binary (so it serves the browser build). Takes a few minutes: it
// is a real install, so it stays out of `npm test`.
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { findElectronBinary } from './electron-binary.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const dir = mkdtempSync(join(tmpdir(), 'isolab-offline-install-'));
for (const name of ['package.json', 'package-lock.json']) copyFileSync(join(root, name), join(dir, name));
const env = {
  ...process.env,
  // Port 9 (discard) on loopback: connections are refused at once, as on a machine without internet.
  ELECTRON_MIRROR: 'http://127.0.0.1:9/',
  electron_config_cache: mkdtempSync(join(tmpdir(), 'isolab-electron-cache-')),
};
delete env.ELECTRON_SKIP_BINARY_DOWNLOAD;
delete env.ELECTRON_OVERRIDE_DIST_PATH;
console.log(`Installing a fresh copy in ${dir} with the Electron download host unreachable…`);
const started = Date.now();
const install = spawnSync('npm', ['install', '--no-audit', '--no-fund', '--prefer-offline'], { cwd: dir, env, encoding: 'utf8', timeout: 900_000 });
const seconds = Math.round((Date.now() - started) / 1000);
const problems = [];
if (install.status !== 0) problems.push(`npm install exited ${install.status ?? install.signal}:\n${(install.stderr ?? '').split('\n').slice(-15).join('\n')}`);
for (const needed of ['node_modules/.bin/vite', 'node_modules/.bin/playwright', 'node_modules/electron/package.json', 'node_modules/markdown-it/package.json']) {
  if (!existsSync(join(dir, needed))) problems.push(`${needed} is missing after the install`);
}
const binary = findElectronBinary({ root: dir, env: {} });
if (binary.found) problems.push(`an Electron binary was installed (${binary.path}) although the download host was unreachable`);
if (problems.length > 0) {
  process.stderr.write(`offline install: FAILED after ${seconds} s\n${problems.join('\n')}\n(left in ${dir})\n`);
  process.exit(1);
}
console.log(`offline install: ok in ${seconds} s (npm install exit 0; no Electron binary, so npm start serves the browser build: ${binary.reason})`);
rmSync(dir, { recursive: true, force: true });
