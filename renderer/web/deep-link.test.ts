import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatDeepLink, parseDeepLink } from './deep-link';

describe('deep link hash', () => {
  it('parses lesson, step and seed', () => {
    expect(parseDeepLink('#lesson=hello-host&step=2&seed=7')).toEqual({ ok: true, link: { lessonId: 'hello-host', step: 2, seed: 7 } });
    expect(parseDeepLink('')).toEqual({ ok: true, link: null });
  });

  it('rejects bad fields with a message naming them', () => {
    const cases: Array<[string, RegExp]> = [
      ['#step=2', /lesson=<id>/],
      ['#lesson=../../etc', /not a valid id/],
      ['#lesson=a&step=-1', /step must be a whole number/],
      ['#lesson=a&step=1e3', /step must be a whole number/],
      ['#lesson=a&step=5000', /step must be at most 999/],
      ['#lesson=a&seed=99999999999', /seed/],
      ['#lesson=a&evil=1', /unknown deep link field "evil"/],
    ];
    for (const [hash, message] of cases) {
      const result = parseDeepLink(hash);
      expect(result.ok, hash).toBe(false);
      if (!result.ok) expect(result.error).toMatch(message);
    }
  });

  it('round-trips what it formats (property)', () => {
    fc.assert(
      fc.property(
        fc.stringMatching(/^[a-z0-9][a-z0-9-]{0,20}$/),
        fc.option(fc.integer({ min: 0, max: 999 }), { nil: undefined }),
        fc.option(fc.integer({ min: 0, max: 0xffffffff }), { nil: undefined }),
        (lessonId, step, seed) => {
          const link = { lessonId, ...(step !== undefined ? { step } : {}), ...(seed !== undefined ? { seed } : {}) };
          expect(parseDeepLink(formatDeepLink(link))).toEqual({ ok: true, link });
        },
      ),
    );
  });

  it('never throws on arbitrary input (property)', () => {
    fc.assert(fc.property(fc.string({ maxLength: 400 }), (hash) => void parseDeepLink(hash)));
  });
});
