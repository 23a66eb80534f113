/**
 * Simulated time is an integer number of nanoseconds held in a `number`
 * (exact up to 2^53 ns ≈ 104 days), so arithmetic is plain and deterministic.
 */
export type Nanos = number;

export const NS = 1;
export const US = 1_000;
export const MS = 1_000_000;
export const SECOND = 1_000_000_000;
export const MINUTE = 60 * SECOND;
export const HOUR = 60 * MINUTE;
/** Upper bound on any simulated time the app accepts (~104 days). */
export const MAX_SIM_TIME: Nanos = Number.MAX_SAFE_INTEGER;

const UNITS: Record<string, number> = { ns: NS, us: US, µs: US, ms: MS, s: SECOND, m: MINUTE, min: MINUTE, h: HOUR };
const DURATION_RE = /^\s*(\d+(?:\.\d+)?)\s*(ns|us|µs|ms|s|min|m|h)\s*$/;

/** Parses `250ms`, `90s`, `2h`, `1.5us` into whole nanoseconds; returns an error message on bad input. */
export function parseDuration(text: string): { ok: true; ns: Nanos } | { ok: false; error: string } {
  const match = DURATION_RE.exec(text);
  if (!match) return { ok: false, error: `expected a duration such as 250ms, 90s or 2h, got ${JSON.stringify(text.slice(0, 40))}` };
  const value = Number(match[1]) * (UNITS[match[2] as string] as number);
  const ns = Math.round(value);
  if (!Number.isSafeInteger(ns)) return { ok: false, error: `duration ${text} is larger than the simulator's ~104-day limit` };
  return { ok: true, ns };
}

/** Formats nanoseconds with the largest unit that keeps the number readable (e.g. `1.25 ms`). */
export function formatDuration(ns: Nanos): string {
  const abs = Math.abs(ns);
  const pick = (unit: number, name: string): string => `${trim(ns / unit)} ${name}`;
  if (abs >= HOUR) return pick(HOUR, 'h');
  if (abs >= MINUTE) return pick(MINUTE, 'min');
  if (abs >= SECOND) return pick(SECOND, 's');
  if (abs >= MS) return pick(MS, 'ms');
  if (abs >= US) return pick(US, 'µs');
  return `${ns} ns`;
}

function trim(value: number): string {
  return Number(value.toFixed(3)).toString();
}

/** Converts a cycle count at a clock rate (GHz) to whole nanoseconds, never less than 1 ns. */
export function cyclesToNanos(cycles: number, clockGHz: number): Nanos {
  return Math.max(1, Math.round(cycles / clockGHz));
}
