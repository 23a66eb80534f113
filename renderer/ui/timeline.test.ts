import { describe, expect, it } from 'vitest';
import { findLesson } from '../../src/lessons';
import { chapterTarget, digitFraction, EventTicks, pointerFraction, stepMarkers } from './timeline-model';

const tour = findLesson('tour') ?? null;
const hello = findLesson('hello-host') ?? null;

describe('timeline markers', () => {
  it('places one marker per step at its time, chapters flagged with their titles', () => {
    const markers = stepMarkers(hello, 6e9);
    // The first four steps (the lesson may grow more after its outcome; those clamp at the end).
    expect(markers.slice(0, 4).map((m) => m.fraction)).toEqual([0, 1 / 6, 3 / 6, 1]);
    expect(markers).toHaveLength(hello?.steps.length ?? 0);
    expect(markers.filter((m) => m.chapter).map((m) => m.label)).toEqual(['A host', 'Shutting down']);
    expect(markers[1]?.label).toBe("Tenant A's guest");
  });

  it('clamps markers beyond the known end and handles no lesson', () => {
    expect(stepMarkers(hello, 3e9).every((m) => m.fraction >= 0 && m.fraction <= 1)).toBe(true);
    expect(stepMarkers(null, 1)).toEqual([]);
  });
});

describe('chapter keys', () => {
  const chapters = tour!.steps.flatMap((s, i) => (s.chapter ? [i] : []));

  it('] goes to the next chapter start, [ to the current chapter start or the previous one', () => {
    expect(chapters.length).toBeGreaterThanOrEqual(3);
    const [first, second, third] = chapters as [number, number, number];
    expect(chapterTarget(tour, -1, 1)).toBe(first);
    expect(chapterTarget(tour, first, 1)).toBe(second);
    expect(chapterTarget(tour, second + 1, -1)).toBe(second);
    expect(chapterTarget(tour, second, -1)).toBe(first);
    expect(chapterTarget(tour, third, 1)).toBe(chapters[3] ?? null);
    expect(chapterTarget(tour, first, -1)).toBeNull();
    expect(chapterTarget(tour, tour!.steps.length - 1, 1)).toBeNull();
  });

  it('digits map to tenths and nothing else does', () => {
    expect(['0', '5', '9'].map(digitFraction)).toEqual([0, 0.5, 0.9]);
    expect(digitFraction('a')).toBeNull();
    expect(digitFraction('10')).toBeNull();
  });
});

describe('event ticks', () => {
  it('keeps distinct times and buckets them along the timeline', () => {
    const ticks = new EventTicks();
    ticks.add([0, 1, 1, 50, 99]);
    expect(ticks.size).toBe(4);
    expect(ticks.positions(100, 10)).toEqual([0, 5, 9]);
    ticks.clear();
    expect(ticks.positions(100, 10)).toEqual([]);
  });

  it('stays bounded on long runs', () => {
    const ticks = new EventTicks(100);
    for (let i = 0; i < 50; i++) ticks.add(Array.from({ length: 100 }, (_, k) => i * 100 + k));
    expect(ticks.size).toBeLessThanOrEqual(100);
    expect(ticks.positions(5000, 50).length).toBeGreaterThan(40);
  });

  it('converts pointer positions to fractions, clamped', () => {
    expect(pointerFraction(150, 100, 200)).toBe(0.25);
    expect(pointerFraction(50, 100, 200)).toBe(0);
    expect(pointerFraction(400, 100, 200)).toBe(1);
    expect(pointerFraction(150, 100, 0)).toBe(0);
  });
});
