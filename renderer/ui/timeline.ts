import { formatDuration } from '../../src/engine/time';
import type { Lesson } from '../../src/lessons/schema';
import { toNanos } from '../../src/lessons/primitives';
import type { HostStatus } from '../../src/protocol/replies';
import { h } from './dom';

const RESOLUTION = 1000;

/** A scrubber over the lesson's timeline with a tick per lesson step; dragging seeks by fraction. */
export function createTimeline(slot: HTMLElement, seekFraction: (fraction: number) => void): { update(status: HostStatus, lesson: Lesson | null): void } {
  const range = h('input', { type: 'range', min: 0, max: RESOLUTION, value: 0, step: 1, 'aria-label': 'Timeline', class: 'timeline-range' });
  const ticks = h('div', { class: 'timeline-ticks', 'aria-hidden': 'true' });
  const end = h('span', { class: 'muted small timeline-end' });
  let dragging = false;
  range.addEventListener('input', () => (dragging = true));
  range.addEventListener('change', () => {
    dragging = false;
    seekFraction(Number(range.value) / RESOLUTION);
  });
  slot.append(h('div', { class: 'timeline-track' }, ticks, range), end);
  let tickedLesson: Lesson | null = null;
  let tickedEnd = -1;
  return {
    update(status, lesson) {
      const total = Math.max(status.endTime, status.simTime, 1);
      if (lesson !== tickedLesson || total !== tickedEnd) {
        tickedLesson = lesson;
        tickedEnd = total;
        ticks.replaceChildren(
          ...(lesson?.steps ?? []).map((step) => {
            const tick = h('span', { class: step.chapter ? 'tick chapter' : 'tick' });
            tick.style.left = `${(100 * toNanos(step.at)) / total}%`;
            return tick;
          }),
        );
        end.textContent = formatDuration(total);
      }
      if (!dragging) range.value = String(Math.round((RESOLUTION * status.simTime) / total));
      range.setAttribute('aria-valuetext', `${formatDuration(status.simTime)} of ${formatDuration(total)}`);
    },
  };
}
