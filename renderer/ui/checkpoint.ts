import { checkAnswer, type Checkpoint, type CheckpointAnswer, type CheckpointVerdict } from '../../src/lessons/checkpoint';
import type { Lesson } from '../../src/lessons/schema';
import type { SimState } from '../../src/model/state';
import type { EntityRef } from '../views/view';
import { h } from './dom';
import './demos.css';

export interface OpenQuestion {
  step: number;
  checkpoint: Checkpoint;
  verdict: CheckpointVerdict | null;
}

export interface CheckpointPanel {
  /** Shows the question of the current step (if any), with its verdict once answered. */
  update(lesson: Lesson | null, stepIndex: number, state: SimState | null): void;
  /** A click on the canvas: answers an open "pick" question. Returns true when it was used. */
  pick(entity: EntityRef): boolean;
  /** Answers an open multiple-choice question (buttons, keyboard). */
  choose(choice: number): void;
  /** The question on screen, if any (presenter view, tests). */
  current(): OpenQuestion | null;
  /** Forgets the answers given (a new lesson). */
  reset(): void;
}

/**
 * The checkpoint question panel. The simulator stops play when a step with a checkpoint is
 * reached (src/host/sim-host.ts); this panel asks, checks the answer against the simulation state
 * (src/lessons/checkpoint.ts), says whether it was right in words and with a symbol (never colour
 * alone), and reveals the explanation, which stays visible when the lesson is revisited.
 */
export function createCheckpointPanel(slot: HTMLElement, announce: (text: string) => void): CheckpointPanel {
  const heading = h('h3', { class: 'checkpoint-heading', id: 'checkpoint-question' });
  const body = h('div', { class: 'checkpoint-body' });
  const panel = h('section', { class: 'checkpoint-panel', role: 'group', 'aria-labelledby': 'checkpoint-question', 'data-testid': 'checkpoint', hidden: true }, heading, body);
  slot.append(panel);

  const verdicts = new Map<number, CheckpointVerdict>();
  let lesson: Lesson | null = null;
  let state: SimState | null = null;
  let open: { step: number; checkpoint: Checkpoint } | null = null;
  let drawn = '';

  const answer = (given: CheckpointAnswer): void => {
    if (!open || !state || verdicts.has(open.step)) return;
    const verdict = checkAnswer(open.checkpoint, given, state);
    verdicts.set(open.step, verdict);
    announce(`${verdict.feedback}${verdict.explanation ? ` ${verdict.explanation}` : ''}`);
    draw(true);
  };

  const reveal = (): void => {
    if (!open || verdicts.has(open.step)) return;
    const rightAnswer = open.checkpoint.kind === 'choice' ? (open.checkpoint.choices?.[Number(open.checkpoint.answer)] ?? '') : String(open.checkpoint.answer);
    const verdict: CheckpointVerdict = { correct: false, feedback: `Answer shown: ${rightAnswer}.`, rightAnswer, explanation: open.checkpoint.explanation };
    verdicts.set(open.step, verdict);
    announce(`${verdict.feedback}${verdict.explanation ? ` ${verdict.explanation}` : ''}`);
    draw(true);
  };

  function draw(force = false): void {
    const key = open ? `${open.step}:${verdicts.has(open.step)}` : '';
    if (!force && key === drawn) return;
    drawn = key;
    panel.hidden = open === null;
    if (!open) {
      body.replaceChildren();
      return;
    }
    const { checkpoint, step } = open;
    const verdict = verdicts.get(step) ?? null;
    heading.textContent = `Question: ${checkpoint.question}`;
    const parts: HTMLElement[] = [];
    if (checkpoint.kind === 'choice') {
      const list = h('div', { class: 'checkpoint-choices', role: 'group', 'aria-label': 'Choices' });
      (checkpoint.choices ?? []).forEach((text, i) => {
        const isRight = verdict !== null && i === Number(checkpoint.answer);
        const button = h(
          'button',
          { type: 'button', class: `checkpoint-choice${isRight ? ' right' : ''}`, 'data-testid': 'checkpoint-choice', disabled: verdict !== null, onclick: () => answer({ kind: 'choice', choice: i }) },
          h('span', { class: 'choice-letter', 'aria-hidden': 'true' }, `${String.fromCharCode(65 + i)}.`),
          ` ${text}`,
          isRight ? h('span', { class: 'choice-mark' }, ' ✓ right answer') : null,
        );
        list.append(button);
      });
      parts.push(list);
    } else if (!verdict) {
      parts.push(h('p', { class: 'checkpoint-hint' }, 'Click your answer on the canvas.'));
    }
    if (verdict) {
      parts.push(
        h(
          'p',
          { class: `checkpoint-verdict ${verdict.correct ? 'correct' : 'wrong'}`, 'data-testid': 'checkpoint-verdict', role: 'status' },
          h('span', { class: 'verdict-mark', 'aria-hidden': 'true' }, verdict.correct ? '✓ ' : '✗ '),
          verdict.feedback,
        ),
      );
      if (verdict.explanation) parts.push(h('p', { class: 'checkpoint-explanation', 'data-testid': 'checkpoint-explanation' }, verdict.explanation));
      parts.push(h('p', { class: 'muted small' }, 'Press Space (or Play) to continue the lesson.'));
    } else {
      parts.push(h('button', { type: 'button', class: 'text-button', 'data-testid': 'checkpoint-reveal', onclick: reveal }, 'Show the answer'));
    }
    body.replaceChildren(...parts);
  }

  return {
    update(nextLesson, stepIndex, nextState) {
      if (nextLesson !== lesson) verdicts.clear();
      lesson = nextLesson;
      state = nextState;
      const checkpoint = lesson?.steps[stepIndex]?.checkpoint;
      const wasOpen = open?.step;
      open = checkpoint ? { step: stepIndex, checkpoint } : null;
      if (open && wasOpen !== stepIndex && !verdicts.has(stepIndex)) announce(`Question: ${open.checkpoint.question}`);
      draw();
    },
    pick(entity) {
      if (!open || open.checkpoint.kind !== 'pick' || verdicts.has(open.step)) return false;
      answer({ kind: 'pick', entity });
      return true;
    },
    choose(choice) {
      if (open?.checkpoint.kind === 'choice') answer({ kind: 'choice', choice });
    },
    current() {
      return open ? { ...open, verdict: verdicts.get(open.step) ?? null } : null;
    },
    reset() {
      verdicts.clear();
      drawn = '';
    },
  };
}
