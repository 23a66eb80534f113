import { describe, expect, it } from 'vitest';
import { createSimulation } from '../../host/simulation';
import { lessonSchema } from '../../lessons/schema';
import { getAt } from './chunks';
import { guestOf, storageSimulation, type ActionInput } from './fixture';
import { IO_SAMPLES_KEPT, READS_KEPT } from './io';
import { EBS_SERVICE_NS, INIT_TICK_NS, LAZY_FETCH_NS, NITRO_CARD_HOP_NS, PROVISIONED_TICK_NS } from './latency';
import { BlockState, LAZY, UNMAPPED } from './types';

/**
 * I/O, snapshots, copies, restores and initialization through the simulation: what each request
 * is refused with, what a snapshot stores, which data key a copy or a restored volume gets, and
 * how lazily restored blocks are loaded.
 */
const S = 1e9;
const create = (volume: string, tenant: string, sizeBlocks: number, extra: Record<string, unknown> = {}): ActionInput => ({ type: 'ebs.create', volume, tenant, sizeBlocks, node: 'node-1', ...extra });
const attach = (volume: string, guest: string): ActionInput => ({ type: 'ebs.attach', volume, guest });
const write = (volume: string, data: string, block = 0, count = 1): ActionInput => ({ type: 'ebs.write', volume, block, count, data });
const read = (volume: string, block = 0, count = 1): ActionInput => ({ type: 'ebs.read', volume, block, count });
const STEADY_NS = EBS_SERVICE_NS + NITRO_CARD_HOP_NS;

function run(actions: Array<[number, ActionInput]>, options: Parameters<typeof storageSimulation>[0] = {}, untilSeconds = 100) {
  const engine = storageSimulation({ ...options, actions: actions.map(([at, action]) => ({ at, action })) });
  const trace: string[] = [];
  const step = (seconds: number) => engine.runUntil(seconds * S, { onFrame: (f) => f.trace.forEach((t) => trace.push(`${t.kind}: ${t.text}`)) });
  step(untilSeconds);
  const storage = () => engine.state.world.storage;
  return { engine, storage, trace, step, refusals: () => trace.filter((t) => t.startsWith('error: ')) };
}

/** alice's 4-block volume `vd` on node-1, written whole ("v1") at 2 s and snapshotted as s1 at 3 s. */
const SNAPSHOTTED: Array<[number, ActionInput]> = [
  [1, create('vd', 'alice', 4)],
  [1, attach('vd', guestOf('alice'))],
  [2, write('vd', 'v1', 0, 4)],
  [3, { type: 'ebs.snapshot', volume: 'vd', snapshot: 's1' }],
];
const KEYS = [
  { id: 'k-us', region: 'us-east-1', tenant: 'alice' },
  { id: 'k-us2', region: 'us-east-1', tenant: 'alice' },
  { id: 'k-eu', region: 'eu-west-1', tenant: 'alice' },
];

