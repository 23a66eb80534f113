import { describe, expect, it } from 'vitest';
import { findLesson } from '../lessons';
import type { Lesson } from '../lessons/schema';
import { addChapter, listChapters, moveChapter, removeChapter, renameChapter, trimRecording } from './edit';
import type { InputLine, MarkerLine, Recording, RecordingLine } from './format';
import { parseRecording } from './ndjson';
import { replayRecording } from './replay';
import { startRecordedSession } from './test-session';

// Casts here: a built-in lesson (always found), a recording that parsed without error, lines
// picked by index from a layout the tests check.
const lesson = findLesson('hello-host') as Lesson;

/** seek (w 0), step (100), chapter One (200), input (300), step (400), marker Two (500), chapter Three (600), end (700). */
function session(): Recording {
  const s = startRecordedSession('hello-host');
  s.clock.advance(100);
  s.ui({ type: 'step', count: 3 });
  s.clock.advance(100);
  s.recorder.marker('One', 'first chapter', true);
  s.clock.advance(100);
  s.ui({ type: 'input', action: { type: 'guest.launch', host: 'host-1', guest: { id: 'x', tenant: 'alice', mode: 'hvm', vcpus: 1, memoryMiB: 1024 } } });
  s.clock.advance(100);
  s.ui({ type: 'step', count: 2 });
  s.clock.advance(100);
  s.recorder.marker('Two');
  s.clock.advance(100);
  s.recorder.marker('Three', 'last chapter', true);
  s.clock.advance(100);
  s.recorder.finish();
  return parseRecording(s.text()).recording as Recording;
}

const BASE = session();
const L = BASE.lines;
const [seek, step1, one, input, step2, two, three, end] = L as [RecordingLine, RecordingLine, MarkerLine, InputLine, RecordingLine, MarkerLine, MarkerLine, RecordingLine];
const snapshot = JSON.stringify(BASE);

describe('trimRecording', () => {
  it('the layout the tests rely on', () => {
    expect(L.map((l) => `${l.kind}@${l.w}`)).toEqual(['nav@0', 'nav@100', 'marker@200', 'input@300', 'nav@400', 'marker@500', 'marker@600', 'end@700']);
  });

  it.each([
    [-1, 5],
    [10, 5],
    [Number.NaN, 5],
    [0, Number.NaN],
  ])('refuses a window from %d ms to %d ms', (from, to) => {
    expect(() => trimRecording(BASE, from, to)).toThrow(`trim: expected 0 ≤ start ≤ end, got ${from} ms to ${to} ms`);
  });

  it('keeps the lines inside the window (both edges included), opening on the position before it', () => {
    const trimmed = trimRecording(BASE, 300, 500);
    expect(trimmed.header).toBe(BASE.header);
    expect(trimmed.lines).toEqual([
      { kind: 'nav', op: 'seek', t: one.t, e: one.e, w: 0, playing: false },
      { ...input, w: 0 },
      { ...step2, w: 100 },
      { ...two, w: 200 },
      { kind: 'end', t: two.t, e: two.e, w: 200 },
    ]);
  });

  it('inputs before the window are kept, moved to its start; other lines before it and the old end go', () => {
    const trimmed = trimRecording(BASE, 350);
    expect(trimmed.lines).toEqual([
      { ...input, w: 0 },
      { kind: 'nav', op: 'seek', t: input.t, e: input.e, w: 0, playing: false },
      { ...step2, w: 50 },
      { ...two, w: 150 },
      { ...three, w: 250 },
      { kind: 'end', t: three.t, e: three.e, w: 250 },
    ]);
    expect(replayRecording(trimmed)).toMatchObject({ ok: true, checked: 2, coverage: 'partial' });
  });

  it('a window from the start needs no opening position; an empty window leaves nothing', () => {
    expect(trimRecording(BASE, 0, 150).lines).toEqual([seek, step1, { kind: 'end', t: step1.t, e: step1.e, w: 100 }]);
    expect(trimRecording({ header: BASE.header, lines: L.slice(1) }, 0, 50).lines).toEqual([]);
    expect(trimRecording(BASE, 0, 0).lines).toEqual([seek, { kind: 'end', t: seek.t, e: seek.e, w: 0 }]);
    expect(end.kind).toBe('end');
  });
});

