import type { Lesson } from '../../src/lessons/schema';

/**
 * Presenter mode. In the browser build, `p` opens a second window, the presenter's, with the
 * notes, the next step and the checkpoint answers (presenter-window.ts), kept in sync over a
 * BroadcastChannel; the first window becomes the audience layout (canvas and narration only, large
 * type: what the class sees). Where a second window cannot open, `p` cycles the layouts of the one
 * window instead: normal → presenter → audience. In the desktop app the audience has its own
 * window (`?view=audience`) and View › Presenter Mode switches it on and off.
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

/** What the presenter's second window shows; never sent anywhere the audience can see. */
export interface PresenterSnapshot {
  lessonTitle: string;
  /** −1 before the first step. */
  stepIndex: number;
  stepCount: number;
  stepTitle: string;
  notes: string;
  /** The next step's title, or null at the last step. */
  next: string | null;
  answer: AnswerNote | null;
  playing: boolean;
  simTime: number;
}

export function presenterSnapshot(lesson: Lesson | null, stepIndex: number, playing: boolean, simTime: number): PresenterSnapshot {
  const index = Math.max(0, stepIndex);
  const step = lesson?.steps[index];
  const next = lesson?.steps[index + 1];
  return {
    lessonTitle: lesson?.title ?? 'No lesson loaded',
    stepIndex,
    stepCount: lesson?.steps.length ?? 0,
    stepTitle: step ? (step.title ?? `Step ${index + 1}`) : '',
    notes: step?.notes ?? 'No notes for this step.',
    next: next ? (next.title ?? `Step ${index + 2}`) : null,
    answer: answerNote(lesson, stepIndex),
    playing,
    simTime,
  };
}

/** The presenter window's buttons: what it may ask the main window to do. */
export const PRESENTER_COMMANDS = ['togglePlay', 'previousLessonStep', 'nextLessonStep', 'stepBack', 'step'] as const;
export type PresenterCommand = (typeof PRESENTER_COMMANDS)[number];

/** Messages on the presenter's BroadcastChannel (`isolab-presenter-<session>`). */
export type PresenterMessage =
  | { type: 'snapshot'; snapshot: PresenterSnapshot }
  | { type: 'hello' }
  | { type: 'command'; command: PresenterCommand }
  | { type: 'bye'; from: 'main' | 'presenter' };

export function channelName(session: string): string {
  return `isolab-presenter-${session}`;
}

/** Accepts only well-formed messages (the channel is same-origin, but stay strict). */
export function isPresenterMessage(data: unknown): data is PresenterMessage {
  if (typeof data !== 'object' || data === null || !('type' in data)) return false;
  switch (data.type) {
    case 'hello':
      return true;
    case 'bye':
      return 'from' in data && (data.from === 'main' || data.from === 'presenter');
    case 'command':
      return 'command' in data && PRESENTER_COMMANDS.some((c) => c === data.command);
    case 'snapshot':
      return 'snapshot' in data && typeof data.snapshot === 'object' && data.snapshot !== null;
    default:
      return false;
  }
}
