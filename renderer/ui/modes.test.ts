import { describe, expect, it } from 'vitest';
import { windowRole } from './modes';

describe('window role', () => {
  it('is audience only for ?view=audience', () => {
    expect(windowRole('?view=audience')).toBe('audience');
    expect(windowRole('?view=audience&x=1')).toBe('audience');
    expect(windowRole('')).toBe('main');
    expect(windowRole('?view=other')).toBe('main');
  });
});
