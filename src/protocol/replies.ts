import type { Patch } from 'immer';
import type { Nanos, TraceRecord } from '../engine';
import type { LocatedError } from '../lessons/load';
import type { Lesson } from '../lessons/schema';
import type { SimState } from '../model/state';

/** Where the host stands; sent with every frame and on every change. */
export interface HostStatus {
  lessonId: string | null;
  playing: boolean;
  speed: number;
  /** Lesson's time scale: simulated ns shown per wall second at 1×. */
  timeScaleNs: Nanos;
  /** The displayed simulated clock (may run ahead of the last event while playing). */
  simTime: Nanos;
  eventIndex: number;
  furthestEventIndex: number;
  /** Simulated time at which the lesson's script ends. */
  endTime: Nanos;
  pending: number;
  nextEventAt: Nanos | null;
  /** Index of the lesson step whose time has been reached (-1 before the first). */
  stepIndex: number;
  violations: number;
  seed: number;
  faults: string[];
}

export type Reply =
  | { type: 'loaded'; requestId?: number; lesson: Lesson; state: SimState; status: HostStatus }
  | { type: 'frame'; seq: number; patches: Patch[]; trace: TraceRecord[]; status: HostStatus }
  | { type: 'snapshot'; requestId?: number; seq: number; state: SimState; status: HostStatus }
  | { type: 'status'; requestId?: number; status: HostStatus }
  | { type: 'hash'; requestId?: number; hash: string; eventIndex: number; simTime: Nanos }
  /**
   * A long seek or step is under way (sent between its slices); `cancel` stops it where it is.
   * `open`: the app's replayer is opening a recording (renderer/ui/replayer.ts; never the host).
   */
  | { type: 'progress'; requestId?: number; operation: 'seek' | 'step' | 'open'; done: number; total: number }
  | { type: 'error'; requestId?: number; message: string; errors?: LocatedError[] };
