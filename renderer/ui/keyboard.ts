import { actionForKey, type ActionRegistry, type ActionSpec, type KeyLike } from './actions';

/**
 * The app's keyboard: one window-level handler that looks keys up in the action table
 * (actions.ts) and performs them through the registry, wherever the mouse last clicked.
 */

/** Controls whose own keys win: typing, select boxes and sliders. */
function isTextLike(target: HTMLElement): boolean {
  if (target.isContentEditable || target.tagName === 'TEXTAREA' || target.tagName === 'SELECT') return true;
  if (target.tagName !== 'INPUT') return false;
  const type = (target as HTMLInputElement).type;
  return type !== 'button' && type !== 'submit' && type !== 'reset' && type !== 'checkbox' && type !== 'radio';
}

function isPressable(target: HTMLElement): boolean {
  const role = target.getAttribute('role');
  return target.tagName === 'BUTTON' || target.tagName === 'A' || target.tagName === 'SUMMARY' || target.tagName === 'INPUT' || role === 'tab' || role === 'button';
}

/**
 * The control the mouse (or a touch) last focused. Browsers keep a clicked button focused, and
 * their own `:focus-visible` turns on at the first key press, so the app tracks how focus arrived:
 * a focus that follows a pointer press within a moment came from the pointer.
 */
let pointerFocused: Element | null = null;
let pointerAt = Number.NEGATIVE_INFINITY;
let tracking = false;

function trackFocusOrigin(): void {
  if (tracking) return;
  tracking = true;
  window.addEventListener('pointerdown', () => (pointerAt = performance.now()), true);
  // A focus that follows a key (Tab) came from the keyboard, however soon after a click it lands.
  window.addEventListener('keydown', () => (pointerAt = Number.NEGATIVE_INFINITY), true);
  window.addEventListener('focusin', (event) => {
    pointerFocused = performance.now() - pointerAt < 600 && event.target instanceof Element ? event.target : null;
  }, true);
}

/**
 * Whether the focused element keeps this key for itself. Space and Enter press a button only when
 * it was reached with the keyboard: a button focused by a mouse click does not hold on to Space,
 * so Space plays after clicking a lesson or Compare, while people who Tab to a button still press
 * it with Space or Enter.
 */
export function ownsKey(target: EventTarget | null, key: string): boolean {
  if (typeof HTMLElement === 'undefined' || !(target instanceof HTMLElement)) return false;
  if (key === 'Escape') return false;
  if (isTextLike(target)) {
    if ((target as HTMLInputElement).type === 'range') return key.startsWith('Arrow') || key === 'Home' || key === 'End' || key === 'PageUp' || key === 'PageDown';
    return true;
  }
  if ((key === ' ' || key === 'Enter') && isPressable(target)) return target !== pointerFocused;
  // Tabs move between themselves with the arrow keys (view-tabs.ts).
  if (target.getAttribute('role') === 'tab' && key.startsWith('Arrow')) return true;
  // The scene tree (scene-tree.ts) keeps its navigation keys and its type-ahead letters.
  if (target.getAttribute('role') === 'treeitem') return key.startsWith('Arrow') || key === 'Home' || key === 'End' || key === 'Enter' || /^\p{L}$|^\p{N}$/u.test(key);
  return false;
}

export interface ShortcutOptions {
  /** The view now shown, for view-specific keys. */
  context(): string | null;
  /** A modal dialog is open: only Esc and ? act. */
  modalOpen?(): boolean;
}

/** The action a key event would perform now, or null (pure apart from the focus check). */
export function shortcutFor(event: KeyLike & { target: EventTarget | null; defaultPrevented: boolean }, options: ShortcutOptions): ActionSpec | null {
  if (event.defaultPrevented || ownsKey(event.target, event.key)) return null;
  const spec = actionForKey(event, options.context());
  if (!spec || spec.handledByView) return null;
  if (options.modalOpen?.() && spec.id !== 'closeOverlay' && spec.id !== 'help') return null;
  return spec;
}

export function installShortcuts(registry: ActionRegistry, options: ShortcutOptions): () => void {
  trackFocusOrigin();
  const onKey = (event: KeyboardEvent): void => {
    const spec = shortcutFor(event, options);
    if (!spec) return;
    event.preventDefault();
    registry.perform(spec.id, event.key);
  };
  // A button presses itself with Space on key *up*: stop that too when the keydown was ours.
  const onKeyUp = (event: KeyboardEvent): void => {
    if ((event.key === ' ' || event.key === 'Enter') && event.target instanceof HTMLElement && isPressable(event.target) && !ownsKey(event.target, event.key)) event.preventDefault();
  };
  window.addEventListener('keydown', onKey);
  window.addEventListener('keyup', onKeyUp);
  return () => {
    window.removeEventListener('keydown', onKey);
    window.removeEventListener('keyup', onKeyUp);
  };
}
