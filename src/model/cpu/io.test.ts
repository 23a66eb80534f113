import { describe, expect, it } from 'vitest';
import { runAll, testWorld } from './test-world';

describe('I/O paths', () => {
  it('split driver: grant → frontend request (carrying the grant ref) → event channel → dom0 backend → device → response', () => {
    const engine = testWorld([{ type: 'io.write', domain: 'pvh', bytes: 8192 }]);
    runAll(engine);
    const [io] = Object.values(engine.state.world.cpu.io);
    expect(io).toMatchObject({ path: 'split-driver', op: 'disk-write', bytes: 8192, deviceId: 'x.disk' });
    // The grant is made before the request goes on the ring: the request carries the grant reference.
    expect(io?.stages).toEqual(['grant', 'frontend', 'event-channel', 'backend', 'device', 'response', 'done']);
    expect(io?.stage).toBe(io!.stages.length - 1);
    expect(io?.grantRef).toBeGreaterThan(0);
    expect(io?.completedAt).toBeGreaterThan(io!.startedAt);
    const { devices, cpu } = engine.state.world;
    expect(devices['x.blkback']?.requests).toBe(1);
    expect(devices['x.disk']?.requests).toBe(1);
    // dom0's vCPU did real work: it crossed into its kernel and into Xen to map the grant.
    expect(cpu.vcpus['x.dom0.v0']?.transitions).toBeGreaterThan(2);
  });

  it('plain HVM without PV drivers goes through the QEMU device model in dom0, with a VM exit', () => {
    const engine = testWorld([{ type: 'io.write', domain: 'hvm' }]);
    runAll(engine);
    const [io] = Object.values(engine.state.world.cpu.io);
    expect(io?.path).toBe('emulated');
    expect(io?.stages).toContain('device-model');
    expect(engine.state.world.devices['x.device-model']?.requests).toBe(1);
    expect(engine.state.world.cpu.vcpus['hvm.v0']?.history.some((s) => s?.via === 'vmexit')).toBe(true);
  });

  it('Nitro: the guest talks to a Nitro card, no dom0 and no hypervisor crossing on the data path', () => {
    const engine = testWorld([{ type: 'io.write', domain: 'nitro', device: 'net' }]);
    runAll(engine);
    const [io] = Object.values(engine.state.world.cpu.io);
    expect(io).toMatchObject({ path: 'nitro-card', op: 'net-send', grantRef: null, deviceId: 'n.nitro-card-vpc' });
    expect(io?.completedAt).not.toBeNull();
    const levels = engine.state.world.cpu.vcpus['nitro.v0']?.history.filter((s) => s && s.at >= 3e9).map((s) => s?.level);
    expect(levels).not.toContain('hypervisor');
  });

  it('Nitro: does not claim the card encrypts data unless the volume is encrypted', () => {
    const engine = testWorld([{ type: 'io.write', domain: 'nitro' }]);
    const texts: string[] = [];
    engine.runUntil(Number.MAX_SAFE_INTEGER, { onFrame: (f) => f.trace.forEach((t) => texts.push(t.text)) });
    expect(texts.some((t) => /if the volume is encrypted/.test(t))).toBe(true);
    expect(texts.some((t) => /the card encrypts the data/.test(t))).toBe(false);
  });
});

describe('I/O bookkeeping', () => {
  it('keeps only the most recent completed requests', () => {
    const writes = Array.from({ length: 40 }, () => ({ type: 'io.write', domain: 'nitro' }));
    const engine = testWorld(writes);
    runAll(engine);
    const ids = Object.keys(engine.state.world.cpu.io);
    expect(ids).toHaveLength(32);
    expect(ids).not.toContain('io-1');
    expect(ids).toContain('io-40');
    expect(engine.state.world.devices['n.nitro-card-ebs']?.requests).toBe(40);
  });
});
