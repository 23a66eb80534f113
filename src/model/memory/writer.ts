import type { Immutable, Writable } from '../../engine';
import type { ModelWriteContext } from '../events';
import type { SimState } from '../state';
import { plainFrames, type FrameTarget, type ReadonlyFrameStore } from './frames';
import type { DomainMemory, FrameGroup, HostMemory, MemoryWorld } from './types';

/** The append-only name tables of `world.memory`. */
export type MemoryTable = 'domainIds' | 'tenantIds' | 'labels';

/**
 * Reads and writes of `world.memory` for code that runs both at set-up, on plain objects, and in
 * handlers, through `ctx.mut`. Each write method returns one chunk writable; `mem` is read again
 * after a write (in a handler an earlier read may be a chunk the write replaced).
 */
export interface MemoryWriter {
  readonly mem: Immutable<MemoryWorld>;
  table(name: MemoryTable): string[];
  /** The record of domains, to add one. */
  domains(): Record<string, Immutable<DomainMemory>>;
  /** A host's own fields (its counters). */
  host(hostId: string): Writable<HostMemory>;
  /** A host's frames, for `setFrames`. */
  frames(hostId: string): FrameTarget;
}

/** The set-up writer: plain objects, written in place. */
export function plainWriter(mem: MemoryWorld): MemoryWriter {
  return {
    mem,
    table: (name) => mem[name],
    domains: () => mem.domains,
    host: (hostId) => plainHost(mem, hostId),
    frames: (hostId) => plainFrames(plainHost(mem, hostId)),
  };
}

function plainHost(mem: MemoryWorld, hostId: string): HostMemory {
  const host = mem.hosts[hostId];
  if (!host) throw new Error(`no memory for host ${hostId}`);
  return host;
}

/** The handler writer: reads the batch's working state, writes through `ctx.mut` (one chunk per call). */
export function directWriter(state: Immutable<SimState>, ctx: ModelWriteContext): MemoryWriter {
  return new DirectWriter(state, ctx);
}

class DirectWriter implements MemoryWriter {
  constructor(
    private readonly state: Immutable<SimState>,
    private readonly ctx: ModelWriteContext,
  ) {}

  get mem(): Immutable<MemoryWorld> {
    return this.state.world.memory;
  }

  table(name: MemoryTable): string[] {
    return this.ctx.mut('world', 'memory', name);
  }

  domains(): Record<string, Immutable<DomainMemory>> {
    return this.ctx.mut('world', 'memory', 'domains');
  }

  host(hostId: string): Writable<HostMemory> {
    return this.ctx.mut('world', 'memory', 'hosts', hostId);
  }

  frames(hostId: string): FrameTarget {
    return hostFrames(this.state, this.ctx, hostId);
  }
}

/**
 * A host's frames in a handler: reads from the working state (so each `setFrames` sees the ones
 * before it), writes to the host's group array and counters through `ctx.mut`.
 */
export function hostFrames(state: Immutable<SimState>, ctx: ModelWriteContext, hostId: string): FrameTarget {
  return {
    store: (): ReadonlyFrameStore => hostIn(state.world.memory, hostId),
    groups: (): FrameGroup[] => ctx.mut('world', 'memory', 'hosts', hostId, 'groups'),
    counts: (): number[] => ctx.mut('world', 'memory', 'hosts', hostId, 'counts'),
  };
}

/** A host's memory that the caller already found (a missing one is a model bug). */
export function hostIn(mem: Immutable<MemoryWorld>, hostId: string): Immutable<HostMemory> {
  const host = mem.hosts[hostId];
  if (!host) throw new Error(`no memory for host ${hostId}`);
  return host;
}
