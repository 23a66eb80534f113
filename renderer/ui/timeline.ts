import type { TraceRecord } from '../../src/engine/types';
import { formatDuration } from '../../src/engine/time';
import type { Lesson } from '../../src/lessons/schema';
import type { HostStatus } from '../../src/protocol/replies';
import { h } from './dom';
import { EventTicks, stepMarkers } from './timeline-model';
import './demos.css';

const RESOLUTION = 1000;
/** Event tick slots along the track (a density hint; one tick per slot at most). */
const TICK_SLOTS = 400;
/** While dragging, seeks are sent at most this often so a slow seek never queues up behind the pointer. */
const DRAG_SEEK_MS = 80;

export interface Timeline {
  update(status: HostStatus, lesson: Lesson | null): void;
  /** Records the times of events a frame ran (ticks under the track). */
  noteTrace(trace: readonly TraceRecord[]): void;
  /** Forgets the event ticks (a new lesson or seed). */
  reset(): void;
}

/**
 * The timeline: a scrubber over the lesson (the range input is the playhead, at status.simTime),
 * a marker per lesson step (chapter starts taller, titled), ticks for the events already reached,
 * and the current chapter's name. Dragging seeks live (throttled); releasing seeks exactly.
 */
export function createTimeline(slot: HTMLElement, seekFraction: (fraction: number) => void): Timeline {
  const range = h('input', { type: 'range', min: 0, max: RESOLUTION, value: 0, step: 1, 'aria-label': 'Timeline', class: 'timeline-range', 'data-testid': 'timeline' });
  const ticks = h('div', { class: 'timeline-ticks', 'aria-hidden': 'true' });
  const events = h('div', { class: 'timeline-events', 'aria-hidden': 'true', 'data-testid': 'timeline-events' });
  const chapter = h('span', { class: 'muted small timeline-chapter', 'data-testid': 'timeline-chapter' });
  const end = h('span', { class: 'muted small timeline-end' });
  const eventTicks = new EventTicks();
  let dragging = false;
  let lastDragSeek = 0;
  range.addEventListener('input', () => {
    dragging = true;
    const now = performance.now();
    if (now - lastDragSeek >= DRAG_SEEK_MS) {
      lastDragSeek = now;
      seekFraction(Number(range.value) / RESOLUTION);
    }
  });
  range.addEventListener('change', () => {
    dragging = false;
    seekFraction(Number(range.value) / RESOLUTION);
  });
  slot.append(h('div', { class: 'timeline-track' }, ticks, events, range), chapter, end);

  let markedLesson: Lesson | null = null;
  let markedEnd = -1;

  let drawnSignature = '';
  const drawEvents = (total: number): void => {
    const positions = eventTicks.positions(total, TICK_SLOTS);
    const signature = positions.join(',');
    if (signature === drawnSignature) return;
    drawnSignature = signature;
    events.replaceChildren(
      ...positions.map((slotIndex) => {
        const tick = h('span', { class: 'event-tick' });
        tick.style.left = `${(100 * slotIndex) / TICK_SLOTS}%`;
        return tick;
      }),
    );
  };

  return {
    update(status, lesson) {
      // The lesson's end is fixed: playing on past it does not stretch the timeline (the playhead stays at the end).
      const total = status.endTime > 0 ? status.endTime : Math.max(status.simTime, 1);
      if (lesson !== markedLesson || total !== markedEnd) {
        if (lesson !== markedLesson) eventTicks.clear();
        markedLesson = lesson;
        markedEnd = total;
        ticks.replaceChildren(
          ...stepMarkers(lesson, total).map((marker) => {
            const tick = h('span', { class: marker.chapter ? 'tick chapter' : 'tick', title: marker.chapter ? `Chapter: ${marker.label}` : marker.label });
            tick.style.left = `${100 * marker.fraction}%`;
            return tick;
          }),
        );
        end.textContent = formatDuration(total);
      }
      drawEvents(total);
      const current = lesson?.steps.slice(0, Math.max(0, status.stepIndex) + 1).reverse().find((s) => s.chapter)?.chapter;
      const chapterCount = lesson?.steps.filter((s) => s.chapter).length ?? 0;
      chapter.textContent = current ? current : chapterCount > 0 ? 'Before the first chapter' : '';
      chapter.title = chapter.textContent;
      if (!dragging) range.value = String(Math.round((RESOLUTION * status.simTime) / total));
      range.setAttribute('aria-valuetext', `${formatDuration(status.simTime)} of ${formatDuration(total)}${current ? `, chapter ${current}` : ''}`);
    },
    noteTrace(trace) {
      if (trace.length > 0) eventTicks.add(trace.map((t) => t.at));
    },
    reset() {
      eventTicks.clear();
    },
  };
}