describe('I/O from a guest', () => {
  it('refuses I/O once the guest is no longer running, and drops an I/O whose volume was detached in flight', () => {
    const { refusals, trace, storage } = run([
      [1, create('va', 'alice', 2)],
      [1, attach('va', guestOf('alice'))],
      [1, create('vb', 'bob', 2)],
      [1, attach('vb', guestOf('bob'))],
      [2, write('vb', 'lost')],
      [2, { type: 'ebs.detach', volume: 'vb' }],
      [3, { type: 'guest.destroy', guest: guestOf('alice') }],
      [3.000001, read('va')],
    ]);
    expect(refusals()).toEqual(['error: ebs.read refused: guest n-alice is not running']);
    expect(trace).toContain('ebs: write on vb dropped: the volume went away while the I/O was in flight');
    expect(storage().volumes.vb?.mappedCount).toBe(0);
    expect(storage().writeSeq).toBe(0);
    expect(storage().io).toEqual([]);
  });

  it('drops an I/O whose volume was deleted, or moved to another guest, while it was in flight', () => {
    const { trace, storage } = run([
      [1, create('va', 'alice', 2)],
      [1, attach('va', guestOf('alice'))],
      [2, read('va')],
      [2, { type: 'ebs.detach', volume: 'va' }],
      [2, { type: 'ebs.delete', volume: 'va' }],
      [1, create('vb', 'alice', 2)],
      [1, attach('vb', guestOf('alice'))],
      [3, write('vb', 'moved')],
      [3, { type: 'ebs.detach', volume: 'vb' }],
      [3, attach('vb', guestOf('alice', 'xen'))],
    ]);
    expect(trace.filter((t) => t.includes('dropped'))).toEqual([
      'ebs: read on va dropped: the volume went away while the I/O was in flight',
      'ebs: write on vb dropped: the volume went away while the I/O was in flight',
    ]);
    expect(storage().reads).toEqual([]);
    expect(storage().volumes.vb?.mappedCount).toBe(0);
  });

  it('a write records who wrote what, when, under which data key, with a global write serial', () => {
    const { storage, engine } = run([
      [1, create('va', 'alice', 2)],
      [1, attach('va', guestOf('alice'))],
      [1, create('ve', 'bob', 1, { encrypted: true })],
      [1, attach('ve', guestOf('bob'))],
      [2, write('va', 'one', 1)],
      [3, write('ve', 'two')],
      [4, write('va', 'three', 1)],
    ]);
    const node = storage().nodes['node-1'];
    expect(engine.state.world.storage.writeSeq).toBe(3);
    // va's block 1 was touched first: physical 0; ve's block: physical 1.
    expect(getAt(storage().volumes.va?.map ?? [], 0)).toBe(UNMAPPED);
    expect(getAt(storage().volumes.va?.map ?? [], 1)).toBe(0);
    expect(getAt(node?.prov ?? [], 0)).toEqual({ tenant: 'alice', volume: 'va', label: 'three', at: 4 * S + STEADY_NS, seq: 3, key: null });
    expect(getAt(node?.prov ?? [], 1)).toEqual({ tenant: 'bob', volume: 've', label: 'two', at: 3 * S + STEADY_NS, seq: 2, key: 'dk-ve' });
    expect(getAt(node?.state ?? [], 0)).toBe(BlockState.WRITTEN);
    expect(storage().volumes.va?.mappedCount).toBe(1);
    expect(storage().io.map((s) => [s.volume, s.op, s.at, s.latencyNs, s.path, s.cause])).toEqual([
      ['va', 'write', 2 * S + STEADY_NS, STEADY_NS, 'nitro-ebs-card', 'steady'],
      ['ve', 'write', 3 * S + STEADY_NS, STEADY_NS, 'nitro-ebs-card', 'steady'],
      ['va', 'write', 4 * S + STEADY_NS, STEADY_NS, 'nitro-ebs-card', 'steady'],
    ]);
    expect(storage().ioNext).toBe(3);
  });

  it('a read that maps a block allocates it without data, and the read record lists each block', () => {
    const { storage, trace } = run([
      [1, create('va', 'alice', 3)],
      [1, attach('va', guestOf('alice'))],
      [2, read('va', 1, 2)],
      [3, read('va', 2)],
    ]);
    const node = storage().nodes['node-1'];
    expect(getAt(node?.state ?? [], 0)).toBe(BlockState.ALLOCATED);
    expect(getAt(node?.prov ?? [], 0)).toBeNull();
    expect(storage().reads).toEqual([
      { serial: 0, at: 2 * S + STEADY_NS, volume: 'va', tenant: 'alice', domain: 'n-alice', blocks: [{ logical: 1, physical: 0, content: { kind: 'zero' } }, { logical: 2, physical: 1, content: { kind: 'zero' } }] },
      { serial: 1, at: 3 * S + STEADY_NS, volume: 'va', tenant: 'alice', domain: 'n-alice', blocks: [{ logical: 2, physical: 1, content: { kind: 'zero' } }] },
    ]);
    expect(storage().readSerial).toBe(2);
    expect(trace).toContain('io: n-alice read va blocks 1..2 in 415 µs via nitro-ebs-card: zeros …');
    expect(trace).toContain('io: n-alice read va blocks 2 in 415 µs via nitro-ebs-card: zeros');
  });

  it('refuses a write that finds the node full, keeping the blocks it could write', () => {
    const { storage, refusals } = run(
      [
        [1, create('va', 'alice', 4)],
        [1, attach('va', guestOf('alice'))],
        [1, create('vb', 'bob', 4)],
        [1, attach('vb', guestOf('bob'))],
        [2, write('va', 'a', 0, 3)],
        [3, write('vb', 'b', 0, 3)],
      ],
      { nodeBlocks: 4 },
    );
    expect(refusals()).toEqual(['error: ebs.write refused: storage node node-1 is full']);
    expect(storage().volumes.vb?.mappedCount).toBe(1);
    expect(storage().writeSeq).toBe(4);
    expect(storage().io.map((s) => s.volume)).toEqual(['va']);
  });

  it('keeps the last 256 latency samples and the last 32 reads in rings', () => {
    const reads: Array<[number, ActionInput]> = Array.from({ length: IO_SAMPLES_KEPT + 2 }, (_, i) => [2 + i * 0.001, read('va', i % 2)]);
    const { storage } = run([[1, create('va', 'alice', 2)], [1, attach('va', guestOf('alice'))], ...reads], {}, 3);
    const io = storage().io;
    expect(io).toHaveLength(IO_SAMPLES_KEPT);
    expect(storage().ioNext).toBe(IO_SAMPLES_KEPT + 2);
    // Samples 256 and 257 overwrote the two oldest.
    expect(io[0]?.at).toBe(2 * S + IO_SAMPLES_KEPT * 1e6 + STEADY_NS);
    expect(io[1]?.at).toBe(2 * S + (IO_SAMPLES_KEPT + 1) * 1e6 + STEADY_NS);
    expect(io[2]?.at).toBe(2 * S + 2 * 1e6 + STEADY_NS);
    const kept = storage().reads;
    expect(kept).toHaveLength(READS_KEPT);
    expect(storage().readSerial).toBe(IO_SAMPLES_KEPT + 2);
    // Read serial n sits at n % 32: the newest, 257, at 1.
    expect(kept.map((r) => r.serial).slice(0, 3)).toEqual([256, 257, 226]);
  });

  it('history mode: a first touch of a block that is unmapped or waits for its wipe is slow, a mapped block is not', () => {
    const { storage, trace } = run(
      [
        [1, create('va', 'alice', 2)],
        [1, attach('va', guestOf('alice'))],
        [2, write('va', 'old', 0, 2)],
        [3, { type: 'ebs.detach', volume: 'va' }],
        [3, { type: 'ebs.delete', volume: 'va' }],
        [4, create('vb', 'bob', 4)],
        [4, attach('vb', guestOf('bob'))],
        [5, write('vb', 'new', 2)],
        [6, read('vb', 2)],
        [7, read('vb', 0)],
      ],
      { historical: true },
    );
    const causes = storage().io.filter((s) => s.volume === 'vb').map((s) => s.cause);
    expect(causes).toEqual(['first-touch-wipe', 'steady', 'first-touch-wipe']);
    const wipeRead = trace.find((t) => t.includes('read vb blocks 0 in'));
    expect(wipeRead).toMatch(/ via nitro-ebs-card \(historical mode: first touch wipes the block, 5–50 % IOPS loss\): zeros$/);
    expect(storage().reads.at(-1)?.blocks[0]?.content).toEqual({ kind: 'zero' });
  });

  it('a node that wipes before reuse has no first-touch penalty for a fresh block', () => {
    const { storage } = run([
      [1, create('va', 'alice', 2)],
      [1, attach('va', guestOf('alice'))],
      [2, read('va', 0, 2)],
    ]);
    expect(storage().io.map((s) => [s.cause, s.latencyNs])).toEqual([['steady', STEADY_NS]]);
  });
});

