import { describe, expect, it } from 'vitest';
import { diffPatches } from '../engine';
import { atomicModelPath, elementwiseModelPath, modelPatchFloor } from './diff-granularity';
import type { SimState } from './state';
import { fleetLesson, launch, simulate } from './tenancy/test-fleet';

describe("the floor on a move's patches", () => {
  // 3,200 launches over the 256 instance buckets; the states at these event indexes are the moves' ends.
  const engine = simulate(fleetLesson({ hosts: [{ family: 'm5', az: 'use1-a', count: 800 }] }));
  for (let i = 0; i < 3200; i++) engine.schedule('fleet.launch', launch(`i-${i}`, i % 2 ? 'alice' : 'carol', i % 2 ? 'vpc-a' : 'vpc-c'), i);
  const states: SimState[] = [];
  for (const index of [0, 1, 30, 400, 1600, 2400, 3000, 3199, 3200]) {
    engine.runUntil(index);
    states.push(engine.state);
  }
  const instanceAddsAndRemoves = (from: SimState, to: SimState): number =>
    diffPatches(from, to, { atomic: atomicModelPath, elementwise: elementwiseModelPath }).filter((p) => p.op !== 'replace' && p.path[2] === 'instances' && p.path.length === 6).length;

  it('never overstates the patches of a move, either way', () => {
    for (const from of states) {
      for (const to of states) expect(modelPatchFloor(from, to)).toBeLessThanOrEqual(diffPatches(from, to, { atomic: atomicModelPath, elementwise: elementwiseModelPath }).length);
    }
  });

  it('counts each instance one state has and the other lacks, each one add or remove, and the two counters that change with them', () => {
    const counters = (from: SimState, to: SimState): number =>
      diffPatches(from, to, { atomic: atomicModelPath, elementwise: elementwiseModelPath }).filter((p) => p.op === 'replace' && ['eventIndex', 'world/fleet/instanceCount'].includes(p.path.join('/'))).length;
    for (const from of states) {
      for (const to of states) {
        const instances = instanceAddsAndRemoves(from, to);
        expect(modelPatchFloor(from, to)).toBe(instances === 0 ? 0 : instances + counters(from, to));
      }
    }
    const [first, last] = [states[0] as SimState, states[8] as SimState];
    // The first state already has the launch at time 0.
    expect(modelPatchFloor(first, last)).toBe(3199 + 2);
    expect(modelPatchFloor(last, first)).toBe(3199 + 2);
    expect(modelPatchFloor(last, last)).toBe(0);
  });
});
