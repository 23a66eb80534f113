import type { Engine } from '../engine';
import type { Patch } from 'immer';
import type { Lesson } from '../lessons/schema';
import type { SimState } from '../model/state';
import type { Recording } from './format';
import { applyInput, moveToEvent, startSimulation } from './replay';
import { DEFAULT_IDLE_CAP_MS, PlaybackTimeline, type PlaybackPoint } from './timeline';

export interface PlayerMove {
  point: PlaybackPoint;
  state: SimState;
  /** Patches from the previous state to this one (for a mirror or a view's update). */
  patches: Patch[];
}

/**
 * Plays a recording back on its own engine: `seek(p)` lands on the state the session showed at
 * playback time p (ms). Recorded inputs are applied once, in order, where they were made; moving
 * back uses the engine's keyframes, and is only rebuilt from scratch when a later input would
 * leak into the past (the session stepped back and branched, or an input sits at that very event).
 * Pure and clock-free, so an export driven by it is deterministic.
 */
export class RecordingPlayer {
  readonly timeline: PlaybackTimeline;
  private engine: Engine<SimState>;
  /** Index of the last input line applied to the engine (-1: none). */
  private applied = -1;

  constructor(readonly recording: Recording, private readonly lesson: Lesson, idleCapMs = DEFAULT_IDLE_CAP_MS) {
    this.timeline = new PlaybackTimeline(recording, idleCapMs);
    this.engine = startSimulation(recording, lesson);
  }

  get duration(): number {
    return this.timeline.duration;
  }

  get state(): SimState {
    return this.engine.state;
  }

  hash(): string {
    return this.engine.hash();
  }

  /** Lands on playback time p (clamped to the recording). Throws only on a simulator error. */
  seek(p: number): PlayerMove {
    return this.land(this.timeline.pointAt(Math.min(this.duration, Math.max(0, p))));
  }

  /** Lands right after line i (chapter jumps, markers sharing one playback time). */
  seekLine(i: number): PlayerMove {
    return this.land(this.timeline.pointAtLine(Math.min(this.recording.lines.length - 1, Math.max(-1, Math.floor(i)))));
  }

  private land(point: PlaybackPoint): PlayerMove {
    const before = this.engine.state;
    const i = point.lineIndex;
    this.applyInputsThrough(i);
    this.moveTo(point);
    if (this.applied > i && !this.laterInputsAreUnseen(i, point)) {
      this.engine = startSimulation(this.recording, this.lesson);
      this.applied = -1;
      this.applyInputsThrough(i);
      this.moveTo(point);
    }
    this.applied = Math.max(this.applied, i);
    return { point, state: this.engine.state, patches: this.engine.diff(before, this.engine.state) };
  }

  private applyInputsThrough(i: number): void {
    const lines = this.recording.lines;
    for (let j = this.applied + 1; j <= i; j++) {
      const line = lines[j]!;
      if (line.kind !== 'input') continue;
      const result = applyInput(this.engine, line);
      if (!result.ok) throw new Error(`recording line ${j + 2}: ${result.message}`);
    }
    this.applied = Math.max(this.applied, i);
  }

  private moveTo(point: PlaybackPoint): void {
    if (point.eventIndex !== null) moveToEvent(this.engine, point.eventIndex);
    else this.engine.seekTime(point.simTime);
  }

  /**
   * After moving back, inputs applied beyond line i are still in the engine's input log. The state
   * is right only if none of them has happened yet at the landing point: each sits after the
   * event index we landed on (standing still, the hash covers the queue, so not even queued), and
   * none of them replaced a future the session had already shown (a branch after a step back).
   */
  private laterInputsAreUnseen(i: number, point: PlaybackPoint): boolean {
    const lines = this.recording.lines;
    const landing = this.engine.eventIndex;
    let maxInput = -1;
    for (let j = 0; j <= this.applied; j++) {
      const line = lines[j]!;
      if (line.kind !== 'input') continue;
      if (j > i) {
        if (line.e < maxInput) return false;
        const queuedButNotRun = point.eventIndex === null && line.e === landing && line.t > point.simTime;
        if (line.e < landing || (line.e === landing && !queuedButNotRun)) return false;
      }
      maxInput = Math.max(maxInput, line.e);
    }
    return true;
  }
}