describe('taking a snapshot', () => {
  it('refuses an unknown or deleted volume and a snapshot id already taken', () => {
    const { refusals, storage } = run([
      ...SNAPSHOTTED,
      [4, { type: 'ebs.snapshot', volume: 'nope', snapshot: 's2' }],
      [4, { type: 'ebs.snapshot', volume: 'vd', snapshot: 's1' }],
      [4, create('gone', 'alice', 1)],
      [4, { type: 'ebs.delete', volume: 'gone' }],
      [5, { type: 'ebs.snapshot', volume: 'gone', snapshot: 's3' }],
    ]);
    expect(refusals()).toEqual(['error: ebs.snapshot refused: no volume nope', 'error: ebs.snapshot refused: snapshot id s1 is taken', 'error: ebs.snapshot refused: no volume gone']);
    expect(Object.keys(storage().snapshots)).toEqual(['s1']);
  });

  it('a full snapshot stores every written block and records where it came from', () => {
    const { storage, trace } = run(SNAPSHOTTED);
    expect(storage().snapshots.s1).toEqual({
      id: 's1',
      tenant: 'alice',
      region: 'us-east-1',
      sourceVolume: 'vd',
      sourceSnapshot: null,
      parent: null,
      sizeBlocks: 4,
      encrypted: false,
      kmsKey: null,
      dataKey: null,
      blocks: Object.fromEntries([0, 1, 2, 3].map((i) => [i, { tenant: 'alice', volume: 'vd', label: 'v1', at: 2 * S + STEADY_NS }])),
      storedBlocks: 4,
      createdAt: 3 * S,
    });
    expect(storage().volumes.vd).toMatchObject({ lastSnapshot: 's1', snapshotSeq: 4 });
    expect(trace).toContain('ebs: snapshot s1 of vd stored in the object store: 4 changed blocks (full)');
  });

  it('an incremental snapshot stores only blocks written after the last one: none when nothing changed', () => {
    const { storage, trace } = run([
      ...SNAPSHOTTED,
      [4, { type: 'ebs.snapshot', volume: 'vd', snapshot: 's2' }],
      [5, write('vd', 'v3', 3)],
      [6, { type: 'ebs.snapshot', volume: 'vd', snapshot: 's3' }],
    ]);
    expect(storage().snapshots.s2).toMatchObject({ parent: 's1', storedBlocks: 0, blocks: {} });
    expect(storage().snapshots.s3).toMatchObject({ parent: 's2', storedBlocks: 1, blocks: { 3: { label: 'v3' } } });
    expect(storage().volumes.vd).toMatchObject({ lastSnapshot: 's3', snapshotSeq: 5 });
    expect(trace).toContain('ebs: snapshot s2 of vd stored in the object store: 0 changed blocks (incremental on s1)');
  });

  it('skips blocks that were never written, mapped by a read or not at all', () => {
    const { storage } = run([
      [1, create('va', 'alice', 4)],
      [1, attach('va', guestOf('alice'))],
      [2, read('va', 0)],
      [2, write('va', 'x', 2)],
      [3, { type: 'ebs.snapshot', volume: 'va', snapshot: 's' }],
    ]);
    expect(storage().snapshots.s).toMatchObject({ storedBlocks: 1, blocks: { 2: { label: 'x' } } });
  });

  it('stores an encrypted volume\'s data with its keys, and never another tenant\'s ciphertext left on a reused block', () => {
    const { storage, trace } = run(
      [
        [1, create('ve', 'alice', 2, { encrypted: true })],
        [1, attach('ve', guestOf('alice'))],
        [2, write('ve', 'secret', 0, 2)],
        [2.5, { type: 'ebs.snapshot', volume: 've', snapshot: 'se' }],
        [3, { type: 'ebs.detach', volume: 've' }],
        [3, { type: 'ebs.delete', volume: 've' }],
        [4, create('vb', 'bob', 2)],
        [4, attach('vb', guestOf('bob'))],
        [5, read('vb', 0, 2)],
        [6, { type: 'ebs.snapshot', volume: 'vb', snapshot: 'sb' }],
      ],
      { faults: ['no-ebs-wipe'] },
    );
    expect(storage().snapshots.se).toMatchObject({ encrypted: true, kmsKey: 'aws-ebs.alice.us-east-1', dataKey: 'dk-ve', storedBlocks: 2 });
    expect(trace).toContain('ebs: snapshot se of ve stored in the object store: 2 changed blocks (full), encrypted like its volume');
    expect(storage().snapshots.sb).toMatchObject({ storedBlocks: 0, blocks: {} });
  });

  it('a snapshot of a restored volume under the same key is incremental on its source: loaded blocks are not changes', () => {
    const { storage } = run([
      ...SNAPSHOTTED,
      [4, { type: 'ebs.restore', snapshot: 's1', volume: 'vr', fsr: true }],
      [5, { type: 'ebs.snapshot', volume: 'vr', snapshot: 'sr' }],
    ]);
    expect(storage().volumes.vr).toMatchObject({ lastSnapshot: 'sr', fromSnapshot: 's1' });
    expect(storage().snapshots.sr).toMatchObject({ parent: 's1', storedBlocks: 0, sourceVolume: 'vr' });
  });

  it('a full snapshot of a restored volume copies the blocks still in the object store', () => {
    const { storage } = run(
      [
        ...SNAPSHOTTED,
        [4, { type: 'ebs.restore', snapshot: 's1', volume: 'vr', encrypt: true, key: 'k-us' }],
        [4, attach('vr', guestOf('alice'))],
        [5, write('vr', 'new', 1)],
        [6, { type: 'ebs.snapshot', volume: 'vr', snapshot: 'sr' }],
      ],
      { keys: KEYS },
    );
    expect(storage().volumes.vr).toMatchObject({ lazyTotal: 4, lazyLoaded: 1 });
    const sr = storage().snapshots.sr;
    expect(sr).toMatchObject({ parent: null, storedBlocks: 4, encrypted: true, kmsKey: 'k-us', dataKey: 'dk-vr' });
    expect(Object.entries(sr?.blocks ?? {}).map(([i, b]) => [i, b.label])).toEqual([
      ['0', 'v1'],
      ['1', 'new'],
      ['2', 'v1'],
      ['3', 'v1'],
    ]);
  });
});

describe('copying a snapshot', () => {
  it('refuses an unknown source, a taken id, dropping encryption, an unusable source key, and a key for an unencrypted copy', () => {
    const { refusals, storage } = run(
      [
        ...SNAPSHOTTED,
        [4, { type: 'ebs.copySnapshot', source: 'nope', snapshot: 'c1' }],
        [4, { type: 'ebs.copySnapshot', source: 's1', snapshot: 's1' }],
        [4, { type: 'ebs.copySnapshot', source: 's1', snapshot: 'c2', key: 'k-us' }],
        [4, { type: 'ebs.copySnapshot', source: 's1', snapshot: 'c3', encrypt: false, key: 'k-us' }],
        [5, { type: 'ebs.copySnapshot', source: 's1', snapshot: 'enc', encrypt: true, key: 'k-us' }],
        [6, { type: 'kms.disableKey', key: 'k-us' }],
        [7, { type: 'ebs.copySnapshot', source: 'enc', snapshot: 'c4' }],
        [7, { type: 'ebs.copySnapshot', source: 'enc', snapshot: 'c5', encrypt: false }],
      ],
      { keys: KEYS },
    );
    expect(refusals()).toEqual([
      'error: ebs.copySnapshot refused: no snapshot nope',
      'error: ebs.copySnapshot refused: snapshot id s1 is taken',
      'error: ebs.copySnapshot refused: a KMS key was given but the copy is not encrypted; set "encrypt": true',
      'error: ebs.copySnapshot refused: a KMS key was given but the copy is not encrypted; set "encrypt": true',
      'error: ebs.copySnapshot refused: snapshot enc cannot be read: KMS key k-us is disabled (re-enable it to use the data it protects)',
      'error: ebs.copySnapshot refused: snapshot enc is encrypted and encryption cannot be removed from an encrypted snapshot or volume',
    ]);
    expect(Object.keys(storage().snapshots).sort()).toEqual(['enc', 's1']);
  });

  it('an unencrypted copy in the same Region is a full copy with no keys', () => {
    const { storage, trace } = run([
      ...SNAPSHOTTED,
      [4, write('vd', 'v2', 1)],
      [5, { type: 'ebs.snapshot', volume: 'vd', snapshot: 's2' }],
      [6, { type: 'ebs.copySnapshot', source: 's2', snapshot: 'c' }],
    ]);
    const c = storage().snapshots.c;
    expect(c).toMatchObject({ id: 'c', tenant: 'alice', region: 'us-east-1', sourceVolume: 'vd', sourceSnapshot: 's2', parent: null, sizeBlocks: 4, encrypted: false, kmsKey: null, dataKey: null, storedBlocks: 4, createdAt: 6 * S });
    expect(Object.values(c?.blocks ?? {}).map((b) => b.label)).toEqual(['v1', 'v2', 'v1', 'v1']);
    expect(trace).toContain('ebs: snapshot c: a copy of s2, a full copy of 4 blocks');
  });

  it('an encrypted copy of unencrypted data gets a new data key under the key given, or the Region\'s default key', () => {
    const { storage, trace } = run(
      [
        ...SNAPSHOTTED,
        [4, { type: 'ebs.copySnapshot', source: 's1', snapshot: 'named', encrypt: true, key: 'k-us' }],
        [4, { type: 'ebs.copySnapshot', source: 's1', snapshot: 'default', encrypt: true }],
      ],
      { keys: KEYS },
    );
    expect(storage().snapshots.named).toMatchObject({ encrypted: true, kmsKey: 'k-us', dataKey: 'dk-named' });
    expect(storage().snapshots.default).toMatchObject({ encrypted: true, kmsKey: 'aws-ebs.alice.us-east-1', dataKey: 'dk-default' });
    expect(trace).toContain('ebs: snapshot named: an encrypted copy (key k-us) of unencrypted s1, a full copy of 4 blocks');
  });

  it('a copy of an encrypted snapshot keeps its key and data key in the same Region, and is re-encrypted across Regions or under another key', () => {
    const { storage, trace, refusals } = run(
      [
        ...SNAPSHOTTED,
        [4, { type: 'ebs.copySnapshot', source: 's1', snapshot: 'enc', encrypt: true, key: 'k-us' }],
        [5, { type: 'ebs.copySnapshot', source: 'enc', snapshot: 'same' }],
        [5, { type: 'ebs.copySnapshot', source: 'enc', snapshot: 'same-key', key: 'k-us' }],
        [5, { type: 'ebs.copySnapshot', source: 'enc', snapshot: 'other-key', key: 'k-us2' }],
        [5, { type: 'ebs.copySnapshot', source: 'enc', snapshot: 'eu', region: 'eu-west-1' }],
        [5, { type: 'ebs.copySnapshot', source: 'enc', snapshot: 'eu-named', region: 'eu-west-1', key: 'k-eu' }],
        [5, { type: 'ebs.copySnapshot', source: 'enc', snapshot: 'eu-bad', region: 'eu-west-1', key: 'k-us' }],
      ],
      { keys: KEYS },
    );
    const snaps = storage().snapshots;
    expect(snaps.same).toMatchObject({ region: 'us-east-1', encrypted: true, kmsKey: 'k-us', dataKey: 'dk-enc', sourceSnapshot: 'enc', sourceVolume: 'vd' });
    expect(snaps['same-key']).toMatchObject({ kmsKey: 'k-us', dataKey: 'dk-enc' });
    expect(snaps['other-key']).toMatchObject({ kmsKey: 'k-us2', dataKey: 'dk-other-key' });
    expect(snaps.eu).toMatchObject({ region: 'eu-west-1', kmsKey: 'aws-ebs.alice.eu-west-1', dataKey: 'dk-eu', storedBlocks: 4 });
    expect(snaps['eu-named']).toMatchObject({ region: 'eu-west-1', kmsKey: 'k-eu', dataKey: 'dk-eu-named' });
    expect(snaps['eu-bad']).toBeUndefined();
    expect(refusals()).toHaveLength(1);
    expect(trace).toContain('ebs: snapshot same: a copy of enc, a full copy of 4 blocks');
    expect(trace).toContain('ebs: snapshot eu: a copy of enc in eu-west-1, a full copy of 4 blocks');
  });

  it('an unencrypted copy to another Region needs no key', () => {
    const { storage } = run([...SNAPSHOTTED, [4, { type: 'ebs.copySnapshot', source: 's1', snapshot: 'eu', region: 'eu-west-1' }]]);
    expect(storage().snapshots.eu).toMatchObject({ region: 'eu-west-1', encrypted: false, kmsKey: null, dataKey: null, storedBlocks: 4 });
  });
});

