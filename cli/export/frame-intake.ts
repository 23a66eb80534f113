import type { IncomingMessage, ServerResponse } from 'node:http';

export const FRAME_PATH = '/__isolab/frame';
/** A 3840×3840 PNG of noise is ~45 MB; anything bigger is not a frame. */
const MAX_FRAME_BYTES = 64 * 1024 * 1024;

/** Where ordered frames go: ffmpeg's stdin, wrapped so a write resolves once it is taken. */
export interface FrameWriter {
  write(png: Buffer): Promise<void>;
}

/**
 * Receives the page's frames (POST /__isolab/frame?i=N, a PNG body, or `&same=1` for "as the
 * previous frame") and hands them to the writer strictly in frame order, whatever order the
 * requests finish in. Each request is answered only when its frame has been written, so the page's
 * bounded number of requests in flight is the pipeline's backpressure.
 */
export class FrameIntake {
  private next = 0;
  private last: Buffer | null = null;
  private readonly waiting = new Map<number, { png: Buffer | null; done: (error?: Error) => void }>();
  private draining = false;
  private failure: Error | null = null;

  constructor(private readonly writer: FrameWriter, private readonly frames: number, private readonly onFrame: (written: number) => void) {}

  get written(): number {
    return this.next;
  }

  /** The request handler for serveStatic's `route`; true when it took the request. */
  readonly route = (request: IncomingMessage, response: ServerResponse): boolean => {
    const url = new URL(request.url ?? '/', 'http://x');
    if (url.pathname !== FRAME_PATH) return false;
    const index = Number(url.searchParams.get('i'));
    if (request.method !== 'POST' || !Number.isInteger(index) || index < this.next || index >= this.frames || this.waiting.has(index)) {
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
      const same = url.searchParams.get('same') === '1';
      const png = same ? null : Buffer.concat(chunks);
      if (size > MAX_FRAME_BYTES || (!same && png?.length === 0)) {
        response.writeHead(400).end(size > MAX_FRAME_BYTES ? 'frame too large' : 'empty frame');
        return;
      }
      this.waiting.set(index, {
        png,
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
        const png = entry.png ?? this.last;
        if (!png) {
          entry.done(new Error('the first frame cannot repeat a previous one'));
          continue;
        }
        try {
          await this.writer.write(png);
        } catch (error) {
          entry.done(error as Error);
          this.fail(error as Error);
          continue;
        }
        this.last = png;
        this.next++;
        entry.done();
        this.onFrame(this.next);
      }
    } finally {
      this.draining = false;
    }
  }
}
