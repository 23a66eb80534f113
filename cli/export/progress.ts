/**
 * The terminal's progress line: a bar, the frame count, the speed against real time and an ETA.
 * The ETA is the frames left at the average rate so far (the first frames include the start-up,
 * so it errs long and then settles).
 */
export function progressLine(frame: number, frames: number, elapsedMs: number, fps: number, width = 24): string {
  const fraction = frames > 0 ? Math.min(1, frame / frames) : 0;
  const filled = Math.round(fraction * width);
  const bar = `[${'#'.repeat(filled)}${'-'.repeat(width - filled)}]`;
  const percent = `${Math.floor(fraction * 100)}%`.padStart(4);
  const rate = elapsedMs > 0 ? frame / (elapsedMs / 1000) : 0;
  const speed = rate > 0 ? `${(rate / fps).toFixed(1)}× real time` : '…';
  const eta = rate > 0 && frame > 0 ? `ETA ${clock((frames - frame) / rate)}` : 'ETA --:--';
  return `${bar} ${percent} ${frame}/${frames} frames · ${speed} · ${eta}`;
}

/** m:ss (h:mm:ss past an hour). */
export function clock(seconds: number): string {
  const s = Math.max(0, Math.ceil(seconds));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const ss = String(s % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${ss}` : `${m}:${ss}`;
}

/** Throttles redraws of a live terminal line to a few per second (the last one always shows). */
export function throttled(show: (line: string) => void, everyMs = 200): (line: string, force?: boolean) => void {
  let last = -Infinity;
  return (line, force = false) => {
    const now = performance.now();
    if (!force && now - last < everyMs) return;
    last = now;
    show(line);
  };
}