describe('restoring a volume', () => {
  it('refuses an unknown snapshot, a taken volume id, dropping encryption, an unusable key, another Region\'s node, and a full node', () => {
    const { refusals, storage } = run(
      [
        ...SNAPSHOTTED,
        [4, { type: 'ebs.copySnapshot', source: 's1', snapshot: 'enc', encrypt: true, key: 'k-us' }],
        [5, { type: 'ebs.restore', snapshot: 'nope', volume: 'r1' }],
        [5, { type: 'ebs.restore', snapshot: 's1', volume: 'vd' }],
        [5, { type: 'ebs.restore', snapshot: 'enc', volume: 'r2', encrypt: false }],
        [5, { type: 'ebs.restore', snapshot: 's1', volume: 'r3', node: 'node-eu' }],
        [5, { type: 'ebs.restore', snapshot: 's1', volume: 'r4', node: 'node-x' }],
        [5, { type: 'ebs.restore', snapshot: 's1', volume: 'r5', encrypt: true, key: 'k-eu' }],
        [6, { type: 'kms.disableKey', key: 'k-us' }],
        [7, { type: 'ebs.restore', snapshot: 'enc', volume: 'r6' }],
      ],
      { keys: KEYS },
    );
    expect(refusals()).toEqual([
      'error: ebs.restore refused: no snapshot nope',
      'error: ebs.restore refused: volume id vd is taken',
      'error: ebs.restore refused: a volume restored from an encrypted snapshot is always encrypted',
      'error: ebs.restore refused: storage node node-eu is in eu-west-1, not us-east-1',
      'error: ebs.restore refused: no storage node node-x',
      expect.stringMatching(/^error: ebs\.restore refused: KMS key k-eu lives in eu-west-1, but the data is in us-east-1/),
      'error: ebs.restore refused: snapshot enc cannot be read: KMS key k-us is disabled (re-enable it to use the data it protects)',
    ]);
    expect(Object.keys(storage().volumes)).toEqual(['vd']);
  });

  it('refuses a restore that does not fit on the node', () => {
    // node-1 holds 4 blocks: at most 16 provisioned, all taken by vd and three more volumes.
    const fill: Array<[number, ActionInput]> = ['f1', 'f2', 'f3'].map((id) => [4, create(id, 'bob', 4)]);
    const { refusals, storage } = run([...SNAPSHOTTED, ...fill, [5, { type: 'ebs.restore', snapshot: 's1', volume: 'big' }]], { nodeBlocks: 4 });
    expect(refusals()).toEqual(['error: ebs.restore refused: 4 more blocks do not fit on node node-1']);
    expect(storage().volumes.big).toBeUndefined();
  });

  it('leaves every block with data in the object store until first touched, and says so', () => {
    const { storage, trace } = run([
      [1, create('vd', 'alice', 6)],
      [1, attach('vd', guestOf('alice'))],
      [2, write('vd', 'v1', 1, 2)],
      [2, write('vd', 'v1', 4)],
      [3, { type: 'ebs.snapshot', volume: 'vd', snapshot: 's1' }],
      [4, { type: 'ebs.restore', snapshot: 's1', volume: 'vr' }],
    ]);
    const vr = storage().volumes.vr;
    expect(vr).toMatchObject({ tenant: 'alice', nodeId: 'node-1', region: 'us-east-1', sizeBlocks: 6, encrypted: false, kmsKey: null, dataKey: null, fromSnapshot: 's1', lastSnapshot: 's1', lazyTotal: 3, lazyLoaded: 0, mappedCount: 0, init: null, fastSnapshotRestore: false, createdAt: 4 * S });
    expect([0, 1, 2, 3, 4, 5].map((i) => getAt(vr?.map ?? [], i))).toEqual([UNMAPPED, LAZY, LAZY, UNMAPPED, LAZY, UNMAPPED]);
    expect(trace).toContain('ebs: volume vr restored from s1: 3 blocks stay in the object store and load on first touch (lazy loading)');
  });

  it('a lazily loaded block holds the snapshot\'s data under the volume\'s data key, and counts as loaded once', () => {
    const { storage, trace } = run(
      [
        ...SNAPSHOTTED,
        [4, { type: 'ebs.copySnapshot', source: 's1', snapshot: 'enc', encrypt: true, key: 'k-us' }],
        [5, { type: 'ebs.restore', snapshot: 'enc', volume: 'vr' }],
        [5, attach('vr', guestOf('alice'))],
        [6, read('vr', 1, 2)],
        [7, read('vr', 1)],
      ],
      { keys: KEYS },
    );
    const vr = storage().volumes.vr;
    expect(vr).toMatchObject({ dataKey: 'dk-enc', kmsKey: 'k-us', lazyLoaded: 2, mappedCount: 2, lastSnapshot: 'enc' });
    const physical = getAt(vr?.map ?? [], 1);
    const node = storage().nodes['node-1'];
    expect(getAt(node?.prov ?? [], physical)).toEqual({ tenant: 'alice', volume: 'vd', label: 'v1', at: 2 * S + STEADY_NS, seq: 0, key: 'dk-enc' });
    expect(getAt(node?.state ?? [], physical)).toBe(BlockState.WRITTEN);
    expect(storage().reads.map((r) => r.blocks.map((b) => b.content))).toEqual([
      [
        { kind: 'plain', tenant: 'alice', volume: 'vd', label: 'v1' },
        { kind: 'plain', tenant: 'alice', volume: 'vd', label: 'v1' },
      ],
      [{ kind: 'plain', tenant: 'alice', volume: 'vd', label: 'v1' }],
    ]);
    expect(trace).toContain('ebs: volume vr restored from enc: 4 blocks stay in the object store and load on first touch (lazy loading); same KMS key as the snapshot, so it reuses the snapshot\'s data key dk-enc');
    const lazyRead = trace.find((t) => t.includes('read vr blocks 1..2'));
    expect(lazyRead).toBe(`io: n-alice read vr blocks 1..2 in ${((STEADY_NS + LAZY_FETCH_NS) / 1e6).toFixed(1)} ms via nitro-ebs-card (first touch: block fetched from the snapshot in the object store): "v1" (tenant alice, volume vd) …`);
  });

  it('a write to a lazy block replaces the snapshot\'s data; a lazy block anywhere in the range makes the I/O a lazy fetch', () => {
    const { storage } = run([
      ...SNAPSHOTTED,
      [4, { type: 'ebs.restore', snapshot: 's1', volume: 'vr' }],
      [4, attach('vr', guestOf('alice'))],
      [5, read('vr', 0)],
      [6, read('vr', 0, 2)],
      [7, write('vr', 'mine', 2)],
      [8, read('vr', 2)],
    ]);
    expect(storage().io.filter((s) => s.volume === 'vr').map((s) => s.cause)).toEqual(['lazy-fetch', 'lazy-fetch', 'lazy-fetch', 'steady']);
    expect(storage().reads.at(-1)?.blocks[0]?.content).toEqual({ kind: 'plain', tenant: 'alice', volume: 'vr', label: 'mine' });
    expect(storage().volumes.vr).toMatchObject({ lazyLoaded: 3, mappedCount: 3 });
  });

  it('restoring with encryption under another key gets a new data key and a full next snapshot', () => {
    const { storage, trace } = run(
      [
        ...SNAPSHOTTED,
        [4, { type: 'ebs.restore', snapshot: 's1', volume: 'default', encrypt: true }],
        [4, { type: 'ebs.copySnapshot', source: 's1', snapshot: 'enc', encrypt: true, key: 'k-us' }],
        [5, { type: 'ebs.restore', snapshot: 'enc', volume: 'other', key: 'k-us2' }],
        [5, { type: 'ebs.restore', snapshot: 'enc', volume: 'same', key: 'k-us' }],
      ],
      { keys: KEYS },
    );
    const volumes = storage().volumes;
    expect(volumes.default).toMatchObject({ encrypted: true, kmsKey: 'aws-ebs.alice.us-east-1', dataKey: 'dk-default', lastSnapshot: null });
    expect(volumes.other).toMatchObject({ encrypted: true, kmsKey: 'k-us2', dataKey: 'dk-other', lastSnapshot: null });
    expect(volumes.same).toMatchObject({ encrypted: true, kmsKey: 'k-us', dataKey: 'dk-enc', lastSnapshot: 'enc' });
    expect(trace).toContain('ebs: volume other restored from enc: 4 blocks stay in the object store and load on first touch (lazy loading)');
  });

  it('restores on the node named, in the snapshot\'s Region', () => {
    const { storage } = run(
      [
        [1, create('ve', 'alice', 2, { node: 'node-eu' })],
        [1, attach('ve', guestOf('alice'))],
        [2, write('ve', 'eu', 0, 2)],
        [3, { type: 'ebs.snapshot', volume: 've', snapshot: 'se' }],
        [4, { type: 'ebs.restore', snapshot: 'se', volume: 'vr' }],
        [4, { type: 'ebs.restore', snapshot: 'se', volume: 'vn', node: 'node-eu' }],
      ],
    );
    expect(storage().volumes.vr).toMatchObject({ nodeId: 'node-eu', region: 'eu-west-1', lazyTotal: 2 });
    expect(storage().volumes.vn).toMatchObject({ nodeId: 'node-eu', region: 'eu-west-1' });
  });

  it('Fast Snapshot Restore loads every block at creation, with no lazy fetch later', () => {
    const { storage, trace } = run([
      ...SNAPSHOTTED,
      [4, { type: 'ebs.restore', snapshot: 's1', volume: 'vf', fsr: true }],
      [4, attach('vf', guestOf('alice'))],
      [5, read('vf', 0, 4)],
    ]);
    expect(storage().volumes.vf).toMatchObject({ fastSnapshotRestore: true, lazyTotal: 4, lazyLoaded: 4, mappedCount: 4, init: null });
    expect(storage().io.at(-1)).toMatchObject({ cause: 'steady', latencyNs: STEADY_NS });
    expect(trace).toContain('ebs: volume vf restored from s1 with Fast Snapshot Restore: all 4 blocks initialized at creation');
  });
});