describe('chapters: list, rename, remove', () => {
  it('lists only chapter markers, in order, with their line', () => {
    expect(listChapters(BASE).map((c) => [c.lineIndex, c.marker.label])).toEqual([
      [2, 'One'],
      [6, 'Three'],
    ]);
  });

  it('renames a chapter, keeping or replacing its narration, in a new recording', () => {
    const renamed = renameChapter(BASE, 1, 'Finale');
    expect(renamed.lines[6]).toEqual({ ...three, label: 'Finale' });
    expect(renameChapter(BASE, 0, 'Opening', 'new words').lines[2]).toEqual({ ...one, label: 'Opening', narration: 'new words' });
    expect(JSON.stringify(BASE)).toBe(snapshot);
  });

  it('removes a chapter in a new recording', () => {
    const removed = removeChapter(BASE, 0);
    expect(removed.lines).toEqual(L.filter((l) => l !== one));
    expect(JSON.stringify(BASE)).toBe(snapshot);
  });

  it('names the chapter that does not exist', () => {
    expect(() => renameChapter(BASE, 2, 'x')).toThrow('no chapter 3 (the recording has 2)');
    expect(() => removeChapter(BASE, -1)).toThrow('no chapter 0 (the recording has 2)');
  });
});

describe('addChapter and moveChapter', () => {
  it('adds a chapter at the session position of that moment, with a verified hash', () => {
    const added = addChapter(BASE, lesson, 450, 'Added');
    const marker = added.lines[5] as MarkerLine;
    expect(marker).toMatchObject({ kind: 'marker', t: step2.t, e: step2.e, w: 450, label: 'Added', narration: '', chapter: true });
    expect(marker.hash).toMatch(/^[0-9a-f]{16}$/);
    expect(listChapters(added).map((c) => c.marker.label)).toEqual(['One', 'Added', 'Three']);
    expect(replayRecording(added)).toMatchObject({ ok: true, checked: 5 });
    expect(JSON.stringify(BASE)).toBe(snapshot);
  });

  it('a chapter at the very time of a line goes after it', () => {
    const added = addChapter(BASE, lesson, 500, 'Same time', 'words');
    expect(added.lines.map((l) => (l.kind === 'marker' ? l.label : l.kind))).toEqual(['nav', 'nav', 'One', 'input', 'nav', 'Two', 'Same time', 'Three', 'end']);
    expect(added.lines[6]).toMatchObject({ t: two.t, e: two.e, w: 500, narration: 'words', hash: two.hash });
  });

  it('after the last line it goes before the end line; without an end line, last', () => {
    expect(addChapter(BASE, lesson, 5000, 'Late').lines.map((l) => l.kind)).toEqual(['nav', 'nav', 'marker', 'input', 'nav', 'marker', 'marker', 'marker', 'end']);
    const cut = { header: BASE.header, lines: L.slice(0, 7) };
    const added = addChapter(cut, lesson, 5000, 'Late');
    expect(added.lines.map((l) => (l.kind === 'marker' ? l.label : l.kind))).toEqual(['nav', 'nav', 'One', 'input', 'nav', 'Two', 'Three', 'Late']);
    expect(added.lines[7]).toMatchObject({ t: three.t, e: three.e, w: 5000, hash: three.hash });
  });

  it('before every line it opens the recording, at time zero', () => {
    const lines = L.slice(1);
    const added = addChapter({ header: BASE.header, lines }, lesson, -50, 'Cold open');
    expect(added.lines[0]).toMatchObject({ kind: 'marker', t: 0, e: 0, w: 0, label: 'Cold open', chapter: true });
    expect(added.lines.slice(1)).toEqual(lines);
    expect(addChapter({ header: BASE.header, lines }, lesson, 50, 'Early').lines[0]).toMatchObject({ t: 0, e: 0, w: 50, hash: (added.lines[0] as MarkerLine).hash });
  });

  it('a rejected input before the new chapter is reported with its file line', () => {
    const broken = { header: BASE.header, lines: L.map((l) => (l === input ? { ...input, action: { type: 'nope' } } : l)) };
    expect(() => addChapter(broken, lesson, 450, 'x')).toThrow(/^recording line 5: rejected input: /);
    // A chapter before the input does not need it.
    expect(addChapter(broken, lesson, 250, 'fine').lines[3]).toMatchObject({ label: 'fine', hash: one.hash });
  });

  it('moves a chapter to another time, keeping its label and narration', () => {
    const moved = moveChapter(BASE, lesson, 0, 650);
    expect(listChapters(moved).map((c) => [c.lineIndex, c.marker.label, c.marker.narration, c.marker.w])).toEqual([
      [5, 'Three', 'last chapter', 600],
      [6, 'One', 'first chapter', 650],
    ]);
    expect((moved.lines[6] as MarkerLine).hash).toBe(three.hash);
  });
});
