import type { SimState } from '../model/state';
import type { Lesson, LessonStep } from './schema';

export type Checkpoint = NonNullable<LessonStep['checkpoint']>;

/** What the learner answered: a choice index, or the entity they clicked on the canvas. */
export type CheckpointAnswer = { kind: 'choice'; choice: number } | { kind: 'pick'; entity: { kind: string; id: string } };

export interface CheckpointVerdict {
  correct: boolean;
  /** One short sentence for the live region and the question panel. */
  feedback: string;
  /** The right answer in words (revealed after answering). */
  rightAnswer: string;
  explanation?: string;
}

/**
 * Checks an answer against the checkpoint and the simulation state the learner was looking at.
 * A "pick" answer only counts when the entity really exists in that state: a lesson whose answer
 * names something the simulation never built (or has already torn down) is reported, not graded
 * as a wrong click, so a broken lesson cannot silently mark everyone wrong.
 */
export function checkAnswer(checkpoint: Checkpoint, answer: CheckpointAnswer, state: SimState): CheckpointVerdict {
  const explanation = checkpoint.explanation;
  if (checkpoint.kind === 'choice') {
    const choices = checkpoint.choices ?? [];
    const right = typeof checkpoint.answer === 'number' ? checkpoint.answer : -1;
    const rightAnswer = choices[right] ?? `choice ${right + 1}`;
    if (answer.kind !== 'choice') return { correct: false, feedback: 'This question wants one of the listed choices.', rightAnswer, explanation };
    const picked = choices[answer.choice];
    if (picked === undefined) return { correct: false, feedback: `There is no choice ${answer.choice + 1}.`, rightAnswer, explanation };
    const correct = answer.choice === right;
    return { correct, feedback: correct ? `Correct: ${picked}.` : `Not quite: you chose "${picked}"; the answer is "${rightAnswer}".`, rightAnswer, explanation };
  }
  const target = String(checkpoint.answer);
  if (answer.kind !== 'pick') return { correct: false, feedback: 'This question wants you to click something on the canvas.', rightAnswer: target, explanation };
  if (!entityExists(state, target)) {
    return { correct: false, feedback: `The lesson's answer "${target}" does not exist in the simulation at this point; the lesson needs fixing.`, rightAnswer: target, explanation };
  }
  const clicked = answer.entity.id;
  const correct = clicked === target;
  return {
    correct,
    feedback: correct ? `Correct: ${describeEntity(answer.entity)}.` : `Not quite: you picked ${describeEntity(answer.entity)}; the answer is ${target}.`,
    rightAnswer: target,
    explanation,
  };
}

function describeEntity(entity: { kind: string; id: string }): string {
  return `${entity.kind} ${entity.id}`;
}

/**
 * Whether an id names something in the state. Frames and blocks are named `<owner>:<index>`
 * (as the memory and storage views select them); everything else is a record key or an `id`
 * field somewhere in the first levels of the world (hosts, domains, tenants, volumes, instances…).
 */
export function entityExists(state: SimState, id: string): boolean {
  const composite = /^(.+):(\d+)$/.exec(id);
  if (composite) return entityExists(state, composite[1] as string);
  return findId(state.world, id, 3);
}

function findId(node: unknown, id: string, depth: number): boolean {
  if (depth < 0 || node === null || typeof node !== 'object') return false;
  if (Array.isArray(node)) {
    // Big chunked arrays (frames, blocks) hold numbers, never ids: skip them cheaply.
    if (node.length > 256) return false;
    return node.some((item) => findId(item, id, depth - 1));
  }
  const record = node as Record<string, unknown>;
  if (record.id === id) return true;
  // A key names an entity only when it holds a record: `null` is an empty field (`lastError`), not one.
  const keyed = Object.prototype.hasOwnProperty.call(record, id) ? record[id] : undefined;
  if (typeof keyed === 'object' && keyed !== null) return true;
  return Object.values(record).some((value) => findId(value, id, depth - 1));
}

/** Index of the first step at or after `from` that has a checkpoint, or -1. */
export function nextCheckpointStep(lesson: Lesson, from: number): number {
  for (let i = Math.max(0, from); i < lesson.steps.length; i++) if (lesson.steps[i]?.checkpoint) return i;
  return -1;
}
