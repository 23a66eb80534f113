import type { Patch } from 'immer';
import { diffPatches, type AtomicPath } from './diff';
import type { Frame, SimCore, TraceRecord } from './types';

/** Building the {@link Frame}s the engine hands out: lazy patches, and several batches as one. */

/**
 * A frame whose patches are built on first read from the two states (only the replaced chunks
 * differ by identity, so the diff visits only them). Runs that never read patches (the CLI,
 * benchmarks, seeks) pay nothing for them. The getters are enumerable, so copies and structured
 * clones see plain arrays.
 */
export function lazyFrame<S>(seq: number, fromEvent: number, before: S, after: S & SimCore, trace: TraceRecord[], atomic?: AtomicPath): Frame {
  let patches: Patch[] | undefined;
  let inverse: Patch[] | undefined;
  return {
    seq,
    fromEvent,
    toEvent: after.eventIndex,
    simTime: after.time,
    get patches(): Patch[] {
      return (patches ??= diffPatches(before, after, { atomic }));
    },
    set patches(value: Patch[]) {
      patches = value;
    },
    get inversePatches(): Patch[] {
      return (inverse ??= diffPatches(after, before, { atomic }));
    },
    set inversePatches(value: Patch[]) {
      inverse = value;
    },
    trace,
  };
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
