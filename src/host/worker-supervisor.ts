import type { CommandInput } from '../protocol/commands';
import type { Reply } from '../protocol/replies';
import { SessionJournal } from './session-journal';

/** The part of a worker the supervisor uses: Node's worker_threads.Worker, or an adapter over a Web Worker. */
export interface WorkerLike {
  postMessage(message: unknown): void;
  on(event: 'message', listener: (message: unknown) => void): unknown;
  on(event: 'error', listener: (error: Error) => void): unknown;
  on(event: 'exit', listener: (code: number) => void): unknown;
  removeAllListeners(): unknown;
  terminate(): Promise<number>;
}

export interface WatchdogTimers {
  setInterval(fn: () => void, ms: number): unknown;
  clearInterval(handle: unknown): void;
}

export interface SupervisorOptions {
  /** Restarts allowed within `windowMs` before the supervisor stops restarting on its own. */
  maxRestarts?: number;
  windowMs?: number;
  now?: () => number;
  /**
   * Called when a fresh worker replaces a dead or hung one; `restored` says whether it was sent
   * the session back (same lesson), so a caller that caches the lesson keeps it.
   */
  onRestart?: (restored: boolean) => void;
  /** A worker that leaves a ping unanswered this long is hung: terminated, restarted, restored. */
  deadlineMs?: number;
  /** How often the watchdog pings (0 turns the watchdog off). */
  pingEveryMs?: number;
  /** The deadline for a new worker's first answer (starting a worker compiles and loads code). */
  startupDeadlineMs?: number;
  timers?: WatchdogTimers;
}

/** Request ids of the watchdog's pings (their replies are not passed on). */
const PING_BASE = 2 ** 51;

const defaultTimers: WatchdogTimers = {
  setInterval: (fn, ms) => globalThis.setInterval(fn, ms),
  clearInterval: (handle) => globalThis.clearInterval(handle as ReturnType<typeof setInterval>),
};

/**
 * Keeps one simulator worker alive and relays its replies. A worker that dies (an uncaught error,
 * its memory limit, a crash) or stops answering the watchdog's pings within the deadline (a
 * handler stuck in a loop) is terminated and replaced, and the session is restored from the
 * journal: the same lesson, seed, faults, inputs and position, with a message saying so and
 * naming anything that could not be kept. A worker that keeps dying is not restarted in a tight
 * loop: the next command restarts it instead.
 */
export class WorkerSupervisor {
  private worker: WorkerLike | null = null;
  private disposed = false;
  private readonly restarts: number[] = [];
  private readonly maxRestarts: number;
  private readonly windowMs: number;
  private readonly now: () => number;
  private readonly onRestart: (restored: boolean) => void;
  private readonly deadlineMs: number;
  private readonly startupDeadlineMs: number;
  /** Whether the current worker has answered at least once (until then the startup deadline applies). */
  private answered = false;
  private readonly timers: WatchdogTimers;
  private readonly journal = new SessionJournal();
  private watchdog: unknown = null;
  private ping: { id: number; sentAt: number } | null = null;
  private nextPing = PING_BASE;

  constructor(
    private readonly createWorker: () => WorkerLike,
    private readonly onReply: (reply: Reply) => void,
    options: SupervisorOptions = {},
  ) {
    this.maxRestarts = options.maxRestarts ?? 5;
    this.windowMs = options.windowMs ?? 60_000;
    this.now = options.now ?? (() => globalThis.performance.now());
    this.onRestart = options.onRestart ?? (() => undefined);
    this.deadlineMs = options.deadlineMs ?? 10_000;
    this.startupDeadlineMs = options.startupDeadlineMs ?? 30_000;
    this.timers = options.timers ?? defaultTimers;
    const every = options.pingEveryMs ?? 1000;
    if (every > 0) this.watchdog = this.timers.setInterval(() => this.checkAlive(), every);
    this.start();
  }

  get running(): boolean {
    return this.worker !== null;
  }

  /** Inputs made since the lesson was loaded (a deep link that replaces the lesson would drop them). */
  get sessionInputs(): number {
    return this.journal.inputCount;
  }

  send(command: CommandInput): void {
    if (this.disposed) return;
    if (!this.worker) this.start();
    this.worker?.postMessage(this.journal.command(command));
  }

  async dispose(): Promise<void> {
    this.disposed = true;
    if (this.watchdog !== null) this.timers.clearInterval(this.watchdog);
    this.watchdog = null;
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
    this.ping = null;
    this.answered = false;
    worker.on('message', (message) => {
      if (this.worker === worker) this.received(message as Reply);
    });
    worker.on('error', (error) => this.died(worker, `stopped unexpectedly (${error.message})`));
    worker.on('exit', (code) => this.died(worker, `stopped unexpectedly (exit code ${code})`));
  }

  private received(reply: Reply): void {
    this.answered = true;
    if (reply.type === 'status' && this.ping !== null && reply.requestId === this.ping.id) {
      // A pong: the journal still learns the position from it; the UI never asked, so it is not passed on.
      this.ping = null;
      this.journal.reply(reply);
      return;
    }
    this.onReply(this.journal.reply(reply));
  }

  /** The watchdog: ping an idle worker; a ping left unanswered past the deadline means hung. */
  private checkAlive(): void {
    const worker = this.worker;
    if (!worker || this.disposed) return;
    if (this.ping === null) {
      this.ping = { id: this.nextPing++, sentAt: this.now() };
      worker.postMessage({ type: 'ping', requestId: this.ping.id });
      return;
    }
    const waited = this.now() - this.ping.sentAt;
    if (waited < (this.answered ? this.deadlineMs : this.startupDeadlineMs)) return;
    worker.removeAllListeners();
    void worker.terminate().catch(() => undefined);
    this.died(worker, `stopped responding (no answer for ${Math.round(waited / 1000)} s)`, true);
  }

  /** Called for a hang, and for both 'error' and the 'exit' that follows it; acts once per worker. */
  private died(worker: WorkerLike, what: string, alreadyStopped = false): void {
    if (this.worker !== worker || this.disposed) return;
    if (!alreadyStopped) worker.removeAllListeners();
    this.worker = null;
    this.ping = null;
    const now = this.now();
    while (this.restarts.length > 0 && (this.restarts[0] as number) < now - this.windowMs) this.restarts.shift();
    if (this.restarts.length >= this.maxRestarts) {
      this.onRestart(false);
      this.onReply({ type: 'error', message: `the simulator ${what} and keeps stopping; it will restart with your next command (load the lesson again)` });
      return;
    }
    this.restarts.push(now);
    this.start();
    this.restoreSession(what);
  }

  private restoreSession(what: string): void {
    const restore = this.journal.restoreCommand();
    const lost = this.journal.dropUnanswered();
    this.onRestart(restore !== null && this.worker !== null);
    const lostNote = lost > 0 ? `; ${lost} input${lost === 1 ? '' : 's'} sent just before ${lost === 1 ? 'was' : 'were'} not applied (repeat ${lost === 1 ? 'it' : 'them'} if needed)` : '';
    if (!restore) {
      this.onReply({ type: 'error', message: `the simulator ${what} and was restarted${lostNote}` });
      return;
    }
    this.worker?.postMessage(restore);
    const inputs = restore.inputs.length;
    this.onReply({
      type: 'error',
      message: `the simulator ${what} and was restarted; your session was restored (same lesson, seed and ${inputs} input${inputs === 1 ? '' : 's'}, at event ${restore.eventIndex})${lostNote}`,
    });
  }
}
