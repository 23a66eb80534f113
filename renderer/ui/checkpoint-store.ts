import type { CheckpointVerdict } from '../../src/lessons/checkpoint';

/** Where a learner stands on one question. */
export interface AnswerState {
  /** Choices tried and found wrong (indexes), in order. */
  wrongChoices: number[];
  /** The last wrong answer in words (choice text or picked entity), for the retry message. */
  lastWrong: string | null;
  /** Set once the question is settled: answered right, or the answer was shown. */
  verdict: CheckpointVerdict | null;
  /** The overlay is folded away so the canvas can be seen (the question stays one click away). */
  folded: boolean;
}

const fresh = (): AnswerState => ({ wrongChoices: [], lastWrong: null, verdict: null, folded: false });

/**
 * Answers kept per lesson and step, so seeking back and forth shows each question as it was
 * left; `reset` forgets them all (a lesson change).
 */
export class CheckpointStore {
  private readonly answers = new Map<string, AnswerState>();

  private key(lessonId: string, step: number): string {
    return `${lessonId}#${step}`;
  }

  get(lessonId: string, step: number): AnswerState {
    return this.answers.get(this.key(lessonId, step)) ?? fresh();
  }

  update(lessonId: string, step: number, change: (state: AnswerState) => AnswerState): AnswerState {
    const next = change(this.get(lessonId, step));
    this.answers.set(this.key(lessonId, step), next);
    return next;
  }

  reset(): void {
    this.answers.clear();
  }
}

/** A wrong answer: remembered so the learner can try again with what is left. */
export function withWrong(state: AnswerState, words: string, choice?: number): AnswerState {
  return {
    ...state,
    lastWrong: words,
    wrongChoices: choice === undefined || state.wrongChoices.includes(choice) ? state.wrongChoices : [...state.wrongChoices, choice],
  };
}

/** A settled question (right answer, or the answer shown). */
export function settled(state: AnswerState, verdict: CheckpointVerdict): AnswerState {
  return { ...state, verdict, lastWrong: null, folded: false };
}
