import type { Lesson } from '../../src/lessons/schema';

/**
 * Presenter mode in the browser build, where there is one window: `p` cycles the layout between
 * normal, presenter (normal plus notes, the next step and the checkpoint answer) and audience
 * (canvas and narration only, large type: what the class sees). In the desktop app the audience
 * has its own window (`?view=audience`) and the menu switches the presenter layout on and off.
 */
export type PresenterLayout = 'normal' | 'presenter' | 'audience';

const CYCLE: readonly PresenterLayout[] = ['normal', 'presenter', 'audience'];

export function nextLayout(current: PresenterLayout): PresenterLayout {
  return CYCLE[(CYCLE.indexOf(current) + 1) % CYCLE.length] as PresenterLayout;
}

export const LAYOUT_NAMES: Record<PresenterLayout, string> = {
  normal: 'Normal layout',
  presenter: 'Presenter layout (notes, next step, answers)',
  audience: 'Audience layout (canvas and narration, large)',
};

export interface AnswerNote {
  /** "This step" or "Next question (step n)". */
  heading: string;
  question: string;
  answer: string;
  explanation?: string;
}

/**
 * The checkpoint answer the presenter sees: the current step's question, or else the next one
 * coming, so the presenter can prepare before the class gets there.
 */
export function answerNote(lesson: Lesson | null, stepIndex: number): AnswerNote | null {
  if (!lesson) return null;
  for (let i = Math.max(0, stepIndex); i < lesson.steps.length; i++) {
    const checkpoint = lesson.steps[i]?.checkpoint;
    if (!checkpoint) continue;
    const answer = checkpoint.kind === 'choice' ? (checkpoint.choices?.[Number(checkpoint.answer)] ?? `choice ${Number(checkpoint.answer) + 1}`) : `click ${String(checkpoint.answer)}`;
    return {
      heading: i === stepIndex ? 'Answer to this question' : `Next question (step ${i + 1})`,
      question: checkpoint.question,
      answer,
      explanation: checkpoint.explanation,
    };
  }
  return null;
}
