import type { Draft } from 'immer';
import type { ModelContext } from '../events';
import type { SimState } from '../state';
import { findRuns, runsLength, setFrames, stateMask } from './frames';
import { scrubNanos } from './config';
import type { ScrubPayload } from './events';
import { PRIORITY } from '../priorities';
import { TOUCH_SCRUB, touchRuns } from './touch';
import { FREE_CLEAN, FREE_DIRTY, SCRUBBING, type HostMemory } from './types';

export const SCRUB_EVENT = 'mem.scrub';


export function nodeRange(host: HostMemory, node: number): [number, number] {
  return [Math.floor((node * host.frames) / host.nodes), Math.floor(((node + 1) * host.frames) / host.nodes)];
}

function hasDirty(host: HostMemory, node: number): boolean {
  const [from, to] = nodeRange(host, node);
  return findRuns(host, from, to, stateMask(FREE_DIRTY), 1).length > 0;
}

/** Wakes the idle CPU of every node that has dirty frames and is not already scrubbing. */
export function wakeScrubbers(host: HostMemory, schedule: (payload: ScrubPayload) => void): void {
  host.scrubbers.forEach((scrubber, node) => {
    if (scrubber.busy || !hasDirty(host, node)) return;
    scrubber.busy = true;
    schedule({ hostId: host.hostId, node });
  });
}

/**
 * One step of a node's idle-loop scrubber (`scrub_free_pages()`, the fact sheet): finish the
 * batch in progress (frames the allocator took meanwhile are skipped), then take the next
 * dirty frames of the node and schedule the step that completes them. With the
 * `early-release` fault the batch goes back to the clean pool when it *starts*.
 */
export function scrubStep(draft: Draft<SimState>, payload: ScrubPayload, ctx: ModelContext): void {
  const mem = draft.world.memory;
  const host = mem.hosts[payload.hostId];
  const scrubber = host?.scrubbers[payload.node];
  if (!host || !scrubber) return;
  if (scrubber.batch.length > 0) {
    if (scrubber.until > ctx.now) return;
    let done = 0;
    for (const [start, count] of scrubber.batch) {
      // Scrubbing frames complete; early-released ones still free are zeroed now (too late).
      for (const [s, n] of findRuns(host, start as number, (start as number) + (count as number), stateMask(SCRUBBING, FREE_CLEAN))) {
        setFrames(host, s as number, n as number, { state: FREE_CLEAN, residue: 0, scrubbedAt: ctx.now });
        done += n as number;
      }
    }
    host.idleScrubbedFrames += done;
    touchRuns(ctx, TOUCH_SCRUB, host.hostId, scrubber.batch);
    scrubber.batch = [];
  }
  const [from, to] = nodeRange(host, payload.node);
  const batchFrames = Math.max(1, Math.floor((mem.config.scrubBatchMiB * 1024) / mem.config.frameKiB));
  const batch = findRuns(host, from, to, stateMask(FREE_DIRTY), batchFrames);
  if (batch.length === 0) {
    scrubber.busy = false;
    ctx.trace('memory', `idle CPU of ${host.hostId} node ${payload.node} has no dirty frames left`, { host: host.hostId, node: payload.node });
    return;
  }
  const early = ctx.fault('early-release');
  for (const [s, n] of batch) setFrames(host, s as number, n as number, { state: early ? FREE_CLEAN : SCRUBBING });
  const frames = runsLength(batch);
  scrubber.batch = batch;
  scrubber.until = ctx.now + scrubNanos(frames, mem.config.frameKiB, mem.config.scrubMiBPerSecond);
  touchRuns(ctx, TOUCH_SCRUB, host.hostId, batch);
  if (early) ctx.trace('fault', `early-release: ${frames} frames of ${host.hostId} rejoin the free pool before their scrub completes`, { host: host.hostId });
  ctx.scheduleAt(SCRUB_EVENT, payload, scrubber.until, PRIORITY.scrub);
}
