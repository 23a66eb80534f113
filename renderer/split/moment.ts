import { createSimulation } from '../../src/host';
import { hashValue } from '../../src/engine/hash';
import { toNanos } from '../../src/lessons/primitives';
import type { Lesson } from '../../src/lessons/schema';
import { withFaultFlipped } from './faults';

/** Where a fault first changes a lesson's run: between two lesson steps. */
export interface FaultMoment {
  /** The last step at which both runs still agree (−1: they differ before the first step). */
  beforeStep: number;
  /** Its time: restarting the comparison here shows the difference appear. */
  beforeTime: number;
  /** The first step at which the runs differ, and its time. */
  step: number;
  time: number;
}

/**
 * Runs the lesson twice, as loaded and with `fault` flipped, and compares the states at each
 * lesson step. Returns where they first differ, or null when the fault changes nothing in this
 * lesson (which is what "no differences" then says). The simulator is deterministic, so this is
 * the same moment the comparison will show. Stops early past `maxEvents`, returning undefined
 * ("not known").
 */
export function faultMoment(lesson: Lesson, fault: string, seed: number, maxEvents = 300_000): FaultMoment | null | undefined {
  const base = createSimulation(lesson, { seed });
  const flipped = createSimulation(withFaultFlipped(lesson, fault).lesson, { seed });
  const stateOf = (engine: typeof base): string => hashValue(engine.state.world) + hashValue(engine.state.violations);
  const times = lesson.steps.map((s) => toNanos(s.at));
  let events = 0;
  let previous = { step: -1, time: 0 };
  for (let i = 0; i <= times.length; i++) {
    // After the last step, run on until both runs have nothing left (the lesson's outcome).
    const until = i < times.length ? (times[i] as number) : Number.MAX_SAFE_INTEGER;
    events += base.runUntil(until, { maxEvents: maxEvents - events });
    events += flipped.runUntil(until, { maxEvents: maxEvents - events });
    if (events >= maxEvents) return undefined;
    if (stateOf(base) !== stateOf(flipped)) {
      const last = Math.min(i, times.length - 1);
      return { beforeStep: previous.step, beforeTime: previous.time, step: last, time: i < times.length ? until : Math.max(base.now, flipped.now) };
    }
    if (i < times.length) previous = { step: i, time: until };
  }
  return null;
}
