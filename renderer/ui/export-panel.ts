import { ExportCancelled, exportRecording } from '../export/exporter';
import { DEFAULT_EXPORT, parseFps, parseSize } from '../../src/recording/frame-plan';
import { h } from './dom';

/**
 * "Export video" for the recording being replayed: size, frame rate and captions, a progress bar
 * and Cancel. The exporter renders offscreen, so the app stays usable meanwhile.
 */
export function createExportPanel(recordingText: () => string, showError: (title: string, message: string) => void): { element: HTMLElement; cancel(): void } {
  let controller: AbortController | null = null;
  const size = h('select', { 'aria-label': 'Video size', 'data-testid': 'export-size' }, ...['1280x720', '1920x1080', '854x480', '640x360', '320x180'].map((s) => h('option', { value: s, selected: s === `${DEFAULT_EXPORT.width}x${DEFAULT_EXPORT.height}` }, s.replace('x', '×'))));
  const fps = h('select', { 'aria-label': 'Frames per second', 'data-testid': 'export-fps' }, ...['10', '24', '30', '60'].map((f) => h('option', { value: f, selected: f === String(DEFAULT_EXPORT.fps) }, `${f} fps`)));
  const captions = h('input', { type: 'checkbox', checked: true, 'aria-label': 'Burn in narration captions', 'data-testid': 'export-captions' });
  const titleCard = h('input', { type: 'checkbox', checked: false, 'aria-label': 'Open with a title card', 'data-testid': 'export-title-card' });
  const start = h('button', { type: 'button', 'data-testid': 'export-video' }, 'Export video');
  const cancelButton = h('button', { type: 'button', hidden: true, 'data-testid': 'export-cancel' }, 'Cancel');
  const progress = h('progress', { max: 1, value: 0, hidden: true, 'aria-label': 'Export progress', 'data-testid': 'export-progress' });
  const state = h('span', { role: 'status', 'aria-live': 'polite', 'data-testid': 'export-state' });
  const element = h('span', { class: 'export-panel' }, size, fps, h('label', {}, captions, ' captions'), h('label', {}, titleCard, ' title card'), start, progress, cancelButton, state);

  const busy = (on: boolean): void => {
    start.disabled = on;
    cancelButton.hidden = !on;
    progress.hidden = !on;
  };

  start.addEventListener('click', () => {
    const dims = parseSize(size.value);
    const rate = parseFps(fps.value);
    if (!dims.ok || !rate.ok) return;
    controller = new AbortController();
    busy(true);
    state.textContent = 'Exporting…';
    const started = performance.now();
    let shown = -Infinity;
    exportRecording(recordingText(), { width: dims.width, height: dims.height, fps: rate.fps, fromMs: 0, captions: captions.checked, titleCard: titleCard.checked }, {
      signal: controller.signal,
      onProgress: (p) => {
        progress.value = p.frame / p.frames;
        // A few updates a second: enough for a bar, quiet for a screen reader's live region.
        const now = performance.now();
        if (now - shown < 500 && p.frame < p.frames) return;
        shown = now;
        const eta = etaText(p.frame, p.frames, now - started);
        state.textContent = `Exporting: frame ${p.frame} of ${p.frames}${eta ? ` · ${eta}` : ''}`;
      },
    })
      .then((result) => {
        const a = h('a', { href: URL.createObjectURL(new Blob([result.bytes as BlobPart], { type: result.mimeType })), download: 'recording.webm' });
        a.click();
        setTimeout(() => URL.revokeObjectURL(a.href), 60_000);

        state.textContent = `Exported ${result.frames} frames (${result.codec.toUpperCase()}, ${Math.round(result.bytes.length / 1024)} KiB)`;
        // The narration as a WebVTT side file, for players and LMSs that ignore embedded tracks:
        // a link to click (a second automatic download would be blocked by browsers).
        if (result.subtitles.includes('-->')) {
          const vtt = h('a', { href: URL.createObjectURL(new Blob([result.subtitles], { type: 'text/vtt' })), download: 'recording.vtt', 'data-testid': 'export-subtitles' }, 'subtitles (.vtt)');
          state.append(' · ', vtt);
        }
      })
      .catch((error: unknown) => {
        if (error instanceof ExportCancelled) state.textContent = 'Export cancelled';
        else {
          state.textContent = 'Export failed';
          showError('Video export failed', error instanceof Error ? error.message : String(error));
        }
      })
      .finally(() => {
        controller = null;
        busy(false);
      });
  });
  cancelButton.addEventListener('click', () => controller?.abort());
  return { element, cancel: () => controller?.abort() };
}

/** "about 12 s left" from the average rate so far (none for the first second: too noisy). */
export function etaText(frame: number, frames: number, elapsedMs: number): string {
  if (frame <= 0 || elapsedMs < 1000 || frame >= frames) return '';
  const seconds = Math.ceil(((frames - frame) * elapsedMs) / frame / 1000);
  return seconds >= 90 ? `about ${Math.round(seconds / 60)} min left` : `about ${seconds} s left`;
}
