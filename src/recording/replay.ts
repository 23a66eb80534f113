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

/**
 * `full`: every input is covered by a checked hash (the end line's final hash, or a marker after
 * the last input). `partial`: a file written before end lines carried a final hash, whose inputs
 * all precede its last checked marker: what follows that marker (navigation, views) is unchecked.
 */
export type Coverage = 'full' | 'partial';

export type ReplayResult =
  | { ok: true; checked: number; events: number; finalHash: string; coverage: Coverage; coveredThroughEvent: number; uncovered: string[] }
  | { ok: false; kind: 'mismatch'; checked: number; mismatch: Mismatch }
  | { ok: false; kind: 'unverified'; checked: number; line: number; reason: string }
  | { ok: false; kind: 'bad-file'; checked: number; error: RecordingError };

export interface ReplayOptions {
  resolveLesson?: LessonResolver;
  /** Called between slices of long re-simulation (every `progressEverySlices` slices of bounded work). */
  onProgress?: (progress: { line: number; lines: number; eventIndex: number }) => void;
  progressEverySlices?: number;
  /** Asked between slices; true stops the replay (reported as not verified). */
  cancelled?: () => boolean;
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
  if (lesson.id !== header.lessonId) {
    return { ok: false, error: { line: 1, message: `the header names lesson "${header.lessonId}" but the lesson it ${header.lesson !== undefined ? 'embeds' : 'names'} is "${lesson.id}"` } };
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
export function applyInput(engine: Engine<SimState>, line: InputLine, between?: () => void): { ok: true } | { ok: false; message: string } {
  const parsed = actionSchema.safeParse(line.action);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return { ok: false, message: `rejected input: ${issue ? `${jsonPath(['action', ...issue.path])}: ${issue.message}` : 'invalid action'}` };
  }
  const reached = moveToEvent(engine, line.e, between);
  if (!reached) return { ok: false, message: `the simulation has only ${engine.eventIndex} events; the input was recorded after event ${line.e}` };
  engine.input(parsed.data.type, parsed.data, Math.max(line.t, engine.now));
  return { ok: true };
}

/** Seeks to exactly `e` events; false when the simulation ends before that. */
export function moveToEvent(engine: Engine<SimState>, e: number, between?: () => void): boolean {
  // In slices of bounded work, so a caller can report progress (and cancel) on a long move.
  for (;;) {
    const move = engine.seekEvent(e, { maxWork: 200_000, maxPatches: 0 });
    if (move.complete || engine.eventIndex >= e) break;
    between?.();
  }
  return engine.eventIndex === e;
}

class Cancelled extends Error {}

/**
 * Re-simulates a recording from its header and checks every recorded hash, including the end
 * line's final hash. Pure: no I/O (the clock is read only to pace progress reports). Navigation,
 * view and focus lines change nothing in the simulation and are skipped. A recording is verified
 * only when a checked hash covers every input; see {@link Coverage}.
 */
export function replayRecording(recording: Recording, options: ReplayOptions = {}): ReplayResult {
  const lineNo = (i: number): number => options.lineNumbers?.[i] ?? i + 2;
  const resolved = resolveRecordingLesson(recording, options.resolveLesson);
  if (!resolved.ok) {
    // A header that disagrees with its lesson is a forged or mixed-up file, not a broken one.
    if (resolved.error.message.startsWith('the header names lesson')) return { ok: false, kind: 'unverified', checked: 0, line: 1, reason: resolved.error.message };
    return { ok: false, kind: 'bad-file', checked: 0, error: resolved.error };
  }
  let engine: Engine<SimState>;
  try {
    engine = startSimulation(recording, resolved.lesson);
  } catch (error) {
    return { ok: false, kind: 'bad-file', checked: 0, error: { line: 1, message: `cannot start the simulation: ${(error as Error).message}` } };
  }
  // Progress is paced by work done, not by a clock, so replay stays pure and deterministic.
  const every = Math.max(1, options.progressEverySlices ?? 10);
  let slices = 0;
  let current = 0;
  const between = (): void => {
    if (options.cancelled?.()) throw new Cancelled('replay cancelled');
    if (++slices % every === 0) options.onProgress?.({ line: lineNo(current), lines: recording.lines.length, eventIndex: engine.eventIndex });
  };
  let checked = 0;
  let inputs = 0;
  const seen: {
    /** Line of the first input not yet covered by a checked hash (-1 when all are covered). */
    uncoveredInput: number;
    lastChecked: { line: number; e: number } | null;
    end: { line: number; hash?: string; inputs?: number } | null;
  } = { uncoveredInput: -1, lastChecked: null, end: null };
  const check = (i: number, e: number, expected: string, label: string): ReplayResult | null => {
    const reached = moveToEvent(engine, e, between);
    const actual = reached ? engine.hash() : `(unreachable: the simulation ends after ${engine.eventIndex} events)`;
    if (actual !== expected) return { ok: false, kind: 'mismatch', checked, mismatch: { line: lineNo(i), label, eventIndex: e, expected, actual } };
    checked++;
    seen.uncoveredInput = -1;
    seen.lastChecked = { line: lineNo(i), e };
    return null;
  };
  for (let i = 0; i < recording.lines.length; i++) {
    current = i;
    const line = recording.lines[i]!;
    try {
      if (options.cancelled?.()) throw new Cancelled('replay cancelled');
      if (line.kind === 'input') {
        const applied = applyInput(engine, line, between);
        if (!applied.ok) return { ok: false, kind: 'bad-file', checked, error: { line: lineNo(i), message: applied.message } };
        inputs++;
        if (seen.uncoveredInput === -1) seen.uncoveredInput = lineNo(i);
      } else if (line.kind === 'marker' && line.hash !== undefined) {
        const failed = check(i, line.e, line.hash, line.label);
        if (failed) return failed;
      } else if (line.kind === 'end') {
        seen.end = { line: lineNo(i), hash: line.hash, inputs: line.inputs };
        if (line.hash !== undefined) {
          const failed = check(i, line.e, line.hash, 'end of recording');
          if (failed) return failed;
        }
      }
    } catch (error) {
      if (error instanceof Cancelled) return { ok: false, kind: 'unverified', checked, line: lineNo(i), reason: 'verification was cancelled before the end of the recording' };
      // A handler throwing on recorded input is a simulator bug or a hostile file: report, don't crash.
      return { ok: false, kind: 'bad-file', checked, error: { line: lineNo(i), message: `simulator error: ${(error as Error).message}` } };
    }
  }
  const { end, lastChecked: last, uncoveredInput } = seen;
  if (end?.inputs !== undefined && end.inputs !== inputs) {
    return { ok: false, kind: 'unverified', checked, line: end.line, reason: `the end line counts ${end.inputs} inputs but the file has ${inputs}: lines were added or removed` };
  }
  if (checked === 0) {
    return { ok: false, kind: 'unverified', checked, line: end?.line ?? 1, reason: 'nothing to check: the recording has no state hash (no hashed marker and no final hash in an end line)' };
  }
  if (uncoveredInput !== -1) {
    return { ok: false, kind: 'unverified', checked, line: uncoveredInput, reason: `inputs from line ${uncoveredInput} on follow the last checked state hash (line ${last?.line ?? '?'}) and are not covered by any hash` };
  }
  const full = end?.hash !== undefined;
  const uncovered = full ? [] : [`no final state hash (${end ? 'an end line from an older version' : 'no end line: the recording was cut short'}); lines after line ${last?.line ?? '?'} (event ${last?.e ?? '?'}) are not checked`];
  return { ok: true, checked, events: engine.eventIndex, finalHash: engine.hash(), coverage: full ? 'full' : 'partial', coveredThroughEvent: last?.e ?? 0, uncovered };
}
