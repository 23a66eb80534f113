import { factById } from '../../src/facts';
import { h, icon } from './dom';

/**
 * Fact citations in narration (`[text](fact:<id>)`, rendered as inline `.fact-cite` links by
 * markdown.ts) open this popover: the fact's statement, when it applies, and its public sources.
 * One delegated listener serves every citation, wherever narration is shown.
 */
export function installFactPopover(root: HTMLElement = document.body): { show(id: string, anchor?: HTMLElement): void; close(): void; readonly openFact: string | null } {
  const title = h('h2', { id: 'fact-title' });
  const body = h('div', { class: 'fact-body' });
  const close = h('button', { type: 'button', class: 'icon-button', 'aria-label': 'Close fact', onclick: () => hide() }, icon('close'));
  const dialog = h('dialog', { class: 'fact-popover', 'aria-labelledby': 'fact-title', 'data-testid': 'fact-popover' }, h('header', {}, title, close), body);
  document.body.append(dialog);
  let openFact: string | null = null;
  let returnFocus: HTMLElement | null = null;

  const hide = (): void => {
    if (dialog.open) dialog.close();
    openFact = null;
    returnFocus?.focus();
    returnFocus = null;
  };

  const show = (id: string, anchor?: HTMLElement): void => {
    const fact = factById(id);
    openFact = id;
    returnFocus = anchor ?? null;
    if (!fact) {
      title.textContent = 'Fact not found';
      body.replaceChildren(h('p', {}, `This lesson cites "${id}", which is not in the app's fact sheet.`));
    } else {
      title.textContent = fact.title;
      body.replaceChildren(
        h('p', { class: 'fact-statement' }, fact.statement),
        fact.applies ? h('p', { class: 'muted small' }, `Applies: ${fact.applies}`) : '',
        fact.modelAssumption ? h('p', { class: 'muted small' }, 'This describes the simulator’s model (or an illustrative number), not a published fact.') : '',
        h('h3', {}, fact.sources.length === 1 ? 'Source' : 'Sources'),
        h(
          'ul',
          { class: 'fact-sources' },
          ...fact.sources.map((s) => h('li', {}, h('a', { href: s.url, target: '_blank', rel: 'noopener noreferrer' }, s.title), ` (as of ${s.asOf})`)),
        ),
      );
    }
    if (!dialog.open) dialog.show();
    close.focus();
  };

  root.addEventListener('click', (event) => {
    const target = event.target instanceof Element ? event.target.closest<HTMLElement>('.fact-cite[data-fact]') : null;
    if (!target?.dataset.fact) return;
    event.preventDefault();
    show(target.dataset.fact, target);
  });
  dialog.addEventListener('keydown', (event) => {
    if (event.key === 'Escape') {
      event.preventDefault();
      hide();
    }
  });

  return {
    show,
    close: hide,
    get openFact() {
      return openFact;
    },
  };
}
