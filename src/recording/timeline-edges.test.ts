import { describe, expect, it } from 'vitest';
import { FORMAT_NAME, FORMAT_VERSION, type MarkerLine, type NavLine, type Recording, type RecordingHeader, type RecordingLine } from './format';
import { PlaybackTimeline } from './timeline';

/** The timeline reads only the lines; the header just has to be a valid one. */
const header: RecordingHeader = {
  kind: 'header',
  format: FORMAT_NAME,
  version: FORMAT_VERSION,
  app: 'test',
  lessonId: 'hello-host',
  lessonHash: '0123456789abcdef',
  seed: 1,
  faults: [],
  viewport: { width: 1280, height: 720 },
};

const recording = (lines: RecordingLine[]): Recording => ({ header, lines });
const nav = (w: number, t: number, e: number, op: NavLine['op'], extra: { playing?: boolean; speed?: number } = {}): RecordingLine => ({ kind: 'nav', w, t, e, op, ...extra });
const marker = (w: number, t: number, e: number, label: string, chapter = false, narration = ''): MarkerLine => ({ kind: 'marker', w, t, e, label, narration, chapter });
const input = (w: number, t: number, e: number): RecordingLine => ({ kind: 'input', w, t, e, action: { type: 'guest.launch' } });

describe('PlaybackTimeline: playback times', () => {
  it('follows the wall offsets and plays a long pause as the idle cap', () => {
    const timeline = new PlaybackTimeline(recording([nav(0, 0, 0, 'seek'), nav(100, 0, 0, 'play'), nav(5100, 0, 0, 'pause'), nav(5200, 0, 0, 'play')]), 3000);
    expect(timeline.times).toEqual([0, 100, 3100, 3200]);
    expect(timeline.duration).toBe(3200);
  });

  it('starts the first line at its own wall offset (capped) and keeps equal offsets equal', () => {
    const timeline = new PlaybackTimeline(recording([nav(400, 0, 0, 'seek'), nav(400, 0, 0, 'play'), nav(700, 0, 0, 'pause')]));
    expect(timeline.times).toEqual([400, 400, 700]);
    expect(new PlaybackTimeline(recording([nav(9000, 0, 0, 'seek')]), 1000).times).toEqual([1000]);
  });

  it('an empty recording lasts 0 ms and every point is the starting point', () => {
    const timeline = new PlaybackTimeline(recording([]));
    expect(timeline.duration).toBe(0);
    expect(timeline.lineAt(0)).toBe(-1);
    expect(timeline.pointAt(10)).toEqual({ lineIndex: -1, simTime: 0, eventIndex: 0, playing: false, speed: 1, view: null, focus: [], marker: null });
  });
});

describe('PlaybackTimeline: lineAt finds the last line at or before a time', () => {
  const timeline = new PlaybackTimeline(recording([nav(0, 0, 0, 'seek'), nav(100, 0, 0, 'play'), nav(100, 10, 1, 'position'), nav(250, 20, 2, 'pause')]));

  it.each([
    [-1, -1],
    [0, 0],
    [99, 0],
    [100, 2],
    [249, 2],
    [250, 3],
    [10_000, 3],
  ])('at %d ms → line %d', (p, line) => {
    expect(timeline.lineAt(p)).toBe(line);
  });

  it('a one-line recording is found at its own time and not before', () => {
    const one = new PlaybackTimeline(recording([nav(0, 0, 0, 'seek')]));
    expect(one.lineAt(0)).toBe(0);
    expect(one.lineAt(-0.5)).toBe(-1);
  });
});

