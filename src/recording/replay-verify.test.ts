import { beforeAll, describe, expect, it } from 'vitest';
import { hashValue } from '../engine/hash';
import { findLesson } from '../lessons';
import type { Lesson } from '../lessons/schema';
import type { InputLine, MarkerLine, Recording, RecordingLine } from './format';
import { parseRecording } from './ndjson';
import { applyInput, moveToEvent, replayRecording, resolveRecordingLesson, startSimulation } from './replay';
import { startRecordedSession } from './test-session';
import { createHeader } from './writer';

// Casts here: a built-in lesson (always found), a recording that parsed without error, lines
// picked by index from a layout the tests check.
const lesson = findLesson('hello-host') as Lesson;
const launch = (id: string) => ({ type: 'guest.launch', host: 'host-1', guest: { id, tenant: 'alice', mode: 'hvm', vcpus: 1, memoryMiB: 1024 } });

/** A short session: three steps, marker One, an input, two steps, marker Two, then the end line with the final hash. */
function shortSession(): Recording {
  const s = startRecordedSession('hello-host');
  s.ui({ type: 'step', count: 3 });
  s.clock.advance(100);
  s.recorder.marker('One', 'first');
  s.clock.advance(100);
  s.ui({ type: 'input', action: launch('x') });
  s.clock.advance(100);
  s.ui({ type: 'step', count: 2 });
  s.clock.advance(100);
  s.recorder.marker('Two');
  s.clock.advance(100);
  s.recorder.finish();
  const parsed = parseRecording(s.text());
  expect(parsed.error).toBeUndefined();
  return parsed.recording as Recording;
}

const BASE = shortSession();
const index = (pred: (line: RecordingLine) => boolean): number => BASE.lines.findIndex(pred);
const ONE = index((l) => l.kind === 'marker' && l.label === 'One');
const TWO = index((l) => l.kind === 'marker' && l.label === 'Two');
const INPUT = index((l) => l.kind === 'input');
const END = index((l) => l.kind === 'end');
const at = <T extends RecordingLine>(i: number): T => BASE.lines[i] as T;
const withLines = (lines: RecordingLine[]): Recording => ({ header: BASE.header, lines });
const replaced = (i: number, line: RecordingLine): Recording => withLines(BASE.lines.map((l, j) => (j === i ? line : l)));
const without = (...drop: number[]): RecordingLine[] => BASE.lines.filter((_, j) => !drop.includes(j));

describe('replayRecording: what a verified recording reports', () => {
  it('the layout the tests below rely on', () => {
    expect(BASE.lines.map((l) => l.kind)).toEqual(['nav', 'nav', 'marker', 'input', 'nav', 'marker', 'end']);
    expect([ONE, INPUT, TWO, END]).toEqual([2, 3, 5, 6]);
  });

  it('checks both markers and the final hash, and reports where the run ended', () => {
    const end = at<Extract<RecordingLine, { kind: 'end' }>>(END);
    expect(replayRecording(BASE)).toEqual({ ok: true, checked: 3, events: end.e, finalHash: end.hash, coverage: 'full', coveredThroughEvent: end.e, uncovered: [] });
  });

  it('a marker without a hash is shown but not checked', () => {
    const { hash: _dropped, ...unhashed } = at<MarkerLine>(ONE);
    expect(replayRecording(replaced(ONE, unhashed))).toMatchObject({ ok: true, checked: 2, coverage: 'full' });
  });

  it('a different seed in the header gives a different run: the first marker does not match', () => {
    const result = replayRecording({ header: { ...BASE.header, seed: 9 }, lines: BASE.lines });
    expect(result).toMatchObject({ ok: false, kind: 'mismatch', checked: 0, mismatch: { line: ONE + 2, label: 'One', expected: at<MarkerLine>(ONE).hash } });
  });

  it('an unknown fault in the header is a bad file, not a crash', () => {
    const result = replayRecording({ header: { ...BASE.header, faults: ['no-such-fault'] }, lines: BASE.lines });
    expect(result).toEqual({ ok: false, kind: 'bad-file', checked: 0, error: { line: 1, message: 'cannot start the simulation: unknown fault "no-such-fault"' } });
  });
});

