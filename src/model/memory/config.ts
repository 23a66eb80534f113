import { SECOND } from '../../engine/time';

/**
 * Rates derived from the fact sheet (illustrative: no per-core figure was ever published).
 * Upstream: "destroying a 1TB guest can now be completed in slightly over 1 minute as opposed to
 * about 9 minutes using existing scrubbing algorithm". We read that as ≈ 60 s of relinquishing
 * pages either way plus ≈ 480 s of synchronous zeroing on the old path.
 */
const TIB_IN_MIB = 1024 * 1024;
export const RELINQUISH_NS_PER_MIB = (60 * SECOND) / TIB_IN_MIB;
export const SYNC_SCRUB_NS_PER_MIB = (480 * SECOND) / TIB_IN_MIB;
/** ≈ 2185 MiB/s: one CPU zeroing pages at the rate the old synchronous path implies. */
export const DEFAULT_SCRUB_MIB_PER_SECOND = SECOND / SYNC_SCRUB_NS_PER_MIB;

export const TEACHING_FRAME_KIB = 16 * 1024;
export const REALISTIC_FRAME_KIB = 4;
export const TEACHING_BATCH_MIB = 256;
export const REALISTIC_BATCH_MIB = 1024;
/** Beyond this a host would not fit in memory even with uniform chunks; pick bigger frames. */
export const MAX_FRAMES_PER_HOST = 2 ** 30;
/** Probes read at most this many frames, so a hostile lesson cannot make one event scan a 1 TiB guest. */
export const MAX_PROBE_FRAMES = 65_536;
export const MAX_PROBE_LEAKS_KEPT = 32;
export const MAX_PROBES_KEPT = 200;

/** Xen releases are compared as numbers: "4.9" → 409, "4.10" → 410. */
export function xenRelease(version: string | null): number {
  if (!version) return Number.POSITIVE_INFINITY;
  const [major, minor] = version.split('.').map(Number);
  return (major ?? 0) * 100 + (minor ?? 0);
}

export function framesFor(memoryMiB: number, frameKiB: number): number {
  return Math.ceil((memoryMiB * 1024) / frameKiB);
}

export function mibOf(frames: number, frameKiB: number): number {
  return (frames * frameKiB) / 1024;
}

/** Time for one CPU to zero `frames` frames. */
export function scrubNanos(frames: number, frameKiB: number, mibPerSecond: number): number {
  return Math.max(1, Math.round((mibOf(frames, frameKiB) / mibPerSecond) * SECOND));
}
