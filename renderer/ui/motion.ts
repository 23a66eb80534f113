/**
 * Reduced motion (WCAG 2.3.3, 2.2.2): whether the app animates. The system setting
 * (`prefers-reduced-motion`) gives the default; the app's own setting (action `motion.toggle`)
 * overrides it and is remembered in `localStorage['isolab.motion']`; the URL query
 * `?motion=reduced|full` forces it for one page (tests, exports) without being remembered.
 *
 * The choice is published as `data-motion` on `<html>` (CSS turns transitions off with it) and to
 * subscribers (the camera jumps instead of gliding; pulses, packets and paths stop moving).
 */

export type Motion = 'full' | 'reduced';

export const MOTION_STORAGE_KEY = 'isolab.motion';
export const REDUCED_MOTION_QUERY = '(prefers-reduced-motion: reduce)';

function asMotion(value: string | null | undefined): Motion | null {
  return value === 'full' || value === 'reduced' ? value : null;
}

/** `?motion=reduced|full` in a location search string, or null when absent or unknown. */
export function motionFromQuery(search: string): Motion | null {
  return asMotion(new URLSearchParams(search).get('motion'));
}

export interface MotionSources {
  /** The URL's forced choice (`?motion=`). */
  query: Motion | null;
  /** The remembered app setting. */
  stored: string | null;
  /** The system asks for reduced motion. */
  systemReduced: boolean;
}

/** Which source wins: the URL, then the app setting, then the system. */
export function resolveMotion(sources: MotionSources): Motion {
  return sources.query ?? asMotion(sources.stored) ?? (sources.systemReduced ? 'reduced' : 'full');
}

type Listener = (motion: Motion) => void;

let current: Motion = 'full';
/** Set while the URL forces the choice: the system setting changing then changes nothing. */
let forced = false;
const listeners = new Set<Listener>();

function publish(next: Motion): void {
  const changed = next !== current;
  current = next;
  if (typeof document !== 'undefined') document.documentElement.dataset.motion = next;
  if (changed) for (const listener of [...listeners]) listener(next);
}

function storage(): Storage | null {
  try {
    return typeof localStorage === 'undefined' ? null : localStorage;
  } catch {
    // Storage can be blocked (privacy settings, sandboxed pages): the choice then lasts a page.
    return null;
  }
}

export function currentMotion(): Motion {
  return current;
}

/** True when animations should become instant state changes (or short fades). */
export function reducedMotion(): boolean {
  return current === 'reduced';
}

/** Calls `cb` with every later change; returns the unsubscribe function. */
export function onMotionChange(cb: Listener): () => void {
  listeners.add(cb);
  return () => listeners.delete(cb);
}

/** The app setting: applied now and remembered (unless the URL forces the choice for this page). */
export function setMotion(next: Motion): void {
  if (!forced) {
    try {
      storage()?.setItem(MOTION_STORAGE_KEY, next);
    } catch {
      // Full or blocked storage: the choice still holds for this page.
    }
  }
  publish(next);
}

export function toggleMotion(): Motion {
  setMotion(reducedMotion() ? 'full' : 'reduced');
  return current;
}

/**
 * Reads the URL, the remembered setting and the system preference, publishes the result, and
 * follows the system setting while neither the URL nor the app setting decides. Call once at
 * start-up, before the first view draws.
 */
export function installMotion(win: Pick<Window, 'location' | 'matchMedia'> = window): Motion {
  const query = motionFromQuery(win.location.search);
  forced = query !== null;
  const media = typeof win.matchMedia === 'function' ? win.matchMedia(REDUCED_MOTION_QUERY) : null;
  const read = (): Motion => resolveMotion({ query, stored: storage()?.getItem(MOTION_STORAGE_KEY) ?? null, systemReduced: media?.matches ?? false });
  current = read();
  publish(current);
  media?.addEventListener?.('change', () => publish(read()));
  return current;
}

/** Short words for the setting, as buttons, menus and the live region say it. */
export function motionLabel(motion: Motion): string {
  return motion === 'reduced' ? 'Reduced motion: on' : 'Reduced motion: off';
}
