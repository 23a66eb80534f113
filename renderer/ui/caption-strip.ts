import type { TraceRecord } from '../../src/engine/types';
import { formatDuration } from '../../src/engine/time';
import { CaptionModel, type CaptionStep } from './caption-model';
import { h } from './dom';

export interface CaptionStrip {
  /** A frame arrived with these trace records; the simulation is now after `eventIndex` events. */
  frame(trace: readonly TraceRecord[], eventIndex: number): void;
  /** The lesson step in force changed (null before the first): only its events are narrated. */
  step(step: CaptionStep | null): void;
  /** A new lesson (or a new run of it): forget the sentences seen. */
  reset(): void;
}

/**
 * "What just happened, in words" (ARCHITECTURE §7): the simulator's trace sentences in a strip
 * along the bottom of the stage, the newest highlighted. The strip has its own band (the
 * `--caption-h` variable on the stage): the canvas ends above it, so views lay out in the area
 * left and the strip can never cover a legend. Screen readers keep the live region; this strip
 * is `aria-hidden` so they do not hear every sentence twice.
 */
/** The smallest a caption may become to fit its band (the projection standard's minimum). */
const MIN_CAPTION_PX = 14;

export function createCaptionStrip(stage: HTMLElement): CaptionStrip {
  const list = h('ol', { class: 'caption-lines' });
  const strip = h('div', { class: 'caption-strip', 'data-testid': 'caption', 'aria-hidden': 'true' }, list);
  stage.classList.add('with-captions');
  stage.append(strip);
  const model = new CaptionModel(3);
  let drawn: string | null = null;

  const draw = (): void => {
    const lines = model.lines();
    const key = lines.map((l) => `${l.eventIndex}:${l.newest ? 1 : 0}${l.undone ? 1 : 0}${l.step ? 1 : 0}:${l.text}`).join('\n');
    if (key === drawn) return;
    drawn = key;
    if (lines.length === 0) {
      list.replaceChildren(h('li', { class: 'caption-line placeholder' }, 'Step (→) or play (Space): each event is described here.'));
      return;
    }
    list.replaceChildren(
      ...lines.map((line) =>
        h(
          'li',
          { class: `caption-line${line.newest ? ' newest' : ''}${line.undone ? ' undone' : ''}${line.step ? ' step' : ''}`, 'data-event': line.eventIndex, title: line.text },
          h('span', { class: 'caption-time' }, line.undone ? `undone · ${formatDuration(line.at)}` : formatDuration(line.at)),
          h('span', { class: 'caption-text' }, line.text),
        ),
      ),
    );
    // Whole lines only: older lines that would be cut at the top of the band are left out.
    const room = strip.clientHeight - 10;
    while (room > 0 && list.children.length > 1 && list.offsetHeight > room) list.firstElementChild?.remove();
    // The newest sentence is never cut: a long one steps down in size (not below 14 px, the
    // projection minimum) until it fits the band.
    const newest = list.lastElementChild;
    if (room > 0 && newest instanceof HTMLElement && newest.classList.contains('newest')) {
      for (let px = 17; px >= MIN_CAPTION_PX && list.offsetHeight > room; px--) newest.style.fontSize = `${px}px`;
    }
  };
  draw();
  // A layout change (audience mode, a resize) changes how many whole lines fit: lay them out again.
  new ResizeObserver(() => {
    drawn = null;
    draw();
  }).observe(strip);

  return {
    frame(trace, eventIndex) {
      model.frame(trace, eventIndex);
      draw();
    },
    step(step) {
      model.step(step);
      draw();
    },
    reset() {
      model.reset();
      draw();
    },
  };
}
