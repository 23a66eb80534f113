import { describe, expect, it } from 'vitest';
import { getAt } from './chunks';
import { guestOf, storageSimulation, type ActionInput } from './fixture';
import { EBS_SERVICE_NS, LAZY_FETCH_NS, NITRO_CARD_HOP_NS, XEN_BLKBACK_HOP_NS } from './latency';
import { LAZY } from './types';

const create = (volume: string, tenant: string, sizeBlocks: number, extra: Record<string, unknown> = {}): ActionInput => ({ type: 'ebs.create', volume, tenant, sizeBlocks, node: 'node-1', ...extra });
const attach = (volume: string, guest: string): ActionInput => ({ type: 'ebs.attach', volume, guest });

function run(actions: Array<[number, ActionInput]>, options: Parameters<typeof storageSimulation>[0] = {}) {
  const engine = storageSimulation({ ...options, actions: actions.map(([at, action]) => ({ at, action })) });
  const trace: string[] = [];
  engine.runUntil(1e12, { onFrame: (f) => f.trace.forEach((t) => trace.push(`${t.kind}: ${t.text}`)) });
  return { engine, state: engine.state, storage: engine.state.world.storage, trace };
}

describe('EBS volumes', () => {
  it('says the card encrypts the data only for encrypted volumes', () => {
    const { trace } = run([
      [1, create('plain', 'alice', 2)],
      [1, attach('plain', guestOf('alice'))],
      [1, create('enc', 'alice', 2, { encrypted: true })],
      [1, attach('enc', guestOf('alice'))],
      [2, { type: 'ebs.write', volume: 'plain', data: 'p' }],
      [2, { type: 'ebs.write', volume: 'enc', data: 'e' }],
    ]);
    const writes = trace.filter((t) => t.startsWith('io: ') && t.includes(' wrote '));
    expect(writes.find((t) => t.includes('to plain'))).toMatch(/not encrypted: its blocks hold plaintext/);
    expect(writes.find((t) => t.includes('to plain'))).not.toMatch(/encrypted the data/);
    expect(writes.find((t) => t.includes('to enc'))).toMatch(/the Nitro card encrypted the data under data key dk-enc/);
  });

  it('a new volume on blocks another tenant released reads zeros', () => {
    const { storage, state } = run([
      [1, create('va', 'alice', 4)],
      [1, attach('va', guestOf('alice'))],
      [2, { type: 'ebs.write', volume: 'va', block: 0, count: 4, data: 'secret' }],
      [3, { type: 'ebs.detach', volume: 'va' }],
      [3, { type: 'ebs.delete', volume: 'va' }],
      [4, create('vb', 'bob', 4)],
      [4, attach('vb', guestOf('bob'))],
      [5, { type: 'ebs.read', volume: 'vb', block: 0, count: 4 }],
    ]);
    const read = storage.reads.at(-1);
    expect(read?.blocks.map((b) => b.physical)).toEqual([0, 1, 2, 3]);
    expect(read?.blocks.every((b) => b.content.kind === 'zero')).toBe(true);
    expect(state.violations).toEqual([]);
  });

  it('reads take the dom0 blkback path on Xen and the Nitro card on Nitro (illustrative latencies)', () => {
    const { storage } = run([
      [1, create('vx', 'alice', 2)],
      [1, attach('vx', guestOf('alice', 'xen'))],
      [1, create('vn', 'alice', 2)],
      [1, attach('vn', guestOf('alice', 'nitro'))],
      [2, { type: 'ebs.read', volume: 'vx' }],
      [2, { type: 'ebs.read', volume: 'vn' }],
    ]);
    const byVolume = Object.fromEntries(storage.io.map((s) => [s.volume, s]));
    expect(byVolume.vx).toMatchObject({ path: 'xen-blkback', latencyNs: EBS_SERVICE_NS + XEN_BLKBACK_HOP_NS });
    expect(byVolume.vn).toMatchObject({ path: 'nitro-ebs-card', latencyNs: EBS_SERVICE_NS + NITRO_CARD_HOP_NS });
  });

  it('refuses I/O on a volume that is not attached, or outside the volume, without a crash', () => {
    const { storage, trace } = run([
      [1, create('va', 'alice', 2)],
      [2, { type: 'ebs.read', volume: 'va' }],
      [2, attach('va', guestOf('alice'))],
      [3, { type: 'ebs.write', volume: 'va', block: 1, count: 2, data: 'x' }],
    ]);
    expect(trace.some((t) => t.includes('ebs.read refused: volume va is not attached'))).toBe(true);
    expect(storage.lastError?.message).toMatch(/outside volume va/);
    expect(storage.io).toHaveLength(0);
  });

  it('refuses to attach another tenant\'s volume', () => {
    const { storage } = run([
      [1, create('va', 'alice', 2)],
      [2, attach('va', guestOf('bob'))],
    ]);
    expect(storage.volumes.va?.attachedTo).toBeNull();
    expect(storage.lastError?.message).toMatch(/belongs to tenant alice/);
  });

  it('history mode wipes on first touch with a 5–50 % IOPS penalty, then runs at full speed', () => {
    const { storage } = run(
      [
        [1, create('va', 'alice', 2)],
        [1, attach('va', guestOf('alice'))],
        [2, { type: 'ebs.write', volume: 'va', block: 0, count: 2, data: 'old' }],
        [3, { type: 'ebs.detach', volume: 'va' }],
        [3, { type: 'ebs.delete', volume: 'va' }],
        [4, create('vb', 'bob', 2)],
        [4, attach('vb', guestOf('bob'))],
        [5, { type: 'ebs.read', volume: 'vb', block: 0, count: 2 }],
        [6, { type: 'ebs.read', volume: 'vb', block: 0, count: 2 }],
      ],
      { historical: true },
    );
    const steady = EBS_SERVICE_NS + NITRO_CARD_HOP_NS;
    const [, firstRead, secondRead] = storage.io;
    expect(firstRead?.cause).toBe('first-touch-wipe');
    expect(firstRead?.latencyNs).toBeGreaterThanOrEqual(Math.round(steady / 0.95));
    expect(firstRead?.latencyNs).toBeLessThanOrEqual(Math.round(steady / 0.5));
    expect(secondRead).toMatchObject({ cause: 'steady', latencyNs: steady });
    expect(storage.reads.at(-2)?.blocks.every((b) => b.content.kind === 'zero')).toBe(true);
  });
});

