import { isAbsolute, join, normalize, relative, sep } from 'node:path';
import { isAppUrl } from './ipc-guard';

/**
 * Pure security decisions for the main process (the Electron wiring lives in the services that
 * main/index.ts builds): the Content-Security-Policy, which navigations and permissions are
 * allowed, and how `app://` URLs map to files. Kept free of Electron so each rule is unit-tested.
 */

/** The app's pages are served from `app://lab/…` instead of file:// so they have a real origin. */
export const APP_SCHEME = 'app';
export const APP_HOST = 'lab';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
export const APP_ENTRY = `${APP_ORIGIN}/index.html`;

/**
 * The one CSP of the app, sent as a header by main and repeated as a meta tag in
 * renderer/index.html (a test keeps them equal; `frame-ancestors` works only as a header). It
 * lets Pixi v8 run: the renderer imports `pixi.js/unsafe-eval`, so no 'unsafe-eval' is needed;
 * Pixi starts helper workers from blob: URLs and loads generated textures from data:/blob:.
 * No 'unsafe-inline' anywhere: styles come from the bundled stylesheet (scripts set element.style
 * through the CSSOM, which a CSP does not restrict). Inline and remote scripts, plugins, frames,
 * forms and remote connections are refused. Only the dev server (never a packaged app) adds its
 * origin and its hot-reload websocket.
 */
export const CSP_DIRECTIVES: ReadonlyArray<readonly [string, string]> = [
  ['default-src', "'none'"],
  ['script-src', "'self'"],
  ['style-src', "'self'"],
  ['img-src', "'self' data: blob:"],
  ['font-src', "'self'"],
  ['connect-src', "'self'"],
  ['worker-src', "'self' blob:"],
  ['media-src', "'none'"],
  ['object-src', "'none'"],
  ['frame-src', "'none'"],
  ['child-src', "'none'"],
  ['base-uri', "'none'"],
  ['form-action', "'none'"],
];

/** Directives a meta tag cannot carry (browsers ignore them there). */
export const HEADER_ONLY_DIRECTIVES: ReadonlyArray<readonly [string, string]> = [['frame-ancestors', "'none'"]];

export function contentSecurityPolicy(devServerOrigin?: string): string {
  const fetchDirectives = new Set(['script-src', 'style-src', 'img-src', 'font-src', 'connect-src', 'worker-src']);
  const devSocket = devServerOrigin ? ` ${devServerOrigin.replace(/^http/, 'ws')}` : '';
  return [...CSP_DIRECTIVES, ...HEADER_ONLY_DIRECTIVES]
    .map(([name, sources]) => {
      if (!devServerOrigin || !fetchDirectives.has(name)) return `${name} ${sources}`;
      return `${name} ${sources} ${devServerOrigin}${name === 'connect-src' ? devSocket : ''}`;
    })
    .join('; ');
}

/** The CSP as renderer/index.html's meta tag carries it. */
export function metaContentSecurityPolicy(): string {
  return CSP_DIRECTIVES.map(([name, sources]) => `${name} ${sources}`).join('; ');
}

/** Navigation stays inside the app: reloading or switching view (`?view=audience`) only. */
export function isAllowedNavigation(url: string, appOrigins: readonly string[]): boolean {
  return isAppUrl(url, appOrigins);
}

/**
 * Every permission is refused except full screen for the app's own pages (the `f` shortcut of
 * presenter mode uses the DOM Fullscreen API, which Electron routes through this check).
 */
export function isAllowedPermission(permission: string, requestingUrl: string | undefined, appOrigins: readonly string[]): boolean {
  return permission === 'fullscreen' && isAppUrl(requestingUrl, appOrigins);
}

/**
 * Maps an `app://lab/<path>` request to a file inside the renderer build, or null when the URL
 * is not ours or tries to leave that folder (`..`, encoded slashes, absolute paths).
 */
export function resolveAppFile(requestUrl: string, rendererDir: string): string | null {
  let url: URL;
  try {
    url = new URL(requestUrl);
  } catch {
    return null;
  }
  if (url.protocol !== `${APP_SCHEME}:` || url.host !== APP_HOST) return null;
  let pathname: string;
  try {
    pathname = decodeURIComponent(url.pathname);
  } catch {
    return null;
  }
  if (pathname.includes('\0') || pathname.includes('\\')) return null;
  const relativePath = pathname === '/' || pathname === '' ? 'index.html' : pathname.replace(/^\/+/, '');
  const file = normalize(join(rendererDir, relativePath));
  const inside = relative(rendererDir, file);
  if (inside === '' || inside.startsWith(`..${sep}`) || inside === '..' || isAbsolute(inside)) return null;
  return file;
}
