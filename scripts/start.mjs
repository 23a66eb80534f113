#!/usr/bin/env node
// `npm start`: the desktop app where an Electron binary is available, otherwise the same app in
// the browser. npm does not run Electron's download script at install time (package.json
// `allowScripts`), so an offline `npm install` succeeds; here we fetch the binary if we can, and
// where we cannot, say so in one line, build the browser version, serve it and print its URL.
import { spawn, spawnSync } from 'node:child_process';
import { createServer } from 'node:net';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { findElectronBinary } from './electron-binary.mjs';
import { browserOpener, fallbackLine, shouldTryDownload } from './start-lib.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
const packageBin = (name, ...path) => join(dirname(require.resolve(`${name}/package.json`)), ...path);

let binary = findElectronBinary({ root });
if (shouldTryDownload(binary, process.env)) {
  console.log('Getting the Electron binary (a one-time download)…');
  const download = spawnSync(process.execPath, [packageBin('electron', 'install.js')], { cwd: root, stdio: 'pipe', timeout: 90_000 });
  binary = findElectronBinary({ root });
  if (!binary.found) {
    const why = download.error?.message ?? `${download.stderr ?? ''}`.split('\n').find((line) => /error/i.test(line))?.trim();
    binary = { found: false, reason: `the Electron download failed${why ? `: ${why.slice(0, 160)}` : ''}` };
  }
}

if (binary.found) startDesktop(binary);
else await startBrowser(binary.reason);

function startDesktop(found) {
  console.log('Building the app (electron-vite build)…');
  const build = spawnSync(process.execPath, [packageBin('electron-vite', 'bin', 'electron-vite.js'), 'build'], { cwd: root, stdio: 'inherit' });
  if (build.status !== 0) {
    process.stderr.write(`Isolation Lab: the build failed (exit ${build.status ?? build.signal}); see the messages above.\n`);
    process.exit(build.status || 1);
  }
  console.log(`Starting Electron (${found.source}): ${found.path}`);
  const child = spawn(found.path, [join(root, 'out', 'main', 'index.js'), ...process.argv.slice(2)], { cwd: root, stdio: 'inherit' });
  child.on('error', (error) => {
    process.stderr.write(`Isolation Lab: could not run ${found.path}: ${error.message}\n`);
    process.exit(1);
  });
  forwardSignals(child);
}

/** A free TCP port on 127.0.0.1, preferring the usual one. */
function freePort(preferred) {
  return new Promise((resolve) => {
    const probe = createServer();
    probe.once('error', () => {
      const any = createServer().listen(0, '127.0.0.1', () => {
        const { port } = any.address();
        any.close(() => resolve(port));
      });
    });
    probe.listen(preferred, '127.0.0.1', () => probe.close(() => resolve(preferred)));
  });
}

async function startBrowser(reason) {
  console.log(fallbackLine(reason));
  const vite = packageBin('vite', 'bin', 'vite.js');
  const build = spawnSync(process.execPath, [vite, 'build', '--config', 'vite.web.config.ts', '--logLevel', 'warn'], { cwd: root, stdio: 'inherit' });
  if (build.status !== 0) {
    process.stderr.write(`Isolation Lab: the browser build failed (exit ${build.status ?? build.signal}); see the messages above.\n`);
    process.exit(build.status || 1);
  }
  const port = await freePort(Number(process.env.PORT ?? 4173));
  const url = `http://localhost:${port}/`;
  const server = spawn(process.execPath, [vite, 'preview', '--config', 'vite.web.config.ts', '--host', '127.0.0.1', '--port', String(port), '--strictPort', '--logLevel', 'warn'], { cwd: root, stdio: 'inherit' });
  server.on('error', (error) => {
    process.stderr.write(`Isolation Lab: could not serve the browser build: ${error.message}\n`);
    process.exit(1);
  });
  forwardSignals(server);
  await waitForServer(url);
  console.log(`Isolation Lab is running at ${url} (Ctrl+C stops it).`);
  const opener = browserOpener(process.platform, process.env);
  if (opener) {
    // Best effort: no browser, or no desktop, is not an error — the URL is printed above.
    const open = spawn(opener.command, [...opener.args, url], { stdio: 'ignore', detached: true });
    open.on('error', () => undefined);
    open.unref();
  }
}

async function waitForServer(url) {
  for (let i = 0; i < 100; i++) {
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

function forwardSignals(child) {
  // Ctrl+C and termination go to the child so it can close cleanly.
  for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
  child.on('exit', (code) => process.exit(code ?? 0));
}
