import { describe, expect, it } from 'vitest';
import { createSimulation } from '../../host/simulation';
import { lessonSchema } from '../../lessons/schema';
import { DOMAIN_BUILD_NS } from './module';

function sim(): ReturnType<typeof createSimulation> {
  return createSimulation(
    lessonSchema.parse({
      id: 'hv',
      title: 'hv',
      summary: 'hv',
      timeScale: '1s',
      world: {
        tenants: [{ id: 'a' }],
        hosts: [
          { id: 'x', guests: [{ id: 'warm', tenant: 'a', booted: true }, { id: 'cold', tenant: 'a' }] },
          { id: 'n', hypervisor: 'nitro', guests: [{ id: 'nv', tenant: 'a', mode: 'pv64' }] },
        ],
      },
    }),
  );
}

describe('hypervisor additions', () => {
  it('starts a `booted` guest at once and others after the build time', () => {
    const engine = sim();
    engine.runUntil(0);
    expect(engine.state.world.domains.warm?.status).toBe('running');
    expect(engine.state.world.domains.cold?.status).toBe('building');
    engine.runUntil(DOMAIN_BUILD_NS);
    expect(engine.state.world.domains.cold?.status).toBe('running');
  });

  it('gives Xen hosts dom0 backends and devices, Nitro hosts cards and a security chip but no dom0', () => {
    const engine = sim();
    const devices = Object.values(engine.state.world.devices);
    expect(devices.filter((d) => d.hostId === 'x').map((d) => [d.kind, d.domainId])).toEqual([
      ['blkback', 'x.dom0'],
      ['netback', 'x.dom0'],
      ['device-model', 'x.dom0'],
      ['disk', null],
      ['nic', null],
    ]);
    expect(devices.filter((d) => d.hostId === 'n').every((d) => d.domainId === null)).toBe(true);
    expect(devices.some((d) => d.kind === 'nitro-security-chip' && d.hostId === 'n')).toBe(true);
    expect(engine.state.world.domains['n.dom0']).toBeUndefined();
    for (const d of devices) expect(d.role).not.toMatch(/domain-facts|§/);
  });

  it('runs every Nitro guest hardware-virtualized, whatever mode the lesson asked for', () => {
    const engine = sim();
    engine.runUntil(Number.MAX_SAFE_INTEGER);
    expect(engine.state.world.domains.nv?.mode).toBe('hvm');
    expect(engine.state.world.cpu.placements.nv?.kernel).toEqual({ ring: 0, vmx: 'non-root' });
  });
});
