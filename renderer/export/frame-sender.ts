import type { FrameSource } from './frame-source';

/** How many frames may be on their way to the encoder at once: bounds memory, keeps both sides busy. */
export const FRAMES_IN_FLIGHT = 4;

export interface SendTiming {
  renderMs: number;
  /** Time the page waited on PNG encoding and the encoder's backpressure. */
  waitMs: number;
}

/**
 * The headless export's page side: draws each frame and POSTs it to `endpoint` (the CLI's own
 * 127.0.0.1 server, same origin) as a PNG — the cheapest route measured from page to Node (PNG
 * encoding in Chromium beats moving 3.7 MB of raw RGBA per 720p frame through either base64 or
 * a raw fetch body; see docs/benchmarks.md). A frame that repeats the previous one goes as an
 * empty `same` POST and the CLI re-sends the last PNG. Up to FRAMES_IN_FLIGHT requests are
 * pending; the server answers only once a frame is written into ffmpeg, which is the backpressure.
 */
export async function sendFrames(frames: FrameSource, endpoint: string): Promise<SendTiming> {
  const pending: Array<Promise<void>> = [];
  let waitMs = 0;
  for (let i = 0; i < frames.count; i++) {
    const changed = frames.draw(i);
    // convertToBlob copies the bitmap when called, so the next frame may be drawn meanwhile.
    const body = changed ? frames.canvas.convertToBlob({ type: 'image/png' }) : Promise.resolve(null);
    const sent = post(`${endpoint}?i=${i}${changed ? '' : '&same=1'}`, body);
    // Awaited in order below; this only keeps a failure behind an earlier one from going unhandled.
    sent.catch(() => undefined);
    pending.push(sent);
    if (pending.length >= FRAMES_IN_FLIGHT) {
      const t0 = performance.now();
      await pending.shift();
      waitMs += performance.now() - t0;
    }
  }
  const t0 = performance.now();
  await Promise.all(pending);
  waitMs += performance.now() - t0;
  return { renderMs: frames.renderMs, waitMs };
}

async function post(url: string, body: Promise<Blob | null>): Promise<void> {
  const blob = await body;
  const response = await fetch(url, { method: 'POST', body: blob ?? '' });
  if (!response.ok) throw new Error(`export: the encoder refused a frame (${response.status}: ${(await response.text()).slice(0, 200)})`);
}
