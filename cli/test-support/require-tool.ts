import { existsSync } from 'node:fs';
import { CHROMIUM_PATH } from '../chromium';

/**
 * Tests that need an outside program (Chromium, ffmpeg, ffprobe) must never go green without
 * having run. `requireTools` is the one rule for that: with `CI` set, a missing tool throws (so
 * the test, or the whole file when called at module level, fails with the reason); locally it
 * prints the reason once and answers false so the caller can skip. Only the Electron specs may
 * skip on CI (offline installs have no Electron binary), and they print why themselves.
 */
export interface Tool {
  /** Absolute path the tests call. */
  readonly path: string;
  /** How to get it, for the message. */
  readonly install: string;
}

export const CHROMIUM: Tool = { path: CHROMIUM_PATH, install: 'Debian package chromium' };
export const FFMPEG: Tool = { path: '/usr/bin/ffmpeg', install: 'Debian package ffmpeg' };
export const FFPROBE: Tool = { path: '/usr/bin/ffprobe', install: 'Debian package ffmpeg' };

export interface ToolEnvironment {
  readonly ci: boolean;
  readonly exists: (path: string) => boolean;
  readonly warn: (message: string) => void;
}

const here: ToolEnvironment = {
  ci: Boolean(process.env.CI),
  exists: existsSync,
  warn: (message) => console.warn(message),
};

/** The reason `tools` cannot be used, or null when all are there. */
export function missingToolsReason(tools: readonly Tool[], exists: (path: string) => boolean = existsSync): string | null {
  const missing = tools.filter((tool) => !exists(tool.path));
  if (missing.length === 0) return null;
  return `missing ${missing.map((tool) => `${tool.path} (${tool.install})`).join(', ')}`;
}

/**
 * True when every tool is there. When one is missing: throws on CI, otherwise prints
 * "<suite> skipped: missing …" and answers false.
 */
export function requireTools(suite: string, tools: readonly Tool[], env: ToolEnvironment = here): boolean {
  const reason = missingToolsReason(tools, env.exists);
  if (reason === null) return true;
  if (env.ci) throw new Error(`${suite} cannot run on CI: ${reason}`);
  env.warn(`${suite} skipped: ${reason}`);
  return false;
}
