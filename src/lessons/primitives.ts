import { z } from 'zod';
import { parseDuration } from '../engine/time';

/** Ids are short slugs so they stay readable in URLs, file names and the UI. */
export const entityId = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, 'expected an id of letters, digits, ".", "_" or "-"');

/** Human-readable labels: bounded so a hostile file cannot blow up layout or memory. */
export const label = z.string().min(1).max(120);

const DURATION_SHAPE = /^\s*\d+(\.\d+)?\s*(ns|us|µs|ms|s|min|m|h)\s*$/;

/** A duration written as text (`250ms`, `90s`, `2h`, `1.5us`, `0s`). */
export const durationString = z
  .string()
  .max(32)
  .regex(DURATION_SHAPE, 'expected a duration such as 250ms, 90s or 2h')
  // Only a well-formed duration can be out of range; a malformed one already has its message.
  .refine((text) => !DURATION_SHAPE.test(text) || parseDuration(text).ok, 'duration exceeds the simulator limit of ~104 days');

/** Converts a schema-validated duration string to nanoseconds. */
export function toNanos(text: string | undefined, fallback = 0): number {
  if (text === undefined) return fallback;
  const parsed = parseDuration(text);
  if (!parsed.ok) throw new Error(parsed.error);
  return parsed.ns;
}
