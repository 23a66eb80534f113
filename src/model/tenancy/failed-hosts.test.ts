import { describe, expect, it } from 'vitest';
import { act, fleetLesson, inst, launch, simulate } from './test-fleet';

/** A failed host is out of service for every placement, even when it is empty. */
describe('failed hosts and Dedicated Instances', () => {
  it('a Dedicated Instance never lands on a failed empty host that follows an empty one', () => {
    const e = simulate(fleetLesson({ hosts: [{ family: 'm5', az: 'use1-a', count: 4 }] }));
    const [h0, h1, h2, h3] = e.state.world.fleet.pools['pool:use1-a:m5']?.hosts ?? [];
    act(e, { type: 'fleet.failHost', host: h1 as string });
    act(e, launch('di', 'alice', 'vpc-a-ded'));
    expect(inst(e, 'di').placement?.candidates.map((c) => c.host)).toEqual([h0, h2, h3]);
    expect(inst(e, 'di').host).not.toBe(h1);
  });
});
