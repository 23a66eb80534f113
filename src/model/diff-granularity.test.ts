import { describe, expect, it } from 'vitest';
import { diffPatches } from '../engine';
import { atomicModelPath, modelPatchFloor } from './diff-granularity';
import type { SimState } from './state';
import { BUCKETS } from './tenancy/store';
import { fleetLesson, launch, simulate } from './tenancy/test-fleet';

describe("the floor on a move's patches", () => {
  // 3,200 launches fill every one of the 256 instance buckets; the states at these event indexes
  // are the moves' ends, the early ones with buckets still missing.
  const engine = simulate(fleetLesson({ hosts: [{ family: 'm5', az: 'use1-a', count: 800 }] }));
  for (let i = 0; i < 3200; i++) engine.schedule('fleet.launch', launch(`i-${i}`, i % 2 ? 'alice' : 'carol', i % 2 ? 'vpc-a' : 'vpc-c'), i);
  const states: SimState[] = [];
  for (const index of [0, 1, 30, 400, 1600, 2400, 3000, 3199, 3200]) {
    engine.runUntil(index);
    states.push(engine.state);
  }
  const instanceAddsAndRemoves = (from: SimState, to: SimState): number =>
    diffPatches(from, to, { atomic: atomicModelPath }).filter((p) => p.op !== 'replace' && p.path[2] === 'instances' && p.path.length === 5).length;

  it('never overstates the patches of a move, either way', () => {
    for (const from of states) {
      for (const to of states) expect(modelPatchFloor(from, to)).toBeLessThanOrEqual(diffPatches(from, to, { atomic: atomicModelPath }).length);
    }
  });

  it('counts each instance one state has and the other lacks, but not those in a bucket the earlier lacks', () => {
    for (const from of states) {
      for (const to of states) expect(modelPatchFloor(from, to)).toBe(instanceAddsAndRemoves(from, to));
    }
    // Early states lack buckets: the floor then counts less than the instances launched between.
    const [first, fifth] = [states[0] as SimState, states[4] as SimState];
    expect(Object.keys(first.world.fleet.instances).length).toBeLessThan(BUCKETS);
    expect(modelPatchFloor(first, fifth)).toBeLessThan(fifth.world.fleet.instanceCount - first.world.fleet.instanceCount);
    // Once the earlier has every bucket, the floor is every instance launched between.
    const [sixth, last] = [states[5] as SimState, states[8] as SimState];
    expect(Object.keys(sixth.world.fleet.instances)).toHaveLength(BUCKETS);
    expect(modelPatchFloor(sixth, last)).toBe(3200 - 2401);
    expect(modelPatchFloor(last, sixth)).toBe(3200 - 2401);
  });
});
