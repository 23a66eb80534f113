import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { READ_FOREIGN_PLAINTEXT, REUSE_BEFORE_WIPE } from '../../audit/storage';
import { guestOf, storageSimulation, type ActionInput } from './fixture';
import type { BlockContent, ReadRecord } from './types';

/**
 * Random create / write / read / snapshot / restore / initialize / delete sequences across
 * three tenants. A small reference model (what each volume's owner last wrote) says what every
 * read must return; the simulator's reads are compared with it and with the auditor's reports.
 */
const TENANTS = ['t0', 't1', 't2'];
const NODE_BLOCKS = 128;

// Weighted so that write → delete → another tenant's create → read happens often enough to matter.
const opArb = fc.oneof(
  { weight: 3, arbitrary: fc.record({ k: fc.constant('create' as const), tenant: fc.nat(2), size: fc.integer({ min: 1, max: 8 }), encrypted: fc.constantFrom(false, false, false, true), xen: fc.boolean() }) },
  { weight: 3, arbitrary: fc.record({ k: fc.constant('write' as const), vol: fc.nat(), block: fc.nat(), count: fc.integer({ min: 1, max: 4 }), label: fc.nat(3) }) },
  { weight: 3, arbitrary: fc.record({ k: fc.constant('read' as const), vol: fc.nat(), block: fc.nat(), count: fc.integer({ min: 1, max: 8 }) }) },
  { weight: 1, arbitrary: fc.record({ k: fc.constant('snapshot' as const), vol: fc.nat() }) },
  { weight: 1, arbitrary: fc.record({ k: fc.constant('restore' as const), snap: fc.nat(), fsr: fc.boolean(), xen: fc.boolean() }) },
  { weight: 1, arbitrary: fc.record({ k: fc.constant('init' as const), vol: fc.nat() }) },
  { weight: 2, arbitrary: fc.record({ k: fc.constant('delete' as const), vol: fc.nat() }) },
  // One tenant fills and deletes a volume, another creates one and reads it: the reuse case.
  { weight: 1, arbitrary: fc.record({ k: fc.constant('churn' as const), tenant: fc.nat(2), size: fc.integer({ min: 1, max: 8 }) }) },
);
type Op = typeof opArb extends fc.Arbitrary<infer T> ? T : never;

interface ModelVolume {
  id: string;
  tenant: string;
  content: Array<string | null>;
}
interface ExpectedRead {
  volume: string;
  tenant: string;
  labels: Array<string | null>;
}

/** Turns random ops into valid timed actions, tracking what each read must return. */
function script(ops: readonly Op[]): { actions: Array<{ at: number; action: ActionInput }>; reads: ExpectedRead[] } {
  const live: ModelVolume[] = [];
  const snaps: Array<{ id: string; tenant: string; content: Array<string | null> }> = [];
  const actions: Array<{ at: number; action: ActionInput }> = [];
  const reads: ExpectedRead[] = [];
  let nextVolume = 0;
  const used = () => live.reduce((sum, v) => sum + v.content.length, 0);
  ops.forEach((op, i) => {
    const at = 2 + i;
    const add = (action: ActionInput) => actions.push({ at, action });
    const pick = (n: number) => live[n % live.length];
    switch (op.k) {
      case 'create': {
        if (used() + op.size > NODE_BLOCKS - 8) return;
        const tenant = TENANTS[op.tenant] as string;
        const id = `v${nextVolume++}`;
        add({ type: 'ebs.create', volume: id, tenant, sizeBlocks: op.size, node: 'node-1', encrypted: op.encrypted });
        add({ type: 'ebs.attach', volume: id, guest: guestOf(tenant, op.xen ? 'xen' : 'nitro') });
        live.push({ id, tenant, content: new Array<string | null>(op.size).fill(null) });
        return;
      }
      case 'write': {
        const v = pick(op.vol);
        if (!v) return;
        const block = op.block % v.content.length;
        const count = Math.min(op.count, v.content.length - block);
        const data = `${v.tenant}-L${op.label}`;
        add({ type: 'ebs.write', volume: v.id, block, count, data });
        for (let b = block; b < block + count; b++) v.content[b] = data;
        return;
      }
      case 'read': {
        const v = pick(op.vol);
        if (!v) return;
        const block = op.block % v.content.length;
        const count = Math.min(op.count, v.content.length - block);
        add({ type: 'ebs.read', volume: v.id, block, count });
        reads.push({ volume: v.id, tenant: v.tenant, labels: v.content.slice(block, block + count) });
        return;
      }
      case 'snapshot': {
        const v = pick(op.vol);
        if (!v) return;
        const id = `s${snaps.length}`;
        add({ type: 'ebs.snapshot', volume: v.id, snapshot: id });
        snaps.push({ id, tenant: v.tenant, content: [...v.content] });
        return;
      }
      case 'restore': {
        const s = snaps[op.snap % Math.max(1, snaps.length)];
        if (!s || used() + s.content.length > NODE_BLOCKS - 8) return;
        const id = `v${nextVolume++}`;
        add({ type: 'ebs.restore', snapshot: s.id, volume: id, node: 'node-1', fsr: op.fsr });
        add({ type: 'ebs.attach', volume: id, guest: guestOf(s.tenant, op.xen ? 'xen' : 'nitro') });
        live.push({ id, tenant: s.tenant, content: [...s.content] });
        return;
      }
      case 'init': {
        const v = pick(op.vol);
        if (v) add({ type: 'ebs.initialize', volume: v.id, tool: 'fio' });
        return;
      }
      case 'churn': {
        if (used() + op.size > NODE_BLOCKS - 8) return;
        const [writer, reader] = [TENANTS[op.tenant] as string, TENANTS[(op.tenant + 1) % TENANTS.length] as string];
        const [first, second] = [`v${nextVolume++}`, `v${nextVolume++}`];
        const data = `${writer}-churn`;
        add({ type: 'ebs.create', volume: first, tenant: writer, sizeBlocks: op.size, node: 'node-1' });
        add({ type: 'ebs.attach', volume: first, guest: guestOf(writer) });
        actions.push({ at: at + 0.1, action: { type: 'ebs.write', volume: first, block: 0, count: op.size, data } });
        actions.push({ at: at + 0.2, action: { type: 'ebs.detach', volume: first } });
        actions.push({ at: at + 0.2, action: { type: 'ebs.delete', volume: first } });
        actions.push({ at: at + 0.5, action: { type: 'ebs.create', volume: second, tenant: reader, sizeBlocks: op.size, node: 'node-1' } });
        actions.push({ at: at + 0.5, action: { type: 'ebs.attach', volume: second, guest: guestOf(reader) } });
        actions.push({ at: at + 0.6, action: { type: 'ebs.read', volume: second, block: 0, count: op.size } });
        reads.push({ volume: second, tenant: reader, labels: new Array<string | null>(op.size).fill(null) });
        live.push({ id: second, tenant: reader, content: new Array<string | null>(op.size).fill(null) });
        return;
      }
      case 'delete': {
        const v = pick(op.vol);
        if (!v) return;
        add({ type: 'ebs.detach', volume: v.id });
        add({ type: 'ebs.delete', volume: v.id });
        live.splice(live.indexOf(v), 1);
        return;
      }
    }
  });
  return { actions, reads };
}

