import { describe, expect, it } from 'vitest';
import { TRANSITION_COSTS } from './costs';
import type { TransitionKind } from './types';
import { historyInOrder } from './vcpu';
import { runAll, testWorld } from './test-world';

type Action = { type: string } & Record<string, unknown>;

/** Runs one action and returns the crossings (via kinds, in order) of the named vCPU after 3 s. */
function crossings(action: Action, vcpu = `${action.domain as string}.v0`): { kinds: TransitionKind[]; engine: ReturnType<typeof testWorld> } {
  const engine = testWorld([action]);
  const trace = runAll(engine);
  const kinds = trace
    .filter((t) => t.at >= 3e9 && t.data?.vcpu === vcpu && typeof t.data.via === 'string' && t.data.to !== null)
    .map((t) => t.data?.via as TransitionKind);
  return { kinds, engine };
}

describe('transitions', () => {
  it('syscall: inside the guest on the HVM family, through Xen on PV', () => {
    expect(crossings({ type: 'cpu.syscall', domain: 'pv32' }).kinds).toEqual(['syscall', 'bounce', 'sysret']);
    expect(crossings({ type: 'cpu.syscall', domain: 'hvm' }).kinds).toEqual(['syscall', 'sysret']);
    expect(crossings({ type: 'cpu.syscall', domain: 'pv64' }).kinds).toEqual(['syscall', 'bounce', 'hypercall', 'pv-return']);
  });

  it('hypercall: int 0x82 / syscall hypercall on PV, vmcall + vmentry on HVM, PVH and Nitro', () => {
    expect(crossings({ type: 'cpu.hypercall', domain: 'pv32' }).kinds).toEqual(['syscall', 'bounce', 'hypercall', 'pv-return', 'sysret']);
    expect(crossings({ type: 'cpu.hypercall', domain: 'pvh' }).kinds).toEqual(['syscall', 'vmcall', 'vmentry', 'sysret']);
    expect(crossings({ type: 'cpu.hypercall', domain: 'nitro' }).kinds).toEqual(['syscall', 'vmcall', 'vmentry', 'sysret']);
  });

  it('a kernel\'s privileged instruction: trap-and-emulate on PV, VM exit on HVM', () => {
    expect(crossings({ type: 'cpu.privileged', domain: 'pv32', from: 'kernel' }).kinds).toEqual(['syscall', 'bounce', 'trap', 'pv-return', 'sysret']);
    expect(crossings({ type: 'cpu.privileged', domain: 'hvm', from: 'kernel' }).kinds).toEqual(['syscall', 'vmexit', 'vmentry', 'sysret']);
  });

  it('page-table updates: a validated mmu_update hypercall on PV, no exit at all under EPT/NPT', () => {
    expect(crossings({ type: 'cpu.pageTableUpdate', domain: 'pv64' }).kinds).toEqual(['syscall', 'bounce', 'hypercall', 'pv-return', 'hypercall', 'pv-return']);
    expect(crossings({ type: 'cpu.pageTableUpdate', domain: 'pvh' }).kinds).toEqual(['syscall', 'sysret']);
  });

  it('an event-channel notification upcalls the receiver\'s kernel', () => {
    const { engine } = crossings({ type: 'cpu.notify', domain: 'pvhvm', to: 'pv32' });
    const receiver = engine.state.world.cpu.vcpus['pv32.v0'];
    expect(historyInOrder(receiver!).map((s) => s.via)).toEqual([null, null, 'event-channel', 'sysret']);
  });

  it('every crossing costs cycles, converted to time by the host clock, and is labelled illustrative', () => {
    const engine = testWorld([
      { type: 'cpu.syscall', domain: 'pv64' },
      { type: 'cpu.hypercall', domain: 'hvm' },
      { type: 'cpu.privileged', domain: 'pv32' },
      { type: 'cpu.privileged', domain: 'pvh', from: 'user' },
      { type: 'cpu.notify', domain: 'pvh', to: 'pv64' },
      { type: 'io.write', domain: 'pvhvm' },
      { type: 'io.write', domain: 'nitro' },
    ]);
    const trace = runAll(engine);
    const seen = new Set<string>();
    for (const t of trace) {
      if (typeof t.data?.via !== 'string') continue;
      seen.add(t.data.via);
      expect(t.data.cycles).toBeGreaterThan(0);
      // Host clock is 2 GHz in the test world: ns = cycles / 2.
      expect(t.data.ns).toBe(Math.max(1, Math.round((t.data.cycles as number) / 2)));
      expect(t.data.illustrative).toBe(true);
    }
    expect([...seen].sort()).toEqual(Object.keys(TRANSITION_COSTS).filter((k) => k !== 'vmexit').sort());
    for (const spec of Object.values(TRANSITION_COSTS)) expect(spec.costSource.length).toBeGreaterThan(10);
  });

  it('records each crossing on the vCPU: level, ring, VMX mode, count and cycles', () => {
    const engine = testWorld([{ type: 'cpu.hypercall', domain: 'hvm' }]);
    engine.runUntil(3e9); // the action and its first crossing (syscall) happen at 3 s
    expect(engine.state.world.cpu.vcpus['hvm.v0']).toMatchObject({ level: 'kernel', lastTransition: 'syscall' });
    engine.step(1); // vmcall
    const v = engine.state.world.cpu.vcpus['hvm.v0']!;
    expect(v).toMatchObject({ level: 'hypervisor', ring: 0, vmx: 'root', lastTransition: 'vmcall', transitions: 2, cycles: TRANSITION_COSTS.syscall.cycles + TRANSITION_COSTS.vmcall.cycles });
    engine.step(1);
    expect(engine.state.world.cpu.vcpus['hvm.v0']).toMatchObject({ level: 'kernel', ring: 0, vmx: 'non-root', lastTransition: 'vmentry' });
    runAll(engine);
    expect(engine.state.world.cpu.vcpus['hvm.v0']).toMatchObject({ level: 'user', ring: 3, vmx: 'non-root', transitions: 4 });
  });

  it('queues an action behind a busy vCPU instead of interleaving crossings', () => {
    const { kinds } = crossings({ type: 'cpu.syscall', domain: 'hvm' });
    const engine = testWorld([{ type: 'cpu.syscall', domain: 'hvm' }, { type: 'cpu.syscall', domain: 'hvm' }]);
    const trace = runAll(engine);
    const both = trace.filter((t) => t.data?.vcpu === 'hvm.v0' && t.at >= 3e9 && typeof t.data.via === 'string').map((t) => t.data?.via);
    expect(both).toEqual([...kinds, ...kinds]);
  });

  it('batched mode: a burst counts every crossing and ends in user space', () => {
    const engine = testWorld([{ type: 'cpu.burst', domain: 'pv64', transition: 'syscall', count: 1000 }]);
    runAll(engine);
    const v = engine.state.world.cpu.vcpus['pv64.v0']!;
    expect(v.transitions).toBe(4000);
    expect(v.cycles).toBe(1000 * (TRANSITION_COSTS.syscall.cycles + TRANSITION_COSTS.bounce.cycles + TRANSITION_COSTS.hypercall.cycles + TRANSITION_COSTS['pv-return'].cycles));
    expect(v.level).toBe('user');
    expect(v.busyUntil).toBeGreaterThan(3e9 + 1000 * 1000);
    const samples = historyInOrder(v);
    expect(samples).toHaveLength(v.history.length);
    expect(samples.map((s) => s.at)).toEqual([...samples.map((s) => s.at)].sort((a, b) => a - b));
    expect(samples.slice(-4).map((s) => s.via)).toEqual(['syscall', 'bounce', 'hypercall', 'pv-return']);
    expect(engine.state.world.cpu.stats.byKind.bounce).toBe(1000);
  });

  it('batched mode gives the same vCPU state as crossing-by-crossing events', () => {
    const burst = testWorld([{ type: 'cpu.burst', domain: 'pv32', transition: 'hypercall', count: 3 }]);
    const stepwise = testWorld([1, 2, 3].map(() => ({ type: 'cpu.hypercall', domain: 'pv32' })));
    runAll(burst);
    runAll(stepwise);
    const pick = (e: ReturnType<typeof testWorld>): unknown => {
      const v = e.state.world.cpu.vcpus['pv32.v0']!;
      return { level: v.level, ring: v.ring, transitions: v.transitions, cycles: v.cycles, busyUntil: v.busyUntil, history: historyInOrder(v).map((s) => [s.at, s.via, s.level]) };
    };
    expect(pick(burst)).toEqual(pick(stepwise));
  });
});
