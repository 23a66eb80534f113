import { parseDuration, type Nanos } from '../engine/time';
import { createSimulation, lessonEndTime } from '../host/simulation';
import { toNanos } from '../lessons/primitives';
import type { Lesson, LessonStep } from '../lessons/schema';
import type { RecordingLine } from './format';
import { createHeader, RecordingWriter } from './writer';

export interface ScriptedRunOptions {
  app: string;
  seed?: number;
  faults?: readonly string[];
  /** Simulated end (default: the lesson's end). */
  until?: Nanos;
  /** Safety cap on events run (a runaway lesson must not hang the CLI). */
  maxEvents?: number;
  viewport?: { width: number; height: number };
  embedLesson?: boolean;
  sink: (text: string) => void;
}

/**
 * Records a scripted run: the lesson plays at 1× from start to end, with a marker (and its state
 * hash) at each lesson step, a chapter where the step starts one, and the step's focus. Wall
 * offsets follow the lesson's time scale, so the playback looks like pressing Play.
 */
/** Wall offset (ms) at which a 1× replay of the lesson reaches simulated time `t`. */
export function wallClockOf(lesson: Lesson): (t: Nanos) => number {
  const scale = parseDuration(lesson.timeScale);
  const nsPerWallMs = Math.max(1, scale.ok ? scale.ns : 1) / 1000;
  return (t) => Math.round((t / nsPerWallMs) * 1000) / 1000;
}

/** The first line of a scripted recording: play at 1×, so a replay animates between markers. */
export const PLAY_FROM_START: RecordingLine = { kind: 'nav', op: 'play', t: 0, e: 0, w: 0, playing: true, speed: 1 };

/**
 * What a scripted recording writes when it reaches lesson step `index`: the step's view and focus,
 * then a marker with the state hash (a chapter where the step starts one).
 */
export function stepLines(step: LessonStep, index: number, position: { t: Nanos; e: number; w: number }, hash: string): RecordingLine[] {
  const lines: RecordingLine[] = [];
  if (step.focus) {
    lines.push({ kind: 'view', ...position, view: step.focus.view });
    lines.push({ kind: 'focus', ...position, entities: [...step.focus.entities] });
  }
  const label = step.chapter ?? step.title ?? `Step ${index + 1}`;
  lines.push({ kind: 'marker', ...position, label, narration: step.narration, chapter: step.chapter !== undefined, hash });
  return lines;
}

export function recordScriptedRun(lesson: Lesson, options: ScriptedRunOptions): { lines: number; events: number; finalHash: string } {
  const seed = options.seed ?? lesson.seed ?? 1;
  const engine = createSimulation(lesson, { seed, faults: options.faults });
  const wallOf = wallClockOf(lesson);
  const until = options.until ?? lessonEndTime(lesson);
  const maxEvents = options.maxEvents ?? 10_000_000;
  const writer = new RecordingWriter(
    createHeader({ app: options.app, lesson, seed, faults: options.faults, viewport: options.viewport ?? { width: 1280, height: 720 }, embedLesson: options.embedLesson }),
    options.sink,
  );
  writer.add(PLAY_FROM_START);
  const steps = lesson.steps.map((step, index) => ({ step, index, at: toNanos(step.at) })).filter((s) => s.at <= until);
  for (const { step, index, at } of steps) {
    engine.runUntil(at, { maxEvents: Math.max(0, maxEvents - engine.eventIndex) });
    for (const line of stepLines(step, index, { t: at, e: engine.eventIndex, w: wallOf(at) }, engine.hash())) writer.add(line);
  }
  engine.runUntil(until, { maxEvents: Math.max(0, maxEvents - engine.eventIndex) });
  const end = Math.max(until, engine.now);
  writer.close({ t: end, e: engine.eventIndex, w: wallOf(end) }, engine.hash());
  return { lines: writer.lineCount, events: engine.eventIndex, finalHash: engine.hash() };
}
