import { formatDuration } from '../../src/engine/time';
import type { Lesson } from '../../src/lessons/schema';
import type { HostStatus } from '../../src/protocol/replies';
import { h, icon, setIcon } from './dom';
import { formatSpeed, SPEEDS } from './speed';

export interface TransportActions {
  togglePlay(): void;
  step(): void;
  stepBack(): void;
  lessonStep(delta: 1 | -1): void;
  setSpeed(speed: number): void;
}

/** Play/pause, step, step back, speed, simulated clock, event index and the lesson step. */
export function createTransportBar(slot: HTMLElement, actions: TransportActions): { update(status: HostStatus, lesson: Lesson | null): void } {
  const button = (name: Parameters<typeof icon>[0], text: string, onClick: () => void, keys: string) =>
    h('button', { type: 'button', class: 'icon-button', 'aria-label': text, title: `${text} (${keys})`, 'aria-keyshortcuts': keys, onclick: onClick }, icon(name));
  const back = button('stepBack', 'Step back', actions.stepBack, 'ArrowLeft');
  const play = button('play', 'Play', actions.togglePlay, 'Space');
  play.classList.add('primary');
  const step = button('step', 'Step', actions.step, 'ArrowRight');
  const speed = h('select', { 'aria-label': 'Speed', title: 'Speed relative to the lesson time scale (+ / −)', onchange: () => actions.setSpeed(Number(speed.value)) });
  for (const s of SPEEDS) speed.append(h('option', { value: String(s) }, formatSpeed(s)));
  const scale = h('span', { class: 'muted small' });
  const clock = h('output', { class: 'clock', 'aria-label': 'Simulated time', 'data-testid': 'clock' }, '0 ns');
  const eventIndex = h('output', { class: 'readout', 'aria-label': 'Event index', 'data-testid': 'event-index' }, 'event 0');
  const prevStep = button('prev', 'Previous lesson step', () => actions.lessonStep(-1), 'Shift+ArrowLeft');
  const nextStep = button('next', 'Next lesson step', () => actions.lessonStep(1), 'Shift+ArrowRight');
  const stepReadout = h('output', { class: 'readout', 'aria-label': 'Lesson step', 'data-testid': 'lesson-step' }, '– / –');
  slot.append(
    h('div', { class: 'transport-group', role: 'group', 'aria-label': 'Playback' }, back, play, step),
    h('label', { class: 'transport-group speed' }, h('span', { class: 'muted small' }, 'Speed'), speed, scale),
    h('div', { class: 'transport-group readouts' }, clock, eventIndex),
    h('div', { class: 'transport-group lesson-steps', role: 'group', 'aria-label': 'Lesson steps' }, prevStep, h('span', { class: 'muted small' }, 'Step'), stepReadout, nextStep),
  );
  let wasPlaying: boolean | null = null;
  return {
    update(status, lesson) {
      if (status.playing !== wasPlaying) {
        wasPlaying = status.playing;
        setIcon(play, status.playing ? 'pause' : 'play');
        play.setAttribute('aria-label', status.playing ? 'Pause' : 'Play');
        play.title = `${status.playing ? 'Pause' : 'Play'} (Space)`;
        play.setAttribute('aria-pressed', String(status.playing));
      }
      if (Number(speed.value) !== status.speed) {
        if (![...speed.options].some((o) => Number(o.value) === status.speed)) speed.append(h('option', { value: String(status.speed) }, formatSpeed(status.speed)));
        speed.value = String(status.speed);
      }
      scale.textContent = `of ${formatDuration(status.timeScaleNs)}/s`;
      clock.textContent = formatDuration(status.simTime);
      eventIndex.textContent = `event ${status.eventIndex}${status.pending === 0 ? ' · end' : ''}`;
      const total = lesson?.steps.length ?? 0;
      stepReadout.textContent = total === 0 ? '– / –' : `${Math.max(0, status.stepIndex) + 1} / ${total}`;
      back.toggleAttribute('disabled', status.eventIndex === 0);
      prevStep.toggleAttribute('disabled', status.stepIndex <= 0);
      nextStep.toggleAttribute('disabled', total === 0 || status.stepIndex >= total - 1);
    },
  };
}
