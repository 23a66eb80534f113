import type { Command } from '../src/protocol/commands';
import type { Reply } from '../src/protocol/replies';

/** The part of worker_threads.Worker the supervisor uses (a fake in tests). */
export interface WorkerLike {
  postMessage(message: unknown): void;
  on(event: 'message', listener: (message: unknown) => void): unknown;
  on(event: 'error', listener: (error: Error) => void): unknown;
  on(event: 'exit', listener: (code: number) => void): unknown;
  removeAllListeners(): unknown;
  terminate(): Promise<number>;
}

export interface SupervisorOptions {
  /** Restarts allowed within `windowMs` before the supervisor stops restarting on its own. */
  maxRestarts?: number;
  windowMs?: number;
  now?: () => number;
  /** Called when a fresh worker replaces a dead one (its lesson is gone). */
  onRestart?: () => void;
}

/**
 * Keeps one simulator worker alive and relays its replies. When the worker dies (an uncaught
 * error, running out of its memory limit, a crash), a fresh one is started and every window is
 * told with an error reply; the renderer keeps the user's file and can load it again. A worker
 * that keeps dying is not restarted in a tight loop: the next command restarts it instead.
 */
export class SimSupervisor {
  private worker: WorkerLike | null = null;
  private disposed = false;
  private readonly restarts: number[] = [];
  private readonly maxRestarts: number;
  private readonly windowMs: number;
  private readonly now: () => number;
  private readonly onRestart: () => void;

  constructor(
    private readonly createWorker: () => WorkerLike,
    private readonly onReply: (reply: Reply) => void,
    options: SupervisorOptions = {},
  ) {
    this.maxRestarts = options.maxRestarts ?? 5;
    this.windowMs = options.windowMs ?? 60_000;
    this.now = options.now ?? (() => Date.now());
    this.onRestart = options.onRestart ?? (() => undefined);
    this.start();
  }

  get running(): boolean {
    return this.worker !== null;
  }

  send(command: Command): void {
    if (this.disposed) return;
    if (!this.worker) this.start();
    this.worker?.postMessage(command);
  }

  async dispose(): Promise<void> {
    this.disposed = true;
    const worker = this.worker;
    this.worker = null;
    if (worker) {
      worker.removeAllListeners();
      await worker.terminate().catch(() => undefined);
    }
  }

  private start(): void {
    let worker: WorkerLike;
    try {
      worker = this.createWorker();
    } catch (error) {
      this.onReply({ type: 'error', message: `the simulator could not start: ${(error as Error).message}` });
      return;
    }
    this.worker = worker;
    worker.on('message', (message) => {
      if (this.worker === worker) this.onReply(message as Reply);
    });
    worker.on('error', (error) => this.died(worker, error.message));
    worker.on('exit', (code) => this.died(worker, `exit code ${code}`));
  }

  /** Called for both 'error' and the 'exit' that follows it; acts once per worker. */
  private died(worker: WorkerLike, reason: string): void {
    if (this.worker !== worker || this.disposed) return;
    worker.removeAllListeners();
    this.worker = null;
    this.onRestart();
    const now = this.now();
    while (this.restarts.length > 0 && (this.restarts[0] as number) < now - this.windowMs) this.restarts.shift();
    if (this.restarts.length >= this.maxRestarts) {
      this.onReply({ type: 'error', message: `the simulator stopped unexpectedly (${reason}) and keeps stopping; it will restart with your next command` });
      return;
    }
    this.restarts.push(now);
    this.start();
    this.onReply({ type: 'error', message: `the simulator stopped unexpectedly (${reason}) and was restarted; load the lesson again to continue (your file is still open)` });
  }
}
