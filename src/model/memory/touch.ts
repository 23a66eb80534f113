import type { HandlerContext } from '../../engine';
import type { FrameRun } from './types';

/**
 * What memory events tell the auditor they changed: machine-frame ranges as
 * `host:start:count` strings, by what happened to them.
 */
export const TOUCH_ALLOC = 'mem.alloc';
export const TOUCH_FREE = 'mem.free';
export const TOUCH_SCRUB = 'mem.scrub';
export const TOUCH_GRANT = 'mem.grant';

export function touchRuns(ctx: Pick<HandlerContext, 'touch'>, kind: string, hostId: string, runs: readonly FrameRun[]): void {
  for (const [start, count] of runs) ctx.touch(kind, `${hostId}:${start}:${count}`);
}

export function parseRange(id: string | number): { hostId: string; start: number; count: number } | null {
  if (typeof id !== 'string') return null;
  const parts = id.split(':');
  if (parts.length !== 3) return null;
  return { hostId: parts[0] as string, start: Number(parts[1]), count: Number(parts[2]) };
}