describe('replayRecording: what is not verified, and why', () => {
  it('a wrong final hash is a mismatch on the end line, labelled "end of recording"', () => {
    const end = at<Extract<RecordingLine, { kind: 'end' }>>(END);
    const result = replayRecording(replaced(END, { ...end, hash: 'ffffffffffffffff' }));
    expect(result).toEqual({
      ok: false,
      kind: 'mismatch',
      checked: 2,
      mismatch: { line: END + 2, label: 'end of recording', eventIndex: end.e, expected: 'ffffffffffffffff', actual: end.hash },
    });
  });

  it('an end line counting a different number of inputs means lines were added or removed', () => {
    const end = at<Extract<RecordingLine, { kind: 'end' }>>(END);
    expect(replayRecording(replaced(END, { ...end, inputs: 5 }))).toEqual({
      ok: false,
      kind: 'unverified',
      checked: 3,
      line: END + 2,
      reason: 'the end line counts 5 inputs but the file has 1: lines were added or removed',
    });
  });

  it('inputs after the last checked hash are not covered: the first of them is named', () => {
    const two = at<MarkerLine>(TWO);
    const extra = (id: string): InputLine => ({ kind: 'input', t: two.t, e: two.e, w: two.w, action: launch(id) });
    const lines = [...without(END), extra('late-1'), extra('late-2')];
    expect(replayRecording(withLines(lines))).toEqual({
      ok: false,
      kind: 'unverified',
      checked: 2,
      line: TWO + 3,
      reason: `inputs from line ${TWO + 3} on follow the last checked state hash (line ${TWO + 2}) and are not covered by any hash`,
    });
  });

  it('reports file line numbers when the caller gives them (blank lines in the file)', () => {
    const two = at<MarkerLine>(TWO);
    const lines = [...without(END), { kind: 'input', t: two.t, e: two.e, w: two.w, action: launch('late') } as InputLine];
    const lineNumbers = lines.map((_, i) => 10 + 2 * i);
    expect(replayRecording(withLines(lines), { lineNumbers })).toMatchObject({
      ok: false,
      kind: 'unverified',
      line: 10 + 2 * (TWO + 1),
      reason: `inputs from line ${10 + 2 * (TWO + 1)} on follow the last checked state hash (line ${10 + 2 * TWO}) and are not covered by any hash`,
    });
  });

  it('an end line without a final hash (an older file) is only partly verifiable', () => {
    const end = at<Extract<RecordingLine, { kind: 'end' }>>(END);
    const two = at<MarkerLine>(TWO);
    const result = replayRecording(replaced(END, { kind: 'end', t: end.t, e: end.e, w: end.w }));
    expect(result).toEqual({
      ok: true,
      checked: 2,
      events: two.e,
      finalHash: two.hash,
      coverage: 'partial',
      coveredThroughEvent: two.e,
      uncovered: [`no final state hash (an end line from an older version); lines after line ${TWO + 2} (event ${two.e}) are not checked`],
    });
  });

  it('a recording cut short (no end line) is only partly verifiable, through its last marker', () => {
    const one = at<MarkerLine>(ONE);
    const result = replayRecording(withLines(BASE.lines.slice(0, ONE + 1)));
    expect(result).toEqual({
      ok: true,
      checked: 1,
      events: one.e,
      finalHash: one.hash,
      coverage: 'partial',
      coveredThroughEvent: one.e,
      uncovered: [`no final state hash (no end line: the recording was cut short); lines after line ${ONE + 2} (event ${one.e}) are not checked`],
    });
    expect(one.e).toBeGreaterThan(0);
  });

  it('nothing to check: no hashed marker and no final hash', () => {
    const reason = 'nothing to check: the recording has no state hash (no hashed marker and no final hash in an end line)';
    const end = at<Extract<RecordingLine, { kind: 'end' }>>(END);
    const unhashed = BASE.lines.slice(0, ONE);
    expect(replayRecording(withLines(unhashed))).toEqual({ ok: false, kind: 'unverified', checked: 0, line: 1, reason });
    expect(replayRecording(withLines([...unhashed, { kind: 'end', t: end.t, e: end.e, w: end.w }]))).toEqual({ ok: false, kind: 'unverified', checked: 0, line: ONE + 2, reason });
  });

  it('an input the action schema rejects is a bad file at that line', () => {
    const input = at<InputLine>(INPUT);
    const result = replayRecording(replaced(INPUT, { ...input, action: { type: 'cpu.burst', domain: 'host-1.dom0', count: 0 } }));
    expect(result).toEqual({ ok: false, kind: 'bad-file', checked: 1, error: { line: INPUT + 2, message: 'rejected input: $.action.count: Too small: expected number to be >=1' } });
  });

  it('cancelled before it starts: not verified, at the first line', () => {
    expect(replayRecording(BASE, { cancelled: () => true })).toEqual({ ok: false, kind: 'unverified', checked: 0, line: 2, reason: 'verification was cancelled before the end of the recording' });
  });
});

