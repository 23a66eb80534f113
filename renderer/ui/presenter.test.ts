import { describe, expect, it } from 'vitest';
import { findLesson } from '../../src/lessons';
import { answerNote, nextLayout } from './presenter-model';

describe('presenter mode', () => {
  it('cycles normal → presenter → audience → normal', () => {
    expect(nextLayout('normal')).toBe('presenter');
    expect(nextLayout('presenter')).toBe('audience');
    expect(nextLayout('audience')).toBe('normal');
  });

  it('shows the current question\'s answer, else the next question\'s', () => {
    const tour = findLesson('tour') ?? null;
    const questions = tour!.steps.flatMap((s, i) => (s.checkpoint ? [i] : []));
    const [pick, choice] = questions as [number, number];
    const ahead = answerNote(tour, 0);
    expect(ahead?.heading).toBe(`Next question (step ${pick + 1})`);
    expect(ahead?.answer).toBe(`click ${String(tour!.steps[pick]!.checkpoint!.answer)}`);
    const now = answerNote(tour, choice);
    expect(now?.heading).toBe('Answer to this question');
    expect(now?.answer).toBe(tour!.steps[choice]!.checkpoint!.choices![0]);
    expect(answerNote(tour, choice + 1)).toBeNull();
    expect(answerNote(findLesson('hello-host') ?? null, 0)).toBeNull();
  });
});
