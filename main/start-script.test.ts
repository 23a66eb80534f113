import { spawn } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { executableName, findElectronBinary } from '../scripts/electron-binary.mjs';
import { browserOpener, fallbackLine, shouldTryDownload } from '../scripts/start-lib.mjs';

/** `npm start` lives in scripts/; its tests live here because vitest only looks in src/cli/main/renderer. */
const root = resolve(import.meta.dirname, '..');

function fakeProject(options: { pathTxt?: string; binary?: string }): string {
  const dir = mkdtempSync(join(tmpdir(), 'isolab-start-'));
  writeFileSync(join(dir, 'package.json'), '{"name":"fake"}');
  const electron = join(dir, 'node_modules', 'electron');
  mkdirSync(join(electron, 'dist'), { recursive: true });
  writeFileSync(join(electron, 'package.json'), '{"name":"electron","version":"40.0.0"}');
  if (options.pathTxt !== undefined) writeFileSync(join(electron, 'path.txt'), options.pathTxt);
  if (options.binary) {
    writeFileSync(join(electron, 'dist', options.binary), '#!/bin/sh\n');
    chmodSync(join(electron, 'dist', options.binary), 0o755);
  }
  return dir;
}

describe('findElectronBinary', () => {
  it('finds the binary that path.txt names', () => {
    const dir = fakeProject({ pathTxt: 'electron', binary: 'electron' });
    const found = findElectronBinary({ env: {}, root: dir, platform: 'linux' });
    expect(found).toEqual({ found: true, path: join(dir, 'node_modules', 'electron', 'dist', 'electron'), source: 'node_modules/electron' });
  });

  it('reports a skipped download (no path.txt)', () => {
    const found = findElectronBinary({ env: {}, root: fakeProject({}), platform: 'linux' });
    expect(found.found).toBe(false);
    if (!found.found) expect(found.reason).toMatch(/path\.txt is missing/);
  });

  it('reports a path.txt that points nowhere', () => {
    const found = findElectronBinary({ env: {}, root: fakeProject({ pathTxt: 'electron' }), platform: 'linux' });
    expect(!found.found && found.reason).toMatch(/does not exist/);
  });

  it('prefers ELECTRON_OVERRIDE_DIST_PATH and checks that it holds the executable', () => {
    const dist = mkdtempSync(join(tmpdir(), 'isolab-dist-'));
    const dir = fakeProject({});
    expect(findElectronBinary({ env: { ELECTRON_OVERRIDE_DIST_PATH: dist }, root: dir, platform: 'linux' }).found).toBe(false);
    writeFileSync(join(dist, 'electron'), '');
    expect(findElectronBinary({ env: { ELECTRON_OVERRIDE_DIST_PATH: dist }, root: dir, platform: 'linux' })).toEqual({
      found: true,
      path: join(dist, 'electron'),
      source: 'ELECTRON_OVERRIDE_DIST_PATH',
    });
  });

  it('knows each platform executable', () => {
    expect(executableName('win32')).toBe('electron.exe');
    expect(executableName('darwin')).toMatch(/MacOS\/Electron$/);
    expect(executableName('linux')).toBe('electron');
  });
});

describe('npm start: what it decides', () => {
  it('downloads only a skipped binary, and never over a binary the user chose', () => {
    expect(shouldTryDownload({ found: false, reason: 'node_modules/electron/path.txt is missing, so the install skipped the download' }, {})).toBe(true);
    expect(shouldTryDownload({ found: false, reason: 'node_modules/electron/path.txt is missing' }, { ELECTRON_OVERRIDE_DIST_PATH: '/x' })).toBe(false);
    expect(shouldTryDownload({ found: false, reason: 'node_modules/electron/path.txt is missing' }, { ISOLAB_NO_ELECTRON_DOWNLOAD: '1' })).toBe(false);
    expect(shouldTryDownload({ found: true }, {})).toBe(false);
  });

  it('says in one line why it serves the browser build', () => {
    const line = fallbackLine('the electron package is not installed');
    expect(line.split('\n')).toHaveLength(1);
    expect(line).toMatch(/no Electron binary here \(the electron package is not installed\).*browser build/);
  });

  it('opens a browser only where there is a desktop', () => {
    expect(browserOpener('linux', {})).toBeNull();
    expect(browserOpener('linux', { DISPLAY: ':0' })).toEqual({ command: 'xdg-open', args: [] });
    expect(browserOpener('linux', { WAYLAND_DISPLAY: 'wayland-0' })?.command).toBe('xdg-open');
    expect(browserOpener('darwin', {})?.command).toBe('open');
    expect(browserOpener('linux', { DISPLAY: ':0', ISOLAB_NO_BROWSER: '1' })).toBeNull();
  });
});

describe('npm start without an Electron binary', () => {
  it('says so in one line, builds and serves the browser app, and prints its URL', async () => {
    // An override folder without an executable hides any installed binary, on any machine.
    const empty = mkdtempSync(join(tmpdir(), 'isolab-no-electron-'));
    const env: NodeJS.ProcessEnv = { ...process.env, ELECTRON_OVERRIDE_DIST_PATH: empty, WEB_OUT_DIR: mkdtempSync(join(tmpdir(), 'isolab-start-web-')), PORT: '4391' };
    delete env.DISPLAY;
    delete env.WAYLAND_DISPLAY;
    const child = spawn(process.execPath, [join(root, 'scripts', 'start.mjs')], { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    try {
      const url = await new Promise<string>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no URL within 150 s; stdout: ${out}; stderr: ${err}`)), 150_000);
        child.stdout.on('data', () => {
          const match = /running at (http:\/\/localhost:\d+\/)/.exec(out);
          if (match?.[1]) {
            clearTimeout(timer);
            resolve(match[1]);
          }
        });
        child.on('exit', (code) => reject(new Error(`start.mjs exited ${code}; stdout: ${out}; stderr: ${err}`)));
      });
      const lines = out.split('\n').filter((l) => l.includes('no Electron binary'));
      expect(lines).toHaveLength(1);
      expect(lines[0]).toContain(empty);
      const page = await fetch(url);
      expect(page.status).toBe(200);
      expect(await page.text()).toContain('Isolation Lab');
      expect(err).not.toMatch(/\n\s+at .*\(/); // no stack trace
    } finally {
      child.kill('SIGTERM');
    }
  }, 180_000);
});