describe('snapshots and restore', () => {
  const base: Array<[number, ActionInput]> = [
    [1, create('vd', 'alice', 8)],
    [1, attach('vd', guestOf('alice'))],
    [2, { type: 'ebs.write', volume: 'vd', block: 0, count: 8, data: 'v1' }],
    [3, { type: 'ebs.snapshot', volume: 'vd', snapshot: 's1' }],
    [4, { type: 'ebs.write', volume: 'vd', block: 2, count: 1, data: 'v2' }],
    [5, { type: 'ebs.snapshot', volume: 'vd', snapshot: 's2' }],
  ];

  it('stores only changed blocks in an incremental snapshot', () => {
    const { storage } = run(base);
    expect(storage.snapshots.s1).toMatchObject({ parent: null, storedBlocks: 8 });
    expect(storage.snapshots.s2).toMatchObject({ parent: 's1', storedBlocks: 1 });
    expect(Object.keys(storage.snapshots.s2?.blocks ?? {})).toEqual(['2']);
  });

  it('a restored volume loads each block on first touch, with extra latency only then', () => {
    const { storage } = run([
      ...base,
      [6, { type: 'ebs.restore', snapshot: 's2', volume: 'vr' }],
      [6, attach('vr', guestOf('alice'))],
      [7, { type: 'ebs.read', volume: 'vr', block: 2 }],
      [8, { type: 'ebs.read', volume: 'vr', block: 2 }],
    ]);
    const vr = storage.volumes.vr;
    expect(vr).toMatchObject({ lazyTotal: 8, lazyLoaded: 1 });
    expect(getAt(vr?.map ?? [], 3)).toBe(LAZY);
    const samples = storage.io.filter((s) => s.volume === 'vr');
    expect(samples.map((s) => s.cause)).toEqual(['lazy-fetch', 'steady']);
    expect((samples[0]?.latencyNs ?? 0) - (samples[1]?.latencyNs ?? 0)).toBe(LAZY_FETCH_NS);
    const read = storage.reads.at(-1)?.blocks[0]?.content;
    expect(read).toMatchObject({ kind: 'plain', label: 'v2' });
  });

  it('Fast Snapshot Restore, fio initialization and a provisioned rate all end fully loaded', () => {
    const { storage } = run([
      ...base,
      [6, { type: 'ebs.restore', snapshot: 's2', volume: 'vf', fsr: true }],
      [6, { type: 'ebs.restore', snapshot: 's2', volume: 'vi' }],
      [6, attach('vi', guestOf('alice'))],
      [6, { type: 'ebs.initialize', volume: 'vi', tool: 'dd' }],
      [6, { type: 'ebs.restore', snapshot: 's2', volume: 'vp', initRateMiBps: 300 }],
    ]);
    for (const id of ['vf', 'vi', 'vp']) expect(storage.volumes[id]).toMatchObject({ lazyTotal: 8, lazyLoaded: 8, init: null });
  });
});

