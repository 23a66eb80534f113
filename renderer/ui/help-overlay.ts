import { CONTEXT_NAMES, keyMapRows, keyTokens } from './actions';
import { h, icon } from './dom';

/**
 * The "?" overlay: a modal dialog listing every key, from the same table as docs/keyboard.md
 * (actions.ts); Esc (native to <dialog>) closes it.
 */
export function createHelpOverlay(): { open(): void; close(): void; readonly isOpen: boolean } {
  const close = h('button', { type: 'button', class: 'icon-button', 'aria-label': 'Close help', onclick: () => dialog.close() }, icon('close'));
  const rows = keyMapRows();
  const sections = Object.entries(CONTEXT_NAMES).map(([context, name]) =>
    h(
      'table',
      { 'data-context': context },
      h('caption', {}, name),
      h(
        'tbody',
        {},
        ...rows
          .filter((row) => row.context === context)
          .map((row) => h('tr', { 'data-testid': 'help-row' }, h('td', {}, ...keyTokens(row.keys).map((k, i) => (i % 2 === 1 ? ` ${k} ` : h('kbd', {}, k)))), h('td', {}, row.description))),
      ),
    ),
  );
  const dialog = h(
    'dialog',
    { class: 'help-overlay', 'aria-labelledby': 'help-title', 'data-testid': 'help-overlay' },
    h('header', {}, h('h2', { id: 'help-title' }, 'Keyboard shortcuts'), close),
    ...sections,
    h('p', { class: 'muted small' }, 'Keys work wherever you last clicked. Every control is also reachable with Tab (Space or Enter presses it); the canvas is described for screen readers in a live region.'),
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
