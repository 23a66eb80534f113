import { describe, expect, it } from 'vitest';
import { direct, directHook } from './events';

describe('direct handlers and hooks', () => {
  it('wraps the function a module gives, so the engine calls exactly it', () => {
    const run = (): void => undefined;
    expect(direct<'fault.set'>(run)).toEqual({ direct: run });
    expect(direct<'fault.set'>(run).direct).toBe(run);
  });

  it('gives a hook its watched touch kinds only when it has some', () => {
    const run = (): void => undefined;
    expect(directHook(run)).toEqual({ direct: run });
    expect('watches' in directHook(run)).toBe(false);
    expect(directHook(run, ['mem.alloc'])).toEqual({ direct: run, watches: ['mem.alloc'] });
  });
});
