import { describe, expect, it } from 'vitest';
import { formatErrors, validateLesson } from './load';

/**
 * One assertion per cross-check in load.ts (references a schema cannot express). Each case is
 * the minimal lesson with exactly one thing wrong, and must give exactly that one located error:
 * deleting any single rule makes its case go green-to-red.
 */

const guest = (id: string, tenant = 'a') => ({ id, tenant });

function lesson(patch: Record<string, unknown> = {}, world: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    id: 'tiny',
    title: 'Tiny',
    summary: 'One host, one guest.',
    timeScale: '1s',
    world: { tenants: [{ id: 'a' }, { id: 'b' }], hosts: [{ id: 'h', guests: [guest('g')] }], ...world },
    steps: [{ at: '0s', narration: 'Hello.' }],
    ...patch,
  };
}

function errorsOf(data: unknown): string[] {
  const result = validateLesson(data, 'lesson.json');
  return result.ok ? [] : formatErrors(result.errors).split('\n');
}

const choiceStep = (checkpoint: Record<string, unknown>) => ({ at: '0s', narration: 'Q', checkpoint: { question: 'Which?', kind: 'choice', ...checkpoint } });
const privileged = { type: 'cpu.privileged', domain: 'g', from: 'kernel', instruction: 'wrmsr' };

describe('lesson cross-checks, one rule at a time', () => {
  it('the baseline lesson of these cases is valid', () => {
    expect(errorsOf(lesson())).toEqual([]);
    expect(errorsOf(lesson({ steps: [{ at: '0s', narration: 'x' }, { at: '2s', narration: 'y', actions: [{ at: '3s', action: privileged }] }] }))).toEqual([]);
    expect(errorsOf(lesson({ steps: [choiceStep({ choices: ['x', 'y'], answer: 1 })] }))).toEqual([]);
  });

  it('refuses a duplicate tenant id', () => {
    expect(errorsOf(lesson({}, { tenants: [{ id: 'a' }, { id: 'a' }] }))).toEqual(['lesson.json: $.world.tenants[1].id: duplicate tenant id "a"']);
  });

  it('refuses a duplicate host id', () => {
    const hosts = [{ id: 'h', guests: [guest('g')] }, { id: 'h', guests: [guest('g2')] }];
    expect(errorsOf(lesson({}, { hosts }))).toEqual(['lesson.json: $.world.hosts[1].id: duplicate id "h"']);
  });

  it('refuses a guest whose id is taken by another guest or by a host', () => {
    const twoGuests = [{ id: 'h', guests: [guest('g'), guest('g', 'b')] }];
    expect(errorsOf(lesson({}, { hosts: twoGuests }))).toEqual(['lesson.json: $.world.hosts[0].guests[1].id: duplicate id "g"']);
    const hostName = [{ id: 'h', guests: [guest('h')] }];
    expect(errorsOf(lesson({}, { hosts: hostName }))).toEqual(['lesson.json: $.world.hosts[0].guests[0].id: duplicate id "h"']);
  });

  it('refuses a guest of an undeclared tenant', () => {
    expect(errorsOf(lesson({}, { hosts: [{ id: 'h', guests: [guest('g', 'zed')] }] }))).toEqual([
      'lesson.json: $.world.hosts[0].guests[0].tenant: expected one of the tenants declared in $.world.tenants, got "zed"',
    ]);
  });

  it('refuses xenVersion on a Nitro host, and accepts it on a Xen host', () => {
    const nitro = [{ id: 'h', hypervisor: 'nitro', xenVersion: '4.17', guests: [guest('g')] }];
    expect(errorsOf(lesson({}, { hosts: nitro }))).toEqual(['lesson.json: $.world.hosts[0].xenVersion: a Nitro host runs no Xen; remove xenVersion']);
    expect(errorsOf(lesson({}, { hosts: [{ id: 'h', hypervisor: 'xen', xenVersion: '4.17', guests: [guest('g')] }] }))).toEqual([]);
  });

  it('refuses an unknown fault, and accepts a known one', () => {
    expect(errorsOf(lesson({ faults: ['no-ebs-wipe', 'made-up-fault'] }))).toEqual(['lesson.json: $.faults[1]: unknown fault "made-up-fault"']);
  });

  it('refuses steps out of time order, even after a step at the same time', () => {
    const steps = [{ at: '5s', narration: 'a' }, { at: '5s', narration: 'b' }, { at: '2s', narration: 'c' }];
    expect(errorsOf(lesson({ steps }))).toEqual(['lesson.json: $.steps[2].at: expected steps in time order; this step starts before the previous one']);
  });

  it('refuses a step that goes back before an earlier step, not only before its neighbour', () => {
    const steps = [{ at: '5s', narration: 'a' }, { at: '1s', narration: 'b' }, { at: '3s', narration: 'c' }];
    expect(errorsOf(lesson({ steps }))).toEqual([
      'lesson.json: $.steps[1].at: expected steps in time order; this step starts before the previous one',
      'lesson.json: $.steps[2].at: expected steps in time order; this step starts before the previous one',
    ]);
  });

  it('refuses an action timed before its step, and accepts one at the step\'s own time', () => {
    const steps = [{ at: '2s', narration: 'x', actions: [{ at: '2s', action: privileged }, { at: '1999ms', action: privileged }] }];
    expect(errorsOf(lesson({ steps }))).toEqual(["lesson.json: $.steps[0].actions[1].at: expected a time at or after the step's own time"]);
  });

  it('refuses a multiple-choice checkpoint with fewer than two choices', () => {
    expect(errorsOf(lesson({ steps: [choiceStep({ choices: ['only'], answer: 0 })] }))).toEqual(['lesson.json: $.steps[0].checkpoint.choices: expected at least two choices']);
    expect(errorsOf(lesson({ steps: [choiceStep({ answer: 0 })] }))).toEqual(['lesson.json: $.steps[0].checkpoint.choices: expected at least two choices']);
  });

  it('refuses a checkpoint answer index out of range, or not an index', () => {
    expect(errorsOf(lesson({ steps: [choiceStep({ choices: ['x', 'y'], answer: 2 })] }))).toEqual(['lesson.json: $.steps[0].checkpoint.answer: expected the index of one of the 2 choices']);
    expect(errorsOf(lesson({ steps: [choiceStep({ choices: ['x', 'y'], answer: 'g' })] }))).toEqual(['lesson.json: $.steps[0].checkpoint.answer: expected the index of one of the 2 choices']);
  });

  it('leaves a pick checkpoint\'s entity answer alone', () => {
    expect(errorsOf(lesson({ steps: [{ at: '0s', narration: 'Q', checkpoint: { question: 'Which?', kind: 'pick', answer: 'g' } }] }))).toEqual([]);
  });
});
