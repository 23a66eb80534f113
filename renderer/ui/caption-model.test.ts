import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { TraceRecord } from '../../src/engine/types';
import { findLesson } from '../../src/lessons';
import { CaptionModel, captionStepOf } from './caption-model';

const rec = (eventIndex: number, text = `event ${eventIndex}`): TraceRecord => ({ eventIndex, at: eventIndex * 1000, kind: 'k', text });

describe('CaptionModel', () => {
  it('shows the last few sentences, the newest highlighted', () => {
    const model = new CaptionModel(3);
    model.frame([rec(0), rec(1), rec(2), rec(3)], 4);
    const lines = model.lines();
    expect(lines.map((l) => l.text)).toEqual(['event 1', 'event 2', 'event 3']);
    expect(lines.map((l) => l.newest)).toEqual([false, false, true]);
  });

  it('stepping forward shows the sentence of the event crossed', () => {
    const model = new CaptionModel(3);
    model.frame([rec(0)], 1);
    model.frame([rec(1, 'operator op-2 → operator.login on xen-1: denied')], 2);
    expect(model.lines().at(-1)).toMatchObject({ text: 'operator op-2 → operator.login on xen-1: denied', newest: true, undone: false });
  });

  it('stepping back shows the crossed event as undone, above what is still in effect', () => {
    const model = new CaptionModel(3);
    model.frame([rec(0), rec(1), rec(2)], 3);
    model.frame([], 2);
    const lines = model.lines();
    expect(lines.at(-1)).toMatchObject({ text: 'event 2', undone: true, newest: true });
    expect(lines.slice(0, -1).map((l) => l.text)).toEqual(['event 0', 'event 1']);
    // A further step forward replays event 2: no longer undone.
    model.frame([rec(2)], 3);
    expect(model.lines().at(-1)).toMatchObject({ text: 'event 2', undone: false });
  });

  it('narrates only the step in force: an earlier step\'s events are not shown', () => {
    const model = new CaptionModel(3);
    model.frame([rec(0), rec(1), rec(2), rec(3)], 4);
    // The step began at 2 µs: events 0 and 1 (at 0 and 1 µs) belong to earlier steps.
    model.step({ index: 1, count: 3, title: 'Second', at: 2000, since: 2000 });
    expect(model.lines().map((l) => l.text)).toEqual(['event 2', 'event 3']);
    // A step beginning at the event's own time includes it.
    model.step({ index: 2, count: 3, title: 'Third', at: 3000, since: 3000 });
    expect(model.lines().map((l) => l.text)).toEqual(['event 3']);
  });

  it('also narrates the previous step\'s events when the step shows the same view (`since` before `at`)', () => {
    const model = new CaptionModel(3);
    model.frame([rec(0), rec(1), rec(2)], 3);
    model.step({ index: 3, count: 6, title: 'The third one does not fit', at: 5000, since: 1000 });
    expect(model.lines().map((l) => [l.text, l.newest])).toEqual([
      ['event 1', false],
      ['event 2', true],
    ]);
  });

  it('a step in which nothing has happened yet is announced by a step line, not by the last step\'s event', () => {
    const model = new CaptionModel(3);
    model.frame([rec(0), rec(1)], 2);
    model.step({ index: 3, count: 6, title: 'dom0 is gone', at: 5000, since: 5000 });
    expect(model.lines()).toEqual([{ eventIndex: -1, at: 5000, text: 'Step 4 of 6: dom0 is gone', newest: true, undone: false, step: true }]);
    // The step's first event replaces the step line.
    model.frame([rec(5)], 6);
    expect(model.lines()).toEqual([{ eventIndex: 5, at: 5000, text: 'event 5', newest: true, undone: false }]);
    // Before the first step (or without steps) every remembered event may be shown.
    model.step(null);
    expect(model.lines().map((l) => l.text)).toEqual(['event 0', 'event 1', 'event 5']);
  });

  it('stepping back within a step still shows the crossed event as undone', () => {
    const model = new CaptionModel(3);
    model.step({ index: 0, count: 1, title: 'Only', at: 1000, since: 1000 });
    model.frame([rec(0), rec(1), rec(2)], 3);
    model.frame([], 2);
    expect(model.lines().map((l) => [l.text, l.undone])).toEqual([
      ['event 1', false],
      ['event 2', true],
    ]);
  });

  it('forgets everything on reset', () => {
    const model = new CaptionModel();
    model.frame([rec(0)], 1);
    model.step({ index: 0, count: 1, title: 'Only', at: 0, since: 0 });
    model.reset();
    expect(model.lines()).toEqual([]);
  });

  it('never shows an event later than the position, and at most `visible` lines', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.nat(40), fc.nat(40)), { maxLength: 30 }), fc.integer({ min: 1, max: 5 }), (moves, visible) => {
        const model = new CaptionModel(visible);
        for (const [from, to] of moves) {
          const trace = from < to ? Array.from({ length: to - from }, (_, i) => rec(from + i)) : [];
          model.frame(trace, to);
          const lines = model.lines();
          expect(lines.length).toBeLessThanOrEqual(visible);
          for (const line of lines) if (!line.undone) expect(line.eventIndex).toBeLessThan(to);
          expect(lines.filter((l) => l.newest).length).toBeLessThanOrEqual(1);
        }
      }),
    );
  });
});

describe('captionStepOf', () => {
  const lesson = findLesson('xen-to-nitro');
  it('reads the step\'s number, title and start time from the lesson; a step in another view than the last narrates from its own start', () => {
    expect(lesson).toBeDefined();
    // "dom0 is gone" shows the Host view; the step before it ("Operators on Xen", 120 µs) the Access view.
    expect(captionStepOf(lesson ?? null, 3)).toEqual({ index: 3, count: 6, title: 'dom0 is gone', at: 140_000, since: 140_000 });
  });

  it('a step in the same view as the last narrates from the last step\'s start', () => {
    // licensing-on-dedicated-hosts: "The third one does not fit" (3 min, Fleet view) discusses the
    // launch refused in "A host you can count" (2 min, Fleet view).
    const licensing = findLesson('licensing-on-dedicated-hosts') ?? null;
    expect(captionStepOf(licensing, 3)).toMatchObject({ title: 'The third one does not fit', at: 180e9, since: 120e9 });
  });
  it('a step without a focus keeps the view of the step before it', () => {
    if (!lesson) throw new Error('xen-to-nitro is a built-in lesson');
    // Without its own focus, "dom0 is gone" (140 µs) stays in "Operators on Xen"'s Access view
    // (120 µs), so it narrates from there; the next step, in the Host view, then changes view.
    const unfocused = { ...lesson, steps: lesson.steps.map((step, i) => (i === 3 ? { ...step, focus: undefined } : step)) };
    expect(captionStepOf(unfocused, 3)).toMatchObject({ at: 140_000, since: 120_000 });
    expect(captionStepOf(unfocused, 4)).toMatchObject({ at: 142_000, since: 142_000 });
    expect(captionStepOf(lesson, 4)).toMatchObject({ at: 142_000, since: 140_000 });
  });

  it('is null before the first step and without a lesson', () => {
    expect(captionStepOf(lesson ?? null, -1)).toBeNull();
    expect(captionStepOf(null, 0)).toBeNull();
  });
});
