import { describe, expect, it } from 'vitest';
import { durationString, toNanos } from './primitives';

/** Edges of the duration primitive that mutation testing found untested. */
describe('durationString and toNanos', () => {
  it('refuses a well-formed duration past the simulator limit with its own message', () => {
    const result = durationString.safeParse('200000h');
    expect(result.success ? [] : result.error.issues.map((i) => i.message)).toEqual(['duration exceeds the simulator limit of ~104 days']);
  });

  it('gives a malformed duration only the shape message', () => {
    const result = durationString.safeParse('soon');
    expect(result.success ? [] : result.error.issues.map((i) => i.message)).toEqual(['expected a duration such as 250ms, 90s or 2h']);
  });

  it('accepts a duration at the limit of what it can hold', () => {
    expect(durationString.safeParse('2400h').success).toBe(true);
  });

  it('converts, falls back when absent, and throws on text that skipped the schema', () => {
    expect(toNanos('1.5us')).toBe(1500);
    expect(toNanos(undefined)).toBe(0);
    expect(toNanos(undefined, 7)).toBe(7);
    expect(() => toNanos('soon')).toThrow(/expected a duration such as 250ms, 90s or 2h, got "soon"/);
  });
});
