import { describe, expect, it } from 'vitest';
import { findLesson } from '../../src/lessons';
import { answerNote, isPresenterMessage, nextLayout, presenterSnapshot } from './presenter-model';

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

  it("gives the presenter window the step's notes, the next step and the answer", () => {
    const tour = findLesson('tour') ?? null;
    const choice = tour!.steps.findIndex((s) => s.checkpoint?.kind === 'choice');
    const snapshot = presenterSnapshot(tour, choice, false, 5);
    expect(snapshot.notes).toBe(tour!.steps[choice]!.notes ?? 'No notes for this step.');
    expect(snapshot.next).toBe(tour!.steps[choice + 1]?.title ?? null);
    expect(snapshot.answer?.heading).toBe('Answer to this question');
    expect(snapshot.stepCount).toBe(tour!.steps.length);
    expect(presenterSnapshot(tour, tour!.steps.length - 1, true, 0).next).toBeNull();
    expect(presenterSnapshot(null, -1, false, 0).lessonTitle).toBe('No lesson loaded');
  });

  it('accepts only well-formed channel messages', () => {
    expect(isPresenterMessage({ type: 'hello' })).toBe(true);
    expect(isPresenterMessage({ type: 'command', command: 'nextLessonStep' })).toBe(true);
    expect(isPresenterMessage({ type: 'command', command: 'load' })).toBe(false);
    expect(isPresenterMessage({ type: 'bye', from: 'elsewhere' })).toBe(false);
    expect(isPresenterMessage('hello')).toBe(false);
    expect(isPresenterMessage(null)).toBe(false);
  });
});
