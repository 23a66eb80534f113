/**
 * Every user action of the app, defined once: its name, where it applies, and its keys. The
 * keyboard handler (keyboard.ts), the `?` overlay (help-overlay.ts), the buttons, the Electron
 * menu commands and docs/keyboard.md (generated: `npm run docs:keyboard`) all read this table,
 * so a key cannot mean two things and the documentation cannot drift from the app.
 */

/**
 * Where a key works. `everywhere` keys work in every view; a view's keys work only while that
 * view is shown, so they must not clash with `everywhere` keys (tested).
 */
export type ActionContext = 'everywhere' | 'fleet';

export type ActionId =
  | 'togglePlay'
  | 'step'
  | 'stepBack'
  | 'nextLessonStep'
  | 'previousLessonStep'
  | 'nextChapter'
  | 'previousChapter'
  | 'jump'
  | 'faster'
  | 'slower'
  | 'panUp'
  | 'panLeft'
  | 'panDown'
  | 'panRight'
  | 'zoomOut'
  | 'zoomIn'
  | 'resetCamera'
  | 'fullscreen'
  | 'presenter'
  | 'compare'
  | 'openFile'
  | 'theme.toggle'
  | 'help'
  | 'motion.toggle'
  | 'scene.focus'
  | 'closeOverlay'
  | 'fleetZoomIn'
  | 'fleetZoomOut'
  | 'fleetPrevious'
  | 'fleetNext'
  | 'fleetNextInstance';

export interface ActionSpec {
  id: ActionId;
  /** What it does, as the overlay and docs say it. */
  description: string;
  context: ActionContext;
  /**
   * Key chords (see {@link chordOf}): `Space`, `ArrowRight`, `Shift+ArrowRight`, or one
   * printable character (letters lower case; the character the key types, so `?` and `+`).
   * Empty: the action has no key (a button or menu item only).
   */
  keys: readonly string[];
  /** How the keys are shown to people; defaults to the chords. */
  display?: string;
  /** The view handles these keys itself (the Fleet view's own navigation); listed here so the map is complete. */
  handledByView?: true;
}

const DIGITS = ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9'];

export const ACTIONS: readonly ActionSpec[] = [
  { id: 'togglePlay', description: 'Play / pause', context: 'everywhere', keys: ['Space'] },
  { id: 'step', description: 'Step one event forward', context: 'everywhere', keys: ['ArrowRight'], display: '→' },
  { id: 'stepBack', description: 'Step one event back', context: 'everywhere', keys: ['ArrowLeft'], display: '←' },
  { id: 'nextLessonStep', description: 'Next lesson step', context: 'everywhere', keys: ['Shift+ArrowRight'], display: 'Shift + →' },
  { id: 'previousLessonStep', description: 'Previous lesson step', context: 'everywhere', keys: ['Shift+ArrowLeft'], display: 'Shift + ←' },
  { id: 'nextChapter', description: 'Next chapter', context: 'everywhere', keys: [']'] },
  { id: 'previousChapter', description: 'Start of this chapter, or the previous one', context: 'everywhere', keys: ['['] },
  { id: 'jump', description: 'Jump to 0 %, 10 % … 90 % of the lesson', context: 'everywhere', keys: DIGITS, display: '0 … 9' },
  { id: 'faster', description: 'Faster', context: 'everywhere', keys: ['+', '='], display: '+ / =' },
  { id: 'slower', description: 'Slower', context: 'everywhere', keys: ['-', '_'], display: '−' },
  { id: 'panUp', description: 'Move the view up', context: 'everywhere', keys: ['w'], display: 'W' },
  { id: 'panLeft', description: 'Move the view left', context: 'everywhere', keys: ['a'], display: 'A' },
  { id: 'panDown', description: 'Move the view down', context: 'everywhere', keys: ['s'], display: 'S' },
  { id: 'panRight', description: 'Move the view right', context: 'everywhere', keys: ['d'], display: 'D' },
  { id: 'zoomOut', description: 'Zoom out', context: 'everywhere', keys: ['q'], display: 'Q' },
  { id: 'zoomIn', description: 'Zoom in', context: 'everywhere', keys: ['e'], display: 'E' },
  { id: 'resetCamera', description: "Back to the lesson's view of the canvas", context: 'everywhere', keys: ['r'], display: 'R' },
  { id: 'fullscreen', description: 'Full screen on / off', context: 'everywhere', keys: ['f'], display: 'F' },
  { id: 'presenter', description: 'Presenter mode: notes and answers in a second window', context: 'everywhere', keys: ['p'], display: 'P' },
  { id: 'compare', description: 'Compare: run the lesson again with a fault flipped', context: 'everywhere', keys: ['c'], display: 'C' },
  { id: 'openFile', description: 'Open a lesson or recording file (or drop it on the window)', context: 'everywhere', keys: [] },
  { id: 'theme.toggle', description: 'Projector theme (light, high contrast) on / off', context: 'everywhere', keys: ['t'], display: 'T' },
  { id: 'help', description: 'Show keyboard shortcuts', context: 'everywhere', keys: ['?'] },
  { id: 'motion.toggle', description: 'Reduced motion on / off (camera jumps, nothing glides)', context: 'everywhere', keys: ['m'], display: 'M' },
  { id: 'scene.focus', description: 'Explore the canvas in words: move into the scene list (arrows move, Enter inspects)', context: 'everywhere', keys: ['g'], display: 'G' },
  { id: 'closeOverlay', description: 'Close this help or an error panel', context: 'everywhere', keys: ['Escape'], display: 'Esc' },
  { id: 'fleetZoomIn', description: 'Fleet: zoom into a rack, then a host', context: 'fleet', keys: ['i'], display: 'I', handledByView: true },
  { id: 'fleetZoomOut', description: 'Fleet: zoom back out to the rack, then the fleet', context: 'fleet', keys: ['o'], display: 'O', handledByView: true },
  { id: 'fleetPrevious', description: 'Fleet: previous rack or host', context: 'fleet', keys: [','], handledByView: true },
  { id: 'fleetNext', description: 'Fleet: next rack or host', context: 'fleet', keys: ['.'], handledByView: true },
  { id: 'fleetNextInstance', description: 'Fleet: next instance on the host', context: 'fleet', keys: ['n'], display: 'N', handledByView: true },
];

