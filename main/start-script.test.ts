import { spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { executableName, findElectronBinary } from '../scripts/electron-binary.mjs';

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

describe('npm start without an Electron binary', () => {
  it('explains the missing binary, how to get one, and points to npm run web; exit 1', () => {
    // An override folder without an executable hides any installed binary, on any machine.
    const empty = mkdtempSync(join(tmpdir(), 'isolab-no-electron-'));
    const run = spawnSync(process.execPath, [join(root, 'scripts', 'start.mjs')], {
      cwd: root,
      env: { ...process.env, ELECTRON_OVERRIDE_DIST_PATH: empty },
      encoding: 'utf8',
      timeout: 30_000,
    });
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(/the Electron binary is not installed/);
    expect(run.stderr).toContain(empty);
    expect(run.stderr).toMatch(/offline installs/);
    expect(run.stderr).toMatch(/ELECTRON_OVERRIDE_DIST_PATH/);
    expect(run.stderr).toMatch(/normal `npm install`/);
    expect(run.stderr).toMatch(/`npm run web` serves the same app/);
    expect(run.stderr).not.toMatch(/\n\s+at .*\(/); // no stack trace
    expect(run.stdout).not.toMatch(/Building/); // nothing was built
  });

  it.skipIf(findElectronBinary({ root }).found)('says so too when the install skipped the download (this machine)', () => {
    const env = { ...process.env };
    delete env.ELECTRON_OVERRIDE_DIST_PATH;
    const run = spawnSync(process.execPath, [join(root, 'scripts', 'start.mjs')], { cwd: root, env, encoding: 'utf8', timeout: 30_000 });
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(/path\.txt is missing|does not exist/);
  });
});
