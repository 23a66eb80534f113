import type { FrameSource } from './frame-source';
import { SamePixels } from './same-pixels';

/** How many requests may be on their way to the encoder at once: bounds memory, keeps both sides busy. */
export const FRAMES_IN_FLIGHT = 4;

export interface SendTiming {
  renderMs: number;
  /** Time spent reading pixels back and comparing them with the previous frame's. */
  compareMs: number;
  /** Time the page waited on PNG encoding and the encoder's backpressure. */
  waitMs: number;
  /** Frames sent as pictures (the others repeat the frame before). */
  sent: number;
}

/**
 * The headless export's page side: draws each frame and POSTs to `endpoint` (the CLI's own
 * 127.0.0.1 server, same origin) only the frames whose pixels differ from the frame before, as a
 * PNG (the cheapest route measured from page to Node; docs/benchmarks.md). A request covers a run
 * `from..to`: the frames before `to` repeat the previous picture and `to` is the PNG. In a still
 * scene the page still reports every half second of video with an empty request (the progress bar
 * moves, and the CLI lets ffmpeg encode the still frames so far), and the video's last frames
 * always close with one. Up to FRAMES_IN_FLIGHT requests are pending; the
 * server answers only once its frames are written into ffmpeg, which is the backpressure.
 */
export async function sendFrames(frames: FrameSource, endpoint: string, fps: number): Promise<SendTiming> {
  const pending: Array<Promise<void>> = [];
  const pixels = new SamePixels();
  const progressEvery = Math.max(1, Math.round(fps / 2));
  let waitMs = 0;
  let compareMs = 0;
  let sent = 0;
  let from = 0;
  const send = async (to: number, body: Promise<Blob | null>): Promise<void> => {
    const request = post(`${endpoint}?from=${from}&to=${to}`, body);
    from = to + 1;
    // Awaited in order below; this only keeps a failure behind an earlier one from going unhandled.
    request.catch(() => undefined);
    pending.push(request);
    if (pending.length >= FRAMES_IN_FLIGHT) {
      const t0 = performance.now();
      await pending.shift();
      waitMs += performance.now() - t0;
    }
  };
  for (let i = 0; i < frames.count; i++) {
    let changed = frames.draw(i);
    if (changed) {
      const t0 = performance.now();
      const { width, height } = frames.canvas;
      changed = !pixels.same(frames.context.getImageData(0, 0, width, height).data);
      compareMs += performance.now() - t0;
    }
    if (changed) {
      sent++;
      // convertToBlob copies the bitmap when called, so the next frame may be drawn meanwhile.
      await send(i, frames.canvas.convertToBlob({ type: 'image/png' }));
    } else if (i === frames.count - 1 || i + 1 - from >= progressEvery) {
      await send(i, Promise.resolve(null));
    }
  }
  const t0 = performance.now();
  await Promise.all(pending);
  waitMs += performance.now() - t0;
  return { renderMs: frames.renderMs, compareMs, waitMs, sent };
}

async function post(url: string, body: Promise<Blob | null>): Promise<void> {
  const blob = await body;
  const response = await fetch(url, { method: 'POST', body: blob ?? '' });
  if (!response.ok) throw new Error(`export: the encoder refused a frame (${response.status}: ${(await response.text()).slice(0, 200)})`);
}
