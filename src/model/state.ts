import type { SimCore } from '../engine';
import type { HypervisorWorld } from './hypervisor/types';
import type { CpuWorld } from './cpu/types';
import type { AccessWorld } from './access/types';
import type { MemoryWorld } from './memory/types';
import type { NetworkWorld } from './network/types';
import type { StorageWorld } from './storage/types';
import type { FleetWorld } from './tenancy/types';

/**
 * The whole simulated world: one plain, JSON-like object. Each model module owns one slice
 * (its folder's `types.ts`), so a reader knows where every field is defined and changed.
 */
export interface World extends HypervisorWorld {
  cpu: CpuWorld;
  access: AccessWorld;
  memory: MemoryWorld;
  storage: StorageWorld;
  fleet: FleetWorld;
  network: NetworkWorld;
}

export interface SimState extends SimCore {
  world: World;
}

/**
 * The engine's per-batch copy of the state's top level (`EngineOptions.copyRoot`): a literal of
 * every field, so V8 copies it in a few instructions rather than by its slow generic spread.
 * A new field of {@link SimState} goes here too: a required one fails to compile without it.
 */
export function copySimState(s: SimState): SimState {
  return { time: s.time, eventIndex: s.eventIndex, rng: s.rng, faults: s.faults, violations: s.violations, world: s.world };
}