describe('initializing a restored volume', () => {
  it('refuses an unknown, deleted or unattached volume, and says when there is nothing to load', () => {
    const { refusals, trace } = run([
      ...SNAPSHOTTED,
      [4, { type: 'ebs.initialize', volume: 'nope' }],
      [4, { type: 'ebs.restore', snapshot: 's1', volume: 'vr' }],
      [4, { type: 'ebs.initialize', volume: 'vr' }],
      [4, create('gone', 'alice', 1)],
      [4, { type: 'ebs.delete', volume: 'gone' }],
      [4, { type: 'ebs.initialize', volume: 'gone' }],
      [5, { type: 'ebs.initialize', volume: 'vd' }],
      [5, { type: 'ebs.restore', snapshot: 's1', volume: 'vf', fsr: true }],
      [5, attach('vf', guestOf('bob'))],
      [5, { type: 'ebs.initialize', volume: 'vf' }],
    ]);
    expect(refusals()).toEqual([
      'error: ebs.initialize refused: no volume nope',
      'error: ebs.initialize refused: dd and fio run inside a guest: attach vr first',
      'error: ebs.initialize refused: no volume gone',
      'error: ebs.attach refused: volume vf belongs to tenant alice; guest n-bob to bob',
      'error: ebs.initialize refused: dd and fio run inside a guest: attach vf first',
    ]);
    expect(trace).toContain('ebs: vd has nothing to initialize: empty volumes need no initialization');
  });

  it('says a fully loaded restored volume has nothing to initialize', () => {
    const { trace } = run([
      ...SNAPSHOTTED,
      [4, { type: 'ebs.restore', snapshot: 's1', volume: 'vf', fsr: true }],
      [4, attach('vf', guestOf('alice'))],
      [5, { type: 'ebs.initialize', volume: 'vf' }],
    ]);
    expect(trace).toContain('ebs: vf has nothing to initialize');
  });

  it('dd loads one block per 12 ms tick, in logical order, then says the volume is fully initialized', () => {
    const { storage, step, trace } = run(
      [
        ...SNAPSHOTTED,
        [4, { type: 'ebs.restore', snapshot: 's1', volume: 'vr' }],
        [4, attach('vr', guestOf('alice'))],
        [5, { type: 'ebs.initialize', volume: 'vr', tool: 'dd' }],
      ],
      {},
      5 + (2 * INIT_TICK_NS + 1) / S,
    );
    expect(storage().volumes.vr?.init).toEqual({ mode: 'dd', nextLogical: 2, blocksPerTick: 1, tickNs: INIT_TICK_NS });
    expect(storage().volumes.vr?.lazyLoaded).toBe(2);
    expect([0, 1, 2, 3].map((i) => getAt(storage().volumes.vr?.map ?? [], i) === LAZY)).toEqual([false, false, true, true]);
    expect(trace).toContain('ebs: initializing vr (dd): 1 block(s) per 12 ms');
    step(5 + (4 * INIT_TICK_NS - 1) / S);
    expect(storage().volumes.vr?.lazyLoaded).toBe(3);
    step(5 + (4 * INIT_TICK_NS) / S);
    expect(storage().volumes.vr).toMatchObject({ lazyLoaded: 4, init: null });
    expect(trace.filter((t) => t.includes('fully initialized'))).toEqual(['ebs: vr is fully initialized: every block is local, first-touch latency is gone']);
  });

  it('fio loads 32 blocks per tick and skips blocks the guest already touched', () => {
    const { storage, step } = run(
      [
        [1, create('vd', 'alice', 40)],
        [1, attach('vd', guestOf('alice'))],
        [2, write('vd', 'v1', 0, 40)],
        [3, { type: 'ebs.snapshot', volume: 'vd', snapshot: 's1' }],
        [4, { type: 'ebs.restore', snapshot: 's1', volume: 'vr' }],
        [4, attach('vr', guestOf('alice'))],
        [4.5, read('vr', 0, 3)],
        [5, { type: 'ebs.initialize', volume: 'vr' }],
      ],
      {},
      5 + (INIT_TICK_NS + 1) / S,
    );
    expect(storage().volumes.vr?.init).toEqual({ mode: 'fio', nextLogical: 35, blocksPerTick: 32, tickNs: INIT_TICK_NS });
    expect(storage().volumes.vr?.lazyLoaded).toBe(35);
    step(5 + (2 * INIT_TICK_NS) / S);
    expect(storage().volumes.vr).toMatchObject({ lazyLoaded: 40, init: null });
  });

  it('a provisioned rate loads its blocks every 10 ms from creation', () => {
    const { storage, trace } = run(
      [
        [1, create('vd', 'alice', 12)],
        [1, attach('vd', guestOf('alice'))],
        [2, write('vd', 'v1', 0, 12)],
        [3, { type: 'ebs.snapshot', volume: 'vd', snapshot: 's1' }],
        [4, { type: 'ebs.restore', snapshot: 's1', volume: 'vp', initRateMiBps: 100 }],
        [4, { type: 'ebs.restore', snapshot: 's1', volume: 'vq', initRateMiBps: 100, fsr: true }],
      ],
      {},
      4 + (PROVISIONED_TICK_NS + 1) / S,
    );
    expect(storage().volumes.vp?.init).toEqual({ mode: 'provisioned', nextLogical: 2, blocksPerTick: 2, tickNs: PROVISIONED_TICK_NS });
    expect(storage().volumes.vp?.lazyLoaded).toBe(2);
    expect(storage().volumes.vq).toMatchObject({ init: null, lazyLoaded: 12 });
    expect(trace).toContain('ebs: initializing vp (provisioned): 2 block(s) per 10 ms');
  });

  it('a second initialization while one runs changes the tool but starts no second ticker', () => {
    const { storage, step } = run(
      [
        ...SNAPSHOTTED,
        [4, { type: 'ebs.restore', snapshot: 's1', volume: 'vr' }],
        [4, attach('vr', guestOf('alice'))],
        [5, { type: 'ebs.initialize', volume: 'vr', tool: 'dd' }],
        [5.001, { type: 'ebs.initialize', volume: 'vr', tool: 'dd' }],
      ],
      {},
      5 + (INIT_TICK_NS + 1) / S,
    );
    expect(storage().volumes.vr?.lazyLoaded).toBe(1);
    step(5 + (2 * INIT_TICK_NS + 1) / S);
    expect(storage().volumes.vr?.lazyLoaded).toBe(2);
  });

  it('stops initializing a volume deleted meanwhile', () => {
    const { storage, engine } = run([
      ...SNAPSHOTTED,
      [4, { type: 'ebs.restore', snapshot: 's1', volume: 'vr' }],
      [4, attach('vr', guestOf('alice'))],
      [5, { type: 'ebs.initialize', volume: 'vr', tool: 'dd' }],
      [5.013, { type: 'ebs.detach', volume: 'vr' }],
      [5.013, { type: 'ebs.delete', volume: 'vr' }],
    ]);
    expect(storage().volumes.vr).toMatchObject({ status: 'deleted', lazyLoaded: 1 });
    expect(engine.state.world.storage.volumes.vr?.init).not.toBeNull();
  });
});

