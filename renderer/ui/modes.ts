/**
 * Window roles. The desktop app's presenter mode opens a second "audience" window on the same
 * simulation (main/index.ts loads it with `?view=audience`): it shows only the canvas and the
 * narration, large, and never loads a lesson of its own. The presenter's window switches to
 * presenter mode (menu commands `presenter.on` / `presenter.off`) and also shows speaker notes.
 */
export type WindowRole = 'main' | 'audience';

export function windowRole(search: string): WindowRole {
  return new URLSearchParams(search).get('view') === 'audience' ? 'audience' : 'main';
}

export function setPresenter(app: HTMLElement, on: boolean): void {
  app.classList.toggle('presenter', on);
}