export const CONTEXT_NAMES: Record<ActionContext, string> = { everywhere: 'Everywhere', fleet: 'In the Fleet view' };

export interface KeyLike {
  key: string;
  shiftKey: boolean;
  ctrlKey: boolean;
  metaKey: boolean;
  altKey: boolean;
}

/**
 * The chord a key event stands for, or null for chords left to the browser and the menus
 * (Ctrl, Alt, ⌘). A printable character is taken as typed, so Shift is already in it (`?`, `+`).
 */
export function chordOf(event: KeyLike): string | null {
  if (event.ctrlKey || event.metaKey || event.altKey) return null;
  if (event.key === ' ' || event.key === 'Spacebar') return 'Space';
  if (event.key.length === 1) return event.key.toLowerCase();
  return event.shiftKey ? `Shift+${event.key}` : event.key;
}

/** The action a key asks for in a context (a view id, or anything else for no view keys). */
export function actionForKey(event: KeyLike, context: string | null): ActionSpec | null {
  const chord = chordOf(event);
  if (chord === null) return null;
  return ACTIONS.find((a) => a.keys.includes(chord) && (a.context === 'everywhere' || a.context === context)) ?? null;
}

export function specOf(id: ActionId): ActionSpec {
  const spec = ACTIONS.find((a) => a.id === id);
  if (!spec) throw new Error(`unknown action ${id}`);
  return spec;
}

/** Keys as shown to people: "Shift + →", "W", "0 … 9". */
export function keysLabel(spec: ActionSpec): string {
  return spec.display ?? spec.keys.join(' / ');
}

/** The rows of the key map, in order, grouped by context: what the overlay and the docs show. */
export function keyMapRows(): Array<{ context: ActionContext; keys: string; description: string }> {
  const contexts = Object.keys(CONTEXT_NAMES) as ActionContext[];
  return contexts.flatMap((context) => ACTIONS.filter((a) => a.context === context && a.keys.length > 0).map((a) => ({ context, keys: keysLabel(a), description: a.description })));
}

/** A keys label split for display: keys at even places, separators between ("Shift + →", "0 … 9", "+ / ="). */
export function keyTokens(label: string): string[] {
  return label.split(' ');
}

/** The key map as the markdown table docs/keyboard.md carries between its generated markers. */
export function keyMapMarkdown(): string {
  const lines: string[] = [];
  for (const [context, name] of Object.entries(CONTEXT_NAMES)) {
    const rows = keyMapRows().filter((r) => r.context === context);
    lines.push(`### ${name}`, '', '| Keys | Action |', '|---|---|');
    for (const row of rows) lines.push(`| ${keyTokens(row.keys).map((k, i) => (i % 2 === 1 ? k : `<kbd>${k}</kbd>`)).join(' ')} | ${row.description} |`);
    lines.push('');
  }
  return lines.join('\n').trimEnd();
}

export interface ActionHandler {
  perform(key: string): void;
  /** False when the action cannot run now (no lesson, no comparison to close…); default true. */
  enabled?(): boolean;
}

/**
 * What each action does, bound by the shell at start-up. Keys, buttons and menu commands all go
 * through {@link ActionRegistry.perform}, so an action behaves the same however it is asked for.
 */
export class ActionRegistry {
  private readonly handlers = new Map<ActionId, ActionHandler>();

  bind(id: ActionId, handler: ActionHandler | ((key: string) => void)): void {
    this.handlers.set(id, typeof handler === 'function' ? { perform: handler } : handler);
  }

  enabled(id: ActionId): boolean {
    const handler = this.handlers.get(id);
    return handler !== undefined && (handler.enabled?.() ?? true);
  }

  /** Runs the action; false when it is unbound or disabled now. */
  perform(id: ActionId, key = ''): boolean {
    const handler = this.handlers.get(id);
    if (!handler || !(handler.enabled?.() ?? true)) return false;
    handler.perform(key);
    return true;
  }
}
