import { describe, expect, it } from 'vitest';
import { findLesson } from '../lessons';
import type { Lesson } from '../lessons/schema';
import type { InputLine, Recording } from './format';
import { parseRecording } from './ndjson';
import { RecordingPlayer } from './player';
import { startRecordedSession } from './test-session';

// Casts here: a built-in lesson (always found), a recording that parsed without error, lines
// picked by index from a layout the tests check.
const lesson = findLesson('hello-host') as Lesson;
const syscall = (domain: string) => ({ type: 'cpu.syscall', domain });

function parsed(text: string): Recording {
  const result = parseRecording(text);
  expect(result.error).toBeUndefined();
  return result.recording as Recording;
}

/**
 * A session that branches: inputs, a step back behind an input and a new input there, play with
 * an input made while playing (inserted at the displayed time, ahead of the last event), and a
 * second step back. Every state it showed must come back, whatever order the player visits it in.
 */
function branchingSession(): Recording {
  const s = startRecordedSession('hello-host');
  s.ui({ type: 'input', action: syscall('host-1.dom0') });
  s.ui({ type: 'step', count: 2 });
  s.clock.advance(100);
  s.ui({ type: 'input', action: syscall('host-1.dom0') });
  s.ui({ type: 'step', count: 3 });
  s.recorder.marker('A');
  s.clock.advance(100);
  s.ui({ type: 'stepBack', count: 4 });
  s.ui({ type: 'input', action: syscall('host-1.dom0') });
  s.ui({ type: 'step', count: 2 });
  s.recorder.marker('B');
  s.clock.advance(100);
  s.ui({ type: 'play' });
  s.clock.advance(700);
  s.ui({ type: 'input', action: syscall('host-1.dom0') });
  s.clock.advance(600);
  s.ui({ type: 'pause' });
  s.recorder.marker('C');
  s.clock.advance(100);
  s.ui({ type: 'stepBack', count: 3 });
  s.recorder.marker('D');
  s.ui({ type: 'input', action: syscall('host-1.dom0') });
  s.ui({ type: 'step', count: 1 });
  s.recorder.marker('E');
  s.recorder.finish();
  return parsed(s.text());
}

const RECORDING = branchingSession();
const LAST = RECORDING.lines.length - 1;
/** What a fresh player shows at each line: nothing applied before, so nothing to undo. */
const REFERENCE = RECORDING.lines.map((_, i) => hashAfterFresh(i));

function hashAfterFresh(i: number): string {
  const player = new RecordingPlayer(RECORDING, lesson);
  player.seekLine(i);
  return player.hash();
}

describe('RecordingPlayer: any visiting order shows what the session showed', () => {
  it('the session has the branches the tests rely on', () => {
    const inputs = RECORDING.lines.filter((l): l is InputLine => l.kind === 'input');
    expect(inputs).toHaveLength(5);
    // The third input is behind the second (a branch); the fourth was made while playing.
    expect(inputs[2]?.e).toBeLessThan(inputs[1]?.e ?? 0);
    expect(RECORDING.lines[1]?.kind).toBe('input');
    expect(new Set(REFERENCE).size).toBeGreaterThan(5);
  });

  it.each([
    ['forward', RECORDING.lines.map((_, i) => i)],
    ['backward', RECORDING.lines.map((_, i) => LAST - i)],
    ['back and forth', [LAST, 1, LAST, 3, 2, LAST - 2, 5, 4, LAST - 1, 0, 6, 9, 7, 11, 8, 12, 10, 13, 1]],
  ])('lines visited %s', (_order, order) => {
    const player = new RecordingPlayer(RECORDING, lesson);
    for (const i of order) {
      if (i > LAST) continue;
      const move = player.seekLine(i);
      expect(move.point.lineIndex).toBe(i);
      expect(player.hash(), `line ${i + 2}`).toBe(REFERENCE[i]);
      expect(move.state).toBe(player.state);
    }
  });

  it('points while playing (between lines) match a fresh player, from either side', () => {
    const player = new RecordingPlayer(RECORDING, lesson);
    const times = [...new Set(player.timeline.times)];
    // Only the points that fall between lines while playing (no exact event index).
    const mids = times
      .slice(1)
      .map((p, k) => ((times[k] as number) + p) / 2)
      .filter((p) => player.timeline.pointAt(p).eventIndex === null);
    expect(mids.length).toBeGreaterThanOrEqual(3);
    const fresh = mids.map((p) => {
      const one = new RecordingPlayer(RECORDING, lesson);
      one.seek(p);
      return one.hash();
    });
    for (const [k, p] of mids.entries()) {
      player.seek(player.duration);
      expect(player.seek(p).point.lineIndex).toBeGreaterThanOrEqual(0);
      expect(player.hash(), `at ${p} ms after the end`).toBe(fresh[k]);
    }
    for (const [k, p] of [...mids.entries()].reverse()) {
      player.seek(0);
      player.seek(p);
      expect(player.hash(), `at ${p} ms after the start`).toBe(fresh[k]);
    }
  });
});

