import { describe, expect, it } from 'vitest';
import { ringsScene } from './rings-scene';
import { byId, lessonState } from './testing-scene';

describe('rings scene', () => {
  it('gives each column its lanes, where vCPU 0 is, and its recent crossings with their cost', () => {
    const scene = ringsScene(lessonState('rings-pv-vs-hvm', 8_000));
    expect(scene.map((c) => c.id)).toEqual(['pv32', 'pv64', 'hvm', 'pvh']);
    const pv32 = byId(scene, 'pv32');
    expect(pv32.label).toMatch(/vCPU 0 now in the hypervisor \(ring 0 · VMX root\)/);
    expect(byId(scene, 'pv32/lane/kernel').label).toBe('Lane: guest kernel · ring 1 · VMX root (PV)');
    expect(byId(scene, 'pv32/crossings').children?.[0]?.label).toMatch(/^hypercall into the hypervisor at .*: 1,000 cycles ≈ 400 ns$/);
  });
});
