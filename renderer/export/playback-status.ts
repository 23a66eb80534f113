import { parseDuration } from '../../src/engine/time';
import { lessonEndTime } from '../../src/host/simulation';
import type { Lesson, LessonStep } from '../../src/lessons/schema';
import type { HostStatus } from '../../src/protocol/replies';
import type { PlaybackPoint, RecordingHeader } from '../../src/recording';

const nsOf = (text: string): number => {
  const parsed = parseDuration(text);
  return parsed.ok ? parsed.ns : 0;
};

/** Index of the lesson step whose time has been reached at `simTime` (-1 before the first). */
export function stepIndexAt(lesson: Lesson, simTime: number): number {
  let index = -1;
  lesson.steps.forEach((step, i) => {
    if (nsOf(step.at) <= simTime) index = i;
  });
  return index;
}

export function stepFocusAt(lesson: Lesson, simTime: number): LessonStep['focus'] {
  return lesson.steps[stepIndexAt(lesson, simTime)]?.focus;
}

/** The status the host would send at this point of a playback (for views, timeline and narration). */
export function playbackStatus(lesson: Lesson, header: Pick<RecordingHeader, 'seed' | 'faults'>, point: PlaybackPoint, state: { time: number; eventIndex: number; violations: unknown[] }): HostStatus {
  const simTime = Math.max(point.simTime, state.time);
  return {
    lessonId: lesson.id,
    playing: point.playing,
    speed: point.speed,
    timeScaleNs: Math.max(1, nsOf(lesson.timeScale)),
    simTime,
    eventIndex: state.eventIndex,
    furthestEventIndex: state.eventIndex,
    endTime: lessonEndTime(lesson),
    pending: 0,
    nextEventAt: null,
    stepIndex: stepIndexAt(lesson, simTime),
    violations: state.violations.length,
    seed: header.seed,
    faults: [...header.faults],
  };
}
