import type { Lesson } from '../../src/lessons/schema';
import { h } from './dom';
import { renderMarkdown } from './markdown';

/** The current lesson step's chapter, title and narration, plus an outline of all steps to jump to. */
export function createNarration(slot: HTMLElement, goToStep: (index: number) => void): { update(lesson: Lesson | null, stepIndex: number): void } {
  const chapter = h('p', { class: 'chapter' });
  const title = h('h2', { class: 'step-title' });
  const body = h('div', { class: 'narration-body', 'data-testid': 'narration' });
  const outline = h('ol', { class: 'step-outline', 'aria-label': 'Lesson steps' });
  // Speaker notes and the next step: shown only in presenter mode (CSS), never in the audience window.
  const notes = h('div', { class: 'presenter-notes', 'aria-label': 'Presenter notes' });
  slot.append(chapter, title, body, notes, h('details', { class: 'outline-details' }, h('summary', {}, 'All steps'), outline));
  let shownLesson: Lesson | null = null;
  let shownStep = -2;
  return {
    update(lesson, stepIndex) {
      if (lesson === shownLesson && stepIndex === shownStep) return;
      if (lesson !== shownLesson) {
        outline.replaceChildren(
          ...(lesson?.steps ?? []).map((step, i) =>
            h('li', {}, h('button', { type: 'button', class: 'link-button', onclick: () => goToStep(i) }, step.title ?? `Step ${i + 1}`)),
          ),
        );
      }
      shownLesson = lesson;
      shownStep = stepIndex;
      [...outline.querySelectorAll('button')].forEach((b, i) => b.classList.toggle('current', i === stepIndex));
      if (!lesson) {
        title.textContent = 'No lesson loaded';
        body.textContent = '';
        notes.replaceChildren();
        return;
      }
      const index = Math.max(0, stepIndex);
      const step = lesson.steps[index];
      // The chapter is the latest one started at or before this step.
      const chapterTitle = lesson.steps.slice(0, index + 1).reverse().find((s) => s.chapter)?.chapter;
      chapter.textContent = chapterTitle ?? lesson.title;
      if (stepIndex < 0 || !step) {
        // Before the first step: no notes of any earlier lesson or step linger.
        notes.replaceChildren(h('h3', {}, 'Notes'), h('p', { class: 'muted small' }, lesson.steps[0] ? `Next: ${lesson.steps[0].title ?? 'step 1'}` : 'This lesson has no steps.'));
        title.textContent = lesson.title;
        body.innerHTML = renderMarkdown(lesson.summary);
        return;
      }
      const next = lesson.steps[index + 1];
      notes.replaceChildren(
        h('h3', {}, 'Notes'),
        notesBody(step.notes),
        h('p', { class: 'muted small' }, next ? `Next: ${next.title ?? `step ${index + 2}`}` : 'Last step'),
      );
      title.textContent = step.title ?? `Step ${index + 1}`;
      // renderMarkdown escapes all text before adding its own markup (see markdown.ts and its tests).
      body.innerHTML = renderMarkdown(step.narration);
    },
  };
}

/** Presenter notes are lesson markdown too (escaped before any markup is added, see markdown.ts). */
function notesBody(text: string | undefined): HTMLElement {
  const body = h('div', { class: 'notes-body' });
  if (text) body.innerHTML = renderMarkdown(text);
  else body.textContent = 'No notes for this step.';
  return body;
}
