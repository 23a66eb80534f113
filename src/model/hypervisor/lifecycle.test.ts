import { describe, expect, it } from 'vitest';
import { createSimulation } from '../../host/simulation';
import { lessonSchema } from '../../lessons/schema';
import { hypervisorModule } from './module';

/** The domain lifecycle on the engine's direct path: writes through ctx.mut into a frozen state. */
describe('domain lifecycle on the direct path', () => {
  const lesson = lessonSchema.parse({
    id: 'lifecycle',
    title: 'lifecycle',
    summary: 'lifecycle',
    timeScale: '1ms',
    world: {
      tenants: [{ id: 'a' }],
      hosts: [
        { id: 'x', guests: [{ id: 'g1', tenant: 'a', mode: 'pv64', booted: true }] },
        { id: 'y', guests: [] },
      ],
    },
  });

  it('has no handler left on the immer compatibility path', () => {
    for (const [kind, handler] of Object.entries(hypervisorModule.handlers ?? {})) expect(typeof handler, kind).toBe('object');
  });

  it('creates, boots, destroys and reaps a guest, copying only the host and domain it changes', () => {
    const engine = createSimulation(lesson);
    engine.runUntil(1);
    expect(engine.state.world.domains['g1']?.status).toBe('running');
    expect(engine.state.world.hosts['x']?.domains).toEqual(['x.dom0', 'g1']);
    const before = engine.state.world;
    engine.input('guest.destroy', { type: 'guest.destroy', guest: 'g1' });
    engine.runUntil(Number.MAX_SAFE_INTEGER);
    const after = engine.state.world;
    expect(after.domains['g1']).toMatchObject({ status: 'destroyed', destroyedAt: expect.any(Number) });
    expect(after.hosts['x']?.domains).toEqual(['x.dom0']);
    expect(after.hosts['y']).toBe(before.hosts['y']);
    expect(after.domains['x.dom0']).toBe(before.domains['x.dom0']);
    expect(after.tenants).toBe(before.tenants);
    expect(Object.isFrozen(after.hosts['x'])).toBe(true);
    expect(before.domains['g1']?.status).toBe('running');
    expect(after.cpu.placements['g1']).toBeUndefined();
    expect(after.cpu.vcpus['g1.v0']).toBeUndefined();
  });

  it('refuses a taken id and an unknown host without writing anything', () => {
    const engine = createSimulation(lesson);
    engine.runUntil(1);
    const world = engine.state.world;
    engine.input('guest.launch', { type: 'guest.launch', host: 'x', guest: { id: 'g1', tenant: 'a' } });
    engine.input('guest.launch', { type: 'guest.launch', host: 'nope', guest: { id: 'g2', tenant: 'a' } });
    engine.runUntil(Number.MAX_SAFE_INTEGER);
    expect(engine.state.world.domains).toBe(world.domains);
    expect(engine.state.world.hosts).toBe(world.hosts);
  });
});
