import type { Patch } from 'immer';
import { diffPatches, type DiffGranularity } from './diff';
import type { Frame, SimCore, TraceRecord } from './types';

/** Building the {@link Frame}s the engine hands out: lazy patches, and several batches as one. */

/**
 * A frame whose patches are built on first read from the two states (only the replaced chunks
 * differ by identity, so the diff visits only them). Runs that never read patches (the CLI,
 * benchmarks, seeks) pay nothing for them. A class with accessors on its prototype, not an
 * object literal with getters: the literal built four closures and an accessor pair per frame,
 * about a tenth of a one-event frame's cost. `toJSON` makes copies and JSON see plain arrays.
 */
class LazyFrame<S> implements Frame {
  readonly toEvent: number;
  readonly simTime: number;
  private forward: Patch[] | undefined;
  private backward: Patch[] | undefined;

  constructor(
    readonly seq: number,
    readonly fromEvent: number,
    private readonly before: S,
    private readonly after: S & SimCore,
    readonly trace: TraceRecord[],
    private readonly granularity: DiffGranularity,
  ) {
    this.toEvent = after.eventIndex;
    this.simTime = after.time;
  }

  get patches(): Patch[] {
    return (this.forward ??= diffPatches(this.before, this.after, this.granularity));
  }

  set patches(value: Patch[]) {
    this.forward = value;
  }

  get inversePatches(): Patch[] {
    return (this.backward ??= diffPatches(this.after, this.before, this.granularity));
  }

  set inversePatches(value: Patch[]) {
    this.backward = value;
  }

  toJSON(): Frame {
    const { seq, fromEvent, toEvent, simTime, patches, inversePatches, trace } = this;
    return { seq, fromEvent, toEvent, simTime, patches, inversePatches, trace };
  }
}

export function lazyFrame<S>(seq: number, fromEvent: number, before: S, after: S & SimCore, trace: TraceRecord[], granularity: DiffGranularity = {}): Frame {
  return new LazyFrame(seq, fromEvent, before, after, trace, granularity);
}

/** Appends without spreading (a spread of a huge array overflows the call stack). */
export function pushAll<T>(into: T[], items: readonly T[]): void {
  for (const item of items) into.push(item);
}

export function mergeFrames(frames: Frame[]): Frame | null {
  if (frames.length === 0) return null;
  if (frames.length === 1) return frames[0] as Frame;
  const first = frames[0] as Frame;
  const last = frames[frames.length - 1] as Frame;
  return {
    seq: last.seq,
    fromEvent: first.fromEvent,
    toEvent: last.toEvent,
    simTime: last.simTime,
    get patches(): Patch[] {
      return frames.flatMap((f) => f.patches);
    },
    get inversePatches(): Patch[] {
      return [...frames].reverse().flatMap((f) => f.inversePatches ?? []);
    },
    trace: frames.flatMap((f) => f.trace),
  };
}
