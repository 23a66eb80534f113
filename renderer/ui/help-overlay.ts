import { h, icon } from './dom';
import { SHORTCUTS } from './keyboard';

/** The "?" overlay: a modal dialog listing every shortcut; Esc (native to <dialog>) closes it. */
export function createHelpOverlay(): { open(): void; close(): void; readonly isOpen: boolean } {
  const close = h('button', { type: 'button', class: 'icon-button', 'aria-label': 'Close help', onclick: () => dialog.close() }, icon('close'));
  const rows = SHORTCUTS.map((s) => h('tr', {}, h('td', {}, ...s.keys.split(' + ').flatMap((k, i) => [i > 0 ? ' + ' : '', h('kbd', {}, k)])), h('td', {}, s.description)));
  const dialog = h(
    'dialog',
    { class: 'help-overlay', 'aria-labelledby': 'help-title', 'data-testid': 'help-overlay' },
    h('header', {}, h('h2', { id: 'help-title' }, 'Keyboard shortcuts'), close),
    h('table', {}, h('tbody', {}, ...rows)),
    h('p', { class: 'muted small' }, 'Every control is also reachable with Tab; the canvas is described for screen readers in a live region.'),
  );
  document.body.append(dialog);
  return {
    open: () => {
      if (!dialog.open) dialog.showModal();
    },
    close: () => dialog.close(),
    get isOpen() {
      return dialog.open;
    },
  };
}
