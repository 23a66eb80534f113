import { describe, expect, it } from 'vitest';
import { createSimulation } from '../../host/simulation';
import { lessonSchema } from '../../lessons/schema';
import { FAULT_EPT_OVERMAP, FAULT_MMU_VALIDATION_OFF, foreignFramePlan, outsideGpaPlan, userPrivilegedPlan } from './attempts';
import { TRANSITION_COSTS } from './costs';
import { placementFor } from './placement';
import type { PlanStep } from './plan';
import { planDuration, stepDelay } from './step';
import { runAll, testWorld } from './test-world';

const xen = { id: 'x', hypervisor: 'xen' } as const;
const nitro = { id: 'n', hypervisor: 'nitro' } as const;
const kinds = (plan: PlanStep[]): Array<string | null> => plan.map((s) => s.kind);

describe('attempt plans', () => {
  it('a privileged instruction from a program already in the kernel first returns to user space', () => {
    const plan = userPrivilegedPlan(placementFor('g', xen, 'hvm'), 'g.v0', 'kernel', 'hlt');
    expect(kinds(plan)).toEqual(['sysret', 'fault', 'sysret']);
    expect(plan[1]?.attempt).toEqual({
      kind: 'user-privileged',
      refused: true,
      explanation: 'user space (ring 3) executed `hlt`: the CPU raises #GP and the fault goes to the guest kernel, which kills or signals the program; nothing outside the guest is affected',
    });
    expect(kinds(userPrivilegedPlan(placementFor('g', xen, 'pv64'), 'g.v0', 'user', 'out'))).toEqual(['trap', 'bounce', 'hypercall', 'pv-return']);
  });

  it('a PV foreign mapping is refused with the reason, or accepted under the fault, naming the victim', () => {
    const p = placementFor('g', xen, 'pv32');
    const refused = foreignFramePlan(p, 'g.v0', 'kernel', 'bob', false);
    // The mmu_update goes up into Xen and comes back down to the guest kernel.
    expect(refused.map((s) => [s.to, s.kind])).toEqual([
      ['hypervisor', 'hypercall'],
      ['kernel', 'pv-return'],
    ]);
    expect(refused[0]?.text).toBe('mmu_update hypercall via `int 0x82`: map a frame owned by bob');
    expect(refused[1]?.attempt).toEqual({
      kind: 'pv-foreign-frame',
      refused: true,
      explanation: "mmu_update rejected: the new page-table entry points at a machine frame owned by bob, and Xen validates every update to a PV guest's page tables",
      victim: 'bob',
    });
    const allowed = foreignFramePlan(p, 'g.v0', 'kernel', 'bob', true);
    expect(allowed[1]?.text).toBe('Xen applies the update without checking ownership');
    expect(allowed[1]?.attempt).toMatchObject({
      refused: false,
      explanation: `Xen's page-table validation is switched off (fault ${FAULT_MMU_VALIDATION_OFF}): the PTE pointing at a frame of bob is accepted, so g can now read another domain's memory`,
    });
  });

  it('an access beyond guest memory exits to the hypervisor unless a wrong EPT entry maps it to a neighbour', () => {
    const p = placementFor('g', nitro, 'hvm');
    const refused = outsideGpaPlan(p, 'g.v0', 'kernel', 1024, 'bob', false);
    // The EPT violation exits to VMX root; the hypervisor re-enters the guest kernel.
    expect(refused.map((s) => [s.to, s.kind])).toEqual([
      ['hypervisor', 'vmexit'],
      ['kernel', 'vmentry'],
    ]);
    expect(refused[0]?.text).toBe('EPT violation: guest-physical 0x40000000 is not mapped, the CPU exits to the Nitro Hypervisor (VMX root)');
    expect(refused[1]?.attempt?.explanation).toBe(
      "guest-physical address 0x40000000 lies outside g's 1024 MiB: the EPT/NPT has no entry for it, so the access exits to the Nitro Hypervisor, which does not map it; no machine frame of another domain is reachable",
    );
    const overmapped = outsideGpaPlan(p, 'g.v0', 'kernel', 1024, 'bob', true);
    expect(overmapped).toEqual([
      {
        vcpu: 'g.v0',
        to: 'kernel',
        kind: null,
        dwellNs: 200,
        text: 'the guest kernel reads guest-physical 0x40000000',
        attempt: { kind: 'hvm-outside-gpa', refused: false, explanation: `the EPT wrongly maps 0x40000000 to a machine frame of bob (fault ${FAULT_EPT_OVERMAP}): the guest reads another domain's memory without any exit`, victim: 'bob' },
      },
    ]);
    // With no neighbour to reach, even a wrong EPT cannot leak anything: still refused.
    expect(outsideGpaPlan(p, 'g.v0', 'kernel', 1024, undefined, true)[1]?.attempt?.refused).toBe(true);
  });
});

