/**
 * Window roles. The desktop app's presenter mode opens a second "audience" window on the same
 * simulation (main/index.ts loads it with `?view=audience`): it shows only the canvas and the
 * narration, large, and never loads a lesson of its own. The presenter's window switches to
 * presenter mode (menu commands `presenter.on` / `presenter.off`) and also shows speaker notes.
 *
 * In the browser build it is the other way round: the app's window stays the audience's, and
 * presenter mode opens a small presenter window (`?view=presenter&session=<id>`, no simulator of
 * its own) that follows the app over a BroadcastChannel (presenter-window.ts).
 */
export type WindowRole = 'main' | 'audience';

export function windowRole(search: string): WindowRole {
  return new URLSearchParams(search).get('view') === 'audience' ? 'audience' : 'main';
}

const SESSION = /^[a-z0-9]{4,32}$/;

/** The BroadcastChannel session of a browser presenter window, or null for any other window. */
export function presenterSession(search: string): string | null {
  const params = new URLSearchParams(search);
  const session = params.get('session') ?? '';
  return params.get('view') === 'presenter' && SESSION.test(session) ? session : null;
}

export function setPresenter(app: HTMLElement, on: boolean): void {
  app.classList.toggle('presenter', on);
}
