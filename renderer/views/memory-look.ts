import { fieldAt } from '../../src/model/memory/frames';
import { nameAt } from '../../src/model/memory/registry';
import { ALLOCATED, CHUNK_FRAMES, FREE_DIRTY, GROUP_CHUNKS, SCRUBBING, STATE_NAMES, type FrameChunk, type HostMemory, type MemoryWorld } from '../../src/model/memory/types';
import type { SimState } from '../../src/model/state';
import { formatDuration } from '../../src/engine/time';
import { tenantColor, UI } from '../palette';

/**
 * How one grid cell looks (pure, so it is unit-tested without a GPU). A cell is one frame in
 * teaching mode, or a block of frames when a host has more frames than the grid shows.
 * Colour says who; the hatch says "holds residue / needs scrubbing" (the second channel).
 */
export interface CellLook {
  tint: number;
  hatch: boolean;
  sweep: boolean;
}

/** Cells per host at most; beyond that each cell stands for several frames. */
export const MAX_CELLS = 4096;

export function framesPerCell(frames: number): number {
  return Math.max(1, Math.ceil(frames / MAX_CELLS));
}

export function chunkAt(host: HostMemory, c: number): FrameChunk | undefined {
  return host.groups[Math.floor(c / GROUP_CHUNKS)]?.chunks[c % GROUP_CHUNKS];
}

/** Colour of a tenant index (+1) in the memory tables; the operator (dom0, boot) is grey. */
export function tenantTint(state: SimState, tenant: number): number {
  const id = nameAt(state.world.memory.tenantIds, tenant, '');
  const t = id ? state.world.tenants[id] : undefined;
  return t ? tenantColor(t.colorIndex) : UI.operator;
}

/** Tenant (+1) owning a domain index (+1). */
export function ownerTenant(mem: MemoryWorld, owner: number): number {
  const id = nameAt(mem.domainIds, owner, '');
  return id ? (mem.domains[id]?.tenant ?? 0) : 0;
}

function dim(color: number, factor: number): number {
  const mix = (shift: number) => {
    const c = (color >> shift) & 0xff;
    const bg = (UI.background >> shift) & 0xff;
    return Math.round(bg + (c - bg) * factor) << shift;
  };
  return mix(16) | mix(8) | mix(0);
}

/** The look of frame `i` of a chunk. */
export function frameLook(state: SimState, chunk: FrameChunk, i: number): CellLook {
  const mem = state.world.memory;
  const st = fieldAt(chunk.state, i);
  const residue = fieldAt(chunk.residue, i) === 1;
  const writer = fieldAt(chunk.writerTenant, i);
  if (st === ALLOCATED) {
    const owner = ownerTenant(mem, fieldAt(chunk.owner, i));
    const color = tenantTint(state, owner);
    // Written by its owner's tenant: full colour. Holding another tenant's data (a leak): hatched.
    return { tint: residue ? color : dim(color, 0.55), hatch: residue && writer !== owner, sweep: false };
  }
  if (st === SCRUBBING) return { tint: residue ? dim(tenantTint(state, writer), 0.6) : UI.faint, hatch: residue, sweep: true };
  // Free: dirty (need_scrub) or still holding data is hatched, even if it sits in the clean pool.
  if (st === FREE_DIRTY || residue) return { tint: residue ? dim(tenantTint(state, writer), 0.6) : UI.faint, hatch: true, sweep: false };
  return { tint: UI.panelRaised, hatch: false, sweep: false };
}

/** The look of a block of frames: the most telling frame wins (residue > scrubbing > allocated > clean). */
export function cellLook(state: SimState, host: HostMemory, start: number, count: number): CellLook {
  let best: CellLook | null = null;
  let rank = -1;
  const end = Math.min(host.frames, start + count);
  for (let mfn = start; mfn < end; ) {
    const c = Math.floor(mfn / CHUNK_FRAMES);
    const chunk = chunkAt(host, c);
    if (!chunk) break;
    const base = c * CHUNK_FRAMES;
    const hi = Math.min(chunk.size, end - base);
    // A uniform chunk looks the same everywhere: one sample is enough.
    const uniform = typeof chunk.state === 'number' && typeof chunk.residue === 'number' && typeof chunk.owner === 'number' && typeof chunk.writerTenant === 'number';
    for (let i = mfn - base; i < hi; i = uniform ? hi : i + 1) {
      const look = frameLook(state, chunk, i);
      const r = look.hatch ? 3 : look.sweep ? 2 : look.tint !== UI.panelRaised ? 1 : 0;
      if (r > rank) {
        rank = r;
        best = look;
      }
    }
    mfn = base + hi;
  }
  return best ?? { tint: UI.panelRaised, hatch: false, sweep: false };
}

/** Provenance of one frame in words (hover panel, screen readers). */
export function describeFrame(state: SimState, host: HostMemory, mfn: number): string[] {
  const mem = state.world.memory;
  const chunk = chunkAt(host, Math.floor(mfn / CHUNK_FRAMES));
  if (!chunk) return [];
  const i = mfn % CHUNK_FRAMES;
  const v = (f: keyof FrameChunk & string) => fieldAt(chunk[f as 'state'], i);
  const node = Math.min(host.nodes - 1, Math.floor((mfn * host.nodes) / host.frames));
  const lines = [`frame ${mfn} (0x${mfn.toString(16)}) of ${host.hostId}, NUMA node ${node}`, `state: ${STATE_NAMES[v('state')] ?? '?'}`];
  if (v('state') === ALLOCATED) {
    const owner = nameAt(mem.domainIds, v('owner'), '?');
    lines.push(`owner: ${owner} (${nameAt(mem.tenantIds, ownerTenant(mem, v('owner')), 'operator')})`);
  }
  if (v('writerDomain') > 0) {
    lines.push(`last written by ${nameAt(mem.domainIds, v('writerDomain'), '?')} (${nameAt(mem.tenantIds, v('writerTenant'), 'operator')}): "${nameAt(mem.labels, v('label'), 'data')}" at ${formatDuration(v('writtenAt'))}`);
  } else lines.push('never written by a guest');
  lines.push(v('scrubbedAt') > 0 ? `last scrubbed at ${formatDuration(v('scrubbedAt'))}` : 'no scrub recorded after boot');
  lines.push(`content: ${v('residue') ? 'still holds that data' : 'zeros'}`);
  return lines;
}
