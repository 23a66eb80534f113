import type { TraceRecord } from '../../src/engine/types';
import { h } from './dom';

/** A polite screen-reader live region: the latest trace lines, throttled so playback doesn't flood it. */
export function createLiveRegion(): { announce(text: string): void; trace(records: readonly TraceRecord[]): void } {
  const region = h('div', { class: 'visually-hidden', 'aria-live': 'polite', 'aria-atomic': 'true', 'data-testid': 'live-region' });
  document.body.append(region);
  let pending: string | null = null;
  let timer: ReturnType<typeof setTimeout> | null = null;
  const flush = (): void => {
    timer = null;
    if (pending !== null) region.textContent = pending;
    pending = null;
  };
  const announce = (text: string): void => {
    pending = text;
    timer ??= setTimeout(flush, 400);
  };
  return {
    announce,
    trace(records) {
      if (records.length === 0) return;
      announce(records.slice(-3).map((r) => r.text).join(' '));
    },
  };
}
