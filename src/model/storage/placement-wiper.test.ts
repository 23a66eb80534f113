import { describe, expect, it } from 'vitest';
import type { Engine } from '../../engine';
import { createSimulation } from '../../host/simulation';
import { lessonSchema } from '../../lessons/schema';
import type { SimState } from '../state';
import { guestOf, storageSimulation, type ActionInput } from './fixture';

/**
 * Where a volume lands when a Region has several storage nodes, how the single background wiper
 * of a node takes later releases, and the KMS refusals and messages the other tests leave out.
 */
const S = 1e9;

/** A world with the given storage nodes, alice's and bob's guests on one Nitro host, and timed actions. */
function worldWith(nodes: Array<Record<string, unknown>>, actions: Array<[number, ActionInput]>, keys: Array<Record<string, unknown>> = []): { engine: Engine<SimState>; trace: string[] } {
  const lesson = lessonSchema.parse({
    id: 'storage-nodes',
    title: 'storage nodes',
    summary: 'generated',
    timeScale: '1s',
    world: {
      tenants: [{ id: 'alice' }, { id: 'bob' }],
      hosts: [{ id: 'nitro-1', hypervisor: 'nitro', guests: [{ id: 'n-alice', tenant: 'alice', memoryMiB: 64 }] }],
      storage: { nodes, keys },
    },
    steps: [{ at: '0s', narration: '-', actions: actions.map(([at, action]) => ({ at: `${Math.round(at * S)}ns`, action })) }],
  });
  const engine = createSimulation(lesson);
  const trace: string[] = [];
  engine.runUntil(100 * S, { onFrame: (f) => f.trace.forEach((t) => trace.push(`${t.kind}: ${t.text}`)) });
  return { engine, trace };
}

describe('choosing a storage node', () => {
  it('puts a volume with no node named on the first node of its Region by id, whatever the lesson\'s order', () => {
    const { engine } = worldWith(
      [
        { id: 'node-b', region: 'us-east-1', blocks: 8 },
        { id: 'node-c', region: 'eu-west-1', blocks: 8 },
        { id: 'node-a', region: 'us-east-1', blocks: 8 },
      ],
      [
        [1, { type: 'ebs.create', volume: 'v-us', tenant: 'alice', sizeBlocks: 1, region: 'us-east-1' }],
        [1, { type: 'ebs.create', volume: 'v-any', tenant: 'alice', sizeBlocks: 1 }],
        [1, { type: 'ebs.create', volume: 'v-eu', tenant: 'alice', sizeBlocks: 1, region: 'eu-west-1' }],
      ],
    );
    const volumes = engine.state.world.storage.volumes;
    expect([volumes['v-us']?.nodeId, volumes['v-any']?.nodeId, volumes['v-eu']?.nodeId]).toEqual(['node-a', 'node-a', 'node-c']);
  });

  it('refuses a volume in a Region without storage nodes, or anywhere when there are none', () => {
    const some = worldWith([{ id: 'node-a', region: 'us-east-1', blocks: 8 }], [[1, { type: 'ebs.create', volume: 'v', tenant: 'alice', sizeBlocks: 1, region: 'ap-south-1' }]]);
    expect(some.trace.filter((t) => t.startsWith('error: '))).toEqual(['error: ebs.create refused: no storage node in ap-south-1']);
    const none = worldWith([], [[1, { type: 'ebs.create', volume: 'v', tenant: 'alice', sizeBlocks: 1 }]]);
    expect(none.trace.filter((t) => t.startsWith('error: '))).toEqual(['error: ebs.create refused: no storage node']);
    expect(none.engine.state.world.storage.lastError).toEqual({ at: 1 * S, action: 'ebs.create', message: 'no storage node' });
  });
});

