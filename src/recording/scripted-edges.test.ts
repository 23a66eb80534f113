import { describe, expect, it } from 'vitest';
import { findLesson } from '../lessons';
import type { Lesson, LessonStep } from '../lessons/schema';
import type { RecordingLine } from './format';
import { parseRecording } from './ndjson';
import { recordScriptedRun, stepLines, wallClockOf } from './scripted';

// Casts here: a built-in lesson (always found), a recording that parsed without error, lines
// picked by index from a layout the tests check.
const lesson = findLesson('hello-host') as Lesson;

/** hello-host at seed 1 runs 2 events by 0 s, 19 by 1 s, 30 by 1.5 s (the last at 1.40625 s). */
function run(options: { until?: number; maxEvents?: number; seed?: number; lesson?: Lesson } = {}) {
  let text = '';
  const result = recordScriptedRun(options.lesson ?? lesson, { app: 'test', until: options.until, maxEvents: options.maxEvents, seed: options.seed, sink: (t) => (text += t) });
  const parsed = parseRecording(text);
  expect(parsed.error).toBeUndefined();
  const recording = parsed.recording as NonNullable<typeof parsed.recording>;
  const markers = recording.lines.filter((l): l is Extract<RecordingLine, { kind: 'marker' }> => l.kind === 'marker');
  const end = recording.lines[recording.lines.length - 1] as RecordingLine;
  return { result, recording, markers, end };
}

describe('recordScriptedRun', () => {
  it('plays from the start, writes each step reached before `until`, and ends exactly at `until`', () => {
    const { result, recording, markers, end } = run({ until: 1.5e9 });
    expect(recording.lines[0]).toEqual({ kind: 'nav', op: 'play', t: 0, e: 0, w: 0, playing: true, speed: 1 });
    expect(markers.map((m) => [m.label, m.t, m.e, m.w, m.chapter])).toEqual([
      ['A host', 0, 2, 0, true],
      ["Tenant A's guest", 1e9, 19, 1000, false],
    ]);
    expect(end).toEqual({ kind: 'end', t: 1.5e9, e: 30, w: 1500, hash: result.finalHash, inputs: 0 });
    expect(result).toMatchObject({ events: 30, lines: recording.lines.length });
    expect(recording.lines.map((l) => l.kind)).toEqual(['nav', 'view', 'focus', 'marker', 'view', 'focus', 'marker', 'end']);
  });

  it('a step exactly at `until` is still written', () => {
    expect(run({ until: 1e9 }).markers.map((m) => m.e)).toEqual([2, 19]);
  });

  it('maxEvents caps the events run while reaching the steps', () => {
    const { result, markers, end } = run({ until: 1.5e9, maxEvents: 10 });
    expect(markers.map((m) => m.e)).toEqual([2, 10]);
    expect(result.events).toBe(10);
    expect(end).toMatchObject({ kind: 'end', e: 10, t: 1.5e9 });
  });

  it('maxEvents caps the events run after the last step', () => {
    const { result, markers } = run({ until: 1.5e9, maxEvents: 25 });
    expect(markers.map((m) => m.e)).toEqual([2, 19]);
    expect(result.events).toBe(25);
  });

  it('the seed: the option first, then the lesson’s, then 1; and it changes the run', () => {
    const nine = run({ until: 0, seed: 9 });
    const one = run({ until: 0 });
    expect(nine.recording.header.seed).toBe(9);
    expect(one.recording.header.seed).toBe(1);
    expect(nine.result.finalHash).not.toBe(one.result.finalHash);
    const seeded = run({ until: 0, lesson: { ...lesson, seed: 5 } });
    expect(seeded.recording.header.seed).toBe(5);
    expect(run({ until: 0, seed: 9, lesson: { ...lesson, seed: 5 } }).result.finalHash).toBe(nine.result.finalHash);
  });
});

describe('wallClockOf: a 1× replay reaches simulated time t after this many wall ms', () => {
  it('at a time scale of 1 s per wall second, 1e6 ns per ms, rounded to the microsecond', () => {
    const wall = wallClockOf(lesson);
    expect(wall(2e9)).toBe(2000);
    expect(wall(1_234_567)).toBe(1.235);
    expect(wall(0)).toBe(0);
  });

  it('at 20 µs per wall second, 20 ns per ms', () => {
    expect(wallClockOf({ ...lesson, timeScale: '20us' })(1000)).toBe(50);
  });

  it('an unreadable time scale counts as 1 ns per wall second', () => {
    expect(wallClockOf({ ...lesson, timeScale: 'soon' })(1)).toBe(1000);
  });
});

describe('stepLines: what a scripted recording writes at a lesson step', () => {
  const position = { t: 7, e: 3, w: 0.5 };
  const [first, second] = lesson.steps as [LessonStep, LessonStep];

  it('a step with a focus and a chapter: its view, its focus, then a chapter marker', () => {
    const lines = stepLines(first, 0, position, 'aaaaaaaaaaaaaaaa');
    expect(lines).toEqual([
      { kind: 'view', ...position, view: 'host' },
      { kind: 'focus', ...position, entities: ['host-1', 'host-1.dom0'] },
      { kind: 'marker', ...position, label: 'A host', narration: first.narration, chapter: true, hash: 'aaaaaaaaaaaaaaaa' },
    ]);
    const focus = lines[1] as Extract<RecordingLine, { kind: 'focus' }>;
    expect(focus.entities).not.toBe(first.focus?.entities);
  });

  it('a step without focus or chapter: one marker, labelled by its title', () => {
    const { focus: _focus, ...plain } = second;
    expect(stepLines(plain, 1, position, 'bbbbbbbbbbbbbbbb')).toEqual([
      { kind: 'marker', ...position, label: "Tenant A's guest", narration: second.narration, chapter: false, hash: 'bbbbbbbbbbbbbbbb' },
    ]);
  });

  it('a step with neither title nor chapter is labelled by its number', () => {
    const { focus: _focus, title: _title, ...bare } = second;
    expect(stepLines(bare, 2, position, 'cccccccccccccccc')).toEqual([
      { kind: 'marker', ...position, label: 'Step 3', narration: second.narration, chapter: false, hash: 'cccccccccccccccc' },
    ]);
  });
});
