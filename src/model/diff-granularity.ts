import type { AtomicPath } from '../engine';

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
