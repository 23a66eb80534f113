import type { Patch } from 'immer';
import type { Lesson } from '../../src/lessons/schema';
import type { SimState } from '../../src/model/state';
import type { HostStatus } from '../../src/protocol/replies';

/**
 * Messages between the replayer (page thread, renderer/ui/replayer.ts) and the replay worker
 * (renderer/web/replay-worker.ts, running renderer/ui/replay-session.ts). Parsing a recording,
 * resolving its lesson and moving its engine all happen in the worker, so a large recording
 * never freezes the page. Each request gets exactly one final answer (`opened`, `move`, `hash`,
 * `idle` or `failed`), with `progress` messages before it while opening.
 */

export interface ChapterSummary {
  lineIndex: number;
  /** Playback time (ms) of the chapter's marker. */
  p: number;
  label: string;
}

export interface TimelineSummary {
  /** Playback length (ms) with idle gaps capped. */
  duration: number;
  chapters: ChapterSummary[];
}

export type ReplayRequest =
  | { type: 'open'; id: number; text: string; name: string; idleCapMs: number }
  /** Land at playback time p (ms). */
  | { type: 'seek'; id: number; p: number }
  /** Land right after recording line `line` (chapter jumps). */
  | { type: 'seekLine'; id: number; line: number }
  /** Move `delta` recording lines from the line at playback time p (step / step back). */
  | { type: 'stepLine'; id: number; p: number; delta: number }
  /** The first line at or after an event index, a simulated time or a lesson step (the shell's seek commands). */
  | { type: 'seekWhere'; id: number; eventIndex?: number; simTime?: number; step?: number }
  /** Rebuild the timeline with another longest kept pause, staying at the same fraction of it. */
  | { type: 'setIdleCap'; id: number; idleCapMs: number; p: number }
  | { type: 'snapshot'; id: number }
  | { type: 'hash'; id: number };

export type ReplayResponse =
  /** Opening a recording: stage `done` of `total` (parsing, the lesson, the timeline, the first state). */
  | { type: 'progress'; id: number; stage: string; done: number; total: number }
  | {
      type: 'opened';
      id: number;
      lesson: Lesson;
      state: SimState;
      status: HostStatus;
      view: string | null;
      timeline: TimelineSummary;
      /** The file is damaged: what plays is the part before this problem. */
      warning?: string;
    }
  | {
      type: 'move';
      id: number;
      /** The playback position landed on. */
      p: number;
      /** Patches from the previous state, or null when the move is big and `state` is sent instead. */
      patches: Patch[] | null;
      state: SimState | null;
      status: HostStatus;
      view: string | null;
      /** Present when the timeline changed (a new idle cap). */
      timeline?: TimelineSummary;
    }
  | { type: 'hash'; id: number; hash: string; eventIndex: number; simTime: number }
  /** Nothing to do (no line matched, or a newer seek replaced this one). */
  | { type: 'idle'; id: number }
  | { type: 'failed'; id: number; title: string; message: string };

/** Requests without their id (the client numbers them). */
export type ReplayRequestBody = ReplayRequest extends infer R ? (R extends { id: number } ? Omit<R, 'id'> : never) : never;
