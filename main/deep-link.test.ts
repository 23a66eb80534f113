import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { findDeepLinkArg, parseDeepLink } from './deep-link';

describe('parseDeepLink', () => {
  it('parses a full link', () => {
    expect(parseDeepLink('isolab://lesson/hello-host?step=3&seed=42')).toEqual({ ok: true, link: { lessonId: 'hello-host', step: 3, seed: 42 } });
  });

  it('parses optional parts and a trailing slash', () => {
    expect(parseDeepLink('isolab://lesson/tour')).toEqual({ ok: true, link: { lessonId: 'tour' } });
    expect(parseDeepLink('isolab://lesson/tour/?step=0')).toEqual({ ok: true, link: { lessonId: 'tour', step: 0 } });
    expect(parseDeepLink('ISOLAB://lesson/tour?seed=4294967295')).toEqual({ ok: true, link: { lessonId: 'tour', seed: 4294967295 } });
  });

  it.each([
    ['another scheme', 'https://lesson/tour', /scheme/],
    ['javascript', 'javascript:alert(1)', /scheme/],
    ['another target', 'isolab://settings/tour', /not a known link target/],
    ['no id', 'isolab://lesson/', /lesson id/],
    ['two path segments', 'isolab://lesson/tour/extra', /exactly one lesson id/],
    ['path traversal', 'isolab://lesson/..%2F..%2Fetc%2Fpasswd', /lesson id/],
    ['encoded slash', 'isolab://lesson/a%2Fb', /lesson id/],
    ['bad percent-encoding', 'isolab://lesson/%E0%A4%A', /percent-encoding/],
    ['a long id', `isolab://lesson/${'a'.repeat(65)}`, /lesson id/],
    ['script in id', 'isolab://lesson/<script>', /lesson id/],
    ['negative step', 'isolab://lesson/tour?step=-1', /step/],
    ['step too big', 'isolab://lesson/tour?step=1000', /step/],
    ['fractional step', 'isolab://lesson/tour?step=1.5', /step/],
    ['hex step', 'isolab://lesson/tour?step=0x10', /step/],
    ['empty step', 'isolab://lesson/tour?step=', /step/],
    ['seed too big', 'isolab://lesson/tour?seed=4294967296', /seed/],
    ['seed in exponent form', 'isolab://lesson/tour?seed=1e9', /seed/],
    ['duplicate step', 'isolab://lesson/tour?step=1&step=2', /twice/],
    ['unknown parameter', 'isolab://lesson/tour?file=/etc/passwd', /unknown parameter/],
    ['prototype key', 'isolab://lesson/tour?__proto__=1', /unknown parameter/],
    ['credentials', 'isolab://user:pw@lesson/tour', /credentials/],
    ['a port', 'isolab://lesson:99/tour', /ports/],
    ['a fragment', 'isolab://lesson/tour#x', /fragments/],
    ['garbage', 'not a link', /not a URL/],
    ['a huge link', `isolab://lesson/tour?step=1&${'x'.repeat(5000)}`, /longer than/],
  ])('refuses %s with a clear error', (_name, raw, pattern) => {
    const result = parseDeepLink(raw);
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.error).toMatch(/^deep link refused: /);
      expect(result.error).toMatch(pattern);
      expect(result.error.length).toBeLessThan(300);
    }
  });

  it('refuses non-strings', () => {
    for (const raw of [undefined, null, 42, {}, ['isolab://lesson/tour']]) expect(parseDeepLink(raw).ok).toBe(false);
  });

  it('round-trips every valid id, step and seed (property)', () => {
    const id = fc.stringMatching(/^[a-z0-9][a-z0-9._-]{0,20}$/);
    fc.assert(
      fc.property(id, fc.integer({ min: 0, max: 999 }), fc.integer({ min: 0, max: 0xffffffff }), (lessonId, step, seed) => {
        expect(parseDeepLink(`isolab://lesson/${lessonId}?step=${step}&seed=${seed}`)).toEqual({ ok: true, link: { lessonId, step, seed } });
      }),
    );
  });

  it('never throws and never accepts an out-of-range step or seed (property)', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 200 }), (tail) => {
        const result = parseDeepLink(`isolab://lesson/${tail}`);
        if (result.ok) {
          expect(result.link.lessonId).toMatch(/^[a-z0-9][a-z0-9._-]{0,63}$/i);
          if (result.link.step !== undefined) expect(result.link.step).toBeLessThanOrEqual(999);
          if (result.link.seed !== undefined) expect(result.link.seed).toBeLessThanOrEqual(0xffffffff);
        }
      }),
      { numRuns: 1000 },
    );
  });
});

describe('findDeepLinkArg', () => {
  it('finds the link among Electron arguments', () => {
    expect(findDeepLinkArg(['/usr/bin/electron', '.', '--flag', 'isolab://lesson/tour?step=2'])).toBe('isolab://lesson/tour?step=2');
    expect(findDeepLinkArg(['/usr/bin/electron', 'lesson.json'])).toBeUndefined();
  });
});

describe('error messages', () => {
  it('never echo control characters from a hostile link', () => {
    const result = parseDeepLink('isolab://lesson/tour?step=%0A%1B[31mevil');
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.error).toContain('??[31mevil');
      expect(result.error).not.toContain('\n');
      expect(result.error).not.toContain(String.fromCharCode(27));
    }
  });
});
