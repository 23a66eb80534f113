import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { TraceRecord } from '../../src/engine/types';
import { CaptionModel } from './caption-model';

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

  it('forgets everything on reset', () => {
    const model = new CaptionModel();
    model.frame([rec(0)], 1);
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
