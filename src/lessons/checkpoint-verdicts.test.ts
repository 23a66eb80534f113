import { describe, expect, it } from 'vitest';
import { createSimulation } from '../host/simulation';
import type { SimState } from '../model/state';
import { checkAnswer, entityExists, nextCheckpointStep, type Checkpoint } from './checkpoint';
import { findLesson } from './index';
import { validateLesson } from './load';

/** hello-host at 2 s: host-1 with dom0, alice's web-a (booted at 1 s) and bob's db-b. */
function helloState(): SimState {
  const lesson = findLesson('hello-host');
  if (!lesson) throw new Error('hello-host missing');
  const engine = createSimulation(lesson);
  engine.runUntil(2e9);
  return engine.state;
}

/**
 * A state whose world is only `world`: entityExists reads nothing but `state.world`, so a small
 * hand-made world shows its search rules (the cast stands in for the rest of a simulation state).
 */
const worldOnly = (world: Record<string, unknown>) => ({ world }) as unknown as SimState;

const choice: Checkpoint = { question: 'Which domain holds the drivers?', kind: 'choice', choices: ['dom0', 'a guest', 'Xen itself'], answer: 0, explanation: 'dom0 does.' };
const pick: Checkpoint = { question: 'Click the HVM guest', kind: 'pick', answer: 'web-a' };

describe('checkAnswer: what the learner is told', () => {
  it('a multiple-choice answer: right, wrong, or a click where a choice was asked', () => {
    const state = helloState();
    expect(checkAnswer(choice, { kind: 'choice', choice: 0 }, state)).toEqual({ correct: true, feedback: 'Correct: dom0.', rightAnswer: 'dom0', explanation: 'dom0 does.' });
    expect(checkAnswer(choice, { kind: 'choice', choice: 2 }, state)).toEqual({
      correct: false,
      feedback: 'Not quite: you chose "Xen itself"; the answer is "dom0".',
      rightAnswer: 'dom0',
      explanation: 'dom0 does.',
    });
    expect(checkAnswer(choice, { kind: 'pick', entity: { kind: 'domain', id: 'dom0' } }, state)).toEqual({
      correct: false,
      feedback: 'This question wants one of the listed choices.',
      rightAnswer: 'dom0',
      explanation: 'dom0 does.',
    });
  });

  it('a choice question without a usable right answer names it by number and marks no choice right', () => {
    const state = helloState();
    // No choices listed: the right answer is named by its 1-based number, and nothing can be picked.
    const bare: Checkpoint = { question: 'Which?', kind: 'choice', answer: 1 };
    expect(checkAnswer(bare, { kind: 'choice', choice: 0 }, state)).toEqual({ correct: false, feedback: 'There is no choice 1.', rightAnswer: 'choice 2', explanation: undefined });
    expect(checkAnswer(bare, { kind: 'choice', choice: 1 }, state)).toEqual({ correct: false, feedback: 'There is no choice 2.', rightAnswer: 'choice 2', explanation: undefined });
    // An entity id as the answer of a choice question (a broken lesson): no choice is right.
    const broken: Checkpoint = { question: 'Which?', kind: 'choice', choices: ['first', 'second'], answer: 'web-a' };
    for (const index of [0, 1]) {
      expect(checkAnswer(broken, { kind: 'choice', choice: index }, state)).toMatchObject({ correct: false, rightAnswer: 'choice 0' });
    }
  });

  it('a pick: the entity clicked, right or wrong, or a choice where a click was asked', () => {
    const state = helloState();
    expect(checkAnswer(pick, { kind: 'pick', entity: { kind: 'domain', id: 'web-a' } }, state)).toEqual({ correct: true, feedback: 'Correct: domain web-a.', rightAnswer: 'web-a', explanation: undefined });
    expect(checkAnswer({ ...pick, explanation: 'HVM.' }, { kind: 'pick', entity: { kind: 'domain', id: 'db-b' } }, state)).toEqual({
      correct: false,
      feedback: 'Not quite: you picked domain db-b; the answer is web-a.',
      rightAnswer: 'web-a',
      explanation: 'HVM.',
    });
    expect(checkAnswer(pick, { kind: 'choice', choice: 0 }, state)).toEqual({
      correct: false,
      feedback: 'This question wants you to click something on the canvas.',
      rightAnswer: 'web-a',
      explanation: undefined,
    });
  });

  it('a pick whose answer is not in the simulation blames the lesson, even for the "right" click', () => {
    const ghost: Checkpoint = { ...pick, answer: 'no-such-guest' };
    expect(checkAnswer(ghost, { kind: 'pick', entity: { kind: 'domain', id: 'no-such-guest' } }, helloState())).toEqual({
      correct: false,
      feedback: 'The lesson\'s answer "no-such-guest" does not exist in the simulation at this point; the lesson needs fixing.',
      rightAnswer: 'no-such-guest',
      explanation: undefined,
    });
  });
});

