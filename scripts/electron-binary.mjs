// Where the Electron executable is, if anywhere. Shared by `npm start` (scripts/start.mjs) and
// the Electron e2e spec. Mirrors node_modules/electron/index.js, which *throws* when the binary
// is missing; here a missing binary is an ordinary answer with a reason.
import { existsSync, readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

/** The executable's path inside an Electron dist folder, per platform (as electron's install.js writes it). */
export function executableName(platform = process.platform) {
  if (platform === 'darwin' || platform === 'mas') return 'Electron.app/Contents/MacOS/Electron';
  if (platform === 'win32') return 'electron.exe';
  return 'electron';
}

function isFile(path) {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

function electronPackageDir(root) {
  try {
    return dirname(createRequire(join(root, 'package.json')).resolve('electron/package.json'));
  } catch {
    return undefined;
  }
}

/**
 * @param {{ env?: NodeJS.ProcessEnv, root?: string, platform?: NodeJS.Platform }} [options]
 * @returns {{ found: true, path: string, source: string } | { found: false, reason: string }}
 */
export function findElectronBinary({ env = process.env, root = process.cwd(), platform = process.platform } = {}) {
  const packageDir = electronPackageDir(root);
  const pathFile = packageDir ? join(packageDir, 'path.txt') : undefined;
  const recorded = pathFile && existsSync(pathFile) ? readFileSync(pathFile, 'utf8').trim() : '';
  const override = env.ELECTRON_OVERRIDE_DIST_PATH;
  if (override) {
    const path = join(override, recorded || executableName(platform));
    if (isFile(path)) return { found: true, path, source: 'ELECTRON_OVERRIDE_DIST_PATH' };
    return { found: false, reason: `ELECTRON_OVERRIDE_DIST_PATH is set to ${override}, but ${path} does not exist` };
  }
  if (!packageDir) return { found: false, reason: 'the electron package is not installed (node_modules/electron is missing)' };
  if (!recorded) return { found: false, reason: 'node_modules/electron/path.txt is missing, so the install skipped the download' };
  const path = join(packageDir, 'dist', recorded);
  if (isFile(path)) return { found: true, path, source: 'node_modules/electron' };
  return { found: false, reason: `node_modules/electron/path.txt names ${path}, which does not exist` };
}
