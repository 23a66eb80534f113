import { describe, expect, it } from 'vitest';
import { cpuModule } from './module';
import { BOOTED, runAll, testWorld } from './test-world';

/** The cpu model is on the engine's direct path: it writes through ctx.mut, one chunk at a time. */
describe('cpu model on the direct path', () => {
  it('has no handler left on the immer compatibility path', () => {
    for (const [kind, handler] of Object.entries(cpuModule.handlers ?? {})) expect(typeof handler, kind).toBe('object');
  });

  it('copies only the vCPU that crosses (and the statistics); every other chunk stays shared', () => {
    const engine = testWorld([{ type: 'cpu.hypercall', domain: 'hvm' }]);
    engine.runUntil(BOOTED); // the action and its first crossing happen at 3 s
    const world = engine.state.world;
    const before = world.cpu;
    engine.step(1); // one crossing: vmcall on hvm.v0
    const after = engine.state.world.cpu;
    expect(after.vcpus['hvm.v0']).not.toBe(before.vcpus['hvm.v0']);
    expect(after.vcpus['hvm.v0']?.lastTransition).toBe('vmcall');
    expect(after.vcpus['hvm.v1']).toBe(before.vcpus['hvm.v1']);
    expect(after.vcpus['pv32.v0']).toBe(before.vcpus['pv32.v0']);
    expect(after.placements).toBe(before.placements);
    expect(after.hypervisors).toBe(before.hypervisors);
    expect(after.io).toBe(before.io);
    expect(after.attempts).toBe(before.attempts);
    expect(after.stats.transitions).toBe(before.stats.transitions + 1);
    expect(engine.state.world.domains).toBe(world.domains);
    expect(engine.state.world.memory).toBe(world.memory);
  });

  it('leaves the frozen state before a burst unchanged', () => {
    const engine = testWorld([{ type: 'cpu.burst', domain: 'pv32', transition: 'syscall', count: 50 }]);
    engine.runUntil(BOOTED - 1);
    const before = engine.state;
    const vcpu = before.world.cpu.vcpus['pv32.v0'];
    runAll(engine);
    expect(Object.isFrozen(engine.state.world.cpu.vcpus['pv32.v0'])).toBe(true);
    expect(before.world.cpu.vcpus['pv32.v0']).toBe(vcpu);
    expect(vcpu?.transitions).toBe(0);
    expect(engine.state.world.cpu.vcpus['pv32.v0']?.transitions).toBe(150);
  });
});
