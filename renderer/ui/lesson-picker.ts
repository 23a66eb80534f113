import type { Lesson } from '../../src/lessons/schema';
import { h, icon } from './dom';

export interface LessonPickerActions {
  loadBuiltin(lessonId: string): void;
  openFile(): void;
}

/** The built-in lessons as a list of buttons, plus "Open lesson file…". */
export function createLessonPicker(slot: HTMLElement, lessons: readonly Lesson[], actions: LessonPickerActions): { setActive(lessonId: string | null): void } {
  const items = new Map<string, HTMLButtonElement>();
  const list = h('ul', { class: 'lesson-list', 'aria-label': 'Built-in lessons' });
  for (const lesson of lessons) {
    const button = h(
      'button',
      { type: 'button', class: 'lesson-item', 'data-lesson': lesson.id, onclick: () => actions.loadBuiltin(lesson.id) },
      h('span', { class: 'lesson-title' }, lesson.title),
      h('span', { class: 'lesson-summary' }, lesson.summary),
    );
    items.set(lesson.id, button);
    list.append(h('li', {}, button));
  }
  const open = h('button', { type: 'button', class: 'text-button', 'data-testid': 'open-lesson-file', onclick: actions.openFile }, icon('file'), 'Open lesson file…');
  slot.append(h('h2', { class: 'panel-title' }, 'Lessons'), list, open);
  return {
    setActive(lessonId) {
      for (const [id, button] of items) {
        button.classList.toggle('active', id === lessonId);
        if (id === lessonId) {
          button.setAttribute('aria-current', 'true');
          // The list scrolls inside its share of the panel: keep the open lesson in view. Only the
          // list scrolls — never the page, which at 200 % zoom would carry the canvas away.
          const box = slot.getBoundingClientRect();
          const at = button.getBoundingClientRect();
          if (at.top < box.top) slot.scrollTop -= box.top - at.top;
          else if (at.bottom > box.bottom) slot.scrollTop += at.bottom - box.bottom;
        } else button.removeAttribute('aria-current');
      }
    },
  };
}
