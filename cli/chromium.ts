/**
 * Debian's Chromium and the flags every headless launch of it here needs — the browser e2e tests
 * and `isolab export-video` alike. WebGL comes from SwiftShader (no GPU); the networking flags stop
 * Chromium's background connections, which this offline machine refuses.
 */
export const CHROMIUM_PATH = '/usr/bin/chromium';

export const CHROMIUM_ARGS: readonly string[] = [
  '--no-sandbox',
  '--use-angle=swiftshader',
  '--enable-unsafe-swiftshader',
  '--disable-background-networking',
  '--disable-component-update',
  '--no-first-run',
  '--disable-dev-shm-usage',
];
