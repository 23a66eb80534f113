import type { Violation } from '../../src/engine/types';
import { formatDuration } from '../../src/engine/time';
import { h } from './dom';

/** Every isolation violation so far, in red, each with a link that seeks to its event. */
export function createViolationsPanel(slot: HTMLElement, seekEvent: (eventIndex: number) => void): { update(violations: readonly Violation[]): void } {
  // The heading reads "Violations 3": the badge's number is its own text (a label on a span is ignored).
  const count = h('span', { class: 'badge' }, '0');
  const list = h('ul', { class: 'violation-list', 'data-testid': 'violations', 'aria-label': 'Isolation violations, newest last' });
  // ↑ and ↓ move between the "go to event" buttons (Tab still reaches each of them).
  list.addEventListener('keydown', (event) => {
    if (event.key !== 'ArrowUp' && event.key !== 'ArrowDown') return;
    const buttons = [...list.querySelectorAll<HTMLButtonElement>('button')];
    const at = buttons.findIndex((b) => b === document.activeElement);
    if (at < 0) return;
    event.preventDefault();
    buttons[Math.max(0, Math.min(buttons.length - 1, at + (event.key === 'ArrowDown' ? 1 : -1)))]?.focus();
  });
  const empty = h('p', { class: 'muted small' }, 'No isolation violations so far.');
  slot.append(h('h2', { class: 'panel-title' }, 'Violations ', count), empty, list);
  let shown: readonly Violation[] | null = null;
  return {
    update(violations) {
      if (violations === shown) return;
      shown = violations;
      count.textContent = String(violations.length);
      count.classList.toggle('alarm', violations.length > 0);
      empty.hidden = violations.length > 0;
      list.replaceChildren(
        ...violations.slice(-50).map((v) =>
          h(
            'li',
            { class: 'violation' },
            h('strong', {}, v.invariant),
            h('p', {}, v.explanation),
            h('button', { type: 'button', class: 'link-button', 'aria-label': `go to event ${v.eventIndex}: ${v.invariant}`, onclick: () => seekEvent(v.eventIndex) }, `go to event ${v.eventIndex}`),
            h('span', { class: 'muted small' }, ` at ${formatDuration(v.simTime)}`),
          ),
        ),
      );
    },
  };
}
