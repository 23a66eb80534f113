import type { RunLimits } from './types';

/** The limits for one batch: the work left of the call's budget, and the same stop check. */
export function workLimits(limits: RunLimits, workAtStart: number, workNow: () => number): RunLimits {
  if (limits.maxWork === undefined) return limits;
  return { maxWork: Math.max(1, limits.maxWork - (workNow() - workAtStart)), shouldStop: limits.shouldStop };
}

/** True when a call has used its work budget or its caller asked it to stop. */
export function stopped(limits: RunLimits, workAtStart: number, workNow: number): boolean {
  return workNow - workAtStart >= (limits.maxWork ?? Number.POSITIVE_INFINITY) || limits.shouldStop?.() === true;
}
