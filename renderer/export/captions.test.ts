import { describe, expect, it } from 'vitest';
import { captionText, wrapCaption } from './captions';

describe('captions', () => {
  it('strips the markdown subset and wraps to width', () => {
    expect(captionText('A **bold** and *soft* `code` [link](https://x)')).toBe('A bold and soft code link');
    const lines = wrapCaption('one two three four five six', 9, (s) => s.length, 2);
    expect(lines).toEqual(['one two', 'three…']);
    expect(wrapCaption('a b', 9, (s) => s.length)).toEqual(['a b']);
  });
});
