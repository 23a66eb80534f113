import { describe, expect, it } from 'vitest';
import { canonicalJson, fnv1a64, hashValue } from './hash';
import { nextUint32, seedRng } from './rng';
import { formatDuration, HOUR, MINUTE, MS, parseDuration, SECOND, US } from './time';

/**
 * Pinned values. Recordings store seeds and state hashes, so the PRNG stream, the canonical JSON
 * and the duration wording must not drift silently; mutation testing showed that the property
 * tests (reproducible, roughly uniform) let any change of the algorithm through.
 */
describe('pinned PRNG stream', () => {
  it.each([
    [0, [99621017, 2830175463, 1368817051, 1275600331], [4205396811, 3543653536, 1222415357, 3047368389, 387095348]],
    [1, [2459862799, 1621824973, 3310820794, 2041432051], [1828152527, 3394835397, 2967886022, 2251045104, 4148684523]],
    [123456789, [2749233894, 2451920007, 207876806, 1324369505], [2230556110, 1356862853, 2315437121, 2290487179, 1178859606]],
  ])('seed %i gives the recorded state and first outputs', (seed, state, outputs) => {
    const rng = seedRng(seed);
    expect(rng).toEqual(state);
    expect(outputs.map(() => nextUint32(rng))).toEqual(outputs);
  });
});

describe('canonical JSON', () => {
  it('writes every kind of value exactly', () => {
    expect(canonicalJson({ b: [1, 'x', null, true, { d: 2, c: [] }], a: {}, u: undefined })).toBe('{"a":{},"b":[1,"x",null,true,{"c":[],"d":2}]}');
    expect(canonicalJson([undefined, Number.NaN, Number.POSITIVE_INFINITY, -0.5])).toBe('[null,null,null,-0.5]');
    expect(canonicalJson('a"b')).toBe('"a\\"b"');
    expect(canonicalJson([[1, 2], [3]])).toBe('[[1,2],[3]]');
  });

  it('hashes by content: arrays keep their order, objects do not', () => {
    expect(hashValue([1, 2])).not.toBe(hashValue([2, 1]));
    expect(hashValue({ a: 1, b: 2 })).toBe(hashValue({ b: 2, a: 1 }));
    expect(hashValue({ a: 1, b: undefined })).toBe(hashValue({ a: 1 }));
  });
});

describe('duration wording', () => {
  it.each([
    [HOUR, '1 h'],
    [HOUR - 1, '60 min'],
    [MINUTE, '1 min'],
    [MINUTE - MS, '59.999 s'],
    [SECOND, '1 s'],
    [SECOND - US, '999.999 ms'],
    [MS, '1 ms'],
    [MS - 1, '999.999 µs'],
    [US, '1 µs'],
    [US - 1, '999 ns'],
    [-2 * SECOND, '-2 s'],
    [1_250_000, '1.25 ms'],
  ])('%i ns reads %s', (ns, text) => {
    expect(formatDuration(ns)).toBe(text);
  });
});

describe('FNV-1a 64 with a leading zero', () => {
  it('keeps all 16 hex digits when a half of the hash is below 0x10000000', () => {
    // Reference values from a plain 64-bit FNV-1a (offset 0xcbf29ce484222325, prime 0x100000001b3).
    expect(fnv1a64('aa')).toBe('089c4307b54596b7');
    expect(fnv1a64('aaa')).toBe('e71cbc19053f4da2');
  });
});

describe('duration errors', () => {
  it('tell the user what a duration looks like, quoting at most 40 characters of the input', () => {
    expect(parseDuration('soon')).toEqual({ ok: false, error: 'expected a duration such as 250ms, 90s or 2h, got "soon"' });
    const long = `${'x'.repeat(50)}s`;
    expect(parseDuration(long)).toEqual({ ok: false, error: `expected a duration such as 250ms, 90s or 2h, got "${'x'.repeat(40)}"` });
  });

  it('name the limit when a duration is too large for simulated time', () => {
    expect(parseDuration('999999999999h')).toEqual({ ok: false, error: "duration 999999999999h is larger than the simulator's ~104-day limit" });
  });
});
