import type { LocatedError } from '../../src/lessons/load';
import { h, icon } from './dom';

/** A visible, dismissible error panel (role=alert) naming the file and JSON path of each problem. */
export function createErrorPanel(slot: HTMLElement): { show(title: string, errors: readonly LocatedError[], message?: string): void; hide(): void; readonly visible: boolean } {
  const title = h('strong', { class: 'error-title' });
  const list = h('ul', { class: 'error-list' });
  const detail = h('p', { class: 'error-detail' });
  const close = h('button', { type: 'button', class: 'icon-button', 'aria-label': 'Dismiss error', onclick: () => hide() }, icon('close'));
  const panel = h('section', { class: 'error-panel', role: 'alert', 'data-testid': 'error-panel', hidden: true }, h('header', {}, title, close), detail, list);
  slot.append(panel);
  const hide = (): void => {
    panel.hidden = true;
  };
  return {
    show(heading, errors, message) {
      title.textContent = heading;
      detail.textContent = errors.length === 0 ? (message ?? '') : '';
      detail.hidden = errors.length > 0;
      list.replaceChildren(
        ...errors.slice(0, 20).map((e) => h('li', {}, h('code', { class: 'error-file' }, e.file), ': ', h('code', { class: 'error-path' }, e.path), ': ', e.message)),
      );
      if (errors.length > 20) list.append(h('li', {}, `…and ${errors.length - 20} more`));
      panel.hidden = false;
    },
    hide,
    get visible() {
      return !panel.hidden;
    },
  };
}
