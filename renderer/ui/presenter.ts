import type { Lesson } from '../../src/lessons/schema';
import { h } from './dom';
import { answerNote, LAYOUT_NAMES, nextLayout, type PresenterLayout } from './presenter-model';
import './demos.css';

export interface PresenterControls {
  readonly layout: PresenterLayout;
  set(layout: PresenterLayout): void;
  cycle(): void;
  /** Shows the checkpoint answer for the current (or next) question; presenter layout only. */
  update(lesson: Lesson | null, stepIndex: number): void;
}

/**
 * The presenter toggle (a button and the `p` key) and the presenter's checkpoint answer. The
 * layouts themselves are CSS on the app element: `.presenter` shows the speaker notes and the
 * answer; `.audience` hides everything but the canvas and the narration, in large type.
 */
export function createPresenterControls(app: HTMLElement, buttonSlot: HTMLElement, answerSlot: HTMLElement, announce: (text: string) => void): PresenterControls {
  const button = h('button', { type: 'button', class: 'text-button presenter-toggle', 'aria-pressed': 'false', 'aria-keyshortcuts': 'p', 'data-testid': 'presenter-toggle', title: 'Presenter mode (p)' }, 'Present');
  buttonSlot.append(button);
  const answer = h('div', { class: 'presenter-notes presenter-answer', 'aria-label': 'Checkpoint answer', 'data-testid': 'presenter-answer' });
  answerSlot.append(answer);
  let layout: PresenterLayout = 'normal';
  let shown = '';

  const controls: PresenterControls = {
    get layout() {
      return layout;
    },
    set(next) {
      layout = next;
      app.classList.toggle('presenter', next === 'presenter');
      app.classList.toggle('audience', next === 'audience');
      app.dataset.layout = next;
      button.setAttribute('aria-pressed', String(next !== 'normal'));
      button.textContent = next === 'normal' ? 'Present' : next === 'presenter' ? 'Presenter ▸ audience' : 'Audience ▸ normal';
      button.title = `${LAYOUT_NAMES[next]} — press p to switch`;
      // The canvas follows its container; a layout change resizes it without a window resize.
      window.dispatchEvent(new Event('resize'));
      announce(LAYOUT_NAMES[next]);
    },
    cycle() {
      controls.set(nextLayout(layout));
    },
    update(lesson, stepIndex) {
      const note = answerNote(lesson, stepIndex);
      const key = note ? `${note.heading}|${note.question}` : '';
      if (key === shown) return;
      shown = key;
      const parts: HTMLElement[] = note
        ? [h('h3', {}, note.heading), h('p', {}, note.question), h('p', {}, h('strong', {}, 'Answer: '), note.answer)]
        : [h('h3', {}, 'Checkpoint answer'), h('p', { class: 'muted small' }, 'No questions ahead in this lesson.')];
      if (note?.explanation) parts.push(h('p', { class: 'muted small' }, note.explanation));
      answer.replaceChildren(...parts);
    },
  };
  button.addEventListener('click', () => controls.cycle());
  return controls;
}
