import { describe, expect, it } from 'vitest';
import { defineHandler, Engine } from '../engine';
import { guestOf, storageSimulation } from '../model/storage/fixture';
import { READS_KEPT } from '../model/storage/io';
import { BlockState } from '../model/storage/types';
import type { SimState } from '../model/state';
import { READ_FOREIGN_PLAINTEXT, REUSE_BEFORE_WIPE, storageInvariants } from './storage';

const reported = (state: SimState) => state.violations.map(({ invariant, entities, explanation }) => ({ invariant, entities, explanation }));

/** One event touching `records` of `kind` on a copy of `state` (edited first), audited by the storage invariants only. */
function audit(state: SimState, touches: Array<[kind: string, record: string | number]>, edit: (s: SimState) => void = () => undefined) {
  const copy = structuredClone(state);
  edit(copy);
  const poke = defineHandler<SimState, null>((_state, _event, ctx) => {
    for (const [kind, record] of touches) ctx.touch(kind, record);
  });
  const engine = new Engine<SimState>({ state: copy, handlers: { poke: [poke] }, afterEvent: storageInvariants, freeze: true });
  engine.schedule('poke', null, 0);
  engine.step();
  return reported(engine.state);
}

/** alice writes 2 blocks and deletes her volume without a wipe (fault); bob's new volume reads them back (read serial 0). */
function leakedRead(): SimState {
  const engine = storageSimulation({
    faults: ['no-ebs-wipe'],
    withoutAuditor: true,
    actions: [
      { at: 1, action: { type: 'ebs.create', volume: 'va', tenant: 'alice', sizeBlocks: 2 } },
      { at: 1, action: { type: 'ebs.attach', volume: 'va', guest: guestOf('alice') } },
      { at: 2, action: { type: 'ebs.write', volume: 'va', block: 0, count: 2, data: 'secret' } },
      { at: 3, action: { type: 'ebs.detach', volume: 'va' } },
      { at: 3, action: { type: 'ebs.delete', volume: 'va' } },
      { at: 5, action: { type: 'ebs.create', volume: 'vb', tenant: 'bob', sizeBlocks: 2 } },
      { at: 5, action: { type: 'ebs.attach', volume: 'vb', guest: guestOf('bob') } },
      { at: 6, action: { type: 'ebs.read', volume: 'vb', block: 0, count: 2 } },
    ],
  });
  engine.runUntil(Number.MAX_SAFE_INTEGER);
  expect(engine.state.world.storage.reads.map((r) => r.serial)).toEqual([0]);
  return engine.state;
}

describe('storage auditor: foreign plaintext', () => {
  it('a read returning two other tenants\' plaintext names both owners, in the order read, and the first block\'s label', () => {
    const engine = storageSimulation({
      tenants: ['alice', 'bob', 'carol'],
      faults: ['no-ebs-wipe'],
      actions: [
        { at: 1, action: { type: 'ebs.create', volume: 'va', tenant: 'alice', sizeBlocks: 1 } },
        { at: 1, action: { type: 'ebs.attach', volume: 'va', guest: guestOf('alice') } },
        { at: 2, action: { type: 'ebs.write', volume: 'va', block: 0, count: 1, data: 'payroll' } },
        { at: 2, action: { type: 'ebs.create', volume: 'vc', tenant: 'carol', sizeBlocks: 1 } },
        { at: 2, action: { type: 'ebs.attach', volume: 'vc', guest: guestOf('carol') } },
        { at: 3, action: { type: 'ebs.write', volume: 'vc', block: 0, count: 1, data: 'diary' } },
        { at: 4, action: { type: 'ebs.detach', volume: 'va' } },
        { at: 4, action: { type: 'ebs.delete', volume: 'va' } },
        { at: 4, action: { type: 'ebs.detach', volume: 'vc' } },
        { at: 4, action: { type: 'ebs.delete', volume: 'vc' } },
        { at: 5, action: { type: 'ebs.create', volume: 'vb', tenant: 'bob', sizeBlocks: 2 } },
        { at: 5, action: { type: 'ebs.attach', volume: 'vb', guest: guestOf('bob') } },
        { at: 6, action: { type: 'ebs.read', volume: 'vb', block: 0, count: 2 } },
      ],
    });
    engine.runUntil(Number.MAX_SAFE_INTEGER);
    const reads = reported(engine.state).filter((v) => v.invariant === READ_FOREIGN_PLAINTEXT);
    expect(reads).toEqual([
      {
        invariant: READ_FOREIGN_PLAINTEXT,
        entities: { tenants: ['bob', 'alice', 'carol'], volumes: ['vb'], blocks: ['node-1:0', 'node-1:1'], domains: [guestOf('bob')] },
        explanation: `${guestOf('bob')} (tenant bob) read 2 block(s) of vb holding tenant alice, carol's plaintext ("payroll"): the physical blocks were reused without a wipe`,
      },
    ]);
  });

  it('judges a read serial only by its own record: one the ring has overwritten, or never held, is skipped', () => {
    const state = leakedRead();
    expect(audit(state, [['storage.read', 0]]).map((v) => v.invariant)).toEqual([READ_FOREIGN_PLAINTEXT]);
    // Serial READS_KEPT shares ring slot 0 with read #0; slot 1 is empty.
    expect(audit(state, [['storage.read', READS_KEPT]])).toEqual([]);
    expect(audit(state, [['storage.read', 1]])).toEqual([]);
  });

  it('a read of a volume deleted since still names the reader and the blocks, on an unknown node', () => {
    const state = leakedRead();
    expect(audit(state, [['storage.read', 0]], (s) => void delete s.world.storage.volumes['vb'])).toEqual([
      {
        invariant: READ_FOREIGN_PLAINTEXT,
        entities: { tenants: ['bob', 'alice'], volumes: ['vb'], blocks: ['?:0', '?:1'], domains: [guestOf('bob')] },
        explanation: `${guestOf('bob')} (tenant bob) read 2 block(s) of vb holding tenant alice's plaintext ("secret"): the physical blocks were reused without a wipe`,
      },
    ]);
  });
});

describe('storage auditor: dirty reuse', () => {
  it('a dirty block handed to a volume that no longer exists is still reported, its owner unknown; one wiped in the same step is not', () => {
    const state = leakedRead();
    const dirty = `node-1|7|vgone|${BlockState.DIRTY}`;
    expect(audit(state, [['storage.alloc', dirty]])).toEqual([
      {
        invariant: REUSE_BEFORE_WIPE,
        entities: { blocks: ['node-1:7'], volumes: ['vgone'], tenants: ['?'] },
        explanation: '1 physical block(s) on node-1 were released dirty and handed to vgone (tenant ?) without a wipe; EBS wipes released blocks before any reuse',
      },
    ]);
    expect(audit(state, [['storage.alloc', dirty], ['storage.wipe', 'node-1|7']])).toEqual([]);
  });
});
