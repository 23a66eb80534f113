import { describe, expect, it } from 'vitest';
import { SharedTexts, sharedText } from './shared-text';

describe('shared explanation texts', () => {
  it('keeps one entry per distinct text and gives back an equal string', () => {
    const texts = new SharedTexts(10);
    const built = (n: number): string => `dedicated to acct-${n} already; has room`;
    expect(texts.share(built(1))).toBe(built(1));
    expect(texts.share(built(1))).toBe(built(1));
    expect(texts.share(built(2))).toBe(built(2));
    expect(texts.size).toBe(2);
  });

  it('starts again past its bound, so texts that never repeat cannot grow it without limit', () => {
    const texts = new SharedTexts(3);
    for (let i = 0; i < 3; i++) texts.share(`text ${i}`);
    expect(texts.size).toBe(3);
    expect(texts.share('text 3')).toBe('text 3');
    expect(texts.size).toBe(1);
    for (let i = 0; i < 100; i++) texts.share(`other ${i}`);
    expect(texts.size).toBeLessThanOrEqual(3);
  });

  it('the explanations table returns the text it was given', () => {
    expect(sharedText(`no m5 hosts in ${'use1-a'}`)).toBe('no m5 hosts in use1-a');
  });
});