function isForeignPlaintext(content: BlockContent, reader: string): boolean {
  return content.kind === 'plain' && content.tenant !== reader;
}

/** Runs one event per frame and hands each new read record to `onRead` with the violations of that event. */
function runObservingReads(options: Parameters<typeof storageSimulation>[0], onRead: (read: ReadRecord, newViolations: string[]) => void) {
  const engine = storageSimulation(options);
  let serial = 0;
  let seenViolations = 0;
  engine.runUntil(Number.MAX_SAFE_INTEGER, {
    batchSize: 1,
    onFrame: () => {
      const state = engine.state;
      const fresh = state.violations.slice(seenViolations).map((v) => v.invariant);
      seenViolations = state.violations.length;
      for (; serial < state.world.storage.readSerial; serial++) {
        const read = state.world.storage.reads.find((r) => r.serial === serial);
        if (read) onRead(read, fresh);
      }
    },
  });
  return engine.state;
}

const sequences = fc.array(opArb, { minLength: 10, maxLength: 30, size: 'max' });

describe('storage isolation properties', () => {
  it('with wiping on, every read returns exactly what its own volume holds, and nothing is ever reported', () => {
    fc.assert(
      fc.property(sequences, fc.boolean(), (ops, historical) => {
        const { actions, reads } = script(ops);
        const observed: ReadRecord[] = [];
        const state = runObservingReads({ tenants: TENANTS, nodeBlocks: NODE_BLOCKS, historical, actions }, (read) => observed.push(read));
        expect(state.violations).toEqual([]);
        expect(observed).toHaveLength(reads.length);
        observed.forEach((read, i) => {
          const expected = reads[i] as ExpectedRead;
          expect(read.volume).toBe(expected.volume);
          const got = read.blocks.map((b) => (b.content.kind === 'plain' ? b.content.label : b.content.kind === 'zero' ? null : 'CIPHER'));
          expect(got).toEqual(expected.labels);
        });
      }),
      { numRuns: 40 },
    );
  });

  it('with no-ebs-wipe, every read of another tenant\'s plaintext is reported at that read', () => {
    let leaksSeen = 0;
    fc.assert(
      fc.property(sequences, (ops) => {
        const { actions } = script(ops);
        const state = runObservingReads({ tenants: TENANTS, nodeBlocks: NODE_BLOCKS, faults: ['no-ebs-wipe'], actions }, (read, fresh) => {
          const leaked = read.blocks.some((b) => isForeignPlaintext(b.content, read.tenant));
          if (leaked) leaksSeen++;
          expect(fresh.includes(READ_FOREIGN_PLAINTEXT)).toBe(leaked);
        });
        const invariants = new Set(state.violations.map((v) => v.invariant));
        for (const name of invariants) expect([READ_FOREIGN_PLAINTEXT, REUSE_BEFORE_WIPE]).toContain(name);
        // A foreign-plaintext read can only come from a block reused without a wipe.
        if (invariants.has(READ_FOREIGN_PLAINTEXT)) expect(invariants.has(REUSE_BEFORE_WIPE)).toBe(true);
      }),
      // The churn example (fill, delete, another tenant creates and reads) leaks in every run, whatever the seed draws.
      { numRuns: 40, examples: [[[{ k: 'churn', tenant: 0, size: 4 }]]] },
    );
    // The generator must actually produce leaks, or this property proves nothing.
    expect(leaksSeen).toBeGreaterThan(0);
  });
});
