import type { ReplayRequest, ReplayRequestBody, ReplayResponse } from './replay-protocol';

/** A channel to a replay session: the replay Web Worker in the app, the session itself in tests. */
export interface ReplayPort {
  post(request: ReplayRequest): void;
  onMessage(listener: (response: ReplayResponse) => void): void;
  onCrash(listener: (message: string) => void): void;
  terminate(): void;
}

/** The replay worker (renderer/web/replay-worker.ts); Vite bundles it for both builds. */
export function replayWorkerPort(): ReplayPort {
  const worker = new Worker(new URL('../web/replay-worker.ts', import.meta.url), { type: 'module', name: 'replayer' });
  return {
    post: (request) => worker.postMessage(request),
    onMessage: (listener) => worker.addEventListener('message', (event: MessageEvent<ReplayResponse>) => listener(event.data)),
    onCrash: (listener) => worker.addEventListener('error', (event) => listener(event.message || 'the replay worker stopped')),
    terminate: () => worker.terminate(),
  };
}

type Final = Exclude<ReplayResponse, { type: 'progress' }>;

interface Pending {
  request: ReplayRequest;
  resolve(response: Final): void;
}

/**
 * The page's side of the replay worker: requests answered in order, one at a time, so the page
 * applies moves in the order the worker made them. While one request runs, a newer `seek`
 * replaces an older queued one (playback and scrubbing ask far more often than a big recording
 * can answer). `cancel` stops the worker at once, even in the middle of parsing; the next
 * request starts a fresh one.
 */
export class ReplayClient {
  private port: ReplayPort | null = null;
  private nextId = 1;
  private running: Pending | null = null;
  private readonly queue: Pending[] = [];

  constructor(
    private readonly createPort: () => ReplayPort,
    private readonly onProgress: (progress: Extract<ReplayResponse, { type: 'progress' }>) => void,
  ) {}

  request(body: ReplayRequestBody): Promise<Final> {
    return new Promise((resolve) => {
      const request: ReplayRequest = { ...body, id: this.nextId++ };
      if (request.type === 'seek') {
        const older = this.queue.findIndex((p) => p.request.type === 'seek');
        if (older >= 0) this.queue.splice(older, 1)[0]?.resolve({ type: 'idle', id: request.id });
      }
      this.queue.push({ request, resolve });
      this.pump();
    });
  }

  /** Stops whatever runs now and drops the queue; every open request is answered `idle`. */
  cancel(): void {
    this.port?.terminate();
    this.port = null;
    const dropped = [...(this.running ? [this.running] : []), ...this.queue.splice(0)];
    this.running = null;
    for (const pending of dropped) pending.resolve({ type: 'idle', id: pending.request.id });
  }

  private pump(): void {
    if (this.running) return;
    const next = this.queue.shift();
    if (!next) return;
    this.running = next;
    this.ensurePort().post(next.request);
  }

  private ensurePort(): ReplayPort {
    if (this.port) return this.port;
    const port = this.createPort();
    port.onMessage((response) => {
      if (port !== this.port) return;
      if (response.type === 'progress') {
        this.onProgress(response);
        return;
      }
      const running = this.running;
      if (!running || running.request.id !== response.id) return;
      this.running = null;
      running.resolve(response);
      this.pump();
    });
    port.onCrash((message) => {
      if (port !== this.port) return;
      const running = this.running;
      this.running = null;
      running?.resolve({ type: 'failed', id: running.request.id, title: 'The replay stopped', message });
      this.cancel();
    });
    this.port = port;
    return port;
  }
}
