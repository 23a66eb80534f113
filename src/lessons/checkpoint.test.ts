import { describe, expect, it } from 'vitest';
import { createSimulation } from '../host/simulation';
import { checkAnswer, entityExists, nextCheckpointStep, type Checkpoint, type CheckpointAnswer } from './checkpoint';
import { toNanos } from './primitives';
import { findLesson } from './index';
import { validateLesson } from './load';

function helloState(untilNs = Number.MAX_SAFE_INTEGER) {
  const lesson = findLesson('hello-host');
  if (!lesson) throw new Error('hello-host missing');
  const engine = createSimulation(lesson);
  engine.runUntil(untilNs);
  return engine.state;
}

const choice: Checkpoint = { question: 'Which domain holds the drivers?', kind: 'choice', choices: ['dom0', 'a guest', 'Xen itself'], answer: 0, explanation: 'dom0 does.' };
const pick: Checkpoint = { question: 'Click the HVM guest', kind: 'pick', answer: 'web-a' };

describe('checkAnswer', () => {
  const state = helloState(2e9);

  it('grades a multiple-choice answer and names the right answer when wrong', () => {
    expect(checkAnswer(choice, { kind: 'choice', choice: 0 }, state)).toMatchObject({ correct: true, rightAnswer: 'dom0', explanation: 'dom0 does.' });
    const wrong = checkAnswer(choice, { kind: 'choice', choice: 2 }, state);
    expect(wrong.correct).toBe(false);
    expect(wrong.feedback).toContain('Xen itself');
    expect(wrong.feedback).toContain('dom0');
  });

  it('rejects a choice index that does not exist and a click for a choice question', () => {
    expect(checkAnswer(choice, { kind: 'choice', choice: 7 }, state).correct).toBe(false);
    expect(checkAnswer(choice, { kind: 'pick', entity: { kind: 'domain', id: 'dom0' } }, state).correct).toBe(false);
  });

  it('grades a pick against the entity clicked', () => {
    expect(checkAnswer(pick, { kind: 'pick', entity: { kind: 'domain', id: 'web-a' } }, state).correct).toBe(true);
    const wrong = checkAnswer(pick, { kind: 'pick', entity: { kind: 'domain', id: 'db-b' } }, state);
    expect(wrong.correct).toBe(false);
    expect(wrong.feedback).toContain('web-a');
  });

  it('refuses to grade a pick whose answer the simulation never built', () => {
    const ghost: Checkpoint = { ...pick, answer: 'no-such-guest' };
    const verdict = checkAnswer(ghost, { kind: 'pick', entity: { kind: 'domain', id: 'no-such-guest' } }, state);
    expect(verdict.correct).toBe(false);
    expect(verdict.feedback).toContain('does not exist');
  });
});

describe('entityExists', () => {
  it('finds hosts, domains, dom0 and frame-style ids in the state', () => {
    const state = helloState(2e9);
    expect(entityExists(state, 'host-1')).toBe(true);
    expect(entityExists(state, 'host-1.dom0')).toBe(true);
    expect(entityExists(state, 'web-a')).toBe(true);
    expect(entityExists(state, 'alice')).toBe(true);
    expect(entityExists(state, 'host-1:42')).toBe(true);
    expect(entityExists(state, 'host-9')).toBe(false);
    expect(entityExists(state, 'host-9:42')).toBe(false);
  });
});

describe('nextCheckpointStep', () => {
  it('finds the first checkpoint at or after a step', () => {
    const base = findLesson('hello-host');
    if (!base) throw new Error('hello-host missing');
    const data = JSON.parse(JSON.stringify(base)) as { steps: Array<Record<string, unknown>> };
    (data.steps[2] as Record<string, unknown>).checkpoint = pick;
    const result = validateLesson(data, 'test.json');
    if (!result.ok) throw new Error(JSON.stringify(result.errors));
    expect(nextCheckpointStep(result.lesson, 0)).toBe(2);
    expect(nextCheckpointStep(result.lesson, 3)).toBe(-1);
  });
});

describe('the tour lesson', () => {
  it('has chapters, and every checkpoint is answerable in the state at its step', () => {
    const tour = findLesson('tour');
    if (!tour) throw new Error('tour missing');
    expect(tour.steps.filter((s) => s.chapter).length).toBeGreaterThanOrEqual(3);
    const engine = createSimulation(tour);
    let checked = 0;
    for (const step of tour.steps) {
      engine.seekTime(toNanos(step.at));
      const checkpoint = step.checkpoint;
      if (!checkpoint) continue;
      const right: CheckpointAnswer =
        checkpoint.kind === 'pick' ? { kind: 'pick', entity: { kind: 'domain', id: String(checkpoint.answer) } } : { kind: 'choice', choice: Number(checkpoint.answer) };
      expect(checkAnswer(checkpoint, right, engine.state).correct).toBe(true);
      checked++;
    }
    expect(checked).toBeGreaterThanOrEqual(2);
    engine.runUntil(Number.MAX_SAFE_INTEGER);
    expect(engine.state.violations).toEqual([]);
  });
});
