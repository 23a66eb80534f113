import type { Patch } from 'immer';
import type { Engine, Move, Nanos, RunLimits, TraceRecord } from '../engine';
import { findLesson, formatErrors, validateLesson } from '../lessons';
import type { Lesson } from '../lessons/schema';
import { actionSchema } from '../model/registry';
import type { SimState } from '../model/state';
import { commandSchema, type Command } from '../protocol/commands';
import type { HostStatus, Reply } from '../protocol/replies';
import { jsonPath } from '../lessons/load';
import { createSimulation, DEFAULT_SEED } from './simulation';
import { loadedLesson, stepIndexAt, type Loaded } from './loaded-lesson';
import { requestIdOf, typeOf } from './raw-command';

/** Wall clock and timers, injectable so tests can drive play mode deterministically. */
export interface HostClock {
  now(): number;
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export interface SimHostOptions {
  clock?: HostClock;
  /** Wall milliseconds between play ticks (one frame per tick). */
  tickMs?: number;
  /** Most events run in one play tick; beyond it the clock slows down instead of stalling. */
  maxEventsPerTick?: number;
  /** A move whose patches exceed this is sent as a snapshot instead. */
  maxPatchesPerFrame?: number;
  /** Wall milliseconds one slice of a long seek or step (or one play tick) may run before yielding. */
  sliceMs?: number;
  /** Work units (events plus inner work such as burst crossings) one slice may run. */
  sliceWork?: number;
}

/** Commands that arrive while a long move runs wait for it (recordings rely on that order); a few. */
const MAX_QUEUED_COMMANDS = 1000;

/**
 * A long seek or step, run in slices so the host stays responsive: between slices the host
 * reports `progress`, and a `cancel` stops it where it has got to (always an event boundary).
 */
interface Job {
  operation: 'seek' | 'step';
  /** Runs one slice; true when the move is complete. */
  slice(limits: RunLimits): boolean;
  progress(): { done: number; total: number };
  /** Restart play when the move completes (a seek while playing keeps playing). */
  resumePlay: boolean;
}

const defaultClock: HostClock = {
  now: () => globalThis.performance.now(),
  setTimeout: (fn, ms) => globalThis.setTimeout(fn, ms),
  clearTimeout: (handle) => globalThis.clearTimeout(handle as ReturnType<typeof setTimeout>),
};


/**
 * Owns one simulation and speaks the protocol: validated commands in, replies out. The same
 * class runs in Electron's worker thread, the browser build's Web Worker and in-process (CLI, tests).
 */
export class SimHost {
  private loaded: Loaded | null = null;
  private playing = false;
  private speed = 1;
  private displayTime: Nanos = 0;
  private frameSeq = 0;
  private timer: unknown = null;
  private lastTick = 0;
  private readonly clock: HostClock;
  private readonly tickMs: number;
  private readonly maxEventsPerTick: number;
  private readonly maxPatches: number;
  private readonly sliceMs: number;
  private readonly sliceWork: number;
  private job: Job | null = null;
  private jobTimer: unknown = null;
  private readonly queued: unknown[] = [];
  private draining = false;

  constructor(private readonly send: (reply: Reply) => void, options: SimHostOptions = {}) {
    this.clock = options.clock ?? defaultClock;
    this.tickMs = options.tickMs ?? 16;
    this.maxEventsPerTick = options.maxEventsPerTick ?? 20_000;
    this.maxPatches = options.maxPatchesPerFrame ?? 20_000;
    this.sliceMs = options.sliceMs ?? 50;
    this.sliceWork = options.sliceWork ?? 200_000;
  }

  /** Whether a long seek or step is under way (commands other than `cancel` wait for it). */
  get busy(): boolean {
    return this.job !== null;
  }

  /** The engine of the loaded simulation (in-process callers: CLI, tests). */
  get engine(): Engine<SimState> | null {
    return this.loaded?.engine ?? null;
  }

  /** Handles one raw message. Never throws: problems become `error` replies. */
  handle(raw: unknown): void {
    // A new lesson makes the move under way pointless: stop it, and keep the commands' order.
    const type = typeOf(raw);
    if (this.job !== null && (type === 'load' || type === 'restore')) this.stopJob();
    // A ping proves the host is alive (the watchdog's check): answered at once, even mid-move.
    if (type === 'ping') return this.sendStatus(requestIdOf(raw));
    if (this.job !== null && type !== 'cancel') {
      if (this.queued.length >= MAX_QUEUED_COMMANDS) {
        this.send({ type: 'error', requestId: requestIdOf(raw), message: `rejected command: ${MAX_QUEUED_COMMANDS} commands are already waiting for a long ${this.job.operation}; send "cancel"` });
        return;
      }
      this.queued.push(raw);
      return;
    }
    if (this.queued.length > 0 && !this.draining) {
      this.queued.push(raw);
      this.drainQueue();
      return;
    }
    const parsed = commandSchema.safeParse(raw);
    const requestId = typeof (raw as { requestId?: unknown })?.requestId === 'number' ? (raw as { requestId: number }).requestId : undefined;
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      const where = issue ? `${jsonPath(issue.path)}: ${issue.message}` : 'invalid command';
      this.send({ type: 'error', requestId, message: `rejected command: ${where}` });
      return;
    }
    try {
      this.dispatch(parsed.data);
    } catch (error) {
      this.pause(false);
      this.send({ type: 'error', requestId, message: `simulator error: ${(error as Error).message}` });
    }
  }

