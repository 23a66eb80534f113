import type { AtomicPath } from '../engine';
import type { SimState } from './state';

/**
 * How finely frame and move patches describe the model's state. Fleet instances and hosts change
 * several fields at once (state, host, meter, placement) and the fleet view redraws from
 * `world.fleet` as a whole, so a changed instance or host is sent as one `replace` instead of one
 * patch per field: in the 20,000-host fleet a seek's diff was over 20,000 patches (sent as a
 * whole snapshot instead) and took most of the seek's engine time. Everything else is diffed to
 * the leaf, because the host, memory and storage views redraw only what a patch names.
 */
export const atomicModelPath: AtomicPath = (path) =>
  path.length === 5 && path[0] === 'world' && path[1] === 'fleet' && (path[2] === 'instances' || path[2] === 'hosts');

/**
 * A floor on the patches of a move (the engine's `patchFloor`), from the fleet. Instance records
 * are only added, never removed (a terminated instance keeps its record, and `instanceCount`
 * counts every launch that stored one), so of two states of one timeline the later holds every
 * instance of the earlier and `instanceCount` more. Each of those is one `add` or `remove`, except
 * those in a bucket the earlier state lacks: they arrive inside that bucket's one `add`, so they
 * are not counted (in the 20,000-host fleet, about 0.1 bucket of 256 is still empty after 2,000 launches).
 */
export function modelPatchFloor(from: SimState, to: SimState): number {
  const a = from.world.fleet;
  const b = to.world.fleet;
  if (a.instanceCount === b.instanceCount) return 0;
  const [earlier, later] = a.instanceCount < b.instanceCount ? [a, b] : [b, a];
  let floor = later.instanceCount - earlier.instanceCount;
  for (const bucket in later.instances) {
    if (earlier.instances[bucket] === undefined) floor -= Object.keys(later.instances[bucket] ?? {}).length;
  }
  return floor;
}
