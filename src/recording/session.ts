import type { Lesson } from '../lessons/schema';
import type { CommandInput } from '../protocol/commands';
import type { HostStatus, Reply } from '../protocol/replies';
import type { NavLine, RecordingLine } from './format';
import { createHeader, RecordingWriter } from './writer';

/** Request ids the recorder uses for its own probes; far above anything a UI counts up to. */
const PROBE_BASE = 2 ** 40;
/** While playing, the clock is looked at this often (wall ms) so playback follows the session's pace. */
export const POSITION_SAMPLE_MS = 250;
/**
 * A sample is written only when the clock strays from a straight line through the last one by
 * more than this much wall time (playback interpolates linearly between lines), or when this
 * many ms have passed: steady play costs a line every few seconds, not four a second.
 */
export const POSITION_TOLERANCE_MS = 100;
export const POSITION_MAX_GAP_MS = 5000;

type Pending =
  | { kind: 'input'; action: unknown; w: number }
  | { kind: 'nav'; op: NavLine['op']; playing?: boolean; speed?: number; w: number }
  | { kind: 'marker'; label: string; narration: string; chapter: boolean; w: number }
  | { kind: 'end'; w: number };

export interface SessionRecorderOptions {
  app: string;
  lesson: Lesson;
  status: HostStatus;
  viewport: { width: number; height: number };
  /** Wall clock in ms (performance.now in the page; a fake in tests). */
  now: () => number;
  /** Receives the file as it is written: the header first, then each line. */
  sink: (text: string) => void;
  /** Sends a command to the host (marker probes go through it). */
  send: (command: CommandInput) => void;
  embedLesson?: boolean;
}

/**
 * Records a session at the protocol level: it sees each command the UI sends and each reply, and
 * writes the recording lines. Positions are the host's own: an input's line is written when its
 * `status` reply says where it was inserted; a navigation or marker line is written when a `hash`
 * probe sent right after the command answers (the host handles commands in order, so the probe
 * reports the position after the command, and markers get their state hash from it).
 */
export class SessionRecorder {
  readonly writer: RecordingWriter;
  private readonly start: number;
  private readonly pending = new Map<number, Pending>();
  private nextId = PROBE_BASE;
  private playing: boolean;
  private lastSampleW = 0;
  /** The last written position while playing, and the pace since it (sim ns per wall ms). */
  private anchor: { t: number; w: number } | null = null;
  private pace = 0;
  private last: { t: number; e: number };
  /** Set while the end line waits for the final state hash. */
  private finishing: (() => void) | null = null;

  constructor(private readonly options: SessionRecorderOptions) {
    const { status } = options;
    this.start = options.now();
    this.playing = status.playing;
    this.last = { t: status.simTime, e: status.eventIndex };
    this.writer = new RecordingWriter(
      createHeader({ app: options.app, lesson: options.lesson, seed: status.seed, faults: status.faults, viewport: options.viewport, embedLesson: options.embedLesson }),
      options.sink,
    );
    this.write({ kind: 'nav', op: 'seek', ...this.last, w: 0, playing: status.playing, speed: status.speed });
  }

  private wall(): number {
    return Math.max(0, this.options.now() - this.start);
  }

  /**
   * Call with every command the UI sends; returns what to send instead, in order: the command
   * (an input gets a request id) followed by any probe that reports where it left the host.
   */
  command(command: CommandInput): CommandInput[] {
    if (this.writer.isClosed) return [command];
    const w = this.wall();
    switch (command.type) {
      case 'input': {
        const requestId = this.nextId++;
        this.pending.set(requestId, { kind: 'input', action: command.action, w });
        return [{ ...command, requestId }];
      }
      case 'play':
      case 'pause':
        this.playing = command.type === 'play';
        return [command, this.probeFor({ kind: 'nav', op: command.type, playing: this.playing, w })];
      case 'step':
      case 'stepBack':
        this.playing = false;
        return [command, this.probeFor({ kind: 'nav', op: command.type, playing: false, w })];
      case 'stepLesson':
      case 'seek':
        return [command, this.probeFor({ kind: 'nav', op: command.type, w })];
      case 'setSpeed':
        return [command, this.probeFor({ kind: 'nav', op: 'speed', speed: command.speed, w })];
      default:
        // A new `load` ends this recording's lesson; the UI closes the recorder on `loaded`.
        return [command];
    }
  }

  /** Marks this point: label, narration, and the state hash that makes the recording verifiable. */
  marker(label: string, narration = '', chapter = false): void {
    if (this.writer.isClosed) return;
    this.options.send(this.probeFor({ kind: 'marker', label, narration, chapter, w: this.wall() }));
  }

