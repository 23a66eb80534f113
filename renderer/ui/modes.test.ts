import { describe, expect, it } from 'vitest';
import { presenterSession, windowRole } from './modes';

describe('window role', () => {
  it('is audience only for ?view=audience', () => {
    expect(windowRole('?view=audience')).toBe('audience');
    expect(windowRole('?view=audience&x=1')).toBe('audience');
    expect(windowRole('')).toBe('main');
    expect(windowRole('?view=other')).toBe('main');
  });
});

describe('presenter window', () => {
  it('is a presenter window only with ?view=presenter and a well-formed session', () => {
    expect(presenterSession('?view=presenter&session=abc123')).toBe('abc123');
    expect(presenterSession('?view=presenter')).toBeNull();
    expect(presenterSession('?view=presenter&session=<x>')).toBeNull();
    expect(presenterSession('?view=audience&session=abc123')).toBeNull();
    expect(windowRole('?view=presenter&session=abc123')).toBe('main');
  });
});
