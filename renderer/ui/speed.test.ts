import { describe, expect, it } from 'vitest';
import { MAX_SPEED, MIN_SPEED } from '../../src/protocol/commands';
import { formatSpeed, nextSpeed, SPEEDS } from './speed';

describe('speed ladder', () => {
  it('steps up and down and clamps at the ends', () => {
    expect(nextSpeed(1, 1)).toBe(2);
    expect(nextSpeed(1, -1)).toBe(0.5);
    expect(nextSpeed(3, 1)).toBe(5);
    expect(nextSpeed(3, -1)).toBe(2);
    expect(nextSpeed(MAX_SPEED, 1)).toBe(MAX_SPEED);
    expect(nextSpeed(MIN_SPEED, -1)).toBe(MIN_SPEED);
  });

  it('stays inside the protocol range', () => {
    for (const s of SPEEDS) {
      expect(s).toBeGreaterThanOrEqual(MIN_SPEED);
      expect(s).toBeLessThanOrEqual(MAX_SPEED);
    }
    expect(formatSpeed(0.25)).toBe('0.25×');
  });
});