describe('encryption and KMS keys', () => {
  const keys = [
    { id: 'k-us', region: 'us-east-1', tenant: 'alice' },
    { id: 'k-eu', region: 'eu-west-1', tenant: 'alice' },
  ];
  const base: Array<[number, ActionInput]> = [
    [1, create('vd', 'alice', 4)],
    [1, attach('vd', guestOf('alice'))],
    [2, { type: 'ebs.write', volume: 'vd', block: 0, count: 4, data: 'plain' }],
    [3, { type: 'ebs.snapshot', volume: 'vd', snapshot: 's1' }],
  ];

  it('encrypts existing data only through an encrypted snapshot copy, and never removes it', () => {
    const { storage } = run(
      [
        ...base,
        [4, { type: 'ebs.copySnapshot', source: 's1', snapshot: 's1e', encrypt: true, key: 'k-us' }],
        [5, { type: 'ebs.restore', snapshot: 's1e', volume: 've', fsr: true }],
        [6, { type: 'ebs.copySnapshot', source: 's1e', snapshot: 's-plain', encrypt: false }],
      ],
      { keys },
    );
    expect(storage.snapshots.s1e).toMatchObject({ encrypted: true, kmsKey: 'k-us', parent: null, storedBlocks: 4 });
    // Same KMS key as the snapshot: the restored volume reuses the snapshot's data key ("How Amazon EBS encryption works").
    expect(storage.volumes.ve).toMatchObject({ encrypted: true, kmsKey: 'k-us', dataKey: 'dk-s1e' });
    expect(storage.snapshots['s-plain']).toBeUndefined();
    expect(storage.lastError?.message).toMatch(/cannot be removed/);
  });

  it('refuses a KMS key from another Region with an explanation, and accepts a destination-Region key', () => {
    const { storage, trace } = run(
      [
        ...base,
        [4, { type: 'ebs.copySnapshot', source: 's1', snapshot: 'bad', region: 'eu-west-1', encrypt: true, key: 'k-us' }],
        [5, { type: 'ebs.copySnapshot', source: 's1', snapshot: 'good', region: 'eu-west-1', encrypt: true, key: 'k-eu' }],
      ],
      { keys },
    );
    expect(storage.snapshots.bad).toBeUndefined();
    expect(trace.some((t) => t.includes('Region-scoped'))).toBe(true);
    expect(storage.snapshots.good).toMatchObject({ region: 'eu-west-1', kmsKey: 'k-eu' });
  });

  it('residue from an encrypted volume reads as ciphertext, never plaintext, even without a wipe', () => {
    const { storage, state } = run(
      [
        [1, create('ve', 'alice', 2, { encrypted: true })],
        [1, attach('ve', guestOf('alice'))],
        [2, { type: 'ebs.write', volume: 've', block: 0, count: 2, data: 'secret' }],
        [3, { type: 'ebs.detach', volume: 've' }],
        [3, { type: 'ebs.delete', volume: 've' }],
        [4, create('vb', 'bob', 2)],
        [4, attach('vb', guestOf('bob'))],
        [5, { type: 'ebs.read', volume: 'vb', block: 0, count: 2 }],
      ],
      { faults: ['no-ebs-wipe'] },
    );
    expect(storage.reads.at(-1)?.blocks.map((b) => b.content.kind)).toEqual(['cipher', 'cipher']);
    expect(state.violations.map((v) => v.invariant)).toEqual(['ebs-reuse-before-wipe']);
  });

  it('uses the Region\'s aws/ebs default key when none is named', () => {
    const { storage } = run([[1, create('ve', 'alice', 2, { encrypted: true })]]);
    expect(storage.volumes.ve?.kmsKey).toBe('aws-ebs.alice.us-east-1');
    expect(storage.keys['aws-ebs.alice.us-east-1']).toMatchObject({ awsManaged: true, region: 'us-east-1' });
  });
});