  /** A view or focus change in the UI (not a simulator command). */
  view(view: string): void {
    if (!this.writer.isClosed) this.write({ kind: 'view', ...this.last, w: this.wall(), view });
  }

  focus(entities: readonly string[]): void {
    if (!this.writer.isClosed) this.write({ kind: 'focus', ...this.last, w: this.wall(), entities: [...entities] });
  }

  /** Call with every reply from the host. */
  reply(reply: Reply): void {
    if (this.writer.isClosed) return;
    const pending = reply.type !== 'frame' && reply.requestId !== undefined ? this.pending.get(reply.requestId) : undefined;
    if (pending && reply.type !== 'frame' && reply.requestId !== undefined) this.pending.delete(reply.requestId);
    if (pending?.kind === 'input' && reply.type === 'status') {
      this.last = { t: reply.status.simTime, e: reply.status.eventIndex };
      this.write({ kind: 'input', ...this.last, w: pending.w, action: pending.action as { type: string } });
      return;
    }
    if (pending && reply.type === 'hash') {
      this.last = { t: reply.simTime, e: reply.eventIndex };
      if (pending.kind === 'end') return this.endWith(reply.hash, pending.w);
      if (pending.kind === 'marker') this.write({ ...pending, ...this.last, hash: reply.hash });
      else if (pending.kind === 'nav') this.write({ ...pending, ...this.last });
      return;
    }
    if (reply.type === 'frame' || reply.type === 'status' || reply.type === 'snapshot') this.sample(reply.status);
  }

  /**
   * Ends the file with an `end` line that carries the final state hash (asked of the host), so the
   * whole recording is verifiable; `done` runs once the line is written. Lines already asked for
   * are written first (the host answers in order).
   */
  finish(done: () => void = () => undefined): void {
    if (this.writer.isClosed) return done();
    if (this.finishing) {
      const previous = this.finishing;
      this.finishing = () => (previous(), done());
      return;
    }
    this.finishing = done;
    this.options.send(this.probeFor({ kind: 'end', w: this.wall() }));
  }

  /** Whether the end line is waiting for the host's final hash. */
  get isFinishing(): boolean {
    return this.finishing !== null;
  }

  /**
   * Ends the file at once, without a final hash (the host is gone or unresponsive): the file is
   * valid and verifiable up to its last marker, and `replay --verify` says what it could not cover.
   */
  close(): void {
    if (this.writer.isClosed) return;
    this.writer.close({ ...this.last, w: this.wall() });
    this.runFinished();
  }

  private endWith(hash: string, w: number): void {
    this.writer.close({ ...this.last, w }, hash);
    this.runFinished();
  }

  private runFinished(): void {
    const done = this.finishing;
    this.finishing = null;
    done?.();
  }

  private sample(status: HostStatus): void {
    const w = this.wall();
    if (this.playing && !status.playing && this.pending.size === 0) {
      // The host stopped by itself (the lesson ended): the playback must stop here too.
      this.playing = false;
      this.last = { t: status.simTime, e: status.eventIndex };
      this.write({ kind: 'nav', op: 'pause', ...this.last, w, playing: false });
      return;
    }
    if (!status.playing) return;
    // Kept current even when no line is written: a view or marker line carries where play was.
    this.last = { t: status.simTime, e: status.eventIndex };
    if (w - this.lastSampleW < POSITION_SAMPLE_MS) return;
    this.lastSampleW = w;
    const nsPerMs = (status.speed * status.timeScaleNs) / 1000;
    const anchor = this.anchor;
    if (anchor && anchor.w < w && Math.abs(nsPerMs - this.pace) < 1e-9 && w - anchor.w < POSITION_MAX_GAP_MS) {
      const predicted = anchor.t + (w - anchor.w) * nsPerMs;
      if (Math.abs(status.simTime - predicted) <= POSITION_TOLERANCE_MS * nsPerMs) return;
    }
    this.anchor = { t: status.simTime, w };
    this.pace = nsPerMs;
    this.write({ kind: 'nav', op: 'position', ...this.last, w, playing: true });
  }

  private probeFor(pending: Pending): CommandInput {
    const requestId = this.nextId++;
    this.pending.set(requestId, pending);
    return { type: 'hash', requestId };
  }

  private write(line: RecordingLine): void {
    if (line.kind !== 'nav' || line.op !== 'position') this.anchor = null;
    this.writer.add(line);
  }
}
