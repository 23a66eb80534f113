import { describe, expect, it } from 'vitest';
import { findLesson } from '../lessons';
import type { Lesson } from '../lessons/schema';
import type { MarkerLine, Recording } from './format';
import { parseRecording, formatRecording } from './ndjson';
import { replayRecording } from './replay';
import { RecordingPlayer } from './player';
import { recordScriptedRun } from './scripted';
import { addChapter, listChapters, moveChapter, removeChapter, renameChapter, trimRecording } from './edit';
import { startRecordedSession } from './test-session';

const lesson = findLesson('hello-host') as Lesson;
const launch = (id: string) => ({ type: 'guest.launch', host: 'host-1', guest: { id, tenant: 'alice', mode: 'hvm', vcpus: 1, memoryMiB: 1024 } });

function parsed(text: string): Recording {
  const result = parseRecording(text, 'test.ndjson');
  expect(result.error).toBeUndefined();
  return result.recording as Recording;
}

/** A session with play, steps, inputs, a step back that branches, seeks, markers and views. */
function recordedSession(): Recording {
  const s = startRecordedSession('hello-host');
  s.recorder.marker('Start', 'The host before anything runs', true);
  s.ui({ type: 'play' });
  s.clock.advance(1500);
  s.ui({ type: 'input', action: launch('extra-1') });
  s.clock.advance(1200);
  s.recorder.marker('Extra guest launched', 'A third guest joins.', true);
  s.clock.advance(300);
  s.ui({ type: 'pause' });
  s.clock.advance(200);
  s.recorder.view('memory');
  s.clock.advance(200);
  s.ui({ type: 'stepBack', count: 3 });
  s.clock.advance(200);
  // A new input after stepping back replaces the future the session had seen.
  s.ui({ type: 'input', action: launch('extra-2') });
  s.clock.advance(200);
  s.ui({ type: 'step', count: 2 });
  s.clock.advance(200);
  s.recorder.marker('Branched', 'After stepping back, a different guest.');
  s.clock.advance(200);
  s.ui({ type: 'setSpeed', speed: 4 });
  s.clock.advance(5000);
  s.ui({ type: 'seek', step: 3 });
  s.clock.advance(200);
  s.recorder.focus(['web-a']);
  s.clock.advance(200);
  s.recorder.marker('Tenant A leaves', '', true);
  s.ui({ type: 'play' });
  s.clock.advance(4000);
  s.recorder.marker('End');
  s.clock.advance(200);
  s.ui({ type: 'input', action: launch('after-the-last-marker') });
  s.recorder.finish();
  return parsed(s.text());
}

const markers = (r: Recording): MarkerLine[] => r.lines.filter((l): l is MarkerLine => l.kind === 'marker');

describe('recording round trip', () => {
  it('a scripted run replays with the same hash at every lesson step', () => {
    let text = '';
    const run = recordScriptedRun(lesson, { app: 'test', sink: (t) => (text += t) });
    const recording = parsed(text);
    expect(markers(recording)).toHaveLength(lesson.steps.length);
    const result = replayRecording(recording);
    // Every step's marker plus the end line's final hash: the whole run is covered.
    expect(result).toMatchObject({ ok: true, checked: lesson.steps.length + 1, finalHash: run.finalHash, coverage: 'full' });
  });

  it('a UI session (play, inputs, step back and branch, seek) replays with the same hashes', () => {
    const recording = recordedSession();
    const kinds = new Set(recording.lines.map((l) => l.kind));
    expect([...kinds].sort()).toEqual(['end', 'focus', 'input', 'marker', 'nav', 'view']);
    expect(markers(recording).every((m) => m.hash)).toBe(true);
    const result = replayRecording(recording);
    // Five markers and the end line's final hash, which covers the input after the last marker.
    expect(result).toMatchObject({ ok: true, checked: 6, coverage: 'full' });
    const end = recording.lines[recording.lines.length - 1];
    expect(end).toMatchObject({ kind: 'end', inputs: 3, hash: expect.stringMatching(/^[0-9a-f]{16}$/) });
  });

  it('reports the first mismatching marker with its line number', () => {
    const recording = recordedSession();
    const index = recording.lines.findIndex((l) => l.kind === 'marker' && l.label === 'Branched');
    const lines = recording.lines.slice();
    lines[index] = { ...(lines[index] as MarkerLine), hash: '0123456789abcdef' };
    const result = replayRecording({ ...recording, lines });
    expect(result.ok).toBe(false);
    if (result.ok || result.kind !== 'mismatch') throw new Error('expected a mismatch');
    expect(result.mismatch).toMatchObject({ line: index + 2, label: 'Branched', expected: '0123456789abcdef' });
    expect(result.mismatch.actual).toBe((recording.lines[index] as MarkerLine).hash);
  });

  it('refuses a recording whose lesson changed', () => {
    const recording = recordedSession();
    const changed = { ...lesson, title: 'Hello, changed host' };
    const result = replayRecording(recording, { resolveLesson: () => changed });
    expect(result).toMatchObject({ ok: false, kind: 'bad-file', error: { line: 1 } });
  });
});

