import { describe, expect, it } from 'vitest';
import { findLesson } from '../../src/lessons';
import { createSimulation } from '../../src/host';
import { findEntity, pickableEntities } from './inspector';

describe('inspector lookups', () => {
  const lesson = findLesson('hello-host');
  if (!lesson) throw new Error('hello-host missing');
  const engine = createSimulation(lesson);
  engine.runUntil(4_000_000_000);
  const state = engine.state;

  it('finds hypervisor entities by kind and id', () => {
    expect(findEntity(state, { kind: 'domain', id: 'web-a' })).toMatchObject({ id: 'web-a', tenant: 'alice' });
    expect(findEntity(state, { kind: 'host', id: 'host-1' })).toMatchObject({ hypervisor: 'xen' });
    expect(findEntity(state, { kind: 'domain', id: 'nope' })).toBeUndefined();
  });

  it('finds module entities in their slice (e.g. cpu vCPUs)', () => {
    expect(findEntity(state, { kind: 'vcpu', id: 'web-a.v0' })).toMatchObject({ domainId: 'web-a' });
  });

  it('offers every live host, domain and device for keyboard picking', () => {
    const groups = pickableEntities(state);
    const ids = groups.flatMap((g) => g.ids.map((id) => `${g.kind}:${id}`));
    expect(ids).toContain('host:host-1');
    expect(ids).toContain('domain:host-1.dom0');
    expect(ids).toContain('domain:web-a');
    for (const g of groups) for (const id of g.ids) expect(findEntity(state, { kind: g.kind, id })).toBeDefined();
  });

  it('finds entities kept in buckets (the fleet keeps instances in groups of buckets)', () => {
    const fleetLesson = findLesson('dedicated-instance-vs-host');
    if (!fleetLesson) throw new Error('dedicated-instance-vs-host missing');
    const fleet = createSimulation(fleetLesson);
    fleet.runUntil(Number.MAX_SAFE_INTEGER, { maxEvents: 5_000 });
    const instance = fleet.state.world.fleet.instances.flat().flatMap((b) => Object.values(b))[0];
    expect(instance).toBeDefined();
    expect(findEntity(fleet.state, { kind: 'instance', id: instance?.id ?? '' })).toMatchObject({ id: instance?.id });
  });
});