describe('storage set-up and the wiper', () => {
  function world(storage: Record<string, unknown> | undefined) {
    const lesson = lessonSchema.parse({
      id: 'storage-setup',
      title: 'storage set-up',
      summary: 'generated',
      timeScale: '1s',
      world: { tenants: [{ id: 'alice' }], hosts: [{ id: 'h', hypervisor: 'nitro', guests: [] }], ...(storage ? { storage } : {}) },
      steps: [{ at: '0s', narration: '-', actions: [] }],
    });
    return createSimulation(lesson).state.world.storage;
  }

  it('builds each node in its own wipe mode, else the world\'s, and the lesson\'s KMS keys enabled and customer managed', () => {
    const storage = world({
      historicalWipeOnFirstTouch: true,
      nodes: [{ id: 'old', blocks: 4 }, { id: 'new', region: 'eu-west-1', blocks: 300, wipeMode: 'before-reuse' }],
      keys: [{ id: 'k', region: 'eu-west-1', tenant: 'alice' }],
    });
    expect(storage.nodes.old).toMatchObject({ id: 'old', region: 'us-east-1', blockCount: 4, wipeMode: 'first-touch-historical', chunkAvailable: [4] });
    expect(storage.nodes.new).toMatchObject({ id: 'new', region: 'eu-west-1', blockCount: 300, wipeMode: 'before-reuse', chunkAvailable: [256, 44] });
    expect(storage.keys).toEqual({ k: { id: 'k', region: 'eu-west-1', tenant: 'alice', awsManaged: false, origin: 'aws-kms', state: 'enabled', deletionAt: null } });
    const modern = world({ nodes: [{ id: 'a' }, { id: 'b', wipeMode: 'first-touch-historical' }] });
    expect([modern.nodes.a?.wipeMode, modern.nodes.b?.wipeMode]).toEqual(['before-reuse', 'first-touch-historical']);
  });

  it('a world without storage has no nodes, volumes, snapshots or keys, and empty rings', () => {
    expect(world(undefined)).toEqual({ nodes: {}, volumes: {}, snapshots: {}, keys: {}, writeSeq: 0, io: [], ioNext: 0, reads: [], readSerial: 0, lastError: null });
  });

  it('no-ebs-wipe switched on while the wiper runs stops it at its next pass, leaving the rest queued', () => {
    const { storage, trace } = run(
      [
        [1, create('va', 'alice', 100)],
        [1, attach('va', guestOf('alice'))],
        [2, write('va', 'bulk', 0, 100)],
        [3, { type: 'ebs.detach', volume: 'va' }],
        [3, { type: 'ebs.delete', volume: 'va' }],
        [3.0015, { type: 'fault.set', fault: 'no-ebs-wipe', on: true }],
      ],
      { withoutAuditor: true },
      4,
    );
    expect(trace.filter((t) => t.includes('wiper on node-1'))).toEqual([
      'ebs: wiper on node-1 erased 64 released block(s); they can be reused now',
      'ebs: wiper on node-1 skipped (fault no-ebs-wipe)',
    ]);
    expect(storage().nodes['node-1']).toMatchObject({ dirtyCount: 36, wiperRunning: false });
    expect(storage().nodes['node-1']?.wipeQueue.flat()).toHaveLength(36);
  });

  it('another fault switched off, or a history-mode node, starts no wiper', () => {
    const actions: Array<[number, ActionInput]> = [
      [1, create('va', 'alice', 2)],
      [1, attach('va', guestOf('alice'))],
      [2, write('va', 'old', 0, 2)],
      [3, { type: 'ebs.detach', volume: 'va' }],
      [3, { type: 'ebs.delete', volume: 'va' }],
      [5, { type: 'fault.set', fault: 'no-scrub', on: false }],
    ];
    const other = run(actions, { faults: ['no-ebs-wipe'], withoutAuditor: true });
    expect(other.storage().nodes['node-1']).toMatchObject({ dirtyCount: 2, wiperRunning: false });
    const history = run([...actions, [6, { type: 'fault.set', fault: 'no-ebs-wipe', on: false }]], { faults: ['no-ebs-wipe'], historical: true, withoutAuditor: true });
    expect(history.storage().nodes['node-1']).toMatchObject({ dirtyCount: 2, wiperRunning: false, wipeQueue: [] });
    expect(history.trace.some((t) => t.includes('wiper'))).toBe(false);
  });
});

