import type { Lesson } from '../../src/lessons/schema';
import type { CommandInput } from '../../src/protocol/commands';
import type { HostStatus, Reply } from '../../src/protocol/replies';
import { StateMirror, type MirrorChange } from '../mirror';

/** What the comparison needs of a simulator: commands in, replies out, and a way to stop it. */
export interface SimulatorPort {
  send(command: CommandInput): void;
  onReply(listener: (reply: Reply) => void): () => void;
  terminate(): void;
}

/** A simulator in a new Web Worker (the browser build's worker module, reused). */
export function workerPort(): SimulatorPort {
  const worker = new Worker(new URL('../web/worker.ts', import.meta.url), { type: 'module', name: 'comparison simulator' });
  const listeners = new Set<(reply: Reply) => void>();
  const emit = (reply: Reply): void => listeners.forEach((listener) => listener(reply));
  worker.addEventListener('message', (event: MessageEvent<Reply>) => emit(event.data));
  worker.addEventListener('error', (event) => emit({ type: 'error', message: `comparison worker failed: ${event.message || 'unknown error'}` }));
  return {
    send: (command) => worker.postMessage(command),
    onReply(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    terminate: () => worker.terminate(),
  };
}

/**
 * The second simulator of a split screen. It runs in its own Web Worker (in the browser build and
 * in Electron alike: the simulator is pure, so the sandboxed renderer can host it without any
 * change to the main process) and follows the main simulation by simulated time: whenever the
 * main clock moves (play, step, step back, seek), the comparison seeks to the same time. One seek
 * is in flight at a time; later moves coalesce into the next one, so a fast play never queues up.
 */
export class Comparison {
  readonly mirror: StateMirror;
  private readonly lab: SimulatorPort;
  private readonly unsubscribe: () => void;
  private inFlight = false;
  private wanted: number | null = null;
  private loadedKey: string | null = null;

  constructor(private readonly onChange: (change: MirrorChange) => void, lab: SimulatorPort = workerPort()) {
    this.lab = lab;
    this.mirror = new StateMirror(() => this.lab.send({ type: 'snapshot' }));
    this.unsubscribe = lab.onReply((reply) => this.receive(reply));
  }

  /** Loads the variant lesson (same seed as the main run). Reloads only when something changed. */
  load(lesson: Lesson, seed: number, key: string): void {
    if (key === this.loadedKey) return;
    this.loadedKey = key;
    this.inFlight = true;
    this.wanted = null;
    this.lab.send({ type: 'load', lesson, seed, source: `${lesson.id} (comparison)` });
  }

  /** Keeps the comparison at the main run's simulated time. */
  follow(main: HostStatus): void {
    if (!this.mirror.status) {
      this.wanted = main.simTime;
      return;
    }
    if (main.simTime === this.mirror.status.simTime && !this.inFlight) return;
    this.wanted = main.simTime;
    this.flush();
  }

  dispose(): void {
    this.unsubscribe();
    this.lab.terminate();
  }

  private flush(): void {
    if (this.inFlight || this.wanted === null) return;
    if (this.mirror.status && this.wanted === this.mirror.status.simTime) {
      this.wanted = null;
      return;
    }
    this.inFlight = true;
    this.lab.send({ type: 'seek', simTime: this.wanted });
    this.wanted = null;
  }

  private receive(reply: Reply): void {
    const change = this.mirror.apply(reply);
    // Status lines and progress of a long seek come before its answer: the seek is still in flight.
    if (reply.type !== 'status' && reply.type !== 'progress') this.inFlight = false;
    this.onChange(change);
    this.flush();
  }
}
