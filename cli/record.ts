import { closeSync, openSync, writeSync } from 'node:fs';
import type { Engine, Nanos } from '../src/engine';
import type { Lesson } from '../src/lessons';
import { toNanos } from '../src/lessons/primitives';
import type { SimState } from '../src/model/state';
import { PLAY_FROM_START, stepLines, wallClockOf } from '../src/recording/scripted';
import { createHeader, RecordingWriter } from '../src/recording/writer';
import packageJson from '../package.json';
import { UsageError } from './command';
import { printable } from '../src/lessons/printable';

/** The viewport a CLI recording declares (the app's default export size). */
export const CLI_VIEWPORT = { width: 1280, height: 720 };

/**
 * Records `isolab run --record`: the same lines as `recordScriptedRun` (src/recording/scripted.ts),
 * but written while the CLI's own run goes (it also streams traces and JSON), and straight to the
 * file, so a run that fails part-way leaves a valid, shorter recording.
 */
export class ScriptedRecorder {
  /** Simulated times of the lesson's steps: the run pauses at each to `mark` it. */
  readonly checkpoints: ReadonlyArray<{ at: Nanos }>;
  private readonly fd: number;
  private readonly writer: RecordingWriter;
  private readonly wallOf: (t: Nanos) => number;

  constructor(path: string, private readonly lesson: Lesson, run: { seed: number; faults: readonly string[]; embedLesson: boolean }) {
    this.checkpoints = lesson.steps.map((step) => ({ at: toNanos(step.at) }));
    this.wallOf = wallClockOf(lesson);
    try {
      this.fd = openSync(path, 'w');
    } catch (error) {
      throw new UsageError(`run: --record ${printable(path)}: cannot write (${printable((error as NodeJS.ErrnoException).code ?? (error as Error).message)})`);
    }
    const header = createHeader({ app: packageJson.version, lesson, seed: run.seed, faults: run.faults, viewport: CLI_VIEWPORT, embedLesson: run.embedLesson, createdAt: new Date().toISOString() });
    this.writer = new RecordingWriter(header, (text) => void writeSync(this.fd, text));
    this.writer.add(PLAY_FROM_START);
  }

  /** The lines of lesson step `index`, with the hash of the state after every event up to its time. */
  mark(index: number, engine: Engine<SimState>): void {
    const step = this.lesson.steps[index];
    const at = this.checkpoints[index]?.at;
    if (!step || at === undefined) return;
    for (const line of stepLines(step, index, { t: at, e: engine.eventIndex, w: this.wallOf(at) }, engine.hash())) this.writer.add(line);
  }

  /** Final marker and end line; closes the file. */
  finish(engine: Engine<SimState>): void {
    const position = { t: engine.now, e: engine.eventIndex, w: this.wallOf(engine.now) };
    this.writer.add({ kind: 'marker', ...position, label: 'end of run', narration: '', chapter: false, hash: engine.hash() });
    this.writer.close(position, engine.hash());
    this.close();
  }

  close(): void {
    closeSync(this.fd);
  }
}