describe('RecordingPlayer: an input made after a step back, behind a marker seen before it', () => {
  it('going back to the marker does not show the later input', () => {
    const s = startRecordedSession('hello-host');
    s.ui({ type: 'step', count: 5 });
    s.recorder.marker('Before the branch');
    s.ui({ type: 'stepBack', count: 3 });
    s.ui({ type: 'input', action: syscall('host-1.dom0') });
    s.ui({ type: 'step', count: 4 });
    s.recorder.marker('After the branch');
    s.recorder.finish();
    const recording = parsed(s.text());
    const markers = recording.lines.map((line, i) => ({ line, i })).filter((m) => m.line.kind === 'marker');
    const player = new RecordingPlayer(recording, lesson);
    player.seekLine(recording.lines.length - 1);
    for (const { line, i } of [...markers].reverse()) {
      player.seekLine(i);
      expect(player.hash(), `line ${i + 2}`).toBe(line.kind === 'marker' ? line.hash : '');
    }
  });
});

describe('RecordingPlayer: landing points', () => {
  it('an input line lands with that input queued: the same state as a marker taken right after it', () => {
    const s = startRecordedSession('hello-host');
    s.ui({ type: 'step', count: 2 });
    s.ui({ type: 'input', action: syscall('host-1.dom0') });
    s.recorder.marker('Right after');
    s.recorder.close();
    const recording = parsed(s.text());
    const at = recording.lines.findIndex((l) => l.kind === 'input');
    const marker = recording.lines[at + 1];
    if (marker?.kind !== 'marker') throw new Error('expected the marker after the input');
    const player = new RecordingPlayer(recording, lesson);
    player.seekLine(at);
    expect(player.hash()).toBe(marker.hash);
  });

  it('line numbers outside the recording are clamped: before the first line is the starting state', () => {
    const player = new RecordingPlayer(RECORDING, lesson);
    const start = new RecordingPlayer(RECORDING, lesson).hash();
    expect(player.seekLine(1e9).point.lineIndex).toBe(LAST);
    expect(player.hash()).toBe(REFERENCE[LAST]);
    expect(player.seekLine(-5).point.lineIndex).toBe(-1);
    expect(player.hash()).toBe(start);
    expect(player.seekLine(2.7).point.lineIndex).toBe(2);
    expect(player.hash()).toBe(REFERENCE[2]);
    expect(player.seek(-100).point).toEqual(player.seek(0).point);
    expect(player.seek(1e12).point.lineIndex).toBe(LAST);
  });

  it('between two lines while playing, the state is at the interpolated simulated time', () => {
    const s = startRecordedSession('hello-host');
    s.ui({ type: 'play' });
    s.clock.advance(1500);
    s.ui({ type: 'pause' });
    s.recorder.close();
    const recording = parsed(s.text());
    const player = new RecordingPlayer(recording, lesson);
    const move = player.seek(player.duration / 2);
    expect(move.point.eventIndex).toBeNull();
    expect(move.point.simTime).toBeGreaterThan(0);
    expect(player.state.time).toBeLessThanOrEqual(move.point.simTime);
    expect(player.state.eventIndex).toBeGreaterThan(0);
    expect(move.patches.length).toBeGreaterThan(0);
  });

  it('a recorded input the simulator rejects stops the seek with its file line', () => {
    const lines = RECORDING.lines.map((l, i) => (i === 1 ? { ...(l as InputLine), action: { type: 'nope' } } : l));
    const player = new RecordingPlayer({ header: RECORDING.header, lines }, lesson);
    expect(() => player.seekLine(3)).toThrow(/^recording line 3: rejected input: /);
  });
});