describe('replayRecording: the lesson it replays', () => {
  const other: Lesson = { ...lesson, id: 'someone-else' };

  it('a lesson that is neither built in nor embedded is a bad file', () => {
    expect(replayRecording(BASE, { resolveLesson: () => undefined })).toEqual({
      ok: false,
      kind: 'bad-file',
      checked: 0,
      error: { line: 1, message: 'lesson "hello-host" is not a built-in lesson of this app and is not embedded in the recording' },
    });
  });

  it('a resolver that answers with another lesson makes the file unverified (forged or mixed up), not broken', () => {
    expect(replayRecording(BASE, { resolveLesson: () => other })).toEqual({
      ok: false,
      kind: 'unverified',
      checked: 0,
      line: 1,
      reason: 'the header names lesson "hello-host" but the lesson it names is "someone-else"',
    });
  });

  it('a lesson whose content changed is refused, with both hashes', () => {
    const changed: Lesson = { ...lesson, title: 'Hello, changed host' };
    expect(resolveRecordingLesson(BASE, () => changed)).toEqual({
      ok: false,
      error: { line: 1, message: `lesson "hello-host" has changed since the recording was made (content hash ${hashValue(changed)}, recorded ${BASE.header.lessonHash})` },
    });
  });

  it('an embedded lesson is used instead of the built-in one, and checked', () => {
    const own: Lesson = { ...lesson, id: 'my-own-lesson' };
    const header = createHeader({ app: 'test', lesson: own, seed: 1, viewport: { width: 1280, height: 720 }, embedLesson: true });
    const resolved = resolveRecordingLesson({ header, lines: [] }, () => undefined);
    expect(resolved.ok).toBe(true);
    expect(resolved.ok && resolved.lesson.id).toBe('my-own-lesson');
    // The header names the built-in, but the file carries someone else's lesson.
    expect(resolveRecordingLesson({ header: { ...header, lessonId: 'hello-host' }, lines: [] })).toEqual({
      ok: false,
      error: { line: 1, message: 'the header names lesson "hello-host" but the lesson it embeds is "my-own-lesson"' },
    });
  });

  it('an invalid embedded lesson is refused even when its id names a built-in', () => {
    const resolved = resolveRecordingLesson({ header: { ...BASE.header, lesson: { id: 'hello-host' } }, lines: [] });
    expect(resolved.ok).toBe(false);
    expect(resolved.ok ? '' : resolved.error.message).toMatch(/^embedded lesson is invalid: \S/);
    expect(resolved.ok ? 0 : resolved.error.line).toBe(1);
  });
});

describe('applyInput and moveToEvent at the end of the simulation', () => {
  it('an input recorded after more events than the simulation has is refused; a move there stops short', () => {
    const engine = startSimulation(BASE, lesson);
    const result = applyInput(engine, { kind: 'input', t: 0, e: 5000, w: 0, action: launch('too-late') });
    const events = engine.eventIndex;
    expect(result).toEqual({ ok: false, message: `the simulation has only ${events} events; the input was recorded after event 5000` });
    expect(events).toBeGreaterThan(100);
    expect(moveToEvent(engine, 6000)).toBe(false);
    expect(moveToEvent(engine, events)).toBe(true);
  });

  it('a marker after the end of the simulation cannot match', () => {
    const one = at<MarkerLine>(ONE);
    const result = replayRecording(withLines([{ ...one, e: 5000 }]));
    expect(result.ok).toBe(false);
    if (result.ok || result.kind !== 'mismatch') throw new Error('expected a mismatch');
    expect(result.mismatch.actual).toMatch(/^\(unreachable: the simulation ends after \d+ events\)$/);
  });
});

