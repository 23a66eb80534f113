import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

/** electron-builder.json: what `npm run package` builds, and the Electron fuses it flips. */
const config = JSON.parse(readFileSync(new URL('../electron-builder.json', import.meta.url), 'utf8')) as {
  asar: boolean;
  files: string[];
  electronFuses: Record<string, boolean>;
  linux: { target: string[] };
  win: { target: string[] };
  mac: { target: string[] };
  protocols: Array<{ schemes: string[] }>;
};
const scripts = (JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { scripts: Record<string, string> }).scripts;

describe('packaging configuration', () => {
  it('sets the Electron fuses that close the usual ways around the app', () => {
    expect(config.electronFuses).toEqual({
      runAsNode: false,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      enableCookieEncryption: true,
      enableEmbeddedAsarIntegrityValidation: true,
      onlyLoadAppFromAsar: true,
      grantFileProtocolExtraPrivileges: false,
    });
    // ASAR integrity and "only load from ASAR" mean nothing without an ASAR archive.
    expect(config.asar).toBe(true);
  });

  it('builds AppImage and deb, NSIS and dmg from the compiled app only', () => {
    expect(config.linux.target).toEqual(['AppImage', 'deb']);
    expect(config.win.target).toEqual(['nsis']);
    expect(config.mac.target).toEqual(['dmg']);
    expect(config.files).toEqual(['out/**/*', 'package.json', '!**/*.map']);
    expect(config.protocols.flatMap((p) => p.schemes)).toEqual(['isolab']);
  });

  it('has an npm script that builds first and then packages with this file', () => {
    expect(scripts.package).toBe('electron-vite build && electron-builder --config electron-builder.json');
  });
});
