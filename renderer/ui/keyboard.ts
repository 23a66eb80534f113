import type { DemoAction } from './demo-controls';

/** Keyboard shortcuts: one table drives the handler, the help overlay and docs/keyboard.md. */
export type ShortcutAction =
  | DemoAction
  | 'togglePlay'
  | 'step'
  | 'stepBack'
  | 'nextLessonStep'
  | 'previousLessonStep'
  | 'faster'
  | 'slower'
  | 'help'
  | 'closeOverlay';

export interface Shortcut {
  keys: string;
  action: ShortcutAction;
  description: string;
}

export const SHORTCUTS: readonly Shortcut[] = [
  { keys: 'Space', action: 'togglePlay', description: 'Play / pause' },
  { keys: '→', action: 'step', description: 'Step one event forward' },
  { keys: '←', action: 'stepBack', description: 'Step one event back' },
  { keys: 'Shift + →', action: 'nextLessonStep', description: 'Next lesson step' },
  { keys: 'Shift + ←', action: 'previousLessonStep', description: 'Previous lesson step' },
  { keys: ']', action: 'nextChapter', description: 'Next chapter' },
  { keys: '[', action: 'previousChapter', description: 'Start of this chapter, or the previous one' },
  { keys: '0 … 9', action: 'jump', description: 'Jump to 0 %, 10 % … 90 % of the lesson' },
  { keys: '+', action: 'faster', description: 'Faster' },
  { keys: '−', action: 'slower', description: 'Slower' },
  { keys: 'f', action: 'fullscreen', description: 'Full screen on / off' },
  { keys: 'p', action: 'presenter', description: 'Presenter mode: normal → presenter → audience layout' },
  { keys: 'c', action: 'compare', description: 'Split screen: compare with a fault flipped' },
  { keys: '?', action: 'help', description: 'Show keyboard shortcuts' },
  { keys: 'Esc', action: 'closeOverlay', description: 'Close this help or an error panel' },
];

/** Which action a key event asks for, or null. Pure, so it can be unit tested. */
export function actionForKey(event: { key: string; shiftKey: boolean; ctrlKey: boolean; metaKey: boolean; altKey: boolean }): ShortcutAction | null {
  if (event.ctrlKey || event.metaKey || event.altKey) return null;
  switch (event.key) {
    case ' ':
    case 'Spacebar':
      return 'togglePlay';
    case 'ArrowRight':
      return event.shiftKey ? 'nextLessonStep' : 'step';
    case 'ArrowLeft':
      return event.shiftKey ? 'previousLessonStep' : 'stepBack';
    case '+':
    case '=':
      return 'faster';
    case '-':
    case '_':
      return 'slower';
    case '?':
      return 'help';
    case 'Escape':
      return 'closeOverlay';
    case '[':
      return 'previousChapter';
    case ']':
      return 'nextChapter';
    case 'f':
    case 'F':
      return 'fullscreen';
    case 'p':
    case 'P':
      return 'presenter';
    case 'c':
    case 'C':
      return 'compare';
    default:
      return /^[0-9]$/.test(event.key) ? 'jump' : null;
  }
}

/** Controls that need the key themselves: typing, selects, sliders, and Space/Enter on buttons. */
function ownsKey(target: EventTarget | null, key: string): boolean {
  if (!(target instanceof HTMLElement)) return false;
  if (target.isContentEditable) return true;
  const tag = target.tagName;
  if (tag === 'TEXTAREA' || tag === 'SELECT') return key !== 'Escape';
  if (tag === 'INPUT') {
    const type = (target as HTMLInputElement).type;
    if (type === 'range') return key.startsWith('Arrow');
    return key !== 'Escape';
  }
  if ((tag === 'BUTTON' || tag === 'A' || target.getAttribute('role') === 'tab') && (key === ' ' || key === 'Enter')) return true;
  return false;
}

export function installShortcuts(run: (action: ShortcutAction, key: string) => void): () => void {
  const onKey = (event: KeyboardEvent): void => {
    if (event.defaultPrevented || ownsKey(event.target, event.key)) return;
    const action = actionForKey(event);
    if (!action) return;
    event.preventDefault();
    run(action, event.key);
  };
  window.addEventListener('keydown', onKey);
  return () => window.removeEventListener('keydown', onKey);
}
