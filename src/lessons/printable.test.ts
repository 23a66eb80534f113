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
