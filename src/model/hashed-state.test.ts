import { describe, expect, it } from 'vitest';
import { hashValue } from '../engine/hash';
import { createSimulation } from '../host/simulation';
import { findLesson } from '../lessons';
import { hashedSimState } from './hashed-state';
import type { SimState } from './state';
import { allHosts, allInstances, bucketOf, emptyFleet, GROUP_BUCKETS, storeHost, storeInstance } from './tenancy/store';
import { fleetLesson, launch, simulate } from './tenancy/test-fleet';

describe('the state as its hash covers it', () => {
  it('keeps the hash a built-in fleet lesson had in 256 buckets (stored in 512 now; no bucket count in the hash)', () => {
    const lesson = findLesson('dedicated-instance-vs-host');
    if (!lesson) throw new Error('lesson missing');
    const engine = createSimulation(lesson);
    engine.runUntil(Number.MAX_SAFE_INTEGER);
    expect(engine.state.world.fleet.hosts).toHaveLength(512 / GROUP_BUCKETS);
    expect(engine.hash()).toBe('32a997614a7255e4');
  });

  it('hashes a fleet stored in more than 256 buckets as the same fleet stored in 256', () => {
    // 5,121 hosts, two of them Dedicated Hosts: spread over 2,048 buckets (512 when a bucket held up to 20 hosts).
    const dedicatedHosts = [
      { id: 'h-d1', account: 'alice', az: 'use1-a', family: 'm5' },
      { id: 'h-d2', account: 'bob', az: 'use1-a', family: 'm5' },
    ];
    const engine = simulate(fleetLesson({ hosts: [{ family: 'm5', az: 'use1-a', count: 5_000 }, { family: 'c5', az: 'use1-a', count: 119 }], dedicatedHosts }));
    for (let i = 0; i < 300; i++) engine.schedule('fleet.launch', launch(`i-${i}`, i % 2 ? 'alice' : 'carol', i % 2 ? 'vpc-a' : 'vpc-c'), i);
    engine.runUntil(300);
    const state = engine.state;
    const fleet = state.world.fleet;
    expect(fleet.hosts).toHaveLength(2048 / GROUP_BUCKETS);
    // The engine's hash of this state is the one it had when every fleet was stored in 256
    // buckets (taken before bucket counts grew), so recordings made then keep verifying.
    expect(engine.hash()).toBe('3395cd8e1dba6315');

    const in256 = emptyFleet();
    for (const host of allHosts(fleet)) storeHost(in256, host);
    for (const instance of allInstances(fleet)) storeInstance(in256, instance);
    const restored: SimState = { ...state, world: { ...state.world, fleet: { ...fleet, hosts: in256.hosts, instances: in256.instances } } };
    expect(hashValue(hashedSimState(restored))).toBe(hashValue(hashedSimState(state)));

    // The content still counts: one instance stopped is another hash.
    const [first] = allInstances(fleet);
    if (!first) throw new Error('no instance launched');
    const bucket = bucketOf(in256, first.id);
    const changed: SimState = {
      ...restored,
      world: {
        ...restored.world,
        fleet: { ...restored.world.fleet, instances: in256.instances.map((group, g) => group.map((entries, i) => (g * GROUP_BUCKETS + i === bucket ? { ...entries, [first.id]: { ...first, state: 'stopped' } } : entries))) },
      },
    };
    expect(hashValue(hashedSimState(changed))).not.toBe(hashValue(hashedSimState(state)));
  });
});
