import { describe, expect, it } from 'vitest';
import { FAULT_EPT_OVERMAP, FAULT_MMU_VALIDATION_OFF } from './attempts';
import { runAll, testWorld } from './test-world';

describe('attempts that must fail, visibly', () => {
  it('user space executing a privileged instruction: the fault goes to the guest kernel', () => {
    const engine = testWorld([
      { type: 'cpu.privileged', domain: 'pv32', from: 'user', instruction: 'hlt' },
      { type: 'cpu.privileged', domain: 'hvm', from: 'user', instruction: 'out' },
    ]);
    const trace = runAll(engine);
    const { attempts, vcpus, stats } = engine.state.world.cpu;
    expect(attempts.map((a) => [a.domainId, a.attempt, a.outcome])).toEqual([
      ['hvm', 'user-privileged', 'refused'],
      ['pv32', 'user-privileged', 'refused'],
    ]);
    expect(stats.refused).toBe(2);
    // PV: #GP lands in Xen, which bounces it to the guest kernel; HVM: delivered inside the guest, no VM exit.
    const vias = (v: string): unknown[] => trace.filter((t) => t.data?.vcpu === v && t.at >= 3e9 && t.data.via).map((t) => t.data?.via);
    expect(vias('pv32.v0')).toEqual(['trap', 'bounce', 'sysret']);
    expect(vias('hvm.v0')).toEqual(['fault', 'sysret']);
    expect(trace.filter((t) => t.kind === 'denied')).toHaveLength(2);
    expect(vcpus['pv32.v0']?.level).toBe('user');
    expect(engine.state.violations).toEqual([]);
  });

  it('a PV kernel mapping a frame it does not own is rejected by Xen\'s validation', () => {
    const engine = testWorld([{ type: 'cpu.pageTableUpdate', domain: 'pv64', frame: 'foreign' }]);
    const trace = runAll(engine);
    const [attempt] = engine.state.world.cpu.attempts;
    expect(attempt).toMatchObject({ domainId: 'pv64', attempt: 'pv-foreign-frame', outcome: 'refused' });
    expect(attempt?.explanation).toMatch(/mmu_update rejected/);
    expect(trace.some((t) => t.kind === 'denied' && /page table is unchanged/.test(t.text))).toBe(true);
    expect(engine.state.violations).toEqual([]);
  });

  it('an HVM guest reaching outside its guest-physical space exits and is refused (no EPT mapping)', () => {
    const engine = testWorld([{ type: 'cpu.memoryAccess', domain: 'pvh', where: 'outside' }]);
    runAll(engine);
    const [attempt] = engine.state.world.cpu.attempts;
    expect(attempt).toMatchObject({ domainId: 'pvh', attempt: 'hvm-outside-gpa', outcome: 'refused' });
    expect(attempt?.explanation).toMatch(/0x80000000.*EPT/);
    expect(engine.state.world.cpu.vcpus['pvh.v0']?.history.some((s) => s?.via === 'vmexit')).toBe(true);
    expect(engine.state.violations).toEqual([]);
  });

  it('with Xen\'s validation switched off, the foreign mapping succeeds and the auditor flags it', () => {
    const engine = testWorld([{ type: 'cpu.pageTableUpdate', domain: 'pv32', frame: 'foreign' }], [FAULT_MMU_VALIDATION_OFF]);
    runAll(engine);
    expect(engine.state.world.cpu.attempts[0]?.outcome).toBe('allowed');
    expect(engine.state.violations.map((v) => [v.invariant, v.entities.domains])).toEqual([['pv-page-tables-map-only-own-frames', ['pv32', 'x.dom0']]]);
  });

  it('with a wrong EPT entry, the out-of-bounds access reaches a neighbour and is flagged', () => {
    const engine = testWorld([{ type: 'cpu.memoryAccess', domain: 'nitro', where: 'outside' }], [FAULT_EPT_OVERMAP]);
    runAll(engine);
    expect(engine.state.violations.map((v) => v.invariant)).toEqual(['ept-maps-only-own-frames']);
  });

  it('refuses to describe impossible attempts instead of faking them', () => {
    const engine = testWorld([
      { type: 'cpu.pageTableUpdate', domain: 'hvm', frame: 'foreign' },
      { type: 'cpu.memoryAccess', domain: 'pv32' },
      { type: 'cpu.syscall', domain: 'nope' },
    ]);
    const errors = runAll(engine).filter((t) => t.kind === 'error');
    expect(errors).toHaveLength(3);
    expect(engine.state.world.cpu.attempts).toEqual([]);
  });
});
