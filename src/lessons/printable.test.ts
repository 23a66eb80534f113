import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { printable, quoted } from './printable';

describe('printable', () => {
  it('shows control characters, newlines and bidi overrides visibly', () => {
    expect(printable('a\nb\r\tc\x1b[31mred\x07\x7f\u0085')).toBe('a\\nb\\r\\tc\\x1b[31mred\\x07\\x7f\\x85');
    expect(printable('evil\u202Etxt.exe\u2028next')).toBe('evil\\u{202e}txt.exe\\u{2028}next');
    expect(printable('back\\slash')).toBe('back\\\\slash');
    expect(quoted('say "hi"\n')).toBe('"say \\"hi\\"\\n"');
  });

  it('leaves ordinary text alone and bounds the length', () => {
    expect(printable('Größe 大小 🙂')).toBe('Größe 大小 🙂');
    expect(printable('x'.repeat(1000), 10)).toBe(`${'x'.repeat(10)}…`);
  });

  it('escapes exactly the documented ranges, up to and including each edge', () => {
    // [code point, shown]: each range's first and last member, and its neighbours outside it.
    const cases: [number, string][] = [
      [0x00, '\\x00'], [0x1f, '\\x1f'], [0x20, ' '],
      [0x7e, '~'], [0x7f, '\\x7f'], [0x9f, '\\x9f'], [0xa0, '\u00a0'],
      [0x200d, '\u200d'], [0x200e, '\\u{200e}'], [0x200f, '\\u{200f}'], [0x2010, '\u2010'],
      [0x2027, '\u2027'], [0x2028, '\\u{2028}'], [0x2029, '\\u{2029}'],
      [0x202a, '\\u{202a}'], [0x202e, '\\u{202e}'], [0x202f, '\u202f'],
      [0x2065, '\u2065'], [0x2066, '\\u{2066}'], [0x2069, '\\u{2069}'], [0x206a, '\u206a'],
      [0xfefe, '\ufefe'], [0xfeff, '\\u{feff}'], [0xff00, '\uff00'],
    ];
    for (const [code, shown] of cases) expect([code.toString(16), printable(String.fromCodePoint(code))]).toEqual([code.toString(16), shown]);
  });

  it('never outputs a control or line-breaking character, for any input', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 200 }), (text) => {
        const shown = printable(text, 10_000);
        for (const char of shown) {
          const code = char.codePointAt(0) ?? 0;
          expect(code < 0x20 || (code >= 0x7f && code <= 0x9f) || code === 0x2028 || code === 0x2029 || (code >= 0x202a && code <= 0x202e) || (code >= 0x2066 && code <= 0x2069)).toBe(false);
        }
      }),
    );
  });
});