describe('I/O and snapshot rules the examples above leave open', () => {
  /** The run's trace as records (kind, text, data). */
  function records(actions: Array<[number, ActionInput]>, options: Parameters<typeof storageSimulation>[0] = {}, untilSeconds = 100) {
    const engine = storageSimulation({ ...options, actions: actions.map(([at, action]) => ({ at, action })) });
    const all: Array<{ at: number; kind: string; text: string; data: Record<string, unknown> | undefined }> = [];
    engine.runUntil(untilSeconds * S, { onFrame: (f) => f.trace.forEach((t) => all.push({ at: t.at, kind: t.kind, text: t.text, data: t.data })) });
    return { engine, all, find: (start: string) => all.find((r) => r.text.startsWith(start)) };
  }
  const released = (blocks: number): Array<[number, ActionInput]> => [
    [1, create('va', 'alice', blocks)],
    [1, attach('va', guestOf('alice'))],
    [2, write('va', 'old', 0, blocks)],
    [3, { type: 'ebs.detach', volume: 'va' }],
    [3, { type: 'ebs.delete', volume: 'va' }],
  ];

  it('history mode hands the released block itself to the next volume and wipes it in the same step: no violation', () => {
    const { engine } = records([...released(2), [4, create('vb', 'bob', 2)], [4, attach('vb', guestOf('bob'))], [5, read('vb', 0)]], { historical: true });
    expect(engine.state.world.storage.reads[0]?.blocks[0]).toEqual({ logical: 0, physical: 0, content: { kind: 'zero' } });
    expect(engine.state.violations).toEqual([]);
  });

  it('refuses I/O on a deleted volume as on an unknown one', () => {
    const { all } = records([[1, create('va', 'alice', 2)], [2, { type: 'ebs.delete', volume: 'va' }], [3, read('va')]]);
    expect(all.filter((r) => r.kind === 'error')).toEqual([{ at: 3 * S, kind: 'error', text: 'ebs.read refused: no volume va', data: { action: 'ebs.read' } }]);
  });

  it('every historical first-touch wipe costs 5–50 % of IOPS', () => {
    const reads: Array<[number, ActionInput]> = Array.from({ length: 40 }, (_, i) => [5 + i * 0.01, read('vb', i)]);
    const { engine } = records([...released(40), [4, create('vb', 'bob', 40)], [4, attach('vb', guestOf('bob'))], ...reads], { historical: true });
    const latencies = engine.state.world.storage.io.filter((s) => s.volume === 'vb').map((s) => s.latencyNs);
    expect(latencies).toHaveLength(40);
    for (const l of latencies) {
      expect(l).toBeGreaterThanOrEqual(Math.round(STEADY_NS / 0.95));
      expect(l).toBeLessThanOrEqual(Math.round(STEADY_NS / 0.5));
    }
  });

  it('only blocks loaded from a snapshot count as lazily loaded', () => {
    const { engine } = records([
      ...SNAPSHOTTED,
      [4, write('vd', 'more', 0, 4)],
      [4, { type: 'ebs.restore', snapshot: 's1', volume: 'vr' }],
      [4, attach('vr', guestOf('alice', 'xen'))],
      [5, write('vr', 'r', 0)],
    ]);
    expect(engine.state.world.storage.volumes.vd?.lazyLoaded).toBe(0);
    expect(engine.state.world.storage.volumes.vr).toMatchObject({ lazyLoaded: 1, lazyTotal: 4 });
    const sparse = records([
      [1, create('vd', 'alice', 4)],
      [1, attach('vd', guestOf('alice'))],
      [2, write('vd', 'v1', 0)],
      [3, { type: 'ebs.snapshot', volume: 'vd', snapshot: 's1' }],
      [4, { type: 'ebs.restore', snapshot: 's1', volume: 'vr' }],
      [4, attach('vr', guestOf('alice', 'xen'))],
      [5, write('vr', 'r', 3)],
    ]);
    expect(sparse.engine.state.world.storage.volumes.vr).toMatchObject({ lazyLoaded: 0, lazyTotal: 1, mappedCount: 1 });
  });

  it('dd loads one block per tick even when the block lands on physical block 0', () => {
    const { engine } = records(
      [
        ...SNAPSHOTTED,
        [4, { type: 'ebs.copySnapshot', source: 's1', snapshot: 'eu', region: 'eu-west-1' }],
        [5, { type: 'ebs.restore', snapshot: 'eu', volume: 'vr' }],
        [5, attach('vr', guestOf('alice'))],
        [6, { type: 'ebs.initialize', volume: 'vr', tool: 'dd' }],
      ],
      {},
      6 + (INIT_TICK_NS + 1) / S,
    );
    const vr = engine.state.world.storage.volumes.vr;
    expect(vr).toMatchObject({ nodeId: 'node-eu', lazyLoaded: 1 });
    expect(getAt(vr?.map ?? [], 0)).toBe(0);
  });

  it('initialization ends as soon as the last lazy block is loaded, not at the end of the volume', () => {
    const { all, engine } = records([
      [1, create('vd', 'alice', 8)],
      [1, attach('vd', guestOf('alice'))],
      [2, write('vd', 'v1', 0, 2)],
      [3, { type: 'ebs.snapshot', volume: 'vd', snapshot: 's1' }],
      [4, { type: 'ebs.restore', snapshot: 's1', volume: 'vr' }],
      [4, attach('vr', guestOf('alice'))],
      [5, { type: 'ebs.initialize', volume: 'vr', tool: 'dd' }],
    ]);
    expect(all.filter((r) => r.text.startsWith('vr is fully initialized')).map((r) => [r.at, r.data])).toEqual([[5 * S + 2 * INIT_TICK_NS, { volume: 'vr' }]]);
    expect(engine.state.world.storage.volumes.vr?.init).toBeNull();
  });

  it('a read of another tenant\'s plaintext on a reused block is reported by the auditor', () => {
    const { engine } = records([...released(1), [4, create('vb', 'bob', 1)], [4, attach('vb', guestOf('bob'))], [5, read('vb', 0)]], { faults: ['no-ebs-wipe'] });
    expect(engine.state.violations.map((v) => v.invariant)).toEqual(['ebs-read-foreign-plaintext', 'ebs-reuse-before-wipe']);
  });

  it('a snapshot of a lazily restored volume under the same key stores none of the blocks still in the object store', () => {
    const { engine } = records([...SNAPSHOTTED, [4, { type: 'ebs.restore', snapshot: 's1', volume: 'vr' }], [5, { type: 'ebs.snapshot', volume: 'vr', snapshot: 'sr' }]]);
    expect(engine.state.world.storage.snapshots.sr).toMatchObject({ parent: 's1', storedBlocks: 0, blocks: {} });
  });

  it('a full snapshot stores the blocks loaded from the source snapshot too', () => {
    const { engine } = records(
      [...SNAPSHOTTED, [4, { type: 'ebs.restore', snapshot: 's1', volume: 'vr', fsr: true, encrypt: true, key: 'k-us' }], [5, { type: 'ebs.snapshot', volume: 'vr', snapshot: 'sr' }]],
      { keys: KEYS },
    );
    expect(engine.state.world.storage.snapshots.sr).toMatchObject({ parent: null, storedBlocks: 4 });
  });

  it('names the copy request in a refused cross-Region key', () => {
    const { all } = records([...SNAPSHOTTED, [4, { type: 'ebs.copySnapshot', source: 's1', snapshot: 'bad', region: 'eu-west-1', encrypt: true, key: 'k-us' }]], { keys: KEYS });
    expect(all.filter((r) => r.kind === 'error').map((r) => r.text)).toEqual([expect.stringMatching(/^ebs\.copySnapshot refused: KMS key k-us lives in us-east-1, but the data is in eu-west-1/)]);
  });

  it('I/O, snapshot, restore and initialization messages link to their volume, snapshot, read or node', () => {
    const { find } = records([
      ...SNAPSHOTTED,
      [3.5, read('vd', 0)],
      [4, { type: 'ebs.copySnapshot', source: 's1', snapshot: 'c1' }],
      [4, { type: 'ebs.restore', snapshot: 's1', volume: 'vr' }],
      [4, attach('vr', guestOf('alice'))],
      [4, { type: 'ebs.initialize', volume: 'vd' }],
      [5, { type: 'ebs.initialize', volume: 'vr' }],
      [6, write('vd', 'gone')],
      [6, { type: 'ebs.detach', volume: 'vd' }],
      [7, { type: 'ebs.delete', volume: 'vd' }],
    ]);
    expect(find('n-alice wrote "v1" to vd')).toMatchObject({ kind: 'io', data: { volume: 'vd' } });
    expect(find('n-alice read vd blocks 0')).toMatchObject({ kind: 'io', data: { volume: 'vd', serial: 0 } });
    expect(find('snapshot s1 of vd')).toMatchObject({ kind: 'ebs', data: { snapshot: 's1', volume: 'vd' } });
    expect(find('snapshot c1: a copy of s1')).toMatchObject({ kind: 'ebs', data: { snapshot: 'c1', source: 's1' } });
    expect(find('volume vr restored from s1')).toMatchObject({ kind: 'ebs', data: { volume: 'vr', snapshot: 's1' } });
    expect(find('vd has nothing to initialize')).toMatchObject({ kind: 'ebs', data: { volume: 'vd' } });
    expect(find('initializing vr (fio)')).toMatchObject({ kind: 'ebs', data: { volume: 'vr' } });
    expect(find('write on vd dropped')).toMatchObject({ kind: 'ebs', data: { volume: 'vd' } });
    expect(find('wiper on node-1 erased')).toMatchObject({ kind: 'ebs', data: { node: 'node-1', blocks: 4 } });
  });

  it('a wiper that finds its queued blocks reused meanwhile says nothing, and one stopped by the fault says so on its node', () => {
    const { all, engine } = records(
      [
        ...released(2),
        [3.0005, { type: 'fault.set', fault: 'no-ebs-wipe', on: true }],
        [4, create('vb', 'bob', 2)],
        [4, attach('vb', guestOf('bob'))],
        [5, write('vb', 'new', 0, 2)],
        [6, { type: 'fault.set', fault: 'no-ebs-wipe', on: false }],
      ],
      { withoutAuditor: true },
    );
    expect(all.filter((r) => r.text.startsWith('wiper')).map((r) => [r.text, r.data])).toEqual([['wiper on node-1 skipped (fault no-ebs-wipe)', { node: 'node-1' }]]);
    expect(engine.state.world.storage.nodes['node-1']).toMatchObject({ wipeQueue: [], wiperRunning: false });
  });

  it('blocks released between two wiper passes join the running wiper rather than start another', () => {
    const { all } = records([
      ...released(200),
      [1, create('vb', 'alice', 2)],
      [1, attach('vb', guestOf('alice', 'xen'))],
      [2, write('vb', 'b', 0, 2)],
      [3.0015, { type: 'ebs.detach', volume: 'vb' }],
      [3.0015, { type: 'ebs.delete', volume: 'vb' }],
    ]);
    expect(all.filter((r) => r.text.startsWith('wiper on')).map((r) => [r.at - 3 * S, r.text.replace(/ released.*/, '')])).toEqual([
      [1e6, 'wiper on node-1 erased 64'],
      [2e6, 'wiper on node-1 erased 64'],
      [3e6, 'wiper on node-1 erased 64'],
      [4e6, 'wiper on node-1 erased 10'],
    ]);
  });
});
