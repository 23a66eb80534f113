import { describe, expect, it } from 'vitest';
import type { TraceRecord } from '../../engine';
import { MS, SECOND } from '../../engine/time';
import { createSimulation } from '../../host/simulation';
import { lessonSchema } from '../../lessons/schema';
import { DOMAIN_BUILD_NS, DOMAIN_TEARDOWN_NS } from './module';

type Action = { type: string } & Record<string, unknown>;

function sim(options: { hosts?: unknown[]; tenants?: unknown[]; actions?: Action[]; faults?: string[] } = {}) {
  const engine = createSimulation(
    lessonSchema.parse({
      id: 'hv',
      title: 'hv',
      summary: 'hv',
      timeScale: '1s',
      faults: options.faults ?? [],
      world: {
        tenants: options.tenants ?? [{ id: 'a', name: 'Tenant A (Alice Ltd)' }, { id: 'b' }],
        hosts: options.hosts ?? [{ id: 'x', memoryMiB: 4096, guests: [{ id: 'g', tenant: 'a', booted: true, memoryMiB: 256 }] }],
      },
      steps: options.actions ? [{ at: '1s', narration: '-', actions: options.actions.map((action) => ({ action })) }] : [],
    }),
  );
  const trace: TraceRecord[] = [];
  const run = (until = 10 * SECOND) => engine.runUntil(until, { onFrame: (f) => trace.push(...f.trace) });
  return { engine, trace, run, lines: () => trace.map((t) => `${t.kind}: ${t.text}`) };
}

describe('hypervisor set-up', () => {
  it('names tenants and gives each a colour, cycling after seven', () => {
    const tenants = Array.from({ length: 8 }, (_, i) => ({ id: `t${i}`, ...(i === 0 ? { name: 'First' } : {}) }));
    const { engine } = sim({ tenants, hosts: [] });
    expect(engine.state.world.tenants['t0']).toEqual({ id: 't0', name: 'First', colorIndex: 0 });
    expect(engine.state.world.tenants['t1']).toEqual({ id: 't1', name: 't1', colorIndex: 1 });
    expect(engine.state.world.tenants['t6']?.colorIndex).toBe(6);
    expect(engine.state.world.tenants['t7']?.colorIndex).toBe(0);
  });

  it('describes each host, with Xen 4.17 unless the lesson says otherwise and no Xen version on Nitro', () => {
    const { engine } = sim({
      hosts: [
        { id: 'x', name: 'Xen box', sockets: 1, coresPerSocket: 2, threadsPerCore: 1, memoryMiB: 8192, clockGHz: 3 },
        { id: 'y', xenVersion: '4.9' },
        { id: 'n', hypervisor: 'nitro' },
      ],
    });
    const { hosts } = engine.state.world;
    expect(hosts['x']).toEqual({ id: 'x', name: 'Xen box', hypervisor: 'xen', xenVersion: '4.17', sockets: 1, coresPerSocket: 2, threadsPerCore: 1, memoryMiB: 8192, clockGHz: 3, domains: ['x.dom0'] });
    expect(hosts['y']).toMatchObject({ name: 'y', xenVersion: '4.9' });
    expect(hosts['n']).toMatchObject({ xenVersion: null, domains: [] });
  });

  it('builds dom0 as a running 64-bit PV operator domain, with at most 4 vCPUs and 4 GiB', () => {
    const { engine } = sim({ hosts: [{ id: 'small', sockets: 1, coresPerSocket: 2, memoryMiB: 8192 }, { id: 'big', sockets: 2, coresPerSocket: 8, memoryMiB: 65536 }] });
    expect(engine.state.world.domains['small.dom0']).toEqual({
      id: 'small.dom0',
      hostId: 'small',
      name: 'dom0',
      role: 'dom0',
      tenant: null,
      mode: 'pv64',
      vcpus: 2,
      memoryMiB: 1024,
      status: 'running',
      createdAt: 0,
      destroyedAt: null,
      teardownBusyUntil: 0,
    });
    expect(engine.state.world.domains['big.dom0']).toMatchObject({ vcpus: 4, memoryMiB: 4096 });
  });

  it('creates a lesson\'s guests when they are due (bootAt)', () => {
    const { engine, run } = sim({ hosts: [{ id: 'x', memoryMiB: 4096, guests: [{ id: 'late', tenant: 'a', memoryMiB: 256, bootAt: '2s' }] }] });
    run(SECOND);
    expect(engine.state.world.domains['late']).toBeUndefined();
    run(2 * SECOND);
    expect(engine.state.world.domains['late']).toMatchObject({ status: 'building', createdAt: 2 * SECOND });
  });
});