describe('entityExists: where it looks', () => {
  it('an empty field of the world is not an entity a pick question could name', () => {
    const state = helloState();
    expect(entityExists(state, 'lastError')).toBe(false);
  });

  it('frames and blocks are `<owner>:<index>`: the owner must exist and the index be a number', () => {
    const state = helloState();
    expect(entityExists(state, 'web-a:7')).toBe(true);
    expect(entityExists(state, 'web-a:x')).toBe(false);
    expect(entityExists(state, 'web-a:')).toBe(false);
    expect(entityExists(state, 'web-a:7x')).toBe(false);
    expect(entityExists(state, 'nobody:7')).toBe(false);
  });

  it('finds an id field or a record key up to three levels below the world, not deeper', () => {
    const world = worldOnly({
      records: { r1: { kind: 'x' } },
      a: { b: { c: { id: 'third', d: { id: 'fourth' }, keyed: { v: 1 } } } },
    });
    expect(entityExists(world, 'r1')).toBe(true);
    expect(entityExists(world, 'third')).toBe(true);
    expect(entityExists(world, 'keyed')).toBe(true);
    expect(entityExists(world, 'fourth')).toBe(false);
  });

  it('a key counts only when it holds a record (a plain value is a field, not an entity); empty values do not stop the search', () => {
    const world = worldOnly({ nothing: null, config: { mode: 'teaching', frames: 1024 }, hosts: { h1: { id: 'h1', owner: 'alice' } } });
    expect(entityExists(world, 'nothing')).toBe(false);
    expect(entityExists(world, 'mode')).toBe(false);
    expect(entityExists(world, 'frames')).toBe(false);
    expect(entityExists(world, 'h1')).toBe(true);
    expect(entityExists(world, 'alice')).toBe(false);
    expect(entityExists(world, 'absent')).toBe(false);
  });

  it('looks inside lists of up to 256 records; longer lists (frame and block tables) are not searched', () => {
    const list = (n: number, prefix: string) => Array.from({ length: n }, (_, i) => ({ id: `${prefix}${i}` }));
    const world = worldOnly({ short: list(256, 's'), long: list(257, 'l') });
    expect(entityExists(world, 's255')).toBe(true);
    expect(entityExists(world, 'l0')).toBe(false);
  });

  it('a list is a level too: records in nested lists are found only within the same three levels', () => {
    const world = worldOnly({ pairs: [[{ id: 'in-a-pair' }]], deeper: [[[{ id: 'too-deep' }]]] });
    expect(entityExists(world, 'in-a-pair')).toBe(true);
    expect(entityExists(world, 'too-deep')).toBe(false);
  });
});

describe('nextCheckpointStep', () => {
  it('counts the step it starts from, treats a negative start as the first step, and ends at the last step', () => {
    const base = findLesson('hello-host');
    if (!base) throw new Error('hello-host missing');
    const data = JSON.parse(JSON.stringify(base)) as { steps: Array<Record<string, unknown>> };
    const last = data.steps.length - 1;
    (data.steps[0] as Record<string, unknown>).checkpoint = pick;
    (data.steps[last] as Record<string, unknown>).checkpoint = pick;
    const result = validateLesson(data, 'test.json');
    if (!result.ok) throw new Error(JSON.stringify(result.errors));
    expect(nextCheckpointStep(result.lesson, -3)).toBe(0);
    expect(nextCheckpointStep(result.lesson, 0)).toBe(0);
    expect(nextCheckpointStep(result.lesson, 1)).toBe(last);
    expect(nextCheckpointStep(result.lesson, last)).toBe(last);
    expect(nextCheckpointStep(result.lesson, last + 1)).toBe(-1);
  });
});
