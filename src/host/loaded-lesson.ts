import type { Engine, Nanos } from '../engine';
import { parseDuration } from '../engine/time';
import { toNanos } from '../lessons/primitives';
import type { Lesson } from '../lessons/schema';
import type { SimState } from '../model/state';
import { lessonEndTime } from './simulation';

/** A lesson as the host runs it: its engine, and the times its transport and play mode need. */
export interface Loaded {
  lesson: Lesson;
  engine: Engine<SimState>;
  seed: number;
  faults: string[];
  timeScaleNs: Nanos;
  endTime: Nanos;
  stepTimes: Nanos[];
  /** Times of the steps that ask a checkpoint question: play stops there so the class can answer. */
  checkpointTimes: Nanos[];
}

export function loadedLesson(lesson: Lesson, engine: Engine<SimState>, seed: number, faults: string[]): Loaded {
  const scale = parseDuration(lesson.timeScale);
  return {
    lesson,
    engine,
    seed,
    faults,
    timeScaleNs: scale.ok ? Math.max(1, scale.ns) : 1,
    endTime: lessonEndTime(lesson),
    stepTimes: lesson.steps.map((s) => toNanos(s.at)),
    checkpointTimes: lesson.steps.filter((s) => s.checkpoint).map((s) => toNanos(s.at)),
  };
}

/** The lesson step in force at `time` (-1 before the first). */
export function stepIndexAt(stepTimes: readonly Nanos[], time: Nanos): number {
  let index = -1;
  for (let i = 0; i < stepTimes.length; i++) if ((stepTimes[i] as number) <= time) index = i;
  return index;
}
