import type { Session } from 'electron';
import { isAllowedPermission } from './security';

/**
 * The default session's rules: permissions only for the app's own pages (and only the few it
 * needs), no devices, no downloads, and the app's CSP on every response.
 */
export function hardenSession(ses: Session, appOrigins: readonly string[], csp: string): void {
  ses.setPermissionRequestHandler((_contents, permission, callback, details) => callback(isAllowedPermission(permission, details.requestingUrl, appOrigins)));
  ses.setPermissionCheckHandler((_contents, permission, requestingOrigin, details) => isAllowedPermission(permission, details.requestingUrl ?? requestingOrigin, appOrigins));
  ses.setDevicePermissionHandler(() => false);
  ses.on('will-download', (event) => event.preventDefault());
  // app:// responses carry the CSP themselves; this covers the dev server and anything else.
  ses.webRequest.onHeadersReceived((details, callback) => {
    const headers: Record<string, string[]> = {};
    for (const [key, value] of Object.entries(details.responseHeaders ?? {})) {
      if (key.toLowerCase() !== 'content-security-policy') headers[key] = value;
    }
    headers['Content-Security-Policy'] = [csp];
    callback({ responseHeaders: headers });
  });
}
