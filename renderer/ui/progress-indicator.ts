import type { CommandInput } from '../../src/protocol/commands';
import type { HostStatus, Reply } from '../../src/protocol/replies';
import { h } from './dom';
import { initialProgress, nextWake, progressStep, progressView, type ProgressInput, type ProgressState } from './progress-model';
import './progress.css';

export interface ProgressIndicator {
  /** Every command the app sends (the indicator names a long move after the command that asked for it). */
  sent(command: CommandInput, status: HostStatus | null): void;
  /** Every reply from the host. */
  reply(reply: Reply): void;
}

/**
 * "Seeking to 12.4 s… 45 %" with a bar and a Cancel button, at the end of the transport bar, while
 * a long seek or step runs (renderer/ui/progress-model.ts decides when). It sits in the bottom bar
 * so it never covers a view's legend or the caption strip. The percentage is not a live region
 * (it changes every slice); start, finish and cancel are announced through `announce` instead.
 */
export function createProgressIndicator(slot: HTMLElement, send: (command: CommandInput) => void, announce: (text: string) => void, now: () => number = () => performance.now()): ProgressIndicator {
  const label = h('span', { class: 'progress-label', 'data-testid': 'progress-label' });
  const bar = h('progress', { class: 'progress-bar', max: 100, value: 0, 'aria-label': 'Progress' });
  const cancel = h('button', { type: 'button', class: 'progress-cancel', 'data-testid': 'progress-cancel', title: 'Stop here (the simulation stays where it has got to)', onclick: () => apply({ kind: 'cancel', now: now() }) }, 'Cancel');
  const root = h('div', { class: 'progress-indicator', role: 'group', 'aria-label': 'Long move in progress', 'data-testid': 'progress-indicator', hidden: true }, label, bar, cancel);
  slot.append(root);

  let state: ProgressState = initialProgress;
  let timer: ReturnType<typeof setTimeout> | null = null;

  function apply(input: ProgressInput): void {
    const step = progressStep(state, input);
    state = step.state;
    if (step.sendCancel) send({ type: 'cancel' });
    if (step.announce) announce(step.announce);
    draw();
    schedule();
  }

  function draw(): void {
    const view = progressView(state);
    if (!view) {
      if (root.hidden) return;
      // Keep the keyboard user somewhere sensible when the button they are on disappears.
      const hadFocus = root.contains(document.activeElement);
      root.hidden = true;
      if (hadFocus) (slot.querySelector<HTMLElement>('button.primary') ?? slot.querySelector<HTMLElement>('button:not([disabled])'))?.focus();
      return;
    }
    label.textContent = view.text;
    bar.value = view.percent;
    bar.setAttribute('aria-valuetext', view.text);
    root.hidden = false;
  }

  function schedule(): void {
    if (timer !== null) clearTimeout(timer);
    timer = null;
    const wake = nextWake(state);
    if (wake !== null) timer = setTimeout(() => apply({ kind: 'tick', now: now() }), Math.max(0, wake - now()));
  }

  return {
    sent: (command, status) => apply({ kind: 'sent', command, status }),
    reply: (reply) => apply({ kind: 'reply', reply, now: now() }),
  };
}
