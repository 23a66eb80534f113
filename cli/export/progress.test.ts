import { describe, expect, it } from 'vitest';
import { clock, progressLine } from './progress';

describe('export progress line', () => {
  it('shows a bar, the frame count, the speed against real time and an ETA', () => {
    // 60 of 300 frames at 30 fps in 1 s: 2× real time, 240 frames left at 60 frames/s = 4 s.
    expect(progressLine(60, 300, 1000, 30, 10)).toBe('[##--------]  20% 60/300 frames · 2.0× real time · ETA 0:04');
    expect(progressLine(0, 300, 0, 30, 4)).toBe('[----]   0% 0/300 frames · … · ETA --:--');
    expect(progressLine(300, 300, 5000, 30, 4)).toMatch(/^\[####\] 100% 300\/300 frames · 2\.0× real time · ETA 0:00$/);
  });

  it('formats durations as m:ss and h:mm:ss', () => {
    expect(clock(0)).toBe('0:00');
    expect(clock(61.2)).toBe('1:02');
    expect(clock(3725)).toBe('1:02:05');
  });
});