describe('one background wiper per node', () => {
  it('blocks released while the wiper runs join its queue: one wiper, 64 blocks per pass, until the queue is empty', () => {
    const engine = storageSimulation({
      actions: [
        { at: 1, action: { type: 'ebs.create', volume: 'va', tenant: 'alice', sizeBlocks: 70, node: 'node-1' } },
        { at: 1, action: { type: 'ebs.attach', volume: 'va', guest: guestOf('alice') } },
        { at: 1, action: { type: 'ebs.create', volume: 'vb', tenant: 'alice', sizeBlocks: 70, node: 'node-1' } },
        { at: 1, action: { type: 'ebs.attach', volume: 'vb', guest: guestOf('alice', 'xen') } },
        { at: 2, action: { type: 'ebs.write', volume: 'va', block: 0, count: 70, data: 'a' } },
        { at: 2, action: { type: 'ebs.write', volume: 'vb', block: 0, count: 70, data: 'b' } },
        { at: 3, action: { type: 'ebs.detach', volume: 'va' } },
        { at: 3, action: { type: 'ebs.detach', volume: 'vb' } },
        { at: 3, action: { type: 'ebs.delete', volume: 'va' } },
        { at: 3.0005, action: { type: 'ebs.delete', volume: 'vb' } },
      ],
    });
    const wipes: Array<[number, string]> = [];
    engine.runUntil(10 * S, { onFrame: (f) => f.trace.filter((t) => t.text.startsWith('wiper on')).forEach((t) => wipes.push([t.at, t.text])) });
    // The wiper's passes are 1 ms apart from the first delete; the second delete starts none of its own.
    expect(wipes).toEqual([
      [3 * S + 1e6, 'wiper on node-1 erased 64 released block(s); they can be reused now'],
      [3 * S + 2e6, 'wiper on node-1 erased 64 released block(s); they can be reused now'],
      [3 * S + 3e6, 'wiper on node-1 erased 12 released block(s); they can be reused now'],
    ]);
    expect(engine.state.world.storage.nodes['node-1']).toMatchObject({ dirtyCount: 0, wiperRunning: false, wipeQueue: [] });
  });
});

describe('KMS requests the other tests leave out', () => {
  it('refuses to delete imported key material of a key made by KMS, and says a cancelled deletion leaves the key disabled', () => {
    const { trace, engine } = worldWith(
      [{ id: 'node-a', region: 'us-east-1', blocks: 8 }],
      [
        [1, { type: 'kms.deleteImportedKeyMaterial', key: 'k' }],
        [2, { type: 'kms.scheduleKeyDeletion', key: 'k', waitingDays: 7 }],
        [3, { type: 'kms.cancelKeyDeletion', key: 'k' }],
      ],
      [{ id: 'k', region: 'us-east-1', tenant: 'alice' }],
    );
    expect(trace.filter((t) => t.startsWith('error: '))).toEqual(['error: kms.deleteImportedKeyMaterial refused: KMS key k was not created with imported key material']);
    expect(trace).toContain('kms: deletion of KMS key k cancelled; the key is disabled until enabled again');
    expect(engine.state.world.storage.keys.k).toMatchObject({ state: 'disabled', deletionAt: null });
  });

  it('refuses another tenant\'s key or a key that does not exist for a new encrypted volume', () => {
    const { trace, engine } = worldWith(
      [{ id: 'node-a', region: 'us-east-1', blocks: 8 }],
      [
        [1, { type: 'ebs.create', volume: 'v1', tenant: 'bob', sizeBlocks: 1, encrypted: true, key: 'k' }],
        [1, { type: 'ebs.create', volume: 'v2', tenant: 'alice', sizeBlocks: 1, encrypted: true, key: 'nope' }],
      ],
      [{ id: 'k', region: 'us-east-1', tenant: 'alice' }],
    );
    expect(trace.filter((t) => t.startsWith('error: '))).toEqual(['error: ebs.create refused: KMS key k belongs to alice, not bob', 'error: ebs.create refused: KMS key nope does not exist']);
    expect(engine.state.world.storage.volumes).toEqual({});
  });
});

