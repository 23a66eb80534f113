import { join } from 'node:path';
import type { RuntimeEnv } from './runtime-env';
import { APP_ENTRY, APP_ORIGIN, contentSecurityPolicy } from './security';

/** Where the app's parts are and which origins it trusts: decided once at start-up, then read only. */
export interface AppConfig {
  appName: string;
  /** The sandboxed preload (CommonJS), beside the built main process. */
  preload: string;
  /** The built renderer that app:// serves. */
  rendererDir: string;
  /** The simulator worker script. */
  workerFile: string;
  /** The page every window opens: app://lab/index.html, or the dev server's. */
  entryUrl: string;
  /** Origins trusted for IPC and navigation (app://lab, plus the dev server in development). */
  appOrigins: readonly string[];
  csp: string;
}

export const APP_NAME = 'Isolation Lab';

/** The configuration for a main process built into `mainDir` (out/main), given the runtime switches. */
export function appConfig(mainDir: string, env: RuntimeEnv): AppConfig {
  const devOrigin = env.devServerUrl ? new URL(env.devServerUrl).origin : undefined;
  return {
    appName: APP_NAME,
    preload: join(mainDir, '../preload/index.cjs'),
    rendererDir: join(mainDir, '../renderer'),
    workerFile: join(mainDir, 'sim-worker.js'),
    entryUrl: env.devServerUrl ?? APP_ENTRY,
    appOrigins: devOrigin ? [APP_ORIGIN, devOrigin] : [APP_ORIGIN],
    csp: contentSecurityPolicy(devOrigin),
  };
}
