import type { Violation } from '../../src/engine/types';
import { formatDuration } from '../../src/engine/time';
import { h } from './dom';

/** Every isolation violation so far, in red, each with a link that seeks to its event. */
export function createViolationsPanel(slot: HTMLElement, seekEvent: (eventIndex: number) => void): { update(violations: readonly Violation[]): void } {
  const count = h('span', { class: 'badge', 'aria-label': 'violations' }, '0');
  const list = h('ul', { class: 'violation-list', 'data-testid': 'violations' });
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
            h('button', { type: 'button', class: 'link-button', onclick: () => seekEvent(v.eventIndex) }, `go to event ${v.eventIndex}`),
            h('span', { class: 'muted small' }, ` at ${formatDuration(v.simTime)}`),
          ),
        ),
      );
    },
  };
}
