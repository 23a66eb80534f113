import { formatDuration } from '../../src/engine/time';
import { h } from './dom';
import { renderMarkdown } from './markdown';
import { channelName, isPresenterMessage, type PresenterCommand, type PresenterMessage, type PresenterSnapshot } from './presenter-model';
import './classroom.css';

/**
 * The presenter's own window in the browser build (`?view=presenter&session=<id>`): the current
 * step, its notes, the next step and the checkpoint answer, with buttons that drive the app's
 * window. It runs no simulator; everything arrives over the session's BroadcastChannel from the
 * app window (presenter.ts), which is what the class sees.
 */
export function startPresenterWindow(root: HTMLElement, session: string): void {
  const channel = new BroadcastChannel(channelName(session));
  const post = (message: PresenterMessage): void => channel.postMessage(message);
  document.title = 'Presenter — Isolation Lab';

  const lessonTitle = h('p', { class: 'pw-lesson' });
  const position = h('p', { class: 'pw-position', 'data-testid': 'presenter-position' });
  const stepTitle = h('h1', { class: 'pw-step' });
  const notes = h('div', { class: 'pw-notes', 'data-testid': 'presenter-notes', 'aria-label': 'Presenter notes' });
  const next = h('p', { class: 'pw-next', 'data-testid': 'presenter-next' });
  const answer = h('section', { class: 'pw-answer', 'data-testid': 'presenter-window-answer', 'aria-label': 'Checkpoint answer' });
  const status = h('p', { class: 'pw-status', role: 'status' }, 'Waiting for the app window…');
  const button = (label: string, command: PresenterCommand, keys: string) =>
    h('button', { type: 'button', class: 'pw-button', 'data-command': command, title: `${label} (${keys} in the app window)`, onclick: () => post({ type: 'command', command }) }, label);
  const play = button('Play', 'togglePlay', 'Space');
  const controls = h(
    'div',
    { class: 'pw-controls', role: 'toolbar', 'aria-label': 'Presenter controls' },
    button('◀ Previous step', 'previousLessonStep', 'Shift+←'),
    play,
    button('Next step ▶', 'nextLessonStep', 'Shift+→'),
  );
  root.className = 'presenter-window';
  root.replaceChildren(h('header', {}, lessonTitle, position), stepTitle, h('h2', {}, 'Notes'), notes, next, answer, controls, status);

  const show = (s: PresenterSnapshot): void => {
    lessonTitle.textContent = s.lessonTitle;
    position.textContent = s.stepCount === 0 ? '' : `Step ${Math.max(0, s.stepIndex) + 1} of ${s.stepCount} · ${formatDuration(s.simTime)}`;
    stepTitle.textContent = s.stepIndex < 0 ? `Before the first step — next: ${s.stepTitle}` : s.stepTitle;
    // Lesson text is markdown; renderMarkdown escapes everything before adding its own markup.
    notes.innerHTML = renderMarkdown(s.notes);
    next.textContent = s.next ? `Next: ${s.next}` : 'This is the last step.';
    answer.replaceChildren(
      ...(s.answer
        ? [h('h2', {}, s.answer.heading), h('p', {}, s.answer.question), h('p', {}, h('strong', {}, 'Answer: '), s.answer.answer), s.answer.explanation ? markdownBlock('pw-muted', s.answer.explanation) : '']
        : [h('h2', {}, 'Checkpoint answer'), h('p', { class: 'pw-muted' }, 'No questions ahead in this lesson.')]),
    );
    play.textContent = s.playing ? 'Pause' : 'Play';
    status.textContent = 'In sync with the app window.';
  };

  channel.addEventListener('message', (event: MessageEvent<unknown>) => {
    const message = event.data;
    if (!isPresenterMessage(message)) return;
    if (message.type === 'snapshot') show(message.snapshot);
    else if (message.type === 'bye' && message.from === 'main') status.textContent = 'The app window stopped presenting; you can close this window.';
  });
  window.addEventListener('pagehide', () => post({ type: 'bye', from: 'presenter' }));
  post({ type: 'hello' });
}

function markdownBlock(className: string, text: string): HTMLElement {
  const block = h('div', { class: className });
  block.innerHTML = renderMarkdown(text);
  return block;
}
