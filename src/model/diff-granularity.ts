import type { AtomicPath, ElementwisePath } from '../engine';
import type { SimState } from './state';

/**
 * How finely frame and move patches describe the model's state. Fleet instances and hosts change
 * several fields at once (state, host, meter, placement) and the fleet view redraws from
 * `world.fleet` as a whole, so a changed instance or host is sent as one `replace` instead of one
 * patch per field: in the 20,000-host fleet a seek's diff was over 20,000 patches (sent as a
 * whole snapshot instead) and took most of the seek's engine time. Everything else is diffed to
 * the leaf, because the host, memory and storage views redraw only what a patch names.
 */
export const atomicModelPath: AtomicPath = (path) => path.length === 6 && inFleetCollection(path);

/**
 * The fleet's groups of buckets and the array of groups are diffed element by element: a move
 * changes a few buckets of thousands, and a group (64 buckets) or a small fleet's array of groups
 * (4) would otherwise be sent whole, every bucket in it.
 */
export const elementwiseModelPath: ElementwisePath = (path) => (path.length === 3 || path.length === 4) && inFleetCollection(path);

/**
 * Whether a path lies in the fleet's hosts or instances: `world.fleet.<hosts|instances>`, then
 * `[group]`, `[slot]` (a bucket) and `[id]` (a record).
 */
function inFleetCollection(path: readonly (string | number)[]): boolean {
  return path[0] === 'world' && path[1] === 'fleet' && (path[2] === 'instances' || path[2] === 'hosts');
}

/**
 * A floor on the patches of a move (the engine's `patchFloor`), from the fleet. Instance records
 * are only added, never removed (a terminated instance keeps its record, and `instanceCount`
 * counts every launch that stored one), so of two states of one timeline the later holds every
 * instance of the earlier and `instanceCount` more, each one `add` or `remove` in a bucket both
 * states have (every bucket exists from the start). Two more come with any such difference: the
 * `replace` of `instanceCount` itself and of the root's `eventIndex` (a launch is an event). A
 * seek whose floor was exactly the renderer's limit used to diff its way up to the limit and then
 * give up (12–34 ms of a 20,000-host fleet seek, spent on patches thrown away).
 */
export function modelPatchFloor(from: SimState, to: SimState): number {
  const instances = Math.abs(to.world.fleet.instanceCount - from.world.fleet.instanceCount);
  return instances === 0 ? 0 : instances + 2;
}
