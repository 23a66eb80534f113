import { describe, expect, it } from 'vitest';
import { createSimulation } from '../host/simulation';
import { checkAnswer, type Checkpoint } from './checkpoint';
import { findLesson } from './index';

/** A learner's answer index outside the listed choices is refused, not graded as some choice. */
const lesson = findLesson('hello-host');
if (!lesson) throw new Error('hello-host missing');
const state = createSimulation(lesson).state;
const checkpoint: Checkpoint = { question: 'Which domain holds the drivers?', kind: 'choice', choices: ['dom0', 'a guest', 'Xen itself'], answer: 2 };

describe('checkpoint answers out of range', () => {
  it.each([3, 4, -1, 1.5])('refuses choice index %s and still reveals the right answer', (choice) => {
    expect(checkAnswer(checkpoint, { kind: 'choice', choice }, state)).toEqual({
      correct: false,
      feedback: `There is no choice ${choice + 1}.`,
      rightAnswer: 'Xen itself',
      explanation: undefined,
    });
  });

  it('accepts the last valid index', () => {
    expect(checkAnswer(checkpoint, { kind: 'choice', choice: 2 }, state).correct).toBe(true);
  });
});