describe('determinism', () => {
  it('the same inputs give the same state hash', () => {
    const actions: Array<[number, ActionInput]> = [
      [1, create('va', 'alice', 4)],
      [1, attach('va', guestOf('alice'))],
      [2, { type: 'ebs.write', volume: 'va', block: 0, count: 4, data: 'x' }],
    ];
    expect(run(actions, { historical: true }).engine.hash()).toBe(run(actions, { historical: true }).engine.hash());
  });
});

describe('bad input', () => {
  it('refuses more provisioned blocks than the node allows, with a reason', () => {
    const { storage } = run([
      [1, create('v1', 'alice', 256)],
      [1, create('v2', 'alice', 256)],
      [1, create('v3', 'alice', 256)],
      [1, create('v4', 'alice', 256)],
      [1, create('v5', 'alice', 1)],
    ]);
    expect(Object.keys(storage.volumes)).toEqual(['v1', 'v2', 'v3', 'v4']);
    expect(storage.lastError?.message).toMatch(/do not fit on node node-1/);
  });

  it('rejects a lesson with duplicate storage node ids or absurd sizes, naming the field', async () => {
    const { storageScenarioSchema } = await import('./scenario');
    const dup = storageScenarioSchema.safeParse({ nodes: [{ id: 'a' }, { id: 'a' }] });
    expect(dup.success).toBe(false);
    expect(JSON.stringify(dup.error?.issues)).toMatch(/unique/);
    const huge = storageScenarioSchema.safeParse({ nodes: [{ id: 'a', blocks: 1e12 }] });
    expect(huge.error?.issues[0]?.path).toEqual(['nodes', 0, 'blocks']);
  });
});

describe('inspecting a block', () => {
  it('returns the block\'s state, owner and provenance, and undefined for a bad id', async () => {
    const { inspectBlock } = await import('./inspect');
    const { storage } = run([
      [1, create('va', 'alice', 2)],
      [1, attach('va', guestOf('alice'))],
      [2, { type: 'ebs.write', volume: 'va', block: 1, count: 1, data: 'payroll' }],
    ]);
    expect(inspectBlock(storage, 'node-1:0')).toMatchObject({ state: 'written', volume: 'va', writtenBy: 'tenant alice, volume va', data: '"payroll"' });
    expect(inspectBlock(storage, 'node-1:5')).toMatchObject({ state: 'unallocated', volume: null, data: 'zeros' });
    expect(inspectBlock(storage, 'node-1:99999')).toBeUndefined();
    expect(inspectBlock(storage, 'nope')).toBeUndefined();
  });
});
