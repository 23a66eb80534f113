import { fieldAt, visitFrames } from '../../src/model/memory/frames';
import { nameAt } from '../../src/model/memory/registry';
import { ALLOCATED, FREE_CLEAN, FREE_DIRTY, SCRUBBING, type DomainMemory, type FrameChunk, type HostMemory, type MemoryWorld } from '../../src/model/memory/types';
import type { SimState } from '../../src/model/state';
import { capped, count, MAX_CHILDREN, tenantName } from './common-scene';
import type { SceneNode } from './view';

/**
 * The Memory view in words: per host, its frame counts, the domains holding frames (with their
 * guest-physical → machine extents) and the machine frames as runs of one state and owner
 * ("frames 0–511: allocated to guest-a of tenant Blue") — never one item per frame, so a host of
 * a billion frames reads in a few dozen items.
 */

/** The id of a run of machine frames; the Memory view's `boundsOf` outlines the run itself. */
export function frameRunId(hostId: string, start: number, length: number): string {
  return `frames:${hostId}:${start}:${length}`;
}

/** Parses {@link frameRunId}; null for any other id. */
export function parseFrameRunId(id: string): { hostId: string; start: number; length: number } | null {
  const m = /^frames:(.+):(\d+):(\d+)$/.exec(id);
  return m ? { hostId: m[1] as string, start: Number(m[2]), length: Number(m[3]) } : null;
}

export function memoryScene(state: SimState): SceneNode[] {
  const mem = state.world.memory;
  if (!mem) return [];
  return capped(Object.values(mem.hosts).map((host) => hostNode(state, mem, host)), 'memory');
}

function hostNode(state: SimState, mem: MemoryWorld, host: HostMemory): SceneNode {
  const [clean = 0, dirty = 0, scrubbing = 0, allocated = 0] = host.counts;
  const domains = Object.values(mem.domains).filter((d) => d.hostId === host.hostId && d.phase !== 'released');
  const runs = frameRuns(state, mem, host);
  return {
    id: host.hostId,
    label: `Host ${host.hostId} memory: ${count(host.frames, 'frame')} of ${host.frameKiB} KiB; ${allocated.toLocaleString('en-US')} allocated, ${clean.toLocaleString('en-US')} free and scrubbed, ${(dirty + scrubbing).toLocaleString('en-US')} waiting for or being scrubbed`,
    entity: { kind: 'host', id: host.hostId },
    children: [
      { id: `${host.hostId}/domains`, label: `Domains holding frames (${domains.length})`, children: capped(domains.map((d) => domainNode(state, d)), `${host.hostId}/domains`) },
      { id: `${host.hostId}/runs`, label: `Machine frames, in runs (${runs.length}${runs.length > MAX_CHILDREN ? '+' : ''})`, children: runs },
    ],
  };
}

function domainNode(state: SimState, d: DomainMemory): SceneNode {
  const domain = state.world.domains[d.domainId];
  const owner = domain?.role === 'dom0' ? 'the operator' : `tenant ${tenantName(state, domain?.tenant)}`;
  const phase = d.phase === 'live' ? '' : d.phase === 'held' ? ', frames held while they are scrubbed' : ', frames released before their scrub ended';
  const extents = d.p2m.map(([gfn = 0, mfn = 0, n = 0]) => ({
    id: `${d.domainId}/extent/${gfn}`,
    outline: frameRunId(d.hostId, mfn, n),
    label: `guest frames ${range(gfn, n)} → machine frames ${range(mfn, n)}`,
    entity: { kind: 'frame', id: `${d.hostId}:${mfn}` },
  }));
  return {
    id: d.domainId,
    label: `${domain?.name ?? d.domainId} of ${owner}: ${count(d.frames, 'frame')}, ${d.paging === 'ept' ? 'EPT' : 'PV direct'} paging${phase}`,
    entity: { kind: 'domain', id: d.domainId },
    children: capped(extents, `${d.domainId}/extents`),
  };
}

function range(start: number, n: number): string {
  return n <= 1 ? String(start) : `${start}–${start + n - 1}`;
}

interface RunKey {
  state: number;
  owner: number;
  /** The domain whose data the frames still hold (0: none). */
  residue: number;
}

/** Runs of frames sharing a state, owner and residue, in machine order; at most MAX_CHILDREN, then a note. */
function frameRuns(state: SimState, mem: MemoryWorld, host: HostMemory): SceneNode[] {
  const runs: SceneNode[] = [];
  let current: (RunKey & { start: number; length: number }) | null = null;
  let stoppedAt: number | null = null;
  const close = (): void => {
    if (!current) return;
    runs.push({ id: frameRunId(host.hostId, current.start, current.length), label: runLabel(state, mem, current), entity: { kind: 'frame', id: `${host.hostId}:${current.start}` } });
    current = null;
  };
  const add = (key: RunKey, mfn: number, length: number): void => {
    if (stoppedAt !== null) return;
    if (current && current.state === key.state && current.owner === key.owner && current.residue === key.residue && current.start + current.length === mfn) {
      current.length += length;
      return;
    }
    close();
    if (runs.length >= MAX_CHILDREN) {
      stoppedAt = mfn;
      return;
    }
    current = { ...key, start: mfn, length };
  };
  visitFrames(host, 0, host.frames, (chunk, lo, hi, base) => {
    if (stoppedAt !== null) return;
    if (uniform(chunk)) add(keyAt(chunk, lo), base + lo, hi - lo);
    else for (let i = lo; i < hi; i++) add(keyAt(chunk, i), base + i, 1);
  });
  close();
  if (stoppedAt !== null) runs.push({ id: `${host.hostId}/runs/more`, label: `… frames from ${(stoppedAt as number).toLocaleString('en-US')} on are not listed` });
  return runs;
}

function uniform(chunk: FrameChunk): boolean {
  return typeof chunk.state === 'number' && typeof chunk.owner === 'number' && typeof chunk.residue === 'number' && typeof chunk.writerDomain === 'number';
}

function keyAt(chunk: FrameChunk, i: number): RunKey {
  const residue = fieldAt(chunk.residue, i) === 1 ? fieldAt(chunk.writerDomain, i) : 0;
  return { state: fieldAt(chunk.state, i), owner: fieldAt(chunk.owner, i), residue };
}

function domainWords(state: SimState, mem: MemoryWorld, index: number): string {
  const id = nameAt(mem.domainIds, index, '');
  const domain = id ? state.world.domains[id] : undefined;
  if (!domain) return id || 'Xen';
  return domain.role === 'dom0' ? `${domain.name} (the operator)` : `${domain.name} of tenant ${tenantName(state, domain.tenant)}`;
}

function runLabel(state: SimState, mem: MemoryWorld, run: RunKey & { start: number; length: number }): string {
  const frames = `frames ${range(run.start, run.length)} (${run.length.toLocaleString('en-US')})`;
  const holds = run.residue !== 0 ? `, still holding data of ${domainWords(state, mem, run.residue)}` : '';
  switch (run.state) {
    case ALLOCATED: {
      const leak = run.residue !== 0 && run.residue !== run.owner ? holds : '';
      return `${frames}: in use by ${domainWords(state, mem, run.owner)}${leak}`;
    }
    case FREE_CLEAN:
      return `${frames}: free, scrubbed${holds}`;
    case FREE_DIRTY:
      return `${frames}: free, not yet scrubbed${holds}`;
    case SCRUBBING:
      return `${frames}: being scrubbed${holds}`;
    default:
      return `${frames}: state ${run.state}`;
  }
}
