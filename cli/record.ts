import { closeSync, openSync, writeSync } from 'node:fs';
import type { Engine, Nanos } from '../src/engine';
import type { Lesson } from '../src/lessons';
import { toNanos } from '../src/lessons/primitives';
import type { SimState } from '../src/model/state';
import { createHeader, RecordingWriter } from '../src/recording/writer';
import packageJson from '../package.json';
import { UsageError } from './command';

/** The viewport a CLI recording declares (the app's default export size). */
export const CLI_VIEWPORT = { width: 1280, height: 720 };

interface Checkpoint {
  at: Nanos;
  label: string;
  narration: string;
  chapter: boolean;
}

/**
 * Records a scripted (input-free) run: one marker per lesson step with the state hash at that
 * step, a final marker, and the end line. Wall offsets are the times a 1× replay would reach each
 * line (simulated time over the lesson's time scale). Lines go to the file as they are made.
 */
export class ScriptedRecorder {
  readonly checkpoints: Checkpoint[];
  private readonly fd: number;
  private readonly writer: RecordingWriter;
  private readonly timeScale: number;

  constructor(path: string, lesson: Lesson, run: { seed: number; faults: readonly string[]; embedLesson: boolean }) {
    this.checkpoints = lesson.steps.map((step, i) => ({
      at: toNanos(step.at),
      label: step.chapter ?? step.title ?? `step ${i + 1}`,
      narration: step.narration,
      chapter: step.chapter !== undefined,
    }));
    this.timeScale = Math.max(1, toNanos(lesson.timeScale));
    try {
      this.fd = openSync(path, 'w');
    } catch (error) {
      throw new UsageError(`run: --record ${path}: cannot write (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`);
    }
    const header = createHeader({ app: packageJson.version, lesson, seed: run.seed, faults: run.faults, viewport: CLI_VIEWPORT, embedLesson: run.embedLesson, createdAt: new Date().toISOString() });
    this.writer = new RecordingWriter(header, (text) => void writeSync(this.fd, text));
    // A replay plays the run at 1× (animating between markers) rather than jumping from one to the next.
    this.writer.add({ kind: 'nav', op: 'play', t: 0, e: 0, w: 0, playing: true, speed: 1 });
  }

  /** Marker for checkpoint `index`, with the hash of the state after every event up to its time. */
  mark(index: number, engine: Engine<SimState>): void {
    const c = this.checkpoints[index] as Checkpoint;
    this.writer.add({ kind: 'marker', t: c.at, e: engine.eventIndex, w: this.wallAt(c.at), label: c.label, narration: c.narration, chapter: c.chapter, hash: engine.hash() });
  }

  /** Final marker and end line; closes the file. */
  finish(engine: Engine<SimState>): void {
    const position = { t: engine.now, e: engine.eventIndex, w: this.wallAt(engine.now) };
    this.writer.add({ kind: 'marker', ...position, label: 'end of run', narration: '', chapter: false, hash: engine.hash() });
    this.writer.close(position);
    this.close();
  }

  close(): void {
    closeSync(this.fd);
  }

  private wallAt(t: Nanos): number {
    return Math.round((t / this.timeScale) * 1000);
  }
}
