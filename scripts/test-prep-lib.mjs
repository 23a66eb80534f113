// What `npm test` needs outside npm, and how to get it on Debian (see scripts/test-prep.mjs).
import { statSync } from 'node:fs';

/** Each tool: where the tests look for it (the same paths as cli/chromium.ts and cli/export/ffmpeg-process.ts) and its Debian package. */
export const TOOLS = [
  { name: 'Chromium', package: 'chromium', path: '/usr/bin/chromium' },
  { name: 'ffmpeg', package: 'ffmpeg', path: process.env.ISOLAB_FFMPEG ?? '/usr/bin/ffmpeg' },
];

function isFile(path) {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

/** @param {typeof TOOLS} tools @param {(path: string) => boolean} exists */
export function missingTools(tools = TOOLS, exists = isFile) {
  return tools.filter((tool) => !exists(tool.path));
}

/** @param {typeof TOOLS} missing */
export function installCommand(missing) {
  return `apt-get install -y ${missing.map((t) => t.package).join(' ')}`;
}
