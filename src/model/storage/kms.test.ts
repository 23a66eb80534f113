import { describe, expect, it } from 'vitest';
import { guestOf, storageSimulation, type ActionInput } from './fixture';

const DAY_S = 86_400;
const KEYS = [{ id: 'k-a', region: 'us-east-1', tenant: 'alice' }];

function run(actions: Array<[number, ActionInput]>, untilSeconds = 1000) {
  const engine = storageSimulation({ keys: KEYS, actions: actions.map(([at, action]) => ({ at, action })) });
  const trace: string[] = [];
  engine.runUntil(untilSeconds * 1e9, { onFrame: (f) => f.trace.forEach((t) => trace.push(`${t.kind}: ${t.text}`)) });
  return { state: engine.state, storage: engine.state.world.storage, trace };
}

/** An encrypted volume under `key`, written, snapshotted, detached. */
const encryptedVolume = (key: string): Array<[number, ActionInput]> => [
  [1, { type: 'ebs.create', volume: 'v', tenant: 'alice', sizeBlocks: 4, node: 'node-1', encrypted: true, key }],
  [1, { type: 'ebs.attach', volume: 'v', guest: guestOf('alice') }],
  [2, { type: 'ebs.write', volume: 'v', block: 0, count: 4, data: 'ledger' }],
  [3, { type: 'ebs.snapshot', volume: 'v', snapshot: 's' }],
];

describe('KMS keys and the data they protect', () => {
  it('a restored volume under the snapshot\'s KMS key reuses the snapshot\'s data key; another key gets a new one', () => {
    const { storage } = run([
      ...encryptedVolume('k-a'),
      [4, { type: 'kms.createKey', key: 'k-b', region: 'us-east-1', tenant: 'alice' }],
      [5, { type: 'ebs.restore', snapshot: 's', volume: 'same', node: 'node-1' }],
      [5, { type: 'ebs.restore', snapshot: 's', volume: 'other', node: 'node-1', key: 'k-b' }],
    ]);
    expect(storage.snapshots.s?.dataKey).toBe('dk-v');
    expect(storage.volumes.same?.dataKey).toBe('dk-v');
    expect(storage.volumes.other?.dataKey).toBe('dk-other');
  });

  it('disabling a key leaves an attached volume working but refuses attach and restore until re-enabled', () => {
    const { storage, trace, state } = run([
      ...encryptedVolume('k-a'),
      [4, { type: 'kms.disableKey', key: 'k-a' }],
      [5, { type: 'ebs.read', volume: 'v', block: 0 }],
      [6, { type: 'ebs.detach', volume: 'v' }],
      [7, { type: 'ebs.attach', volume: 'v', guest: guestOf('alice') }],
      [7, { type: 'ebs.restore', snapshot: 's', volume: 'r1', node: 'node-1' }],
      [8, { type: 'kms.enableKey', key: 'k-a' }],
      [9, { type: 'ebs.attach', volume: 'v', guest: guestOf('alice') }],
    ]);
    expect(storage.reads[0]?.blocks[0]?.content).toMatchObject({ kind: 'plain', label: 'ledger' });
    expect(trace.some((t) => /ebs.attach refused: the data key of v cannot be decrypted: KMS key k-a is disabled/.test(t))).toBe(true);
    expect(trace.some((t) => /ebs.restore refused: snapshot s cannot be read/.test(t))).toBe(true);
    expect(storage.volumes.r1).toBeUndefined();
    expect(storage.volumes.v?.attachedTo).toBe(guestOf('alice'));
    expect(state.violations).toEqual([]);
  });

  it('scheduled deletion: unusable during the 7–30-day wait, cancellable, and deleted for good after it (crypto-shredding)', () => {
    const waiting = run([...encryptedVolume('k-a'), [4, { type: 'kms.scheduleKeyDeletion', key: 'k-a', waitingDays: 7 }]], 6 * DAY_S);
    expect(waiting.storage.keys['k-a']).toMatchObject({ state: 'pending-deletion' });
    const cancelled = run([
      ...encryptedVolume('k-a'),
      [4, { type: 'kms.scheduleKeyDeletion', key: 'k-a', waitingDays: 7 }],
      [5, { type: 'kms.cancelKeyDeletion', key: 'k-a' }],
    ], 8 * DAY_S);
    expect(cancelled.storage.keys['k-a']?.state).toBe('disabled');
    const deleted = run([
      ...encryptedVolume('k-a'),
      [4, { type: 'ebs.detach', volume: 'v' }],
      [5, { type: 'kms.scheduleKeyDeletion', key: 'k-a', waitingDays: 7 }],
      [8 * DAY_S, { type: 'ebs.attach', volume: 'v', guest: guestOf('alice') }],
      [8 * DAY_S, { type: 'ebs.copySnapshot', source: 's', snapshot: 's2' }],
    ], 9 * DAY_S);
    expect(deleted.storage.keys['k-a']?.state).toBe('deleted');
    expect(deleted.trace.some((t) => /ebs.attach refused: .*was deleted/.test(t))).toBe(true);
    expect(deleted.storage.snapshots.s2).toBeUndefined();
  });

  it('refuses a waiting period outside 7–30 days, and deleting an AWS managed key', () => {
    const { trace, storage } = run([
      [1, { type: 'ebs.create', volume: 'v', tenant: 'alice', sizeBlocks: 1, node: 'node-1', encrypted: true }],
      [2, { type: 'kms.scheduleKeyDeletion', key: 'aws-ebs.alice.us-east-1', waitingDays: 7 }],
    ]);
    expect(trace.some((t) => /AWS managed key/.test(t))).toBe(true);
    expect(storage.keys['aws-ebs.alice.us-east-1']?.state).toBe('enabled');
    expect(() => run([[1, { type: 'kms.scheduleKeyDeletion', key: 'k-a', waitingDays: 3 }]])).toThrow();
  });

  it('imported key material can be deleted at once: no waiting period', () => {
    const { storage, trace } = run([
      [0.5, { type: 'kms.createKey', key: 'k-ext', region: 'us-east-1', tenant: 'alice', origin: 'external' }],
      ...encryptedVolume('k-ext'),
      [4, { type: 'ebs.detach', volume: 'v' }],
      [5, { type: 'kms.deleteImportedKeyMaterial', key: 'k-ext' }],
      [5.5, { type: 'ebs.attach', volume: 'v', guest: guestOf('alice') }],
      [6, { type: 'kms.deleteImportedKeyMaterial', key: 'k-a' }],
    ]);
    expect(storage.keys['k-ext']?.state).toBe('no-material');
    expect(trace.some((t) => /ebs.attach refused: .*imported key material of KMS key k-ext was deleted/.test(t))).toBe(true);
    expect(trace.some((t) => /k-a was not created with imported key material/.test(t))).toBe(true);
  });
});
