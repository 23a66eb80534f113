import { describe, expect, it } from 'vitest';
import { runMemoryHost } from './testing';

/**
 * Ballooning out ends the guest's grants of exactly the machine frames it gives back, also when
 * its guest frames map to machine frames out of order (after an earlier balloon in).
 */
const launch = (id: string, tenant: string, memoryMiB: number) => ({ type: 'guest.launch', host: 'h1', guest: { id, tenant, memoryMiB } });
const grant = (gfn: number) => ({ type: 'mem.grant', domain: 'a', to: 'b', gfn });

describe('ballooning out a guest whose frames are out of order', () => {
  it('revokes the grants of the frames given back, from the first frame of each run to the last, and no others', () => {
    const { e } = runMemoryHost([
      // x: frames 0–7, a: 8–23, b: 24–39 (16 MiB frames, clean after the boot scrub).
      { at: '1s', action: launch('x', 'alice', 128) },
      { at: '1s', action: launch('a', 'bob', 256) },
      { at: '1s', action: launch('b', 'carol', 256) },
      { at: '2s', action: { type: 'mem.balloon', domain: 'x', frames: 4 } },
      { at: '2s', action: { type: 'mem.balloon', domain: 'a', frames: 4 } },
      // a's guest frames 12–15 now sit on machine frames 4–7, below its first ones.
      { at: '3s', action: { type: 'mem.allocate', domain: 'a', frames: 4 } },
      { at: '4s', action: grant(0) },
      { at: '4s', action: grant(12) },
      { at: '4s', action: grant(8) },
      { at: '4s', action: grant(7) },
      { at: '4s', action: grant(11) },
      { at: '5s', action: { type: 'mem.balloon', domain: 'a', frames: 8 } },
    ]);
    const mem = e.state.world.memory;
    expect(mem.domains['a']).toMatchObject({ p2m: [[0, 8, 8]], frames: 8 });
    // Given back: guest frames 8–11 (machine 16–19) and 12–15 (machine 4–7).
    expect(Object.values(mem.grants).map((g) => [g.id, g.gfn, g.mfn])).toEqual([
      ['grant-1', 0, 8],
      ['grant-4', 7, 15],
    ]);
  });
});