  dispose(): void {
    this.pause(false);
    this.stopJob();
    this.queued.length = 0;
  }

  status(): HostStatus {
    const l = this.loaded;
    const engine = l?.engine;
    const simTime = this.displayTime;
    return {
      lessonId: l?.lesson.id ?? null,
      playing: this.playing,
      speed: this.speed,
      timeScaleNs: l?.timeScaleNs ?? 1,
      simTime,
      eventIndex: engine?.eventIndex ?? 0,
      furthestEventIndex: engine?.furthestEventIndex ?? 0,
      endTime: l?.endTime ?? 0,
      pending: engine?.pendingCount ?? 0,
      nextEventAt: engine?.peek()?.at ?? null,
      stepIndex: l ? stepIndexAt(l.stepTimes, simTime) : -1,
      violations: engine?.state.violations.length ?? 0,
      seed: l?.seed ?? DEFAULT_SEED,
      faults: engine ? Object.keys(engine.state.faults).filter((f) => engine.state.faults[f]).sort() : [],
    };
  }

  private dispatch(command: Command): void {
    if (command.type === 'cancel') return this.cancel(command.requestId);
    if (command.type === 'load') return this.load(command);
    if (command.type === 'restore') return this.restore(command);
    if (command.type === 'ping') return this.sendStatus(command.requestId);
    const l = this.loaded;
    if (!l) {
      this.send({ type: 'error', requestId: command.requestId, message: `no lesson loaded; send "load" before "${command.type}"` });
      return;
    }
    const engine = l.engine;
    switch (command.type) {
      case 'play':
        return this.play();
      case 'pause':
        return this.pause(true);
      case 'setSpeed':
        this.speed = command.speed;
        return this.sendStatus(command.requestId);
      case 'step':
        return this.step(command.count);
      case 'stepBack':
        return this.seekEvent(Math.max(0, engine.eventIndex - command.count));
      case 'stepLesson': {
        const current = stepIndexAt(l.stepTimes, this.displayTime);
        const target = clamp(current + command.delta, 0, l.stepTimes.length - 1);
        return this.seekTime(l.stepTimes[target] ?? 0);
      }
      case 'seek':
        if (command.eventIndex !== undefined) return this.seekEvent(command.eventIndex);
        if (command.step !== undefined) return this.seekTime(l.stepTimes[clamp(command.step, 0, l.stepTimes.length - 1)] ?? 0);
        if (command.fraction !== undefined) return this.seekTime(Math.round(command.fraction * this.timelineEnd()));
        return this.seekTime(command.simTime ?? 0);
      case 'input':
        return this.input(command.action, command.requestId);
      case 'snapshot':
        return this.sendSnapshot(command.requestId);
      case 'hash':
        this.send({ type: 'hash', requestId: command.requestId, hash: engine.hash(), eventIndex: engine.eventIndex, simTime: this.displayTime });
        return;
    }
  }

  /** The lesson a load or restore names, or null after sending the error reply. */
  private resolveLesson(command: { requestId?: number; lessonId?: string; lesson?: unknown; source?: string }): Lesson | null {
    const source = command.source ?? (command.lessonId ? `lesson ${command.lessonId}` : 'lesson');
    if (command.lessonId !== undefined) {
      const found = findLesson(command.lessonId);
      if (!found) this.send({ type: 'error', requestId: command.requestId, message: `no built-in lesson "${command.lessonId}"` });
      return found ?? null;
    }
    const result = validateLesson(command.lesson, source);
    if (result.ok) return result.lesson;
    // The lesson already loaded stays: a broken file never replaces it.
    this.send({ type: 'error', requestId: command.requestId, message: formatErrors(result.errors), errors: result.errors });
    return null;
  }

  private createEngine(lesson: Lesson, seed: number, faults: readonly string[], requestId: number | undefined, source: string): Engine<SimState> | null {
    try {
      return createSimulation(lesson, { seed, faults });
    } catch (error) {
      this.send({ type: 'error', requestId, message: `${source}: ${(error as Error).message}` });
      return null;
    }
  }

