import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { canonicalJson, fnv1a64, hashValue } from './hash';
import { EventQueue } from './heap';
import { nextFloat, nextInt, seedRng } from './rng';
import { cyclesToNanos, formatDuration, HOUR, MS, parseDuration, SECOND } from './time';
import type { SimEvent } from './types';

describe('time', () => {
  it('parses durations into whole nanoseconds', () => {
    expect(parseDuration('250ms')).toEqual({ ok: true, ns: 250 * MS });
    expect(parseDuration('90s')).toEqual({ ok: true, ns: 90 * SECOND });
    expect(parseDuration('2h')).toEqual({ ok: true, ns: 2 * HOUR });
    expect(parseDuration('1.5us')).toEqual({ ok: true, ns: 1500 });
  });
  it('rejects garbage and absurd durations with a message', () => {
    for (const bad of ['', '12', '-5s', '5 parsecs', '1e3s', '999999999999h']) expect(parseDuration(bad).ok).toBe(false);
  });
  it('formats with a readable unit', () => {
    expect(formatDuration(1_250_000)).toBe('1.25 ms');
    expect(formatDuration(90 * SECOND)).toBe('1.5 min');
    expect(formatDuration(12)).toBe('12 ns');
  });
  it('converts cycles to at least one nanosecond', () => {
    expect(cyclesToNanos(2000, 2)).toBe(1000);
    expect(cyclesToNanos(1, 3)).toBe(1);
  });
});

describe('rng', () => {
  it('is reproducible from a seed and differs between seeds', () => {
    const a = seedRng(7);
    const b = seedRng(7);
    const c = seedRng(8);
    const seqA = Array.from({ length: 5 }, () => nextFloat(a));
    expect(Array.from({ length: 5 }, () => nextFloat(b))).toEqual(seqA);
    expect(Array.from({ length: 5 }, () => nextFloat(c))).not.toEqual(seqA);
  });
  it('stays in range and is roughly uniform', () => {
    const s = seedRng(123);
    const buckets = new Array(10).fill(0);
    for (let i = 0; i < 20_000; i++) buckets[nextInt(s, 10)]++;
    for (const count of buckets) expect(count).toBeGreaterThan(1700);
    for (let i = 0; i < 1000; i++) {
      const x = nextFloat(s);
      expect(x >= 0 && x < 1).toBe(true);
    }
  });
});

describe('hash', () => {
  it('ignores key order and distinguishes content', () => {
    expect(hashValue({ a: 1, b: [1, 2] })).toBe(hashValue({ b: [1, 2], a: 1 }));
    expect(hashValue({ a: 1 })).not.toBe(hashValue({ a: 2 }));
    expect(canonicalJson({ b: 1, a: { d: 2, c: 3 } })).toBe('{"a":{"c":3,"d":2},"b":1}');
  });
  it('matches the published FNV-1a 64 test vectors', () => {
    expect(fnv1a64('')).toBe('cbf29ce484222325');
    expect(fnv1a64('a')).toBe('af63dc4c8601ec8c');
    expect(fnv1a64('foobar')).toBe('85944171f73967e8');
  });
});

describe('EventQueue', () => {
  it('pops in (at, priority, seq) order for any insertion order', () => {
    fc.assert(
      fc.property(fc.array(fc.record({ at: fc.integer({ min: 0, max: 20 }), priority: fc.integer({ min: 0, max: 3 }) }), { maxLength: 200 }), (specs) => {
        const events: SimEvent[] = specs.map((s, seq) => ({ ...s, seq, kind: 'k', payload: null }));
        const queue = new EventQueue();
        for (const e of [...events].reverse()) queue.push(e);
        const popped: SimEvent[] = [];
        for (let e = queue.pop(); e; e = queue.pop()) popped.push(e);
        const expected = [...events].sort((a, b) => a.at - b.at || a.priority - b.priority || a.seq - b.seq);
        expect(popped.map((e) => e.seq)).toEqual(expected.map((e) => e.seq));
      }),
    );
  });
});
