import { h, icon } from './dom';

/** Help > About: what the app is and where its facts come from. */
export function createAboutDialog(): { open(): void } {
  const dialog = h(
    'dialog',
    { class: 'help-overlay about', 'aria-labelledby': 'about-title' },
    h('header', {}, h('h2', { id: 'about-title' }, 'Isolation Lab'), h('button', { type: 'button', class: 'icon-button', 'aria-label': 'Close', onclick: () => dialog.close() }, icon('close'))),
    h('p', {}, 'A teaching tool that makes hypervisor isolation and cloud tenancy visible: a deterministic simulator of Xen and Nitro hosts, animated step by step.'),
    h('p', { class: 'muted small' }, 'Narration cites the project\'s fact sheet: select a citation to see the fact and its public sources. Cycle counts and timings shown in the views are illustrative unless a lesson says otherwise.'),
  );
  document.body.append(dialog);
  return {
    open: () => {
      if (!dialog.open) dialog.showModal();
    },
  };
}
