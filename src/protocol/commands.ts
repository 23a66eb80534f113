import { z } from 'zod';
import { MAX_SIM_TIME } from '../engine/time';
import { entityId } from '../lessons/primitives';

/** Speeds are relative to the lesson's time scale. */
export const MIN_SPEED = 0.1;
export const MAX_SPEED = 100;
const MAX_COUNT = 1_000_000;

const requestId = z.int().min(0).max(Number.MAX_SAFE_INTEGER).optional();
const cmd = <T extends string, S extends z.core.$ZodLooseShape>(type: T, shape: S) =>
  z.strictObject({ type: z.literal(type), requestId, ...shape });

/** Commands from any UI to the simulator host. Anything else gets an error reply and changes nothing. */
export const commandSchema = z.discriminatedUnion('type', [
  cmd('load', {
    lessonId: entityId.optional(),
    /** A lesson object (validated by the lesson schema on arrival). */
    lesson: z.unknown().optional(),
    /** File name to name in error messages. */
    source: z.string().max(500).optional(),
    seed: z.int().min(0).max(0xffffffff).optional(),
    faults: z.array(z.string().min(1).max(64)).max(16).optional(),
    /** Lesson step to land on after loading (deep links). */
    step: z.int().min(0).max(999).optional(),
  }).refine((c) => (c.lessonId === undefined) !== (c.lesson === undefined), 'expected exactly one of lessonId or lesson'),
  cmd('play', {}),
  cmd('pause', {}),
  cmd('step', { count: z.int().min(1).max(MAX_COUNT).default(1) }),
  cmd('stepBack', { count: z.int().min(1).max(MAX_COUNT).default(1) }),
  cmd('stepLesson', { delta: z.int().min(-1000).max(1000) }),
  cmd('seek', {
    eventIndex: z.int().min(0).max(1e12).optional(),
    simTime: z.int().min(0).max(MAX_SIM_TIME).optional(),
    step: z.int().min(0).max(999).optional(),
    /** Fraction of the lesson's known timeline (0–1), for the 0–9 keys and the scrubber. */
    fraction: z.number().min(0).max(1).optional(),
  }).refine((c) => [c.eventIndex, c.simTime, c.step, c.fraction].filter((v) => v !== undefined).length === 1, 'expected exactly one of eventIndex, simTime, step or fraction'),
  cmd('setSpeed', { speed: z.number().min(MIN_SPEED).max(MAX_SPEED) }),
  cmd('input', { action: z.unknown() }),
  cmd('snapshot', {}),
  /** Asks for the canonical state hash (determinism checks, recordings' markers). */
  cmd('hash', {}),
  /** Stops a long seek or step where it has got to (it runs in slices and reports `progress`). */
  cmd('cancel', {}),
  /** Liveness check for the watchdog: answered with `status` at once, even during a long move. */
  cmd('ping', {}),
  /**
   * Rebuilds a session in a fresh host (the watchdog after a hung or crashed worker): the same
   * lesson, seed and faults, each input re-inserted where it was made (after event `e`, at time
   * `t`), then the position. Answered with a `snapshot`.
   */
  cmd('restore', {
    lessonId: entityId.optional(),
    lesson: z.unknown().optional(),
    source: z.string().max(500).optional(),
    seed: z.int().min(0).max(0xffffffff),
    faults: z.array(z.string().min(1).max(64)).max(16).default([]),
    inputs: z.array(z.strictObject({ e: z.int().min(0).max(1e12), t: z.int().min(0).max(MAX_SIM_TIME), action: z.unknown() })).max(100_000),
    eventIndex: z.int().min(0).max(1e12),
    simTime: z.int().min(0).max(MAX_SIM_TIME),
  }).refine((c) => (c.lessonId === undefined) !== (c.lesson === undefined), 'expected exactly one of lessonId or lesson'),
]);

export type Command = z.output<typeof commandSchema>;
export type CommandInput = z.input<typeof commandSchema>;
