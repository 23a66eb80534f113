import { readFileSync } from 'node:fs';
import { join, sep } from 'node:path';
import { describe, expect, it } from 'vitest';
import { APP_ORIGIN, contentSecurityPolicy, metaContentSecurityPolicy, isAllowedNavigation, isAllowedPermission, resolveAppFile } from './security';

const ORIGINS = [APP_ORIGIN];

describe('contentSecurityPolicy', () => {
  const directives = (csp: string) => new Map(csp.split('; ').map((d) => [d.split(' ')[0], d.split(' ').slice(1)]));

  it('refuses eval, inline scripts and remote sources', () => {
    const csp = directives(contentSecurityPolicy());
    expect(csp.get('default-src')).toEqual(["'none'"]);
    expect(csp.get('script-src')).toEqual(["'self'"]);
    expect(csp.get('object-src')).toEqual(["'none'"]);
    expect(csp.get('frame-ancestors')).toEqual(["'none'"]);
    for (const sources of csp.values()) {
      expect(sources).not.toContain("'unsafe-eval'");
      expect(sources.some((s) => s.startsWith('http') || s === '*')).toBe(false);
    }
  });

  it('lets Pixi use blob workers and data textures', () => {
    const csp = directives(contentSecurityPolicy());
    expect(csp.get('worker-src')).toContain('blob:');
    expect(csp.get('img-src')).toContain('data:');
  });

  it("is one strict policy: no 'unsafe-inline', no data:/blob: beyond Pixi's images and workers, and the same in index.html", () => {
    const csp = directives(contentSecurityPolicy());
    for (const [name, sources] of csp) {
      expect(sources, name).not.toContain("'unsafe-inline'");
      if (name !== 'img-src' && name !== 'worker-src') expect(sources.filter((s) => s === 'data:' || s === 'blob:'), name).toEqual([]);
    }
    const html = readFileSync(new URL('../renderer/index.html', import.meta.url), 'utf8');
    const meta = /http-equiv="Content-Security-Policy"\s+content="([^"]*)"/.exec(html)?.[1];
    expect(meta).toBe(metaContentSecurityPolicy());
    expect(`${metaContentSecurityPolicy()}; frame-ancestors 'none'`).toBe(contentSecurityPolicy());
  });

  it('adds only the dev server in dev', () => {
    const csp = directives(contentSecurityPolicy('http://localhost:5173'));
    expect(csp.get('script-src')).toEqual(["'self'", 'http://localhost:5173']);
    expect(csp.get('connect-src')).toContain('ws://localhost:5173');
  });
});

describe('navigation and permissions', () => {
  it('allows only app URLs', () => {
    expect(isAllowedNavigation('app://lab/index.html?view=audience', ORIGINS)).toBe(true);
    for (const url of ['https://example.com', 'file:///etc/passwd', 'app://other/index.html', 'javascript:alert(1)']) {
      expect(isAllowedNavigation(url, ORIGINS)).toBe(false);
    }
  });

  it('grants full screen to the app only, nothing else', () => {
    expect(isAllowedPermission('fullscreen', 'app://lab/index.html', ORIGINS)).toBe(true);
    expect(isAllowedPermission('fullscreen', 'https://evil.example/', ORIGINS)).toBe(false);
    expect(isAllowedPermission('fullscreen', undefined, ORIGINS)).toBe(false);
    for (const permission of ['media', 'geolocation', 'notifications', 'clipboard-read', 'openExternal', 'hid', 'serial', 'usb']) {
      expect(isAllowedPermission(permission, 'app://lab/index.html', ORIGINS)).toBe(false);
    }
  });
});

describe('resolveAppFile', () => {
  const root = join('/opt', 'isolab', 'out', 'renderer');

  it('maps app URLs into the renderer folder', () => {
    expect(resolveAppFile('app://lab/', root)).toBe(join(root, 'index.html'));
    expect(resolveAppFile('app://lab/index.html?view=audience', root)).toBe(join(root, 'index.html'));
    expect(resolveAppFile('app://lab/assets/index-abc.js', root)).toBe(join(root, 'assets', 'index-abc.js'));
    expect(resolveAppFile('app://lab/fonts/Inter%20Var.woff2', root)).toBe(join(root, 'fonts', 'Inter Var.woff2'));
  });

  it.each([
    'app://lab/../../etc/passwd',
    'app://lab/%2e%2e/%2e%2e/etc/passwd',
    'app://lab/assets/..%2F..%2F..%2Fetc%2Fpasswd',
    'app://lab/..%5C..%5Cwindows',
    'app://lab/a%00.js',
    'app://lab/%E0%A4%A',
    'app://other/index.html',
    'file:///etc/passwd',
    'not a url',
  ])('never leaves the renderer folder for %s', (url) => {
    // URL parsing already clamps plain `..` at the root; encoded forms must be refused here.
    const file = resolveAppFile(url, root);
    expect(file === null || file.startsWith(`${root}${sep}`)).toBe(true);
  });

  it('refuses encoded traversal, other hosts and other schemes outright', () => {
    for (const url of ['app://lab/assets/..%2F..%2F..%2Fetc%2Fpasswd', 'app://lab/%2e%2e%2F%2e%2e%2Fetc', 'app://lab/a%00.js', 'app://other/index.html', 'file:///etc/passwd']) {
      expect(resolveAppFile(url, root), url).toBeNull();
    }
  });
});
