import type { ViewId } from '../views/view';
import { h } from './dom';

/** The view tabs (a WAI-ARIA tablist: arrow keys move between tabs, Enter/Space activate). */
export function createViewTabs(slot: HTMLElement, views: ReadonlyArray<{ id: ViewId; title: string }>, onSelect: (id: ViewId) => void): { setActive(id: ViewId): void } {
  const list = h('div', { role: 'tablist', 'aria-label': 'Views', class: 'view-tabs' });
  const tabs = views.map((v) =>
    h('button', { type: 'button', role: 'tab', id: `tab-${v.id}`, 'data-view': v.id, 'aria-controls': 'stage', 'aria-selected': 'false', tabindex: -1, onclick: () => onSelect(v.id) }, v.title),
  );
  list.append(...tabs);
  list.addEventListener('keydown', (event) => {
    if (event.shiftKey || (event.key !== 'ArrowRight' && event.key !== 'ArrowLeft')) return;
    event.preventDefault();
    event.stopPropagation();
    const current = tabs.findIndex((t) => t === document.activeElement);
    const next = tabs[(current + (event.key === 'ArrowRight' ? 1 : tabs.length - 1)) % tabs.length];
    next?.focus();
  });
  slot.append(list);
  return {
    setActive(id) {
      for (const tab of tabs) {
        const active = tab.dataset.view === id;
        tab.setAttribute('aria-selected', String(active));
        tab.tabIndex = active ? 0 : -1;
      }
    },
  };
}
