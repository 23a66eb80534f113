// The decisions of `npm start` (scripts/start.mjs), kept apart so tests can check them without
// starting anything.

/**
 * Whether to try to download Electron's binary: only when the electron package is installed but
 * its download was skipped (npm no longer runs its install script), and nobody pointed us at a
 * binary of their own.
 * @param {{ found: boolean, reason?: string }} binary
 * @param {NodeJS.ProcessEnv} env
 */
export function shouldTryDownload(binary, env) {
  if (binary.found || env.ELECTRON_OVERRIDE_DIST_PATH || env.ISOLAB_NO_ELECTRON_DOWNLOAD === '1') return false;
  return /path\.txt is missing/.test(binary.reason ?? '');
}

/**
 * The one line `npm start` prints when it serves the browser build instead of the desktop app.
 * @param {string} reason
 */
export function fallbackLine(reason) {
  return `Isolation Lab: no Electron binary here (${reason}), so npm start serves the browser build instead.`;
}

/**
 * The command that opens a URL in the desktop's browser, or null where there is none (a headless
 * Linux box: no DISPLAY nor WAYLAND_DISPLAY).
 * @param {NodeJS.Platform} platform
 * @param {NodeJS.ProcessEnv} env
 * @returns {{ command: string, args: string[] } | null}
 */
export function browserOpener(platform, env) {
  if (env.ISOLAB_NO_BROWSER === '1') return null;
  if (platform === 'darwin') return { command: 'open', args: [] };
  if (platform === 'win32') return { command: 'cmd', args: ['/c', 'start', '""'] };
  if (!env.DISPLAY && !env.WAYLAND_DISPLAY) return null;
  return { command: 'xdg-open', args: [] };
}
