import type { Immutable } from '../../engine';
import type { ModelWriteContext } from '../events';
import type { SimState } from '../state';
import { findRuns, runsLength, setFrames, stateMask, type ReadonlyFrameStore } from './frames';
import { scrubNanos } from './config';
import type { ScrubPayload } from './events';
import { PRIORITY } from '../priorities';
import { TOUCH_SCRUB, touchRuns } from './touch';
import { FREE_CLEAN, FREE_DIRTY, SCRUBBING, type FrameRun } from './types';
import { hostFrames, hostIn } from './writer';

export const SCRUB_EVENT = 'mem.scrub';

export function nodeRange(host: { readonly frames: number; readonly nodes: number }, node: number): [number, number] {
  return [Math.floor((node * host.frames) / host.nodes), Math.floor(((node + 1) * host.frames) / host.nodes)];
}

function hasDirty(host: ReadonlyFrameStore & { readonly nodes: number }, node: number): boolean {
  const [from, to] = nodeRange(host, node);
  return findRuns(host, from, to, stateMask(FREE_DIRTY), 1).length > 0;
}

/** Wakes the idle CPU of every node of a host that has dirty frames and is not already scrubbing. */
export function wakeScrubbers(state: Immutable<SimState>, ctx: ModelWriteContext, hostId: string): void {
  // Only `busy` of a woken node changes below, so this read stays good for the others.
  const host = hostIn(state.world.memory, hostId);
  host.scrubbers.forEach((scrubber, node) => {
    if (scrubber.busy || !hasDirty(host, node)) return;
    ctx.mut('world', 'memory', 'hosts', hostId, 'scrubbers', node).busy = true;
    ctx.schedule(SCRUB_EVENT, { hostId, node }, 0, PRIORITY.scrub);
  });
}

/**
 * One step of a node's idle-loop scrubber (`scrub_free_pages()`, the fact sheet): finish the
 * batch in progress (frames the allocator took meanwhile are skipped), then take the next
 * dirty frames of the node and schedule the step that completes them. With the
 * `early-release` fault the batch goes back to the clean pool when it *starts*.
 */
export function scrubStep(state: Immutable<SimState>, payload: ScrubPayload, ctx: ModelWriteContext): void {
  const { hostId, node } = payload;
  const scrubber = state.world.memory.hosts[hostId]?.scrubbers[node];
  if (!scrubber) return;
  if (scrubber.batch.length > 0) {
    if (scrubber.until > ctx.now) return;
    finishBatch(state, ctx, payload, scrubber.batch);
  }
  const mem = state.world.memory;
  const host = hostIn(mem, hostId);
  const [from, to] = nodeRange(host, node);
  const batchFrames = Math.max(1, Math.floor((mem.config.scrubBatchMiB * 1024) / mem.config.frameKiB));
  const batch = findRuns(host, from, to, stateMask(FREE_DIRTY), batchFrames);
  if (batch.length === 0) {
    ctx.mut('world', 'memory', 'hosts', hostId, 'scrubbers', node).busy = false;
    ctx.trace('memory', `idle CPU of ${hostId} node ${node} has no dirty frames left`, { host: hostId, node });
    return;
  }
  const early = ctx.fault('early-release');
  const frames = hostFrames(state, ctx, hostId);
  for (const [s, n] of batch) setFrames(frames, s, n, { state: early ? FREE_CLEAN : SCRUBBING });
  const count = runsLength(batch);
  const until = ctx.now + scrubNanos(count, mem.config.frameKiB, mem.config.scrubMiBPerSecond);
  const writable = ctx.mut('world', 'memory', 'hosts', hostId, 'scrubbers', node);
  writable.batch = batch;
  writable.until = until;
  touchRuns(ctx, TOUCH_SCRUB, hostId, batch);
  if (early) ctx.trace('fault', `early-release: ${count} frames of ${hostId} rejoin the free pool before their scrub completes`, { host: hostId });
  ctx.scheduleAt(SCRUB_EVENT, payload, until, PRIORITY.scrub);
}

/** The batch in progress completes: its frames still scrubbing (or early-released and still free) are clean now. */
function finishBatch(state: Immutable<SimState>, ctx: ModelWriteContext, { hostId, node }: ScrubPayload, batch: readonly FrameRun[]): void {
  const frames = hostFrames(state, ctx, hostId);
  let done = 0;
  for (const [start, count] of batch) {
    for (const [s, n] of findRuns(frames.store(), start, start + count, stateMask(SCRUBBING, FREE_CLEAN))) {
      setFrames(frames, s, n, { state: FREE_CLEAN, residue: 0, scrubbedAt: ctx.now });
      done += n;
    }
  }
  ctx.mut('world', 'memory', 'hosts', hostId).idleScrubbedFrames += done;
  touchRuns(ctx, TOUCH_SCRUB, hostId, batch);
  ctx.mut('world', 'memory', 'hosts', hostId, 'scrubbers', node).batch = [];
}
