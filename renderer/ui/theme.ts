import { applyPalette, type ThemeName } from '../palette';

/**
 * The colour theme: `dark` (default) or `projector` (light, high contrast, for a bright room where
 * a projector washes dark greys out). Chosen in the app (action `theme.toggle`, key T, the toolbar
 * button, View › Projector theme), remembered in `localStorage['isolab.theme']`; the URL query
 * `?theme=projector|dark` forces it for one page (tests, video export) without being remembered.
 *
 * The choice is published as `data-theme` on `<html>` (styles.css swaps its custom properties), as
 * the canvas palette (`UI` in palette.ts) and to subscribers (the stage rebuilds the view).
 */

export type Theme = ThemeName;

export const THEMES: readonly Theme[] = ['dark', 'projector'];
export const THEME_STORAGE_KEY = 'isolab.theme';

function asTheme(value: string | null | undefined): Theme | null {
  return value === 'dark' || value === 'projector' ? value : null;
}

/** `?theme=projector|dark` in a location search string, or null when absent or unknown. */
export function themeFromQuery(search: string): Theme | null {
  return asTheme(new URLSearchParams(search).get('theme'));
}

/** Which source wins: the URL, then the remembered app setting, then dark. */
export function resolveTheme(sources: { query: Theme | null; stored: string | null }): Theme {
  return sources.query ?? asTheme(sources.stored) ?? 'dark';
}

type Listener = (theme: Theme) => void;

let current: Theme = 'dark';
/** Set while the URL forces the choice: toggling then lasts this page only. */
let forced = false;
const listeners = new Set<Listener>();

function storage(): Storage | null {
  try {
    return typeof localStorage === 'undefined' ? null : localStorage;
  } catch {
    // Storage can be blocked (privacy settings, sandboxed pages): the choice then lasts a page.
    return null;
  }
}

function publish(next: Theme): void {
  const changed = next !== current;
  current = next;
  applyPalette(next);
  if (typeof document !== 'undefined') {
    document.documentElement.dataset.theme = next;
    // Form controls and scrollbars follow (the meta tag in index.html says dark before this runs).
    document.documentElement.style.colorScheme = next === 'projector' ? 'light' : 'dark';
  }
  if (changed) for (const listener of [...listeners]) listener(next);
}

export function currentTheme(): Theme {
  return current;
}

/** Calls `cb` after every later change, once `UI` holds the new colours; returns the unsubscribe function. */
export function onThemeChange(cb: Listener): () => void {
  listeners.add(cb);
  return () => listeners.delete(cb);
}

/** The app setting: applied now and remembered (unless the URL forces the theme for this page). */
export function setTheme(next: Theme): void {
  if (!forced) {
    try {
      storage()?.setItem(THEME_STORAGE_KEY, next);
    } catch {
      // Full or blocked storage: the choice still holds for this page.
    }
  }
  publish(next);
}

export function toggleTheme(): Theme {
  setTheme(current === 'dark' ? 'projector' : 'dark');
  return current;
}

/**
 * Reads the URL and the remembered setting and publishes the result. Call once at start-up,
 * before the stage is created, so the first frame is already in the right colours. Other windows
 * of the app (the audience screen, the presenter's notes) follow a change made in one of them:
 * the browser tells every other window when the remembered setting changes.
 */
export function installTheme(win: Pick<Window, 'location'> & Partial<Pick<Window, 'addEventListener'>> = window): Theme {
  const query = themeFromQuery(win.location.search);
  forced = query !== null;
  current = resolveTheme({ query, stored: storage()?.getItem(THEME_STORAGE_KEY) ?? null });
  publish(current);
  win.addEventListener?.('storage', (event) => {
    if (event.key === THEME_STORAGE_KEY && !forced) publish(asTheme(event.newValue) ?? 'dark');
  });
  return current;
}

/** Short words for the setting, as the button, the menu and the live region say it. */
export function themeLabel(theme: Theme): string {
  return theme === 'projector' ? 'Projector theme (light): on' : 'Projector theme (light): off';
}
