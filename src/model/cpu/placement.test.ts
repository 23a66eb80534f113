import { describe, expect, it } from 'vitest';
import { BOOTED, runAll, testWorld, XEN_MODES } from './test-world';

describe('ring placement', () => {
  const engine = testWorld();
  runAll(engine);
  const { cpu } = engine.state.world;

  it('puts each mode\'s kernel where the fact sheet says', () => {
    const kernels = Object.fromEntries(XEN_MODES.map((m) => [m, cpu.placements[m]?.kernel]));
    expect(kernels).toEqual({
      pv32: { ring: 1, vmx: 'none' },
      pv64: { ring: 3, vmx: 'none' },
      hvm: { ring: 0, vmx: 'non-root' },
      pvhvm: { ring: 0, vmx: 'non-root' },
      pvh: { ring: 0, vmx: 'non-root' },
    });
  });

  it('runs user space in ring 3 everywhere, non-root for hardware-virtualized guests', () => {
    for (const m of XEN_MODES) expect(cpu.placements[m]?.user.ring).toBe(3);
    expect(cpu.placements.pv32?.user.vmx).toBe('none');
    expect(cpu.placements.hvm?.user.vmx).toBe('non-root');
  });

  it('gives pv64 separate kernel and user page tables, and only pv64', () => {
    expect(XEN_MODES.filter((m) => cpu.placements[m]?.pageTables === 'split')).toEqual(['pv64']);
  });

  it('uses int 0x82 on pv32, syscall on pv64 and vmcall on the HVM family', () => {
    expect(XEN_MODES.map((m) => cpu.placements[m]?.hypercall)).toEqual(['int 0x82', 'syscall', 'vmcall', 'vmcall', 'vmcall']);
  });

  it('runs Xen in ring 0 VMX root, and Nitro as a KVM-based hypervisor with no dom0 and card I/O', () => {
    expect(cpu.hypervisors.x).toMatchObject({ ring: 0, vmx: 'root', basis: 'xen', hasDom0: true });
    expect(cpu.hypervisors.n).toMatchObject({ ring: 0, vmx: 'root', basis: 'kvm', hasDom0: false });
    expect(engine.state.world.domains['n.dom0']).toBeUndefined();
    expect(cpu.placements.nitro).toMatchObject({ kernel: { ring: 0, vmx: 'non-root' }, io: 'nitro-card' });
    const nitroDevices = Object.values(engine.state.world.devices).filter((d) => d.hostId === 'n').map((d) => d.kind);
    expect(nitroDevices).toEqual(['nitro-card-vpc', 'nitro-card-ebs', 'nitro-card-instance-storage', 'nitro-controller', 'nitro-security-chip']);
    expect(Object.values(engine.state.world.devices).filter((d) => d.hostId === 'x' && d.domainId === 'x.dom0').map((d) => d.kind)).toEqual(['blkback', 'netback', 'device-model']);
  });

  it('gives dom0 (pv64) a placement and every vCPU a privilege state matching its level', () => {
    expect(cpu.placements['x.dom0']?.kernel).toEqual({ ring: 3, vmx: 'none' });
    for (const m of XEN_MODES) {
      for (const v of [`${m}.v0`, `${m}.v1`]) {
        const vcpu = cpu.vcpus[v];
        expect(vcpu?.level).toBe('user');
        expect(vcpu?.lastAt).toBeLessThan(BOOTED);
        expect({ ring: vcpu?.ring, vmx: vcpu?.vmx }).toEqual(cpu.placements[m]?.user);
      }
    }
  });

  it('drops a destroyed domain\'s vCPUs and placement when it is reaped', () => {
    const e = testWorld([{ type: 'guest.destroy', guest: 'hvm' }]);
    runAll(e);
    expect(e.state.world.cpu.placements.hvm).toBeUndefined();
    expect(e.state.world.cpu.vcpus['hvm.v0']).toBeUndefined();
    expect(e.state.world.cpu.vcpus['pvh.v0']).toBeDefined();
  });
});

describe('vCPU tracking bounds', () => {
  it('tracks at most 16 vCPUs per domain, however large the guest', async () => {
    const { createSimulation } = await import('../../host/simulation');
    const { lessonSchema } = await import('../../lessons/schema');
    const engine = createSimulation(
      lessonSchema.parse({ id: 'big', title: 'big', summary: 'big', timeScale: '1s', world: { tenants: [{ id: 'a' }], hosts: [{ id: 'h', guests: [{ id: 'huge', tenant: 'a', vcpus: 448, booted: true }] }] } }),
    );
    engine.runUntil(Number.MAX_SAFE_INTEGER);
    const tracked = Object.keys(engine.state.world.cpu.vcpus).filter((id) => id.startsWith('huge.'));
    expect(tracked).toHaveLength(16);
    expect(engine.state.world.cpu.vcpus['huge.v15']?.level).toBe('user');
  });
});
