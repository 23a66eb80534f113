import type { SimState } from './state';
import { hashLayout } from './tenancy/store';

/**
 * The state as its hash covers it (`EngineOptions.hashView`): the fleet in the layout the hash was
 * defined on (`hashLayout`), so a fleet's hash does not depend on how many buckets it is stored in.
 */
export function hashedSimState(s: SimState): unknown {
  return { ...s, world: { ...s.world, fleet: hashLayout(s.world.fleet) } };
}
