/**
 * Development and test switches read from the environment. A packaged app ignores them all:
 * otherwise anyone who can set an environment variable could point the window (with its preload
 * and IPC trust) at any origin (`ELECTRON_RENDERER_URL`) or move its data (`ISOLAB_*`).
 */
export interface RuntimeEnv {
  /** `electron-vite dev`: the renderer comes from this dev server instead of app://. */
  devServerUrl?: string;
  /** Tests: a temporary user-data folder, so runs never share recent files or the instance lock. */
  userDataDir?: string;
  /** Tests: do not register as the isolab:// handler with the OS. */
  skipProtocolRegistration: boolean;
}

export function readRuntimeEnv(env: Readonly<Record<string, string | undefined>>, isPackaged: boolean): RuntimeEnv {
  if (isPackaged) return { skipProtocolRegistration: false };
  const devServerUrl = httpUrl(env.ELECTRON_RENDERER_URL);
  return {
    ...(devServerUrl ? { devServerUrl } : {}),
    ...(env.ISOLAB_USER_DATA_DIR ? { userDataDir: env.ISOLAB_USER_DATA_DIR } : {}),
    skipProtocolRegistration: Boolean(env.ISOLAB_NO_PROTOCOL_REGISTRATION),
  };
}

/** Only a plain http(s) URL is a dev server; anything else is ignored. */
function httpUrl(text: string | undefined): string | undefined {
  if (!text) return undefined;
  try {
    const url = new URL(text);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.href : undefined;
  } catch {
    return undefined;
  }
}