describe('PlaybackTimeline: presentation state after each line', () => {
  it('before any line: paused at 1×, no view, no focus, no marker', () => {
    const timeline = new PlaybackTimeline(recording([nav(100, 0, 0, 'play')]));
    expect(timeline.pointAt(50)).toEqual({ lineIndex: -1, simTime: 0, eventIndex: 0, playing: false, speed: 1, view: null, focus: [], marker: null });
  });

  it('a first line that is not navigation shows a paused session with no focus', () => {
    const first = marker(0, 5, 1, 'First');
    const timeline = new PlaybackTimeline(recording([first]));
    expect(timeline.pointAtLine(0)).toEqual({ lineIndex: 0, simTime: 5, eventIndex: 1, playing: false, speed: 1, view: null, focus: [], marker: first });
  });

  it('play, pause, step and step back set playing; seek, speed and the others leave it', () => {
    const ops: Array<[RecordingLine, boolean]> = [
      [nav(0, 0, 0, 'play'), true],
      [nav(1, 0, 0, 'seek'), true],
      [nav(2, 0, 0, 'speed', { speed: 4 }), true],
      [nav(3, 0, 0, 'stepLesson'), true],
      [nav(4, 0, 0, 'position'), true],
      [input(5, 0, 0), true],
      [nav(6, 0, 0, 'pause'), false],
      [nav(7, 0, 0, 'seek'), false],
      [nav(8, 0, 0, 'play'), true],
      [nav(9, 0, 0, 'step'), false],
      [nav(10, 0, 0, 'play'), true],
      [nav(11, 0, 0, 'stepBack'), false],
      [nav(12, 0, 0, 'position'), false],
      // An explicit `playing` wins over what the op implies.
      [nav(13, 0, 0, 'pause', { playing: true }), true],
      [nav(14, 0, 0, 'play', { playing: false }), false],
      [nav(15, 0, 0, 'seek', { playing: true }), true],
      [{ kind: 'end', w: 16, t: 0, e: 0 }, false],
    ];
    const timeline = new PlaybackTimeline(recording(ops.map(([line]) => line)));
    expect(ops.map((_, i) => timeline.pointAtLine(i).playing)).toEqual(ops.map(([, playing]) => playing));
  });

  it('speed changes only with a line that carries a speed', () => {
    const timeline = new PlaybackTimeline(recording([nav(0, 0, 0, 'play'), nav(1, 0, 0, 'speed', { speed: 4 }), nav(2, 0, 0, 'pause'), nav(3, 0, 0, 'seek', { speed: 0.5 })]));
    expect([0, 1, 2, 3].map((i) => timeline.pointAtLine(i).speed)).toEqual([1, 4, 4, 0.5]);
  });

  it('view, focus and the latest marker carry forward until replaced', () => {
    const start = marker(0, 0, 0, 'Start', true, 'Before anything runs');
    const middle = marker(30, 0, 0, 'Middle');
    const lines: RecordingLine[] = [
      start,
      { kind: 'view', w: 10, t: 0, e: 0, view: 'memory' },
      { kind: 'focus', w: 20, t: 0, e: 0, entities: ['web-a', 'web-b'] },
      middle,
      input(40, 0, 0),
      nav(50, 0, 0, 'play'),
      { kind: 'view', w: 60, t: 0, e: 0, view: 'network' },
      { kind: 'focus', w: 70, t: 0, e: 0, entities: [] },
      { kind: 'end', w: 80, t: 0, e: 0 },
    ];
    const timeline = new PlaybackTimeline(recording(lines));
    const at = (i: number) => {
      const point = timeline.pointAtLine(i);
      return { view: point.view, focus: point.focus, marker: point.marker?.label ?? null };
    };
    expect(lines.map((_, i) => at(i))).toEqual([
      { view: null, focus: [], marker: 'Start' },
      { view: 'memory', focus: [], marker: 'Start' },
      { view: 'memory', focus: ['web-a', 'web-b'], marker: 'Start' },
      { view: 'memory', focus: ['web-a', 'web-b'], marker: 'Middle' },
      { view: 'memory', focus: ['web-a', 'web-b'], marker: 'Middle' },
      { view: 'memory', focus: ['web-a', 'web-b'], marker: 'Middle' },
      { view: 'network', focus: ['web-a', 'web-b'], marker: 'Middle' },
      { view: 'network', focus: [], marker: 'Middle' },
      { view: 'network', focus: [], marker: 'Middle' },
    ]);
    expect(timeline.pointAtLine(3).marker).toBe(middle);
  });

  it('lists only chapter markers, with their line, playback time and narration', () => {
    const lines: RecordingLine[] = [
      nav(0, 0, 0, 'seek'),
      marker(100, 0, 0, 'Intro', true, 'Welcome'),
      marker(200, 0, 0, 'Not a chapter'),
      marker(9200, 0, 0, 'After a pause', true),
    ];
    const timeline = new PlaybackTimeline(recording(lines), 1000);
    expect(timeline.chapters).toEqual([
      { lineIndex: 1, p: 100, label: 'Intro', narration: 'Welcome' },
      { lineIndex: 3, p: 1200, label: 'After a pause', narration: '' },
    ]);
  });
});

