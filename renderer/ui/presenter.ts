import type { Lesson } from '../../src/lessons/schema';
import { h } from './dom';
import { renderMarkdown } from './markdown';
import {
  answerNote,
  channelName,
  isPresenterMessage,
  LAYOUT_NAMES,
  nextLayout,
  presenterSnapshot,
  type PresenterCommand,
  type PresenterLayout,
  type PresenterMessage,
} from './presenter-model';
import './demos.css';

export interface PresenterControls {
  readonly layout: PresenterLayout;
  /** The browser's presenter window is open. */
  readonly windowOpen: boolean;
  set(layout: PresenterLayout): void;
  /** `p` and the Present button: open or close the presenter window (or cycle the layouts). */
  cycle(): void;
  /** Call after every change: the presenter's answer panel and window follow the lesson. */
  update(lesson: Lesson | null, stepIndex: number, playing?: boolean, simTime?: number): void;
}

export interface PresenterOptions {
  app: HTMLElement;
  buttonSlot: HTMLElement;
  answerSlot: HTMLElement;
  announce(text: string): void;
  /** The browser build opens a second window; Electron's second window comes from its menu. */
  secondWindow: boolean;
  /** The presenter window's buttons. */
  command(command: PresenterCommand): void;
}

const newSession = (): string => Array.from(crypto.getRandomValues(new Uint8Array(8)), (b) => b.toString(16).padStart(2, '0')).join('');

/**
 * Presenter mode, main-window side. In the browser build `p` (or Present) opens the presenter's
 * own window (presenter-window.ts) and turns this one into the audience layout, which never shows
 * notes or answers; the two stay in sync over a BroadcastChannel. Where no second window can open
 * (Electron, which has its own audience window; a blocked pop-up), `p` cycles this window's
 * layouts: normal → presenter (notes, next step, answer) → audience.
 */
export function createPresenterControls(options: PresenterOptions): PresenterControls {
  const { app, announce } = options;
  const button = h('button', { type: 'button', class: 'text-button presenter-toggle', 'aria-pressed': 'false', 'aria-keyshortcuts': 'p', 'data-testid': 'presenter-toggle', title: 'Presenter mode (p)' }, 'Present');
  options.buttonSlot.append(button);
  const answer = h('div', { class: 'presenter-notes presenter-answer', 'aria-label': 'Checkpoint answer', 'data-testid': 'presenter-answer' });
  options.answerSlot.append(answer);
  let layout: PresenterLayout = 'normal';
  let shown = '';
  let popup: Window | null = null;
  let channel: BroadcastChannel | null = null;
  let lastSnapshot = '';
  let current: { lesson: Lesson | null; stepIndex: number; playing: boolean; simTime: number } = { lesson: null, stepIndex: -1, playing: false, simTime: 0 };
  let watch: ReturnType<typeof setInterval> | null = null;

  const post = (message: PresenterMessage): void => channel?.postMessage(message);
  const sendSnapshot = (force: boolean): void => {
    if (!channel) return;
    const snapshot = presenterSnapshot(current.lesson, current.stepIndex, current.playing, current.simTime);
    const text = JSON.stringify(snapshot);
    if (!force && text === lastSnapshot) return;
    lastSnapshot = text;
    post({ type: 'snapshot', snapshot });
  };

  const closeWindow = (announceIt: boolean): void => {
    post({ type: 'bye', from: 'main' });
    channel?.close();
    channel = null;
    if (watch !== null) clearInterval(watch);
    watch = null;
    if (popup && !popup.closed) popup.close();
    popup = null;
    lastSnapshot = '';
    controls.set('normal');
    if (announceIt) announce('Presenter window closed.');
  };

  const openWindow = (): boolean => {
    const session = newSession();
    const url = new URL(location.href);
    url.hash = '';
    url.search = `?view=presenter&session=${session}`;
    // A theme or motion forced by this window's URL (not remembered) holds for the presenter too.
    for (const key of ['theme', 'motion']) {
      const forced = new URLSearchParams(location.search).get(key);
      if (forced) url.searchParams.set(key, forced);
    }
    const opened = window.open(url.toString(), `isolab-presenter-${session}`, 'popup,width=560,height=720');
    if (!opened) return false;
    popup = opened;
    channel = new BroadcastChannel(channelName(session));
    channel.addEventListener('message', (event: MessageEvent<unknown>) => {
      const message = event.data;
      if (!isPresenterMessage(message)) return;
      if (message.type === 'hello') sendSnapshot(true);
      else if (message.type === 'command') options.command(message.command);
      else if (message.type === 'bye' && message.from === 'presenter') closeWindow(true);
    });
    // A presenter window closed from its title bar may not get to say goodbye.
    watch = setInterval(() => {
      if (popup?.closed) closeWindow(true);
    }, 1000);
    controls.set('audience');
    announce('Presenter window opened: notes and answers are there; this window is the audience view.');
    return true;
  };

  const controls: PresenterControls = {
    get layout() {
      return layout;
    },
    get windowOpen() {
      return popup !== null;
    },
    set(next) {
      layout = next;
      app.classList.toggle('presenter', next === 'presenter');
      app.classList.toggle('audience', next === 'audience');
      app.dataset.layout = next;
      button.setAttribute('aria-pressed', String(next !== 'normal'));
      button.textContent = popup ? 'Stop presenting' : next === 'normal' ? 'Present' : next === 'presenter' ? 'Presenter ▸ audience' : 'Audience ▸ normal';
      button.title = popup ? 'Close the presenter window (p)' : `${LAYOUT_NAMES[next]} — press p to switch`;
      // The canvas follows its container; a layout change resizes it without a window resize.
      window.dispatchEvent(new Event('resize'));
      if (!popup) announce(LAYOUT_NAMES[next]);
    },
    cycle() {
      if (popup) return closeWindow(true);
      if (options.secondWindow && layout === 'normal' && openWindow()) return;
      if (options.secondWindow && layout === 'normal') announce('The presenter window could not open (pop-ups blocked?); using the presenter layout in this window.');
      controls.set(nextLayout(layout));
    },
    update(lesson, stepIndex, playing = current.playing, simTime = current.simTime) {
      current = { lesson, stepIndex, playing, simTime };
      sendSnapshot(false);
      const note = answerNote(lesson, stepIndex);
      const key = note ? `${note.heading}|${note.question}` : '';
      if (key === shown) return;
      shown = key;
      const parts: HTMLElement[] = note
        ? [h('h3', {}, note.heading), h('p', {}, note.question), h('p', {}, h('strong', {}, 'Answer: '), note.answer)]
        : [h('h3', {}, 'Checkpoint answer'), h('p', { class: 'muted small' }, 'No questions ahead in this lesson.')];
      if (note?.explanation) {
        // Lesson text is markdown; renderMarkdown escapes everything before adding its own markup.
        const explanation = h('div', { class: 'muted small' });
        explanation.innerHTML = renderMarkdown(note.explanation);
        parts.push(explanation);
      }
      answer.replaceChildren(...parts);
    },
  };
  button.addEventListener('click', () => controls.cycle());
  window.addEventListener('pagehide', () => {
    if (popup) closeWindow(false);
  });
  return controls;
}
