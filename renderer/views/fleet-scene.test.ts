import { describe, expect, it } from 'vitest';
import { fleetScene } from './fleet-scene';
import { byId, flatten, lessonState } from './testing-scene';

describe('fleet scene', () => {
  const state = lessonState('dedicated-instance-vs-host');
  const scene = fleetScene(state);

  it('lists racks with instances first and each placed instance under its host', () => {
    const racks = byId(scene, 'fleet/racks').children ?? [];
    expect(racks[0]?.label).toMatch(/[1-9]\d* of them running instances/);
    const instances = flatten(scene).filter((n) => n.entity?.kind === 'instance' && n.label.startsWith('Instance '));
    expect(instances.length).toBeGreaterThan(0);
    for (const item of instances.slice(0, 10)) {
      const parent = flatten(scene).find((n) => n.children?.includes(item));
      expect(parent?.entity?.kind).toBe('host');
    }
  });

  it('stays small for a fleet of thousands of hosts', () => {
    expect(state.world.fleet.hostCount).toBeGreaterThan(1000);
    expect(flatten(scene).length).toBeLessThan(2000);
  });
});
