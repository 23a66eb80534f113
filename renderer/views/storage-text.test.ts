import { describe, expect, it } from 'vitest';
import { guestOf, storageSimulation } from '../../src/model/storage/fixture';
import { blockDetail, describeStorage, hostPaths, sideEntries, sideSummary, volumeLine } from './storage-text';

function world() {
  const engine = storageSimulation({
    actions: [
      { at: 1, action: { type: 'ebs.create', volume: 'va', tenant: 'alice', sizeBlocks: 2, encrypted: true } },
      { at: 1, action: { type: 'ebs.attach', volume: 'va', guest: guestOf('alice') } },
      { at: 2, action: { type: 'ebs.write', volume: 'va', block: 0, count: 1, data: 'payroll' } },
      { at: 3, action: { type: 'ebs.read', volume: 'va', block: 0, count: 2 } },
      { at: 4, action: { type: 'ebs.copySnapshot', source: 'nope', snapshot: 's' } },
    ],
  });
  engine.runUntil(Number.MAX_SAFE_INTEGER);
  return engine.state;
}

describe('storage view words', () => {
  it('describes volumes, the last read and refusals in words (screen readers, side panel)', () => {
    const state = world();
    expect(volumeLine(state.world.storage.volumes.va!, state)).toMatch(/attached to n-alice · encrypted \(aws-ebs\.alice\.us-east-1\)/);
    expect(describeStorage(state)).toMatch(/read 2 block\(s\) of va: 1 plaintext, 1 zeros/);
    expect(sideSummary(state)).toMatch(/Refused at .*no snapshot nope/);
  });

  it('gives a block\'s provenance, ciphertext included', () => {
    const state = world();
    const detail = blockDetail(state, { node: 'node-1', index: 0 });
    expect(detail).toMatch(/tenant alice, volume va/);
    expect(detail).toMatch(/ciphertext under data key dk-va/);
    expect(blockDetail(state, null)).toMatch(/Click a block/);
  });
});

describe('host cards: which host and I/O path serve a volume', () => {
  it('names dom0 blkback on a Xen host and the Nitro card for EBS on a Nitro host', () => {
    const engine = storageSimulation({
      actions: [
        { at: 1, action: { type: 'ebs.create', volume: 'vx', tenant: 'alice', sizeBlocks: 2 } },
        { at: 1, action: { type: 'ebs.attach', volume: 'vx', guest: guestOf('alice', 'xen') } },
        { at: 1, action: { type: 'ebs.create', volume: 'vn', tenant: 'bob', sizeBlocks: 2, encrypted: true } },
        { at: 1, action: { type: 'ebs.attach', volume: 'vn', guest: guestOf('bob') } },
      ],
    });
    engine.runUntil(5e9);
    const cards = hostPaths(engine.state);
    expect(cards.find((c) => c.id === 'xen-1')?.text).toMatch(/Xen dom0 blkback[\s\S]*serves vx \(x-alice\)/);
    const nitro = cards.find((c) => c.id === 'nitro-1');
    expect(nitro?.text).toMatch(/Nitro card for EBS[\s\S]*serves vn \(n-bob\); plaintext data key of vn held in the Nitro card/);
    expect(sideEntries(engine.state).filter((e) => e.kind === 'host').map((e) => e.id)).toEqual(['xen-1', 'nitro-1']);
  });
});
