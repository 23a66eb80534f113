import { checkAnswer, type Checkpoint, type CheckpointAnswer, type CheckpointVerdict } from '../../src/lessons/checkpoint';
import type { Lesson } from '../../src/lessons/schema';
import type { SimState } from '../../src/model/state';
import type { EntityRef } from '../views/view';
import { CheckpointStore, settled, withWrong, type AnswerState } from './checkpoint-store';
import { h } from './dom';
import { pickableEntities } from './inspector';
import './demos.css';

export interface OpenQuestion {
  step: number;
  checkpoint: Checkpoint;
  verdict: CheckpointVerdict | null;
}

export interface CheckpointPanel {
  /** Shows the question of the current step (if any), as the learner left it. */
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
 * Checkpoint questions as a large overlay over the canvas (the room must be able to read it at
 * 1280×720: every choice, the verdict and the explanation). The simulator stops play when a step
 * with a checkpoint is reached (src/host/sim-host.ts); this overlay asks, checks the answer
 * against the simulation state (src/lessons/checkpoint.ts), says right or wrong in words and with
 * a symbol (never colour alone), lets a wrong answer be retried, and keeps each question's state
 * per lesson and step (checkpoint-store.ts) so seeking back and forth shows it as it was left.
 * It folds to a small tab so the canvas can be looked at while thinking.
 */
export function createCheckpointPanel(slot: HTMLElement, announce: (text: string) => void): CheckpointPanel {
  const heading = h('h3', { class: 'checkpoint-heading', id: 'checkpoint-question' });
  const body = h('div', { class: 'checkpoint-body' });
  const fold = h('button', { type: 'button', class: 'checkpoint-fold', 'data-testid': 'checkpoint-fold', 'aria-expanded': 'true', title: 'Fold the question away to look at the canvas' }, 'Hide question');
  const header = h('header', { class: 'checkpoint-header' }, h('span', { class: 'checkpoint-kicker' }, 'Question'), fold);
  const panel = h('section', { class: 'checkpoint-panel', role: 'group', 'aria-labelledby': 'checkpoint-question', 'data-testid': 'checkpoint', hidden: true }, header, heading, body);
  slot.append(panel);

  const store = new CheckpointStore();
  let lesson: Lesson | null = null;
  let state: SimState | null = null;
  let open: { step: number; checkpoint: Checkpoint } | null = null;
  let drawn = '';

  const lessonId = (): string => lesson?.id ?? '';
  const answerState = (): AnswerState | null => (open ? store.get(lessonId(), open.step) : null);
  const change = (f: (s: AnswerState) => AnswerState): void => {
    if (open) store.update(lessonId(), open.step, f);
    draw(true);
  };

  fold.addEventListener('click', () => change((s) => ({ ...s, folded: !s.folded })));

  const answer = (given: CheckpointAnswer): void => {
    const current = answerState();
    if (!open || !state || !current || current.verdict) return;
    const verdict = checkAnswer(open.checkpoint, given, state);
    if (verdict.correct) {
      change((s) => settled(s, verdict));
      announce(`${verdict.feedback}${verdict.explanation ? ` ${verdict.explanation}` : ''}`);
      return;
    }
    // Wrong: say so without giving the answer away, and let the learner try again.
    const words = given.kind === 'choice' ? `"${open.checkpoint.choices?.[given.choice] ?? `choice ${given.choice + 1}`}"` : `${given.entity.kind} ${given.entity.id}`;
    change((s) => withWrong(s, words, given.kind === 'choice' ? given.choice : undefined));
    announce(`Not quite: ${words} is not it. Try again, or show the answer.`);
  };

  const reveal = (): void => {
    if (!open || answerState()?.verdict) return;
    const rightAnswer = open.checkpoint.kind === 'choice' ? (open.checkpoint.choices?.[Number(open.checkpoint.answer)] ?? '') : String(open.checkpoint.answer);
    const verdict: CheckpointVerdict = { correct: false, feedback: `Answer shown: ${rightAnswer}.`, rightAnswer, explanation: open.checkpoint.explanation };
    change((s) => settled(s, verdict));
    announce(`${verdict.feedback}${verdict.explanation ? ` ${verdict.explanation}` : ''}`);
  };

  const retry = (): void => change((s) => ({ ...s, lastWrong: null }));

  function draw(force = false): void {
    const current = answerState();
    const key = open && current ? `${lessonId()}:${open.step}:${JSON.stringify(current)}` : '';
    if (!force && key === drawn) return;
    drawn = key;
    // Answering redraws the buttons: focus that was in the panel must stay in it (keyboard users).
    const hadFocus = typeof document !== 'undefined' && panel.contains(document.activeElement);
    drawBody(current);
    if (hadFocus && !panel.contains(document.activeElement)) keepFocus();
  }

  /** After a redraw took the focused control away: the next choice (or the pick list) to try, else the verdict, else the fold button. */
  function keepFocus(): void {
    const target = body.querySelector<HTMLElement>('.checkpoint-choice:not([disabled]), [data-testid="checkpoint-pick"]') ?? body.querySelector<HTMLElement>('[data-testid="checkpoint-verdict"]');
    if (target && !target.matches('button')) target.tabIndex = -1;
    (target && !panel.hidden && !body.hidden ? target : fold).focus();
  }

  function drawBody(current: AnswerState | null): void {
    panel.hidden = open === null;
    if (!open || !current) {
      body.replaceChildren();
      return;
    }
    const { checkpoint } = open;
    const { verdict, wrongChoices, lastWrong, folded } = current;
    panel.classList.toggle('folded', folded);
    // A question answered by clicking the canvas must not cover it: it sits over the caption band.
    panel.classList.toggle('pick', checkpoint.kind === 'pick');
    fold.textContent = folded ? 'Show question' : 'Hide question';
    fold.setAttribute('aria-expanded', String(!folded));
    heading.textContent = checkpoint.question;
    heading.hidden = folded;
    body.hidden = folded;
    const parts: HTMLElement[] = [];
    if (checkpoint.kind === 'choice') {
      const list = h('div', { class: 'checkpoint-choices', role: 'group', 'aria-label': 'Choices' });
      (checkpoint.choices ?? []).forEach((text, i) => {
        const isRight = verdict !== null && i === Number(checkpoint.answer);
        const tried = wrongChoices.includes(i);
        const button = h(
          'button',
          {
            type: 'button',
            class: `checkpoint-choice${isRight ? ' right' : ''}${tried ? ' tried' : ''}`,
            'data-testid': 'checkpoint-choice',
            disabled: verdict !== null || tried,
            onclick: () => answer({ kind: 'choice', choice: i }),
          },
          h('span', { class: 'choice-letter', 'aria-hidden': 'true' }, `${String.fromCharCode(65 + i)}.`),
          h('span', { class: 'choice-text' }, text),
          isRight ? h('span', { class: 'choice-mark' }, '✓ right answer') : tried ? h('span', { class: 'choice-mark' }, '✗ not this one') : null,
        );
        list.append(button);
      });
      parts.push(list);
    } else if (!verdict) {
      parts.push(h('p', { class: 'checkpoint-hint' }, 'Click your answer on the canvas, or choose it here.'), pickByKeyboard());
    }
    if (verdict) {
      parts.push(
        h(
          'p',
          { class: `checkpoint-verdict ${verdict.correct ? 'correct' : 'shown'}`, 'data-testid': 'checkpoint-verdict', role: 'status' },
          h('span', { class: 'verdict-mark', 'aria-hidden': 'true' }, verdict.correct ? '✓ ' : '→ '),
          verdict.feedback,
        ),
      );
      if (verdict.explanation) parts.push(h('p', { class: 'checkpoint-explanation', 'data-testid': 'checkpoint-explanation' }, verdict.explanation));
      parts.push(h('p', { class: 'checkpoint-continue' }, 'Press Space (or Play) to continue the lesson.'));
    } else {
      if (lastWrong) {
        parts.push(
          h(
            'p',
            { class: 'checkpoint-verdict wrong', 'data-testid': 'checkpoint-verdict', role: 'status' },
            h('span', { class: 'verdict-mark', 'aria-hidden': 'true' }, '✗ '),
            `Not quite: ${lastWrong} is not it. Try again.`,
          ),
        );
      }
      const actions = h('div', { class: 'checkpoint-actions' });
      if (lastWrong) actions.append(h('button', { type: 'button', class: 'checkpoint-action', 'data-testid': 'checkpoint-retry', onclick: retry }, 'Try again'));
      actions.append(h('button', { type: 'button', class: 'checkpoint-action secondary', 'data-testid': 'checkpoint-reveal', onclick: reveal }, 'Show the answer'));
      parts.push(actions);
    }
    body.replaceChildren(...parts);
  }

  /** The keyboard's way to answer a "pick" question (WCAG 2.1.1): the entities in a list, then Answer. */
  function pickByKeyboard(): HTMLElement {
    const select = h('select', { 'aria-label': 'Your answer', 'data-testid': 'checkpoint-pick' }, h('option', { value: '' }, 'Choose…'));
    for (const group of state ? pickableEntities(state) : []) {
      select.append(h('optgroup', { label: group.label }, ...group.ids.map((id) => h('option', { value: `${group.kind}:${id}` }, id))));
    }
    const submit = h('button', { type: 'button', class: 'checkpoint-action', 'data-testid': 'checkpoint-pick-answer' }, 'Answer');
    submit.addEventListener('click', () => {
      const [kind, ...rest] = select.value.split(':');
      if (kind && rest.length > 0) answer({ kind: 'pick', entity: { kind, id: rest.join(':') } });
      else select.focus();
    });
    return h('div', { class: 'checkpoint-actions checkpoint-pick-form' }, select, submit);
  }

  return {
    update(nextLesson, stepIndex, nextState) {
      lesson = nextLesson;
      state = nextState;
      const checkpoint = lesson?.steps[stepIndex]?.checkpoint;
      const wasOpen = open?.step;
      open = checkpoint ? { step: stepIndex, checkpoint } : null;
      if (open && wasOpen !== stepIndex && !answerState()?.verdict) announce(`Question: ${open.checkpoint.question}`);
      draw();
    },
    pick(entity) {
      if (!open || open.checkpoint.kind !== 'pick' || answerState()?.verdict) return false;
      answer({ kind: 'pick', entity });
      return true;
    },
    choose(choice) {
      if (open?.checkpoint.kind === 'choice') answer({ kind: 'choice', choice });
    },
    current() {
      return open ? { ...open, verdict: answerState()?.verdict ?? null } : null;
    },
    reset() {
      store.reset();
      open = null;
      drawn = '';
      draw(true);
    },
  };
}
