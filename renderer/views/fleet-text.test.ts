import { describe, expect, it } from 'vitest';
import { act, fleetLesson, host, launch, simulate } from '../../src/model/tenancy/test-fleet';
import { billingWords, buildRacks, describeFleet, explanationLines, hostLines, placementRefusal, RACK_SIZE } from './fleet-text';

describe('fleet view text', () => {
  it('cuts pools and Dedicated Hosts into racks of 40', () => {
    const e = simulate(fleetLesson({ hosts: [{ family: 'm5', az: 'use1-a', count: 90 }], dedicatedHosts: [{ id: 'h-a', account: 'alice', az: 'use1-a', family: 'm5' }] }));
    const racks = buildRacks(e.state.world.fleet);
    expect(racks.map((r) => r.hosts.length)).toEqual([RACK_SIZE, RACK_SIZE, 10, 1]);
    expect(racks[3]?.title).toMatch(/Dedicated Hosts/);
    expect(describeFleet(e.state.world.fleet)).toMatch(/91 hosts/);
  });

  it('explains a placement and shows host shape, billing and licence visibility', () => {
    const e = simulate(fleetLesson({ dedicatedHosts: [{ id: 'h-a', account: 'alice', az: 'use1-a', family: 'm5' }] }));
    act(e, launch('shop-c', 'carol', 'vpc-c'));
    act(e, launch('di-a', 'alice', 'vpc-a-ded'));
    act(e, launch('db', 'alice', 'vpc-a', 'm5.xlarge', { host: 'h-a' }));
    const why = explanationLines(e.state, 'di-a').join('\n');
    expect(why).toMatch(/Why is di-a on h-/);
    expect(why).toMatch(/no visibility of sockets/);
    expect(explanationLines(e.state, 'db').join('\n')).toMatch(/Targeted launch/);
    const lines = hostLines(e.state, host(e, 'h-a')).join('\n');
    expect(lines).toMatch(/2 sockets · 48 physical cores/);
    expect(lines).toMatch(/per host, per second, 60 s minimum/);
  });
});

describe('fleet card words', () => {
  it('names license-bearing billing products and says nothing for plain Linux', () => {
    expect(billingWords('windows-byol')).toBe('Windows BYOL');
    expect(billingWords('sql-server-li')).toBe('SQL Server LI');
    expect(billingWords('linux')).toBeNull();
  });

  it('gives the refusal of a placement that found no host', () => {
    const placement = { at: 0, reason: 'launch', tenancy: 'host' as const, rule: 'targeted Dedicated Host h-1; refused: h-1 is full', candidates: [], examined: 1, host: null };
    expect(placementRefusal({ placement })).toBe('refused: h-1 is full');
    expect(placementRefusal({ placement: { ...placement, host: 'h-1' } })).toBeNull();
    expect(placementRefusal({ placement: null })).toBeNull();
  });
});
