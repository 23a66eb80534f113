import { describe, expect, it } from 'vitest';
import { deepLinkPrompt, pageGonePrompt, unresponsivePrompt } from './window-recovery';

describe('window recovery prompts', () => {
  it('a deep link asks first only when it would end a recording or replace a changed session', () => {
    expect(deepLinkPrompt('tour', { recording: false, inputs: 0 })).toBeNull();
    expect(deepLinkPrompt('tour', { recording: true, inputs: 0 })?.detail).toMatch(/end the recording in progress/);
    expect(deepLinkPrompt('tour', { recording: false, inputs: 2 })?.detail).toMatch(/replace the current session and its 2 changes/);
    expect(deepLinkPrompt('tour', { recording: true, inputs: 1 })?.buttons).toEqual(['Open the lesson', 'Keep working']);
  });

  it('a crashed or hung page offers a reload and says where the recording stands', () => {
    expect(pageGonePrompt('crashed', true)).toMatchObject({ buttons: ['Reload', 'Close window'], detail: expect.stringMatching(/recording was closed .* valid/) });
    expect(pageGonePrompt('oom', false).detail).not.toMatch(/recording/);
    expect(unresponsivePrompt(true).buttons).toEqual(['Reload', 'Wait']);
  });
});
