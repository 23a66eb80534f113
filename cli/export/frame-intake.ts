import type { IncomingMessage, ServerResponse } from 'node:http';

export const FRAME_PATH = '/__isolab/frame';
/** A 3840×3840 PNG of noise is ~45 MB; anything bigger is not a frame. */
const MAX_FRAME_BYTES = 64 * 1024 * 1024;

/**
 * Where frames go: frame `index` of the video shows `png`. Called in increasing index order for
 * frames whose picture differs from the one before (the frames in between repeat it); for the
 * last frame of each run the page reports as still (about every half second of video), repeating
 * the picture, so the encoder can fill and encode the still frames so far instead of waiting for
 * the next change (which may be the end); and last with `index` = the frame count, one past the
 * end, repeating the last picture: that marks where the last frame ends.
 */
export interface FrameWriter {
  write(index: number, png: Buffer): Promise<void>;
}

/**
 * Receives the page's frames and hands them to the writer strictly in frame order, whatever order
 * the requests finish in. A request covers a run of frames, `POST /__isolab/frame?from=A&to=B`:
 * frames A..B-1 repeat the previous picture and frame B is the PNG body, or, with an empty body,
 * A..B all repeat it (the page sends those now and then so the progress bar moves through a still
 * scene). Each request is answered only when its frames have been written, so the page's bounded
 * number of requests in flight is the pipeline's backpressure.
 */
export class FrameIntake {
  private next = 0;
  private last: Buffer | null = null;
  private readonly waiting = new Map<number, { to: number; png: Buffer | null; done: (error?: Error) => void }>();
  private draining = false;
  private failure: Error | null = null;

  constructor(private readonly writer: FrameWriter, private readonly frames: number, private readonly onFrame: (covered: number) => void) {}

  /** How many frames (from the first) have reached the writer, repeats included. */
  get written(): number {
    return this.next;
  }

  /** The request handler for serveStatic's `route`; true when it took the request. */
  readonly route = (request: IncomingMessage, response: ServerResponse): boolean => {
    const url = new URL(request.url ?? '/', 'http://x');
    if (url.pathname !== FRAME_PATH) return false;
    const from = Number(url.searchParams.get('from'));
    const to = Number(url.searchParams.get('to'));
    if (request.method !== 'POST' || !Number.isInteger(from) || !Number.isInteger(to) || from < this.next || to < from || to >= this.frames || this.waiting.has(from)) {
      response.writeHead(400).end(`bad frame request ${request.method} ${url.search.slice(0, 40)}`);
      return true;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    request.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= MAX_FRAME_BYTES) chunks.push(chunk);
    });
    request.on('end', () => {
      if (size > MAX_FRAME_BYTES) {
        response.writeHead(400).end('frame too large');
        return;
      }
      this.waiting.set(from, {
        to,
        png: size > 0 ? Buffer.concat(chunks) : null,
        done: (error) => {
          if (error) response.writeHead(500).end(error.message.slice(0, 300));
          else response.writeHead(204).end();
        },
      });
      void this.drain();
    });
    return true;
  };

  /** Stops taking frames: pending and later requests are answered with this error. */
  fail(error: Error): void {
    this.failure = error;
    for (const entry of this.waiting.values()) entry.done(error);
    this.waiting.clear();
  }

  private async drain(): Promise<void> {
    if (this.draining) return;
    this.draining = true;
    try {
      for (let entry = this.waiting.get(this.next); entry; entry = this.waiting.get(this.next)) {
        this.waiting.delete(this.next);
        if (this.failure) {
          entry.done(this.failure);
          continue;
        }
        // Before any picture there is nothing to repeat: the first request must be frame 0's PNG alone.
        if (!this.last && (!entry.png || entry.to > this.next)) {
          entry.done(new Error('the first frame cannot repeat a previous one'));
          continue;
        }
        const picture = entry.png ?? (this.last as Buffer);
        try {
          await this.writer.write(entry.to, picture);
          if (entry.to === this.frames - 1) await this.writer.write(this.frames, picture);
        } catch (error) {
          entry.done(error as Error);
          this.fail(error as Error);
          continue;
        }
        this.last = picture;
        this.next = entry.to + 1;
        entry.done();
        this.onFrame(this.next);
      }
    } finally {
      this.draining = false;
    }
  }
}