describe('SessionRecorder', () => {
  it('writes a position line only when play strays from a straight line (or every 5 s)', () => {
    const s = startRecordedSession('hello-host');
    s.ui({ type: 'play' });
    s.clock.advance(4000);
    s.ui({ type: 'setSpeed', speed: 0.5 });
    s.clock.advance(6000);
    s.recorder.close();
    const recording = parsed(s.text());
    const positions = recording.lines.filter((l) => l.kind === 'nav' && l.op === 'position');
    // 10 s of play sampled every 250 ms would be 40 lines; a steady pace needs a handful.
    expect(positions.length).toBeGreaterThan(0);
    expect(positions.length).toBeLessThan(8);
    // Playback still follows the clock: halfway between two lines, the time is in between.
    const player = new RecordingPlayer(recording, lesson);
    const times = recording.lines.map((l) => l.t);
    expect(Math.max(...times)).toBeGreaterThan(0);
    const mid = player.seek(player.duration / 2).point.simTime;
    expect(mid).toBeGreaterThan(0);
    expect(mid).toBeLessThan(Math.max(...times));
  });
});

describe('RecordingPlayer', () => {
  it('lands on every marker with the recorded hash, seeking forward, backward and at random', () => {
    const recording = recordedSession();
    const player = new RecordingPlayer(recording, lesson);
    const marks = recording.lines.map((line, i) => ({ line, p: player.timeline.times[i] as number })).filter((m) => m.line.kind === 'marker');
    const check = (m: (typeof marks)[number]): void => {
      player.seek(m.p);
      expect(player.hash(), (m.line as MarkerLine).label).toBe((m.line as MarkerLine).hash);
    };
    marks.forEach(check);
    [...marks].reverse().forEach(check);
    for (const k of [3, 0, 4, 1, 2, 4, 0]) check(marks[k] as (typeof marks)[number]);
  });

  it('jumps to any line exactly, even lines that share one playback time', () => {
    const s = startRecordedSession('hello-host');
    s.ui({ type: 'step', count: 4 });
    s.recorder.marker('A');
    s.ui({ type: 'input', action: launch('x') });
    s.ui({ type: 'step', count: 3 });
    s.recorder.marker('B');
    s.ui({ type: 'stepBack', count: 5 });
    s.recorder.marker('C');
    // Behind input x: this input replaces the future in which x happened (a branch).
    s.ui({ type: 'input', action: launch('y') });
    s.ui({ type: 'step', count: 6 });
    s.recorder.marker('D');
    s.recorder.close();
    const recording = parsed(s.text());
    expect(new Set(recording.lines.map((l) => l.w)).size).toBe(1);
    const player = new RecordingPlayer(recording, lesson);
    const marks = recording.lines.map((line, i) => ({ line, i })).filter((m): m is { line: MarkerLine; i: number } => m.line.kind === 'marker');
    expect(marks).toHaveLength(4);
    expect(replayRecording(recording)).toMatchObject({ ok: true, checked: 4 });
    for (const m of [...marks, ...marks.slice().reverse(), marks[3], marks[1], marks[3], marks[0]]) {
      player.seekLine((m as { i: number }).i);
      expect(player.hash()).toBe((m as { line: MarkerLine }).line.hash);
    }
  });

  it('caps idle gaps and lists chapters in order', () => {
    const recording = recordedSession();
    const player = new RecordingPlayer(recording, lesson, 500);
    const last = recording.lines[recording.lines.length - 1];
    expect(player.duration).toBeLessThan(last?.w ?? 0);
    expect(player.timeline.chapters.map((c) => c.label)).toEqual(['Start', 'Extra guest launched', 'Tenant A leaves']);
  });
});

describe('editing keeps the file verifiable', () => {
  it('trim, add, rename, remove and move chapters, then save and re-parse', () => {
    let recording = recordedSession();
    const end = recording.lines[recording.lines.length - 1]?.w ?? 0;
    recording = trimRecording(recording, 1000, end - 500);
    expect(recording.lines[0]?.w).toBe(0);
    recording = addChapter(recording, lesson, 2000, 'Added later', 'Narration added when editing');
    recording = renameChapter(recording, 0, 'Renamed');
    recording = moveChapter(recording, lesson, 0, 3500);
    const before = listChapters(recording).length;
    recording = removeChapter(recording, before - 1);
    expect(listChapters(recording)).toHaveLength(before - 1);
    const saved = parseRecording(formatRecording(recording), 'edited.ndjson');
    expect(saved.error).toBeUndefined();
    const result = replayRecording(saved.recording as Recording, { lineNumbers: saved.lineNumbers });
    expect(result.ok).toBe(true);
    expect(markers(saved.recording as Recording).some((m) => m.label === 'Added later' && m.hash)).toBe(true);
  });

  it('an edit that breaks verification is caught (the check can fail)', () => {
    const recording = recordedSession();
    // Dropping the first input changes everything after it.
    const lines = recording.lines.filter((l, i) => !(l.kind === 'input' && i === recording.lines.findIndex((x) => x.kind === 'input')));
    expect(replayRecording({ ...recording, lines }).ok).toBe(false);
  });
});