describe('PlaybackTimeline: simulated time between lines', () => {
  // Playing from t=0 (event 0) to t=1000 (event 5) over 100 ms of playback, then paused.
  const lines: RecordingLine[] = [nav(0, 0, 0, 'play'), nav(100, 1000, 5, 'position'), nav(200, 1500, 7, 'pause'), nav(300, 4000, 9, 'seek')];
  const timeline = new PlaybackTimeline(recording(lines));

  it('interpolates while playing and then has no exact event index', () => {
    expect(timeline.pointAt(0)).toMatchObject({ lineIndex: 0, simTime: 0, eventIndex: 0, playing: true });
    expect(timeline.pointAt(25)).toMatchObject({ lineIndex: 0, simTime: 250, eventIndex: null, playing: true });
    expect(timeline.pointAt(100 / 3)).toMatchObject({ lineIndex: 0, simTime: 333, eventIndex: null });
    expect(timeline.pointAt(100)).toMatchObject({ lineIndex: 1, simTime: 1000, eventIndex: 5 });
    expect(timeline.pointAt(150)).toMatchObject({ lineIndex: 1, simTime: 1250, eventIndex: null });
  });

  it('stands still on a paused line until the next one, with its exact event index', () => {
    expect(timeline.pointAt(200)).toMatchObject({ lineIndex: 2, simTime: 1500, eventIndex: 7, playing: false });
    expect(timeline.pointAt(299)).toMatchObject({ lineIndex: 2, simTime: 1500, eventIndex: 7, playing: false });
    expect(timeline.pointAt(5000)).toMatchObject({ lineIndex: 3, simTime: 4000, eventIndex: 9 });
  });

  it('does not run past the next line when asked for a later time on a line', () => {
    expect(timeline.pointAtLine(0, 500)).toMatchObject({ lineIndex: 0, simTime: 1000, eventIndex: null });
    expect(timeline.pointAtLine(1, 50)).toMatchObject({ lineIndex: 1, simTime: 1000, eventIndex: 5 });
    expect(timeline.pointAtLine(1)).toMatchObject({ lineIndex: 1, simTime: 1000, eventIndex: 5 });
  });

  it('a line right at the start is reported as that line, not as the starting point', () => {
    const late = new PlaybackTimeline(recording([nav(0, 700, 3, 'seek', { playing: false, speed: 2 })]));
    expect(late.pointAtLine(0)).toEqual({ lineIndex: 0, simTime: 700, eventIndex: 3, playing: false, speed: 2, view: null, focus: [], marker: null });
    expect(late.pointAtLine(-1)).toMatchObject({ lineIndex: -1, simTime: 0, eventIndex: 0 });
  });

  it('while playing, a next line at the same simulated time keeps the exact event index', () => {
    const still = new PlaybackTimeline(recording([nav(0, 400, 2, 'play'), { kind: 'view', w: 100, t: 400, e: 2, view: 'memory' }]));
    expect(still.pointAt(50)).toMatchObject({ lineIndex: 0, simTime: 400, eventIndex: 2, playing: true });
  });

  it('the last line while still playing (a recording cut short) stays on its own time', () => {
    const cut = new PlaybackTimeline(recording([nav(0, 0, 0, 'play'), nav(100, 800, 4, 'position')]));
    expect(cut.pointAt(1000)).toMatchObject({ lineIndex: 1, simTime: 800, eventIndex: 4, playing: true });
  });

  it('two lines at one playback time: a point on the first does not jump to the second', () => {
    const same = new PlaybackTimeline(recording([nav(0, 0, 0, 'play'), nav(0, 1000, 5, 'position'), nav(100, 2000, 6, 'pause')]));
    expect(same.pointAtLine(0, 50)).toMatchObject({ lineIndex: 0, simTime: 0, eventIndex: 0 });
    expect(same.pointAt(0)).toMatchObject({ lineIndex: 1, simTime: 1000, eventIndex: 5 });
  });
});
