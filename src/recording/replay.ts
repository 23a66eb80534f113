import type { Engine } from '../engine';
import { hashValue } from '../engine/hash';
import { jsonPath } from '../lessons/load';
import { findLesson, validateLesson, formatErrors } from '../lessons';
import type { Lesson } from '../lessons/schema';
import { actionSchema } from '../model/registry';
import type { SimState } from '../model/state';
import { createSimulation } from '../host/simulation';
import type { InputLine, Recording, RecordingError } from './format';

/** How a recording's lesson is found: embedded, or a built-in by id (overridable for tests). */
export type LessonResolver = (id: string) => Lesson | undefined;

export interface Mismatch {
  /** 1-based line number in the file. */
  line: number;
  label: string;
  eventIndex: number;
  expected: string;
  actual: string;
}

export type ReplayResult =
  | { ok: true; checked: number; events: number; finalHash: string }
  | { ok: false; kind: 'mismatch'; checked: number; mismatch: Mismatch }
  | { ok: false; kind: 'bad-file'; checked: number; error: RecordingError };

export interface ReplayOptions {
  resolveLesson?: LessonResolver;
  /** File line number of each recording line (from parseRecording); defaults to a freshly written file's. */
  lineNumbers?: readonly number[];
}

/** Finds the recording's lesson and checks that its content is the one recorded. */
export function resolveRecordingLesson(recording: Recording, resolve: LessonResolver = findLesson): { ok: true; lesson: Lesson } | { ok: false; error: RecordingError } {
  const { header } = recording;
  let lesson: Lesson | undefined;
  if (header.lesson !== undefined) {
    const result = validateLesson(header.lesson, `${header.lessonId} (embedded in the recording)`);
    if (!result.ok) return { ok: false, error: { line: 1, message: `embedded lesson is invalid: ${formatErrors(result.errors)}` } };
    lesson = result.lesson;
  } else {
    lesson = resolve(header.lessonId);
    if (!lesson) return { ok: false, error: { line: 1, message: `lesson "${header.lessonId}" is not a built-in lesson of this app and is not embedded in the recording` } };
  }
  const actual = hashValue(lesson);
  if (actual !== header.lessonHash) {
    return { ok: false, error: { line: 1, message: `lesson "${header.lessonId}" has changed since the recording was made (content hash ${actual}, recorded ${header.lessonHash})` } };
  }
  return { ok: true, lesson };
}

/** Builds the recording's simulation at time zero. */
export function startSimulation(recording: Recording, lesson: Lesson): Engine<SimState> {
  return createSimulation(lesson, { seed: recording.header.seed, faults: recording.header.faults });
}

/**
 * Applies one recorded input exactly where the session made it: after `e` events, at simulated
 * time `t`. The live host inserts inputs at max(displayed time, engine time) = `t`, after the
 * engine's current event index = `e`; seeking to that event index and inserting at `t` gives
 * the same event (same time, same sequence number), hence the same future.
 */
export function applyInput(engine: Engine<SimState>, line: InputLine): { ok: true } | { ok: false; message: string } {
  const parsed = actionSchema.safeParse(line.action);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return { ok: false, message: `rejected input: ${issue ? `${jsonPath(['action', ...issue.path])}: ${issue.message}` : 'invalid action'}` };
  }
  const reached = moveToEvent(engine, line.e);
  if (!reached) return { ok: false, message: `the simulation has only ${engine.eventIndex} events; the input was recorded after event ${line.e}` };
  engine.input(parsed.data.type, parsed.data, Math.max(line.t, engine.now));
  return { ok: true };
}

/** Seeks to exactly `e` events; false when the simulation ends before that. */
export function moveToEvent(engine: Engine<SimState>, e: number): boolean {
  engine.seekEvent(e);
  return engine.eventIndex === e;
}

/**
 * Re-simulates a recording from its header and checks every recorded hash. Pure: no I/O, no
 * clock. Navigation, view and focus lines change nothing in the simulation and are skipped.
 */
export function replayRecording(recording: Recording, options: ReplayOptions = {}): ReplayResult {
  const lineNo = (i: number): number => options.lineNumbers?.[i] ?? i + 2;
  const resolved = resolveRecordingLesson(recording, options.resolveLesson);
  if (!resolved.ok) return { ok: false, kind: 'bad-file', checked: 0, error: resolved.error };
  let engine: Engine<SimState>;
  try {
    engine = startSimulation(recording, resolved.lesson);
  } catch (error) {
    return { ok: false, kind: 'bad-file', checked: 0, error: { line: 1, message: `cannot start the simulation: ${(error as Error).message}` } };
  }
  let checked = 0;
  for (let i = 0; i < recording.lines.length; i++) {
    const line = recording.lines[i]!;
    try {
      if (line.kind === 'input') {
        const applied = applyInput(engine, line);
        if (!applied.ok) return { ok: false, kind: 'bad-file', checked, error: { line: lineNo(i), message: applied.message } };
      } else if (line.kind === 'marker' && line.hash !== undefined) {
        const reached = moveToEvent(engine, line.e);
        const actual = reached ? engine.hash() : `(unreachable: the simulation ends after ${engine.eventIndex} events)`;
        if (actual !== line.hash) {
          return { ok: false, kind: 'mismatch', checked, mismatch: { line: lineNo(i), label: line.label, eventIndex: line.e, expected: line.hash, actual } };
        }
        checked++;
      }
    } catch (error) {
      // A handler throwing on recorded input is a simulator bug or a hostile file: report, don't crash.
      return { ok: false, kind: 'bad-file', checked, error: { line: lineNo(i), message: `simulator error: ${(error as Error).message}` } };
    }
  }
  return { ok: true, checked, events: engine.eventIndex, finalHash: engine.hash() };
}