describe('attempt narration', () => {
  it('narrates where each refused attempt goes, crossing by crossing', () => {
    const texts = (plan: PlanStep[]): string[] => plan.map((s) => s.text);
    expect(texts(userPrivilegedPlan(placementFor('g', xen, 'hvm'), 'g.v0', 'user', 'hlt')).slice(0, 1)).toEqual(['#GP is delivered to the guest kernel inside the guest (no VM exit needed)']);
    expect(texts(userPrivilegedPlan(placementFor('g', xen, 'pv32'), 'g.v0', 'user', 'hlt')).slice(0, 2)).toEqual([
      '#GP from ring 3 lands in Xen (ring 0), which owns the real IDT',
      'Xen bounces the #GP to the guest kernel through its virtual trap table',
    ]);
    expect(texts(foreignFramePlan(placementFor('g', xen, 'pv64'), 'g.v0', 'kernel', 'bob', false))).toEqual([
      'mmu_update hypercall via `syscall`: map a frame owned by bob',
      'Xen returns an error to the guest kernel; the page table is unchanged',
    ]);
    expect(texts(outsideGpaPlan(placementFor('g', xen, 'pvh'), 'g.v0', 'kernel', 2048, 'bob', false))).toEqual([
      'EPT violation: guest-physical 0x80000000 is not mapped, the CPU exits to Xen (VMX root)',
      'Xen refuses the access and re-enters the guest',
    ]);
  });
});

describe('plan timing', () => {
  it('a step lasts its crossing\'s cycles at the host clock plus its dwell; a step without a crossing only its dwell', () => {
    expect(stepDelay({ vcpu: 'v', to: 'kernel', kind: 'syscall', dwellNs: 200, text: '' }, 2)).toBe(TRANSITION_COSTS.syscall.cycles / 2 + 200);
    expect(stepDelay({ vcpu: null, to: null, kind: null, dwellNs: 50, text: '' }, 2)).toBe(50);
    expect(planDuration([], 2)).toBe(0);
    expect(
      planDuration(
        [
          { vcpu: 'v', to: 'hypervisor', kind: 'vmcall', dwellNs: 300, text: '' },
          { vcpu: 'v', to: 'kernel', kind: 'vmentry', dwellNs: 200, text: '' },
        ],
        2,
      ),
    ).toBe(1000 + 300 + 500 + 200);
  });
});

describe('attempt records', () => {
  it('counts refusals and keeps the most recent attempts only', () => {
    // One host with one HVM guest, one attempt per millisecond (none waits for a busy vCPU): cheap.
    const engine = createSimulation(
      lessonSchema.parse({
        id: 'attempts',
        title: 'attempts',
        summary: 'attempts',
        timeScale: '1s',
        world: { tenants: [{ id: 'a' }], hosts: [{ id: 'x', clockGHz: 2, guests: [{ id: 'hvm', tenant: 'a', vcpus: 1, memoryMiB: 256, booted: true }] }] },
        steps: Array.from({ length: 66 }, (_, i) => ({ at: `${3000 + i}ms`, narration: '-', actions: [{ action: { type: 'cpu.privileged', domain: 'hvm', from: 'user', instruction: 'out' } }] })),
      }),
    );
    engine.runUntil(4e9);
    const { attempts, stats } = engine.state.world.cpu;
    expect(stats.refused).toBe(66);
    expect(attempts).toHaveLength(64);
    expect(attempts[0]).toMatchObject({ domainId: 'hvm', vcpuId: 'hvm.v0', attempt: 'user-privileged', outcome: 'refused' });
    // The two oldest (at 3.000 s and 3.001 s) were dropped.
    expect(attempts[0]!.at).toBeGreaterThanOrEqual(3.002e9);
    expect(attempts[0]!.at).toBeLessThan(3.003e9);
    expect(attempts[63]!.at).toBeGreaterThan(attempts[0]!.at);
    expect(engine.state.violations).toEqual([]);
  });

  it('an allowed EPT over-map names the guest and the neighbour it reached, and counts no refusal', () => {
    const engine = testWorld([{ type: 'cpu.memoryAccess', domain: 'nitro', where: 'outside' }], [FAULT_EPT_OVERMAP]);
    runAll(engine);
    expect(engine.state.world.cpu.attempts).toMatchObject([{ domainId: 'nitro', attempt: 'hvm-outside-gpa', outcome: 'allowed' }]);
    expect(engine.state.world.cpu.stats.refused).toBe(0);
    expect(engine.state.violations.map((v) => [v.invariant, v.entities.domains])).toEqual([['ept-maps-only-own-frames', ['nitro', 'nitro2']]]);
  });

  it('reads its own memory without any exit', () => {
    const engine = testWorld([{ type: 'cpu.memoryAccess', domain: 'pvh', where: 'inside' }]);
    const trace = runAll(engine);
    expect(trace.some((t) => t.text === 'pvh reads its own guest-physical memory: the EPT/NPT walk happens in hardware, no exit')).toBe(true);
    expect(engine.state.world.cpu.vcpus['pvh.v0']?.history.some((s) => s?.via === 'vmexit')).toBe(false);
    expect(engine.state.world.cpu.attempts).toEqual([]);
  });
});
