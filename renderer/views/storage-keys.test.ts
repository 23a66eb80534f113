import { describe, expect, it } from 'vitest';
import { guestOf, storageSimulation, type ActionInput } from '../../src/model/storage/fixture';
import { KEY_GLYPHS, KEY_LEGEND, keyLine, keyProblem, sharedDataKey, UNUSABLE_GLYPH } from './storage-keys';
import { sideEntries, volumeLine } from './storage-text';

const KEYS = [
  { id: 'k-a', region: 'us-east-1', tenant: 'alice' },
  { id: 'k-b', region: 'us-east-1', tenant: 'alice' },
];

/** Alice's volume `v` under k-a, snapshotted as `s`, detached; then `then`. */
function world(then: Array<[number, ActionInput]>) {
  const steps: Array<[number, ActionInput]> = [
    [1, { type: 'ebs.create', volume: 'v', tenant: 'alice', sizeBlocks: 4, node: 'node-1', encrypted: true, key: 'k-a' }],
    [1, { type: 'ebs.attach', volume: 'v', guest: guestOf('alice') }],
    [2, { type: 'ebs.write', volume: 'v', block: 0, count: 4, data: 'ledger' }],
    [3, { type: 'ebs.snapshot', volume: 'v', snapshot: 's' }],
    [4, { type: 'ebs.restore', snapshot: 's', volume: 'r', node: 'node-1' }],
    ...then,
  ];
  const engine = storageSimulation({ keys: KEYS, actions: steps.map(([at, action]) => ({ at, action })) });
  engine.runUntil(100e9);
  return engine.state;
}

describe('KMS key states in the Storage view', () => {
  it('names every key state with a glyph and words, and the legend lists every glyph', () => {
    const glyphs = new Set(Object.values(KEY_GLYPHS));
    expect(glyphs.size).toBe(4);
    for (const g of [...glyphs, UNUSABLE_GLYPH]) expect(KEY_LEGEND).toContain(g);
    const state = world([]);
    expect(keyLine(state.world.storage.keys['k-a']!, state.world.storage, state.time)).toBe('✓ k-a · us-east-1 · enabled · protects v, r, s');
  });

  it('a disabled key: attached volumes keep working, detached ones and snapshots are unusable', () => {
    const state = world([[5, { type: 'kms.disableKey', key: 'k-a' }]]);
    const storage = state.world.storage;
    expect(keyLine(storage.keys['k-a']!, storage, state.time)).toMatch(/^‖ k-a .* disabled \(reversible\)/);
    expect(volumeLine(storage.volumes.v!, state)).toMatch(/^‖ key disabled: still works while attached/);
    expect(volumeLine(storage.volumes.r!, state)).toMatch(/^⊘ unusable: key disabled · r /);
    expect(sideEntries(state).find((e) => e.id === 's')).toMatchObject({ unusable: true, text: expect.stringMatching(/^⊘ unusable: key disabled · s /) });
  });

  it('pending deletion shows its date; deleted material makes everything under the key unreadable', () => {
    const pending = world([[5, { type: 'kms.scheduleKeyDeletion', key: 'k-a', waitingDays: 7 }]]);
    expect(keyLine(pending.world.storage.keys['k-a']!, pending.world.storage, pending.time)).toMatch(/^◷ k-a .* pending deletion on day 7 \(in 7 days; cancellable/);
    expect(keyProblem(pending.world.storage, 'k-a', false)).toBe('⊘ unusable: key pending deletion');
    const shredded = world([
      [5, { type: 'kms.createKey', key: 'k-x', region: 'us-east-1', tenant: 'alice', origin: 'external' }],
      [6, { type: 'kms.deleteImportedKeyMaterial', key: 'k-x' }],
    ]);
    const storage = shredded.world.storage;
    expect(keyLine(storage.keys['k-x']!, storage, shredded.time)).toBe('✕ k-x · us-east-1 · imported key material · key material deleted');
    expect(keyProblem(storage, 'k-x', false)).toBe('⊘ unreadable: key material deleted');
    expect(keyProblem(storage, 'gone', false)).toBe('⊘ unreadable: key deleted');
  });

  it('says which volume and snapshot share a data key (restore under the snapshot\'s key reuses it)', () => {
    const state = world([]);
    const storage = state.world.storage;
    expect(sharedDataKey(storage, 'r', storage.volumes.r!.dataKey)).toBe('data key dk-v (shared with s, v)');
    expect(volumeLine(storage.volumes.r!, state)).toContain('data key dk-v (shared with s, v)');
    expect(sharedDataKey(storage, 'v', null)).toBeNull();
  });
});