  private load(command: Extract<Command, { type: 'load' }>): void {
    const lesson = this.resolveLesson(command);
    if (!lesson) return;
    const seed = command.seed ?? lesson.seed ?? DEFAULT_SEED;
    const engine = this.createEngine(lesson, seed, command.faults ?? [], command.requestId, command.source ?? lesson.id);
    if (!engine) return;
    this.install(lesson, engine, seed, command.faults ?? []);
    this.displayTime = 0;
    this.send({ type: 'loaded', requestId: command.requestId, lesson, state: engine.state, status: this.status() });
    if (command.step !== undefined && this.loaded) this.seekTime(this.loaded.stepTimes[clamp(command.step, 0, this.loaded.stepTimes.length - 1)] ?? 0);
  }

  /** Rebuilds a session (see the protocol's `restore`): inputs where they were made, then the position. */
  private restore(command: Extract<Command, { type: 'restore' }>): void {
    const lesson = this.resolveLesson(command);
    if (!lesson) return;
    const engine = this.createEngine(lesson, command.seed, command.faults, command.requestId, command.source ?? lesson.id);
    if (!engine) return;
    for (const [i, input] of command.inputs.entries()) {
      const parsed = actionSchema.safeParse(input.action);
      engine.seekEvent(input.e, { maxPatches: 0 });
      if (!parsed.success || engine.eventIndex !== input.e) {
        this.send({ type: 'error', requestId: command.requestId, message: `restore: input ${i} cannot be replayed after event ${input.e}` });
        return;
      }
      engine.input(parsed.data.type, parsed.data, Math.max(input.t, engine.now));
    }
    engine.seekEvent(command.eventIndex, { maxPatches: 0 });
    this.install(lesson, engine, command.seed, command.faults);
    this.displayTime = Math.max(engine.now, command.simTime);
    this.sendSnapshot(command.requestId);
  }

  private install(lesson: Lesson, engine: Engine<SimState>, seed: number, faults: string[]): void {
    this.pause(false);
    this.loaded = loadedLesson(lesson, engine, seed, faults);
  }

