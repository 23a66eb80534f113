import { z } from 'zod';
import { MAX_SIM_TIME } from '../engine/time';
import { MAX_SPEED, MIN_SPEED } from '../protocol/commands';

/**
 * The recording format (docs/recording-format.md): NDJSON, one header line then one line per
 * thing that happened. A recording is the session's input log, not pixels: the simulator is
 * deterministic, so the inputs (and where they were made) are enough to rebuild every state.
 */
export const FORMAT_NAME = 'isolab-recording';
export const FORMAT_VERSION = 2;

/** Guards against absurd files: one line, and one recording, must stay small enough to handle. */
export const MAX_LINE_CHARS = 1_000_000;
export const MAX_LINES = 5_000_000;

const text = (max: number) => z.string().max(max);
const hashText = z.string().regex(/^[0-9a-f]{16}$/, 'expected a 16-hex-digit state hash');

/** Every line after the header says where the simulation stood and when (wall clock) it happened. */
const at = {
  /** Simulated time shown when the line was written (ns). */
  t: z.int().min(0).max(MAX_SIM_TIME),
  /** Events run so far: the engine's event index. */
  e: z.int().min(0).max(1e12),
  /** Wall-clock milliseconds since the recording started. */
  w: z.number().min(0).max(1e10),
};

export const headerSchema = z.strictObject({
  kind: z.literal('header'),
  format: z.literal(FORMAT_NAME),
  version: z.literal(FORMAT_VERSION),
  /** Version of the app that wrote the file (package.json). */
  app: text(40),
  lessonId: text(200),
  /** hashValue() of the validated lesson: replay refuses a lesson whose content changed. */
  lessonHash: hashText,
  seed: z.int().min(0).max(0xffffffff),
  faults: z.array(text(64)).max(16).default([]),
  viewport: z.strictObject({ width: z.int().min(1).max(16384), height: z.int().min(1).max(16384) }),
  /** Lesson id is enough for built-ins; a user's own lesson travels inside the recording. */
  lesson: z.unknown().optional(),
  /** ISO date, informational only (never part of any check). */
  createdAt: text(40).optional(),
});

/** A simulation input (the protocol's `input` command), validated by the action schema at replay. */
const inputLine = z.strictObject({ kind: z.literal('input'), ...at, action: z.looseObject({ type: text(100) }) });

export const NAV_OPS = ['play', 'pause', 'step', 'stepBack', 'stepLesson', 'seek', 'speed', 'position'] as const;
/** Navigation: where the session moved. `position` lines sample the clock while playing. */
const navLine = z.strictObject({
  kind: z.literal('nav'),
  ...at,
  op: z.enum(NAV_OPS),
  playing: z.boolean().optional(),
  speed: z.number().min(MIN_SPEED).max(MAX_SPEED).optional(),
});

const viewLine = z.strictObject({ kind: z.literal('view'), ...at, view: text(40) });
const focusLine = z.strictObject({ kind: z.literal('focus'), ...at, entities: z.array(text(200)).max(1000) });

/** A marker (or a chapter, when `chapter` is true): label, narration and, usually, the state hash. */
const markerLine = z.strictObject({
  kind: z.literal('marker'),
  ...at,
  label: text(200),
  narration: text(20_000).default(''),
  chapter: z.boolean().default(false),
  hash: hashText.optional(),
});

/**
 * Written when a recording is closed normally; a file without it was cut short (still valid).
 * `hash` is the state hash at the end position and `inputs` the number of input lines before it,
 * so `replay --verify` covers the whole recording, not just up to its last marker. Files written
 * before these fields existed are only partly verifiable.
 */
const endLine = z.strictObject({ kind: z.literal('end'), ...at, hash: hashText.optional(), inputs: z.int().min(0).max(MAX_LINES).optional() });

export const lineSchema = z.discriminatedUnion('kind', [inputLine, navLine, viewLine, focusLine, markerLine, endLine]);

export type RecordingHeader = z.output<typeof headerSchema>;
export type RecordingLine = z.output<typeof lineSchema>;
export type MarkerLine = Extract<RecordingLine, { kind: 'marker' }>;
export type InputLine = Extract<RecordingLine, { kind: 'input' }>;
export type NavLine = Extract<RecordingLine, { kind: 'nav' }>;

export interface Recording {
  header: RecordingHeader;
  lines: RecordingLine[];
}

/** A problem in a recording, located by its 1-based line number in the file. */
export interface RecordingError {
  line: number;
  message: string;
}