describe('domain lifecycle', () => {
  it('builds a guest for its tenant, narrated with the tenant\'s display name, and boots it after the build time', () => {
    const { engine, run, lines } = sim({ actions: [{ type: 'guest.launch', host: 'x', guest: { id: 'w', name: 'Web', tenant: 'a', mode: 'pv64', vcpus: 3, memoryMiB: 512 } }] });
    run(SECOND);
    expect(engine.state.world.domains['w']).toEqual({
      id: 'w',
      hostId: 'x',
      name: 'Web',
      role: 'guest',
      tenant: 'a',
      mode: 'pv64',
      vcpus: 3,
      memoryMiB: 512,
      status: 'building',
      createdAt: SECOND,
      destroyedAt: null,
      teardownBusyUntil: 0,
    });
    expect(engine.state.world.hosts['x']?.domains).toEqual(['x.dom0', 'g', 'w']);
    expect(lines()).toContain('domain: Xen toolstack in dom0 builds pv64 guest w for Tenant A (Alice Ltd) on x');
    run(SECOND + DOMAIN_BUILD_NS - 1);
    expect(engine.state.world.domains['w']?.status).toBe('building');
    run(SECOND + DOMAIN_BUILD_NS);
    expect(engine.state.world.domains['w']?.status).toBe('running');
    expect(lines()).toContain('domain: w boots its pv64 kernel and is running');
  });

  it('has the Nitro controller build every guest as HVM', () => {
    const { engine, run, lines } = sim({
      hosts: [{ id: 'n', hypervisor: 'nitro', memoryMiB: 4096 }],
      actions: [{ type: 'guest.launch', host: 'n', guest: { id: 'w', tenant: 'b', mode: 'pv32', memoryMiB: 256 } }],
    });
    run();
    expect(engine.state.world.domains['w']?.mode).toBe('hvm');
    expect(lines()).toContain('domain: Nitro controller builds hvm guest w for b on n');
  });

  it('refuses to build a guest on an unknown host, under a taken id, or for an unknown tenant', () => {
    const { engine, run, lines } = sim({
      actions: [
        { type: 'guest.launch', host: 'nope', guest: { id: 'w', tenant: 'a' } },
        { type: 'guest.launch', host: 'x', guest: { id: 'g', tenant: 'a' } },
        { type: 'guest.launch', host: 'x', guest: { id: 'w', tenant: 'zed' } },
      ],
    });
    run();
    expect(lines().filter((l) => l.startsWith('error'))).toEqual(['error: cannot create w: no host nope', 'error: cannot create g: the id is taken', 'error: cannot create w: no tenant zed']);
    expect(engine.state.world.domains['w']).toBeUndefined();
  });

  it('destroys a guest: dying at once, gone after the teardown time, removed from its host', () => {
    const { engine, run, lines } = sim({ actions: [{ type: 'guest.destroy', guest: 'g' }] });
    run(SECOND);
    expect(engine.state.world.domains['g']).toMatchObject({ status: 'dying', teardownBusyUntil: SECOND + DOMAIN_TEARDOWN_NS });
    expect(lines()).toContain('domain: g is being destroyed');
    run(SECOND + DOMAIN_TEARDOWN_NS - 1);
    expect(engine.state.world.domains['g']?.status).toBe('dying');
    run(SECOND + DOMAIN_TEARDOWN_NS);
    expect(engine.state.world.domains['g']).toMatchObject({ status: 'destroyed', destroyedAt: SECOND + 50 * MS });
    expect(engine.state.world.hosts['x']?.domains).toEqual(['x.dom0']);
    expect(lines()).toContain('domain: g is gone; its resources are released');
  });

  it('refuses to destroy dom0, an unknown domain, or one already dying or destroyed', () => {
    const { run, lines } = sim({
      actions: [
        { type: 'guest.destroy', guest: 'x.dom0' },
        { type: 'guest.destroy', guest: 'ghost' },
        { type: 'guest.destroy', guest: 'g' },
        { type: 'guest.destroy', guest: 'g' },
      ],
    });
    run(SECOND);
    expect(lines().filter((l) => l.startsWith('error'))).toEqual([
      'error: cannot destroy x.dom0: no such running guest',
      'error: cannot destroy ghost: no such running guest',
      'error: cannot destroy g: no such running guest',
    ]);
    const later = sim({ actions: [{ type: 'guest.destroy', guest: 'g' }] });
    later.run(2 * SECOND);
    later.engine.input('guest.destroy', { type: 'guest.destroy', guest: 'g' });
    later.run(3 * SECOND);
    expect(later.lines().filter((l) => l.startsWith('error'))).toEqual(['error: cannot destroy g: no such running guest']);
  });
});

describe('switching faults during a run', () => {
  it('switches a named fault on and off, and says so', () => {
    const { engine, run, trace } = sim({ actions: [{ type: 'fault.set', fault: 'no-scrub' }] });
    run(SECOND);
    expect(engine.state.faults['no-scrub']).toBe(true);
    engine.input('fault.set', { type: 'fault.set', fault: 'no-scrub', on: false });
    run(2 * SECOND);
    expect(engine.state.faults['no-scrub']).toBe(false);
    expect(trace.filter((t) => t.kind === 'fault').map((t) => [t.text, t.data])).toEqual([
      ['fault no-scrub switched on', { fault: 'no-scrub', on: true }],
      ['fault no-scrub switched off', { fault: 'no-scrub', on: false }],
    ]);
  });
});