/**
 * A recording whose re-simulation is long: one input is a CPU burst of 34,000 hypercall round
 * trips (six crossings each), more than one slice of bounded work, so the replay moves in two
 * slices and can report progress and be cancelled in between.
 */
describe('replayRecording: long re-simulation in slices', () => {
  let heavy: Recording;
  let markerE = 0;
  let finalHash = '';
  const burst = { type: 'cpu.burst', domain: 'host-1.dom0', transition: 'hypercall', count: 34_000 };

  beforeAll(() => {
    const header = createHeader({ app: 'test', lesson, seed: 1, viewport: { width: 1280, height: 720 } });
    const engine = startSimulation({ header, lines: [] }, lesson);
    expect(moveToEvent(engine, 2)).toBe(true);
    const input: InputLine = { kind: 'input', t: engine.now, e: 2, w: 0, action: burst };
    expect(applyInput(engine, input)).toEqual({ ok: true });
    markerE = 6;
    // No progress callback: a long move works without one.
    expect(moveToEvent(engine, markerE)).toBe(true);
    expect(engine.state.world.cpu.stats.transitions).toBeGreaterThan(200_000);
    finalHash = engine.hash();
    const marker: MarkerLine = { kind: 'marker', t: engine.now, e: markerE, w: 10, label: 'After the burst', narration: '', chapter: false, hash: finalHash };
    heavy = { header, lines: [input, marker, { kind: 'end', t: engine.now, e: markerE, w: 20, hash: finalHash, inputs: 1 }] };
  });

  it('verifies, reporting progress after each slice when asked every slice', () => {
    const progress: Array<{ line: number; lines: number; eventIndex: number }> = [];
    const result = replayRecording(heavy, { progressEverySlices: 1, onProgress: (p) => progress.push(p) });
    expect(result).toMatchObject({ ok: true, checked: 2, finalHash, coverage: 'full' });
    expect(progress).toHaveLength(1);
    expect(progress[0]).toMatchObject({ line: 3, lines: 3 });
    expect(progress[0]?.eventIndex).toBeGreaterThan(2);
    expect(progress[0]?.eventIndex).toBeLessThan(markerE);
  });

  it('reports only every n-th slice (none here when every 2nd, nor by default every 10th)', () => {
    let calls = 0;
    expect(replayRecording(heavy, { progressEverySlices: 2, onProgress: () => calls++ })).toMatchObject({ ok: true, checked: 2 });
    expect(replayRecording(heavy, { onProgress: () => calls++ })).toMatchObject({ ok: true, checked: 2 });
    expect(calls).toBe(0);
  });

  it('progress asked for without a callback changes nothing', () => {
    expect(replayRecording(heavy, { progressEverySlices: 1 })).toMatchObject({ ok: true, checked: 2, finalHash });
  });

  it('a cancel asked for during the long move stops on the line being checked', () => {
    let asked = 0;
    // Asked before line 2 (the input), before line 3 (the marker), then between the move's slices.
    const result = replayRecording(heavy, { cancelled: () => ++asked >= 3 });
    expect(result).toEqual({ ok: false, kind: 'unverified', checked: 0, line: 3, reason: 'verification was cancelled before the end of the recording' });
  });

  it('an error raised while re-simulating is reported as a bad file at that line, not thrown', () => {
    const result = replayRecording(heavy, {
      progressEverySlices: 1,
      onProgress: () => {
        throw new Error('progress sink failed');
      },
    });
    expect(result).toEqual({ ok: false, kind: 'bad-file', checked: 0, error: { line: 3, message: 'simulator error: progress sink failed' } });
  });
});
