import { z } from 'zod';
import { parseDuration } from '../engine/time';

/** Ids are short slugs so they stay readable in URLs, file names and the UI. */
export const entityId = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[a-z0-9][a-z0-9._-]*$/i, 'expected an id of letters, digits, ".", "_" or "-"');

/** Human-readable labels: bounded so a hostile file cannot blow up layout or memory. */
export const label = z.string().min(1).max(120);

/** A duration written as text (`250ms`, `90s`, `2h`, `1.5us`, `0s`). */
export const durationString = z
  .string()
  .max(32)
  .regex(/^\s*\d+(\.\d+)?\s*(ns|us|µs|ms|s|min|m|h)\s*$/, 'expected a duration such as 250ms, 90s or 2h')
  .refine((text) => parseDuration(text).ok, 'duration exceeds the simulator limit of ~104 days');

/** Converts a schema-validated duration string to nanoseconds. */
export function toNanos(text: string | undefined, fallback = 0): number {
  if (text === undefined) return fallback;
  const parsed = parseDuration(text);
  if (!parsed.ok) throw new Error(parsed.error);
  return parsed.ns;
}
