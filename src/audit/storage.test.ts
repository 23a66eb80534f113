import { describe, expect, it } from 'vitest';
import { createSimulation } from '../host/simulation';
import { findLesson } from '../lessons';
import { guestOf, storageSimulation } from '../model/storage/fixture';
import { READ_FOREIGN_PLAINTEXT, REUSE_BEFORE_WIPE } from './storage';

function runLesson(id: string, faults: string[] = []) {
  const lesson = findLesson(id);
  if (!lesson) throw new Error(`no lesson ${id}`);
  const engine = createSimulation(lesson, { faults });
  engine.runUntil(Number.MAX_SAFE_INTEGER);
  return engine.state;
}

describe('storage auditor on the built-in lessons', () => {
  for (const id of ['ebs-zeroing', 'ebs-snapshots-and-encryption']) {
    it(`${id} runs with zero violations`, () => {
      expect(runLesson(id).violations).toEqual([]);
    });
    it(`${id} with no-ebs-wipe reports violations`, () => {
      expect(runLesson(id, ['no-ebs-wipe']).violations.length).toBeGreaterThan(0);
    });
  }

  it('ebs-zeroing with no-ebs-wipe: the leak is caught on both invariants, naming both tenants', () => {
    const violations = runLesson('ebs-zeroing', ['no-ebs-wipe']);
    const leak = violations.violations.find((v) => v.invariant === READ_FOREIGN_PLAINTEXT);
    expect(leak?.entities.tenants).toEqual(['bob', 'alice']);
    expect(leak?.explanation).toMatch(/alice-payroll/);
    expect(violations.violations.some((v) => v.invariant === REUSE_BEFORE_WIPE)).toBe(true);
  });
});

describe('storage auditor', () => {
  const leakScript = (faultOffAt?: number) => [
    { at: 1, action: { type: 'ebs.create', volume: 'va', tenant: 'alice', sizeBlocks: 2 } },
    { at: 1, action: { type: 'ebs.attach', volume: 'va', guest: guestOf('alice') } },
    { at: 2, action: { type: 'ebs.write', volume: 'va', block: 0, count: 2, data: 'secret' } },
    { at: 3, action: { type: 'ebs.detach', volume: 'va' } },
    { at: 3, action: { type: 'ebs.delete', volume: 'va' } },
    ...(faultOffAt === undefined ? [] : [{ at: faultOffAt, action: { type: 'fault.set', fault: 'no-ebs-wipe', on: false } }]),
    { at: 5, action: { type: 'ebs.create', volume: 'vb', tenant: 'bob', sizeBlocks: 2 } },
    { at: 5, action: { type: 'ebs.attach', volume: 'vb', guest: guestOf('bob') } },
    { at: 6, action: { type: 'ebs.read', volume: 'vb', block: 0, count: 2 } },
  ];

  it('reports a read of another tenant\'s plaintext at the event that returned it', () => {
    const engine = storageSimulation({ faults: ['no-ebs-wipe'], actions: leakScript() });
    engine.runUntil(Number.MAX_SAFE_INTEGER);
    const leak = engine.state.violations.find((v) => v.invariant === READ_FOREIGN_PLAINTEXT);
    expect(leak?.entities.blocks).toEqual(['node-1:0', 'node-1:1']);
    expect(leak?.simTime).toBeGreaterThan(6e9);
  });

  it('switching the fault off restarts the wiper: the queued blocks are wiped before reuse', () => {
    const engine = storageSimulation({ faults: ['no-ebs-wipe'], actions: leakScript(4) });
    engine.runUntil(Number.MAX_SAFE_INTEGER);
    expect(engine.state.violations).toEqual([]);
    expect(engine.state.world.storage.nodes['node-1']?.dirtyCount).toBe(0);
  });

  it('is silent when the auditor is off (the benchmark baseline)', () => {
    const engine = storageSimulation({ faults: ['no-ebs-wipe'], withoutAuditor: true, actions: leakScript() });
    engine.runUntil(Number.MAX_SAFE_INTEGER);
    expect(engine.state.violations).toEqual([]);
  });
});