/** Alice's two-block volume va: created, attached, written, detached and deleted (times in s). */
const usedAndDeleted = [
  { at: 1, action: { type: 'ebs.create', volume: 'va', tenant: 'alice', sizeBlocks: 2, node: 'node-1' } },
  { at: 1, action: { type: 'ebs.attach', volume: 'va', guest: guestOf('alice') } },
  { at: 2, action: { type: 'ebs.write', volume: 'va', block: 0, count: 2, data: 'x' } },
  { at: 3, action: { type: 'ebs.detach', volume: 'va' } },
  { at: 3, action: { type: 'ebs.delete', volume: 'va' } },
];

describe('what storage messages link to', () => {
  it('volume and key messages carry the volume, node, guest or key the inspector opens', () => {
    const engine = storageSimulation({
      keys: [{ id: 'k', region: 'us-east-1', tenant: 'alice' }],
      actions: [
        ...usedAndDeleted,
        { at: 4, action: { type: 'kms.disableKey', key: 'k' } },
        { at: 5, action: { type: 'kms.enableKey', key: 'k' } },
        { at: 6, action: { type: 'kms.createKey', key: 'k2', region: 'eu-west-1', tenant: 'bob' } },
      ],
    });
    const records: Array<{ kind: string; text: string; data: Record<string, unknown> | undefined }> = [];
    engine.runUntil(10 * S, { onFrame: (f) => f.trace.forEach((t) => records.push({ kind: t.kind, text: t.text, data: t.data })) });
    const about = (start: string) => records.find((r) => r.text.startsWith(start));
    expect(about('alice creates volume va')).toMatchObject({ kind: 'ebs', data: { volume: 'va', node: 'node-1' } });
    expect(about('volume va attached to n-alice')).toMatchObject({ kind: 'ebs', data: { volume: 'va', guest: 'n-alice' } });
    expect(about('volume va detached from n-alice')).toMatchObject({ kind: 'ebs', data: { volume: 'va' } });
    expect(about('volume va deleted')).toMatchObject({ kind: 'ebs', data: { volume: 'va', blocks: 2 } });
    expect(about('KMS key k disabled')).toMatchObject({ kind: 'kms', data: { key: 'k' } });
    expect(about('KMS key k enabled again')).toMatchObject({ kind: 'kms', data: { key: 'k' } });
    expect(about('KMS key k2 created')).toMatchObject({ kind: 'kms', data: { key: 'k2', region: 'eu-west-1' } });
    // Enabled again means usable again.
    expect(engine.state.world.storage.keys.k).toMatchObject({ state: 'enabled', deletionAt: null });
  });

  it('under no-ebs-wipe, deleting a volume does not even start the wiper', () => {
    const engine = storageSimulation({
      faults: ['no-ebs-wipe'],
      withoutAuditor: true,
      actions: usedAndDeleted,
    });
    const texts: string[] = [];
    engine.runUntil(10 * S, { onFrame: (f) => f.trace.forEach((t) => texts.push(t.text)) });
    expect(texts.filter((t) => t.includes('wiper'))).toEqual([]);
  });
});

describe('the lesson\'s storage section', () => {
  it('allows at most twice the per-node limit of blocks over all nodes together', async () => {
    const { MAX_NODE_BLOCKS, storageScenarioSchema } = await import('./scenario');
    const nodes = (...blocks: number[]) => ({ nodes: blocks.map((b, i) => ({ id: `n${i}`, blocks: b })) });
    expect(storageScenarioSchema.safeParse(nodes(MAX_NODE_BLOCKS, MAX_NODE_BLOCKS)).success).toBe(true);
    const over = storageScenarioSchema.safeParse(nodes(MAX_NODE_BLOCKS, MAX_NODE_BLOCKS, 1));
    expect(over.error?.issues.map((i) => i.message)).toEqual([`at most ${MAX_NODE_BLOCKS * 2} blocks over all storage nodes`]);
    expect(storageScenarioSchema.safeParse(nodes(MAX_NODE_BLOCKS - 1, 2)).success).toBe(true);
  });
});
