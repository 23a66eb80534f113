import { describe, expect, it } from 'vitest';
import { createSimulation, lessonEndTime } from '../host/simulation';
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

  it('ebs-zeroing: the closing narration states the number of violations the faulted run produces', () => {
    const lesson = findLesson('ebs-zeroing');
    const words = ['zero', 'one', 'two', 'three', 'four', 'five', 'six'];
    const { violations } = runLesson('ebs-zeroing', ['no-ebs-wipe']);
    const reads = violations.filter((v) => v.invariant === READ_FOREIGN_PLAINTEXT).length;
    const reuses = violations.filter((v) => v.invariant === REUSE_BEFORE_WIPE).length;
    const last = lesson?.steps.at(-1)?.narration ?? '';
    expect(last).toContain(`${words[violations.length]} violations`);
    expect(last).toContain(`${words[reuses]} dirty reuse`);
    expect(last).toContain(`${words[reads]} reads`);
  });

  it('ebs-zeroing shows the historical first-touch wipe on a Xen-era host (dom0 blkback), never through a Nitro card', () => {
    const { world } = runLesson('ebs-zeroing');
    const historical = world.storage.io.filter((s) => s.volume.endsWith('-2010'));
    expect(historical.length).toBeGreaterThan(0);
    expect(historical.every((s) => s.path === 'xen-blkback')).toBe(true);
    expect(historical.some((s) => s.cause === 'first-touch-wipe')).toBe(true);
  });

  it('ebs-snapshots-and-encryption ends with crypto-shredding: the shredded volume and snapshot cannot be used', () => {
    const { world } = runLesson('ebs-snapshots-and-encryption');
    expect(world.storage.keys['key-shred']?.state).toBe('no-material');
    expect(world.storage.volumes['vol-secret']?.attachedTo).toBeNull();
    expect(world.storage.volumes['vol-secret-2']).toBeUndefined();
    // Run to the end of time, the 7-day waiting period has passed: the key is deleted for good.
    expect(world.storage.keys['key-euw1']?.state).toBe('deleted');
    // Disabling was reversible: vol-enc is attached again after the key came back.
    expect(world.storage.volumes['vol-enc']?.attachedTo).toBe('app-a');
    expect(world.storage.volumes['vol-enc']?.dataKey).toBe(world.storage.snapshots['snap-2-enc']?.dataKey);
  });

  it('ebs-snapshots-and-encryption: at the lesson\'s end the scheduled key is still pending deletion (7–30-day wait)', () => {
    const lesson = findLesson('ebs-snapshots-and-encryption');
    if (!lesson) throw new Error('missing lesson');
    const engine = createSimulation(lesson);
    engine.runUntil(lessonEndTime(lesson) + 1);
    expect(engine.state.world.storage.keys['key-euw1']).toMatchObject({ state: 'pending-deletion', deletionAt: expect.any(Number) });
    expect(engine.state.violations).toEqual([]);
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

describe('storage auditor findings, in full', () => {
  it('names the reader, the foreign blocks only (not its own), their owner and label, and each dirty reuse per event', () => {
    const engine = storageSimulation({
      faults: ['no-ebs-wipe'],
      actions: [
        { at: 1, action: { type: 'ebs.create', volume: 'va', tenant: 'alice', sizeBlocks: 3 } },
        { at: 1, action: { type: 'ebs.attach', volume: 'va', guest: guestOf('alice') } },
        { at: 2, action: { type: 'ebs.write', volume: 'va', block: 0, count: 3, data: 'secret' } },
        { at: 3, action: { type: 'ebs.detach', volume: 'va' } },
        { at: 3, action: { type: 'ebs.delete', volume: 'va' } },
        { at: 5, action: { type: 'ebs.create', volume: 'vb', tenant: 'bob', sizeBlocks: 3 } },
        { at: 5, action: { type: 'ebs.attach', volume: 'vb', guest: guestOf('bob') } },
        // Bob's own write lands on physical block 0; his read then gets it back with alice's blocks 1 and 2.
        { at: 6, action: { type: 'ebs.write', volume: 'vb', block: 2, count: 1, data: 'mine' } },
        { at: 7, action: { type: 'ebs.read', volume: 'vb', block: 0, count: 3 } },
      ],
    });
    engine.runUntil(Number.MAX_SAFE_INTEGER);
    expect(engine.state.violations.map(({ invariant, entities, explanation }) => ({ invariant, entities, explanation }))).toEqual([
      {
        invariant: REUSE_BEFORE_WIPE,
        entities: { blocks: ['node-1:0'], volumes: ['vb'], tenants: ['bob'] },
        explanation: '1 physical block(s) on node-1 were released dirty and handed to vb (tenant bob) without a wipe; EBS wipes released blocks before any reuse',
      },
      {
        invariant: READ_FOREIGN_PLAINTEXT,
        entities: { tenants: ['bob', 'alice'], volumes: ['vb'], blocks: ['node-1:1', 'node-1:2'], domains: [guestOf('bob')] },
        explanation: `${guestOf('bob')} (tenant bob) read 2 block(s) of vb holding tenant alice's plaintext ("secret"): the physical blocks were reused without a wipe`,
      },
      {
        invariant: REUSE_BEFORE_WIPE,
        entities: { blocks: ['node-1:1', 'node-1:2'], volumes: ['vb'], tenants: ['bob'] },
        explanation: '2 physical block(s) on node-1 were released dirty and handed to vb (tenant bob) without a wipe; EBS wipes released blocks before any reuse',
      },
    ]);
  });
});

describe('storage auditor: what is not a leak', () => {
  it('a read returning the reader\'s own data and never-written (zero) blocks is fine, fault or not', () => {
    const engine = storageSimulation({
      faults: ['no-ebs-wipe'],
      actions: [
        { at: 1, action: { type: 'ebs.create', volume: 'vb', tenant: 'bob', sizeBlocks: 3 } },
        { at: 1, action: { type: 'ebs.attach', volume: 'vb', guest: guestOf('bob') } },
        { at: 2, action: { type: 'ebs.write', volume: 'vb', block: 0, count: 1, data: 'mine' } },
        { at: 3, action: { type: 'ebs.read', volume: 'vb', block: 0, count: 3 } },
      ],
    });
    engine.runUntil(Number.MAX_SAFE_INTEGER);
    expect(engine.state.world.storage.reads[0]?.blocks.map((b) => b.content.kind)).toEqual(['plain', 'zero', 'zero']);
    expect(engine.state.violations).toEqual([]);
  });
});