  private input(raw: unknown, requestId: number | undefined): void {
    const engine = this.loaded?.engine;
    if (!engine) return;
    const parsed = actionSchema.safeParse(raw);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      this.send({ type: 'error', requestId, message: `rejected input: ${issue ? `${jsonPath(['action', ...issue.path])}: ${issue.message}` : 'invalid action'}` });
      return;
    }
    engine.input(parsed.data.type, parsed.data, Math.max(this.displayTime, engine.now));
    this.sendStatus(requestId);
  }

  private seekTime(time: Nanos): void {
    const engine = this.loaded?.engine;
    if (!engine) return;
    const from = Math.min(engine.now, time);
    this.startJob({
      operation: 'seek',
      resumePlay: this.playing,
      slice: (limits) => {
        const move = engine.seekTime(time, { ...limits, maxPatches: this.maxPatches });
        this.displayTime = move.complete ? time : engine.now;
        this.sendMove(move);
        return move.complete;
      },
      progress: () => ({ done: Math.max(0, engine.now - from), total: Math.max(1, time - from) }),
    });
  }

  private seekEvent(goal: number): void {
    const engine = this.loaded?.engine;
    if (!engine) return;
    const from = Math.min(engine.eventIndex, goal);
    this.startJob({
      operation: 'seek',
      resumePlay: false,
      slice: (limits) => {
        const move = engine.seekEvent(goal, { ...limits, maxPatches: this.maxPatches });
        this.displayTime = engine.now;
        this.sendMove(move);
        return move.complete;
      },
      progress: () => ({ done: Math.max(0, engine.eventIndex - from), total: Math.max(1, goal - from) }),
    });
  }

  private step(count: number): void {
    const engine = this.loaded?.engine;
    if (!engine) return;
    const goal = engine.eventIndex + count;
    this.startJob({
      operation: 'step',
      resumePlay: false,
      slice: (limits) => {
        const frame = engine.step(goal - engine.eventIndex, Number.MAX_SAFE_INTEGER, limits);
        this.displayTime = engine.now;
        this.sendPatches(frame?.patches ?? [], frame?.trace ?? []);
        return frame === null || engine.eventIndex >= goal;
      },
      progress: () => ({ done: count - (goal - engine.eventIndex), total: count }),
    });
  }

  /** Runs the first slice now; if the move is not complete, the rest follow on timers. */
  private startJob(job: Job): void {
    this.pause(false);
    this.stopJob();
    this.job = job;
    this.runSlice();
  }

  private runSlice(): void {
    this.jobTimer = null;
    const job = this.job;
    if (!job) return;
    const deadline = this.clock.now() + this.sliceMs;
    let complete: boolean;
    try {
      complete = job.slice({ maxWork: this.sliceWork, shouldStop: () => this.clock.now() >= deadline });
    } catch (error) {
      this.stopJob();
      this.send({ type: 'error', message: `simulator error: ${(error as Error).message}` });
      this.drainQueue();
      return;
    }
    if (complete) {
      this.job = null;
      if (job.resumePlay) this.play();
      this.drainQueue();
      return;
    }
    this.send({ type: 'progress', operation: job.operation, ...job.progress() });
    this.jobTimer = this.clock.setTimeout(() => this.runSlice(), 0);
  }

  private stopJob(): void {
    if (this.jobTimer !== null) this.clock.clearTimeout(this.jobTimer);
    this.jobTimer = null;
    this.job = null;
  }

  /** Stops a long move where it is (an event boundary), then runs the commands that waited. */
  private cancel(requestId: number | undefined): void {
    const was = this.job;
    this.stopJob();
    this.sendStatus(requestId);
    if (was) this.drainQueue();
  }

  private drainQueue(): void {
    if (this.draining) return;
    this.draining = true;
    try {
      while (this.queued.length > 0 && this.job === null) this.handle(this.queued.shift());
    } finally {
      this.draining = false;
    }
  }

  /**
   * The end of the timeline the fraction seeks (0–9, the scrubber) refer to: the lesson's end,
   * fixed, so playing past it never moves it (the renderer's timeline uses the same end); a
   * scenario without a scripted end uses the furthest point reached.
   */
  private timelineEnd(): Nanos {
    const l = this.loaded;
    if (!l) return 0;
    return l.endTime > 0 ? l.endTime : Math.max(l.engine.now, this.displayTime);
  }

  private play(): void {
    if (this.playing) return;
    this.playing = true;
    this.lastTick = this.clock.now();
    this.sendStatus();
    this.timer = this.clock.setTimeout(() => this.tick(), this.tickMs);
  }

  private pause(announce: boolean): void {
    const was = this.playing;
    this.playing = false;
    if (this.timer !== null) this.clock.clearTimeout(this.timer);
    this.timer = null;
    if (announce || was) this.sendStatus();
  }

  /** One play tick: advance the clock by wall time × speed × time scale and run what falls due. */
  private tick(): void {
    this.timer = null;
    const l = this.loaded;
    if (!this.playing || !l) return;
    const now = this.clock.now();
    const wallMs = Math.min(250, Math.max(0, now - this.lastTick));
    this.lastTick = now;
    const engine = l.engine;
    let target = this.displayTime + Math.round((wallMs / 1000) * this.speed * l.timeScaleNs);
    // A checkpoint question between here and the target stops play exactly at its step; pressing
    // play again continues (the check is strictly after the current time, so it never re-stops).
    const question = l.checkpointTimes.find((t) => t > this.displayTime && t <= target);
    if (question !== undefined) target = question;
    const patches: Patch[] = [];
    const trace: TraceRecord[] = [];
    const deadline = now + this.sliceMs;
    engine.runUntil(target, {
      batchSize: this.maxEventsPerTick,
      maxEvents: this.maxEventsPerTick,
      maxWork: Math.min(this.maxEventsPerTick, this.sliceWork),
      shouldStop: () => this.clock.now() >= deadline,
      onFrame: (frame) => {
        for (const p of frame.patches) patches.push(p);
        for (const t of frame.trace) trace.push(t);
      },
    });
    // Too much work for one tick: slow the clock to where the events are instead of stalling.
    const behind = engine.peek();
    this.displayTime = behind !== undefined && behind.at <= target ? engine.now : target;
    const finished = engine.peek() === undefined && this.displayTime >= l.endTime;
    if (finished || (question !== undefined && this.displayTime === question)) this.playing = false;
    this.sendPatches(patches, trace);
    if (this.playing) this.timer = this.clock.setTimeout(() => this.tick(), this.tickMs);
  }

  private sendMove(move: Move): void {
    if (move.patches === null) this.sendSnapshot();
    else this.sendPatches(move.patches, move.trace);
  }

  private sendPatches(patches: Patch[], trace: TraceRecord[]): void {
    const engine = this.loaded?.engine;
    if (!engine) return;
    if (patches.length > this.maxPatches) {
      this.sendSnapshot();
      return;
    }
    this.send({ type: 'frame', seq: ++this.frameSeq, patches, trace: trace.slice(-200), status: this.status() });
  }

  private sendSnapshot(requestId?: number): void {
    const engine = this.loaded?.engine;
    if (!engine) return;
    this.send({ type: 'snapshot', requestId, seq: ++this.frameSeq, state: engine.state, status: this.status() });
  }

  private sendStatus(requestId?: number): void {
    this.send({ type: 'status', requestId, status: this.status() });
  }
}

function clamp(value: number, min: number, max: number): number {
  return Math.min(max, Math.max(min, value));
}
