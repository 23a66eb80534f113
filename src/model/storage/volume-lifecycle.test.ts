import { describe, expect, it } from 'vitest';
import { getAt } from './chunks';
import { guestOf, storageSimulation, type ActionInput } from './fixture';
import { BlockState } from './types';

/**
 * Volumes and KMS keys through the simulation: where a volume lands, what each request is refused
 * with (the wording learners read), how deletion releases blocks dirty and hands them to the
 * wiper, and the KMS key lifecycle's edge cases.
 */
const DAY_S = 86_400;
const create = (volume: string, tenant: string, sizeBlocks: number, extra: Record<string, unknown> = {}): ActionInput => ({ type: 'ebs.create', volume, tenant, sizeBlocks, node: 'node-1', ...extra });
const attach = (volume: string, guest: string): ActionInput => ({ type: 'ebs.attach', volume, guest });

function run(actions: Array<[number, ActionInput]>, options: Parameters<typeof storageSimulation>[0] = {}, untilSeconds = 100) {
  const engine = storageSimulation({ ...options, actions: actions.map(([at, action]) => ({ at, action })) });
  const trace: string[] = [];
  engine.runUntil(untilSeconds * 1e9, { onFrame: (f) => f.trace.forEach((t) => trace.push(`${t.kind}: ${t.text}`)) });
  const storage = engine.state.world.storage;
  return { state: engine.state, storage, trace, refusals: trace.filter((t) => t.startsWith('error: ')) };
}

describe('creating a volume', () => {
  it('lands on the named node, or the first node (by id) of the Region', () => {
    const { storage, trace } = run([
      [1, create('named', 'alice', 2, { node: 'node-eu' })],
      [1, { type: 'ebs.create', volume: 'by-region', tenant: 'alice', sizeBlocks: 2, region: 'eu-west-1' }],
      [1, { type: 'ebs.create', volume: 'anywhere', tenant: 'bob', sizeBlocks: 2 }],
    ]);
    expect(storage.volumes.named).toMatchObject({ nodeId: 'node-eu', region: 'eu-west-1', status: 'available', attachedTo: null, encrypted: false, kmsKey: null, dataKey: null, mappedCount: 0, createdAt: 1e9 });
    expect(storage.volumes['by-region']?.nodeId).toBe('node-eu');
    expect(storage.volumes.anywhere?.nodeId).toBe('node-1');
    expect(trace).toContain('ebs: alice creates volume named (2 blocks) on shared storage node node-eu; blocks are allocated on first use');
  });

  it('an encrypted volume names its key and gets its own data key', () => {
    const { storage, trace } = run([[1, create('ve', 'alice', 2, { encrypted: true, key: 'k-a' })]], { keys: [{ id: 'k-a', region: 'us-east-1', tenant: 'alice' }] });
    expect(storage.volumes.ve).toMatchObject({ encrypted: true, kmsKey: 'k-a', dataKey: 'dk-ve' });
    expect(trace).toContain('ebs: alice creates encrypted (key k-a) volume ve (2 blocks) on shared storage node node-1; blocks are allocated on first use');
  });

  it('refuses, with a reason, what AWS would refuse', () => {
    const keys = [{ id: 'k-eu', region: 'eu-west-1', tenant: 'alice' }, { id: 'k-bob', region: 'us-east-1', tenant: 'bob' }];
    const { storage, refusals } = run([
      [1, create('v1', 'alice', 2)],
      [2, create('v1', 'bob', 2)],
      [2, create('v2', 'mallory', 2)],
      [2, create('v3', 'alice', 2, { node: 'node-zz' })],
      [2, create('v4', 'alice', 2, { region: 'eu-west-1' })],
      [2, { type: 'ebs.create', volume: 'v5', tenant: 'alice', sizeBlocks: 2, region: 'ap-south-1' }],
      [2, create('v6', 'alice', 257)],
      [2, create('v7', 'alice', 2, { key: 'k-eu' })],
      [2, create('v8', 'alice', 2, { encrypted: true, key: 'k-eu' })],
      [2, create('v9', 'alice', 2, { encrypted: true, key: 'k-bob' })],
      [2, create('v10', 'alice', 2, { encrypted: true, key: 'k-none' })],
    ], { keys });
    expect(Object.keys(storage.volumes)).toEqual(['v1']);
    expect(refusals).toEqual([
      'error: ebs.create refused: volume id v1 is taken',
      'error: ebs.create refused: no tenant mallory',
      'error: ebs.create refused: no storage node node-zz',
      'error: ebs.create refused: storage node node-1 is in us-east-1, not eu-west-1',
      'error: ebs.create refused: no storage node in ap-south-1',
      'error: ebs.create refused: 257 more blocks do not fit on node node-1 (256 physical blocks, at most 4× provisioned)',
      'error: ebs.create refused: a KMS key was given for an unencrypted volume; set "encrypted": true',
      expect.stringMatching(/^error: ebs.create refused: KMS key k-eu lives in eu-west-1, but the data is in us-east-1\. KMS keys are Region-scoped/),
      'error: ebs.create refused: KMS key k-bob belongs to bob, not alice',
      'error: ebs.create refused: KMS key k-none does not exist',
    ]);
    expect(storage.lastError).toMatchObject({ at: 2e9, action: 'ebs.create', message: 'KMS key k-none does not exist' });
  });

  it('counts only live volumes against the node\'s 4× limit, and keeps deleted ids taken', () => {
    const { storage, refusals } = run([
      [1, create('v1', 'alice', 256)],
      [1, create('v2', 'alice', 256)],
      [1, create('v3', 'alice', 256)],
      [1, create('v4', 'alice', 256)],
      [2, { type: 'ebs.delete', volume: 'v4' }],
      [3, create('v5', 'alice', 256)],
      [4, create('v4', 'alice', 1)],
    ]);
    expect(storage.volumes.v5?.status).toBe('available');
    expect(storage.volumes.v4?.status).toBe('deleted');
    expect(refusals).toEqual(['error: ebs.create refused: volume id v4 is taken']);
  });
});

describe('attaching and detaching', () => {
  it('says which device serves the volume, and where an encrypted volume\'s data key sits', () => {
    const { trace } = run([
      [1, create('vx', 'alice', 1)],
      [1, create('vn', 'alice', 1, { encrypted: true })],
      [1, create('vxe', 'alice', 1, { encrypted: true })],
      [2, attach('vx', guestOf('alice', 'xen'))],
      [2, attach('vn', guestOf('alice', 'nitro'))],
      [3, { type: 'ebs.detach', volume: 'vx' }],
      [4, attach('vxe', guestOf('alice', 'xen'))],
    ]);
    expect(trace).toContain("ebs: volume vx attached to x-alice as a blkfront device served by dom0's blkback");
    expect(trace).toContain('ebs: volume vn attached to n-alice as an NVMe device served by the Nitro Card for EBS; the plaintext data key now sits in the Nitro card');
    expect(trace).toContain("ebs: volume vxe attached to x-alice as a blkfront device served by dom0's blkback; the plaintext data key now sits in hypervisor memory");
    expect(trace).toContain('ebs: volume vx detached from x-alice');
  });

  it('refuses a deleted or unknown volume, a missing guest, a second attachment and a detach of a free volume', () => {
    const { storage, refusals } = run([
      [1, create('va', 'alice', 1)],
      [1, create('vd', 'alice', 1)],
      [2, { type: 'ebs.delete', volume: 'vd' }],
      [3, attach('vd', guestOf('alice'))],
      [3, attach('nope', guestOf('alice'))],
      [3, attach('va', 'ghost')],
      [3, attach('va', 'xen-1.dom0')],
      [4, attach('va', guestOf('alice'))],
      [5, attach('va', guestOf('alice', 'xen'))],
      [5, { type: 'ebs.detach', volume: 'vd' }],
      [5, { type: 'ebs.detach', volume: 'nope' }],
    ]);
    expect(refusals).toEqual([
      'error: ebs.attach refused: no volume vd',
      'error: ebs.attach refused: no volume nope',
      'error: ebs.attach refused: no live guest ghost',
      'error: ebs.attach refused: no live guest xen-1.dom0',
      'error: ebs.attach refused: volume va is already attached to n-alice',
      'error: ebs.detach refused: volume vd is not attached',
      'error: ebs.detach refused: volume nope is not attached',
    ]);
    expect(storage.volumes.va).toMatchObject({ attachedTo: 'n-alice', status: 'in-use' });
  });

  it('a guest that is destroyed loses its attachments, and the volume survives it', () => {
    const { storage } = run([
      [1, create('va', 'alice', 1)],
      [1, attach('va', guestOf('alice'))],
      [1, create('vb', 'bob', 1)],
      [1, attach('vb', guestOf('bob'))],
      [2, { type: 'guest.destroy', guest: guestOf('alice') }],
    ]);
    expect(storage.volumes.va).toMatchObject({ attachedTo: null, status: 'available' });
    expect(storage.volumes.vb).toMatchObject({ attachedTo: 'n-bob', status: 'in-use' });
  });

  it('a dying guest cannot take a new volume', () => {
    const { refusals } = run([
      [1, create('va', 'alice', 1)],
      [2, { type: 'guest.destroy', guest: guestOf('alice') }],
      [2.000001, attach('va', guestOf('alice'))],
    ]);
    expect(refusals).toEqual(['error: ebs.attach refused: no live guest n-alice']);
  });
});

describe('deleting a volume', () => {
  it('refuses an attached volume and a volume deleted already', () => {
    const { refusals } = run([
      [1, create('va', 'alice', 1)],
      [1, attach('va', guestOf('alice'))],
      [2, { type: 'ebs.delete', volume: 'va' }],
      [3, { type: 'ebs.detach', volume: 'va' }],
      [3, { type: 'ebs.delete', volume: 'va' }],
      [4, { type: 'ebs.delete', volume: 'va' }],
    ]);
    expect(refusals).toEqual(['error: ebs.delete refused: volume va is attached to n-alice; detach it first', 'error: ebs.delete refused: no volume va']);
  });

  it('releases only the blocks the volume used, dirty, says whose bytes they hold, and the wiper erases them', () => {
    const { storage, trace } = run([
      [1, create('va', 'alice', 8)],
      [1, attach('va', guestOf('alice'))],
      [2, { type: 'ebs.write', volume: 'va', block: 2, count: 3, data: 'secret' }],
      [3, { type: 'ebs.detach', volume: 'va' }],
      [3, { type: 'ebs.delete', volume: 'va' }],
    ]);
    expect(storage.volumes.va).toMatchObject({ status: 'deleted', deletedAt: 3e9, map: [], mappedCount: 0 });
    expect(trace).toContain("ebs: volume va deleted: 3 physical blocks on node-1 released dirty (they still hold alice's bytes)");
    expect(trace).toContain('ebs: wiper on node-1 erased 3 released block(s); they can be reused now');
    const node = storage.nodes['node-1'];
    expect([0, 1, 2, 3].map((i) => getAt(node?.state ?? [], i))).toEqual([BlockState.WIPED, BlockState.WIPED, BlockState.WIPED, BlockState.FREE]);
    expect(node).toMatchObject({ dirtyCount: 0, allocatedCount: 0, wipeQueue: [], wiperRunning: false });
  });

  it('a volume that never wrote anything releases nothing and starts no wiper', () => {
    const { storage, trace } = run([[1, create('va', 'alice', 8)], [2, { type: 'ebs.delete', volume: 'va' }]]);
    expect(trace).toContain("ebs: volume va deleted: 0 physical blocks on node-1 released dirty (they still hold alice's bytes)");
    expect(trace.some((t) => t.includes('wiper'))).toBe(false);
    expect(storage.nodes['node-1']?.wiperRunning).toBe(false);
  });

  it('history mode queues nothing: the blocks stay dirty until a new volume first touches them', () => {
    const { storage, trace } = run([
      [1, create('va', 'alice', 2)],
      [1, attach('va', guestOf('alice'))],
      [2, { type: 'ebs.write', volume: 'va', block: 0, count: 2, data: 'old' }],
      [3, { type: 'ebs.detach', volume: 'va' }],
      [3, { type: 'ebs.delete', volume: 'va' }],
    ], { historical: true });
    const node = storage.nodes['node-1'];
    expect(node).toMatchObject({ dirtyCount: 2, wipeQueue: [], wiperRunning: false });
    expect(trace.some((t) => t.includes('wiper'))).toBe(false);
  });

  it('a wiper larger than one pass runs again until the queue is empty', () => {
    const { storage, trace } = run([
      [1, create('va', 'alice', 100)],
      [1, attach('va', guestOf('alice'))],
      [2, { type: 'ebs.write', volume: 'va', block: 0, count: 100, data: 'bulk' }],
      [3, { type: 'ebs.detach', volume: 'va' }],
      [3, { type: 'ebs.delete', volume: 'va' }],
    ]);
    expect(trace.filter((t) => t.startsWith('ebs: wiper on node-1'))).toEqual([
      'ebs: wiper on node-1 erased 64 released block(s); they can be reused now',
      'ebs: wiper on node-1 erased 36 released block(s); they can be reused now',
    ]);
    expect(storage.nodes['node-1']).toMatchObject({ dirtyCount: 0, wiperRunning: false, wipeQueue: [] });
  });

  it('with no-ebs-wipe the wiper stays off; switching the fault off finishes the queue', () => {
    const actions: Array<[number, ActionInput]> = [
      [1, create('va', 'alice', 2)],
      [1, attach('va', guestOf('alice'))],
      [2, { type: 'ebs.write', volume: 'va', block: 0, count: 2, data: 'old' }],
      [3, { type: 'ebs.detach', volume: 'va' }],
      [3, { type: 'ebs.delete', volume: 'va' }],
    ];
    const faulty = run(actions, { faults: ['no-ebs-wipe'], withoutAuditor: true });
    expect(faulty.storage.nodes['node-1']).toMatchObject({ dirtyCount: 2, wiperRunning: false });
    expect(faulty.storage.nodes['node-1']?.wipeQueue).toEqual([[0, 1]]);
    const healed = run([...actions, [5, { type: 'fault.set', fault: 'no-ebs-wipe', on: false }]], { faults: ['no-ebs-wipe'], withoutAuditor: true });
    expect(healed.storage.nodes['node-1']).toMatchObject({ dirtyCount: 0, wiperRunning: false, wipeQueue: [] });
    // Another fault going off, or this one going on, starts nothing.
    const other = run([...actions, [5, { type: 'fault.set', fault: 'no-ebs-wipe', on: true }]], { faults: ['no-ebs-wipe'], withoutAuditor: true });
    expect(other.storage.nodes['node-1']?.dirtyCount).toBe(2);
  });
});

describe('I/O requests', () => {
  it('refuses I/O on an unknown or deleted volume, and says which blocks are outside the volume', () => {
    const { refusals, storage } = run([
      [1, create('va', 'alice', 4)],
      [1, attach('va', guestOf('alice'))],
      [2, { type: 'ebs.read', volume: 'nope' }],
      [2, { type: 'ebs.write', volume: 'va', block: 3, count: 2, data: 'x' }],
      [2, { type: 'ebs.write', volume: 'va', block: 3, count: 1, data: 'fits' }],
    ]);
    expect(refusals).toEqual(['error: ebs.read refused: no volume nope', 'error: ebs.write refused: blocks 3..4 are outside volume va (4 blocks)']);
    expect(storage.volumes.va?.mappedCount).toBe(1);
  });

  it('a write says who wrote what where, and a read says what came back', () => {
    const { trace, storage } = run([
      [1, create('va', 'alice', 4)],
      [1, attach('va', guestOf('alice', 'xen'))],
      [2, { type: 'ebs.write', volume: 'va', block: 1, count: 2, data: 'ledger' }],
      [3, { type: 'ebs.read', volume: 'va', block: 1, count: 1 }],
      [3, { type: 'ebs.read', volume: 'va', block: 0, count: 3 }],
      [4, create('ve', 'alice', 1, { encrypted: true })],
      [4, attach('ve', guestOf('alice', 'xen'))],
      [5, { type: 'ebs.write', volume: 've', data: 'sealed' }],
    ]);
    // Xen-era encryption runs on the host CPU: 20 µs more, and the key sits in hypervisor memory.
    expect(trace).toContain('io: x-alice wrote "sealed" to ve blocks 0 in 480 µs via xen-blkback; the host encrypted the data under data key dk-ve (the plaintext key sits in hypervisor memory)');
    expect(trace).toContain('io: x-alice wrote "ledger" to va blocks 1..2 in 460 µs via xen-blkback; the volume is not encrypted: its blocks hold plaintext');
    expect(trace).toContain('io: x-alice read va blocks 1 in 460 µs via xen-blkback: "ledger" (tenant alice, volume va)');
    expect(trace).toContain('io: x-alice read va blocks 0..2 in 460 µs via xen-blkback: zeros …');
    expect(storage.reads.map((r) => r.blocks.map((b) => b.content.kind))).toEqual([['plain'], ['zero', 'plain', 'plain']]);
    expect(storage.writeSeq).toBe(3);
  });
});

describe('the KMS key lifecycle', () => {
  const KEYS = [{ id: 'k-a', region: 'us-east-1', tenant: 'alice' }];

  it('a key deletion cancelled and scheduled again is not carried out at the first date', () => {
    const { storage } = run([
      [1, { type: 'kms.scheduleKeyDeletion', key: 'k-a', waitingDays: 7 }],
      [2, { type: 'kms.cancelKeyDeletion', key: 'k-a' }],
      [3, { type: 'kms.scheduleKeyDeletion', key: 'k-a', waitingDays: 30 }],
    ], { keys: KEYS }, 8 * DAY_S);
    expect(storage.keys['k-a']).toMatchObject({ state: 'pending-deletion', deletionAt: 3e9 + 30 * DAY_S * 1e9 });
  });

  it('refuses each change a key\'s state does not allow, with the reason', () => {
    const { refusals, storage } = run([
      [1, { type: 'kms.createKey', key: 'k-a', region: 'us-east-1', tenant: 'alice' }],
      [1, { type: 'kms.createKey', key: 'k-x', region: 'us-east-1', tenant: 'mallory' }],
      [2, { type: 'kms.scheduleKeyDeletion', key: 'k-a', waitingDays: 7 }],
      [3, { type: 'kms.scheduleKeyDeletion', key: 'k-a', waitingDays: 7 }],
      [3, { type: 'kms.enableKey', key: 'k-a' }],
      [3, { type: 'kms.disableKey', key: 'k-a' }],
      [4, { type: 'kms.cancelKeyDeletion', key: 'k-a' }],
      [5, { type: 'kms.cancelKeyDeletion', key: 'k-a' }],
      [5, { type: 'kms.disableKey', key: 'nope' }],
      [6, { type: 'kms.createKey', key: 'k-e', region: 'us-east-1', tenant: 'alice', origin: 'external' }],
      [7, { type: 'kms.deleteImportedKeyMaterial', key: 'k-e' }],
      [8, { type: 'kms.deleteImportedKeyMaterial', key: 'k-e' }],
      [8, { type: 'kms.enableKey', key: 'k-e' }],
    ], { keys: KEYS });
    expect(refusals).toEqual([
      'error: kms.createKey refused: key k-a already exists',
      'error: kms.createKey refused: no tenant mallory',
      'error: kms.scheduleKeyDeletion refused: KMS key k-a is already pending deletion',
      'error: kms.enableKey refused: KMS key k-a is pending-deletion',
      'error: kms.disableKey refused: KMS key k-a is pending-deletion',
      'error: kms.cancelKeyDeletion refused: KMS key k-a is not pending deletion',
      'error: kms.disableKey refused: no KMS key nope',
      'error: kms.deleteImportedKeyMaterial refused: KMS key k-e has no key material',
      'error: kms.enableKey refused: KMS key k-e is no-material',
    ]);
    expect(storage.keys['k-a']).toMatchObject({ state: 'disabled', deletionAt: null });
    expect(storage.keys['k-e']).toMatchObject({ state: 'no-material', origin: 'external' });
  });

  it('a deleted key is gone for every request, and says so on the trace', () => {
    const { refusals, trace, storage } = run([
      [1, { type: 'kms.scheduleKeyDeletion', key: 'k-a', waitingDays: 7 }],
      [8 * DAY_S, { type: 'kms.cancelKeyDeletion', key: 'k-a' }],
      [8 * DAY_S, { type: 'kms.enableKey', key: 'k-a' }],
    ], { keys: KEYS }, 9 * DAY_S);
    expect(storage.keys['k-a']).toMatchObject({ state: 'deleted', deletionAt: null });
    expect(refusals).toEqual(['error: kms.cancelKeyDeletion refused: no KMS key k-a', 'error: kms.enableKey refused: no KMS key k-a']);
    expect(trace).toContain('kms: KMS key k-a deleted: the data keys it protected can never be decrypted again, so its encrypted volumes and snapshots are unreadable for good (crypto-shredding)');
    expect(trace).toContain('kms: KMS key k-a scheduled for deletion in 7 days; until then it is unusable but the deletion can be cancelled; volumes already attached keep working (their data key is in the host or Nitro card); detached volumes, their snapshots and new volumes from those snapshots cannot be used');
  });

  it('the AWS managed default key can be neither disabled nor deleted, and is made once per tenant and Region', () => {
    const { refusals, storage, trace } = run([
      [1, create('v1', 'alice', 1, { encrypted: true })],
      [1, create('v2', 'alice', 1, { encrypted: true })],
      [2, { type: 'kms.disableKey', key: 'aws-ebs.alice.us-east-1' }],
      [2, { type: 'kms.deleteImportedKeyMaterial', key: 'aws-ebs.alice.us-east-1' }],
      [3, { type: 'kms.createKey', key: 'k-new', region: 'eu-west-1', tenant: 'bob' }],
    ]);
    expect(refusals).toEqual([
      'error: kms.disableKey refused: aws-ebs.alice.us-east-1 is an AWS managed key: it cannot be disabled or deleted',
      'error: kms.deleteImportedKeyMaterial refused: aws-ebs.alice.us-east-1 is an AWS managed key: it cannot be disabled or deleted',
    ]);
    expect(Object.keys(storage.keys)).toEqual(['aws-ebs.alice.us-east-1', 'k-new']);
    expect(storage.keys['k-new']).toEqual({ id: 'k-new', region: 'eu-west-1', tenant: 'bob', awsManaged: false, origin: 'aws-kms', state: 'enabled', deletionAt: null });
    expect(trace).toContain('kms: KMS key k-new created in eu-west-1 for bob');
  });

  it('disabling and enabling say what happens to the data', () => {
    const { trace } = run([
      [1, { type: 'kms.disableKey', key: 'k-a' }],
      [2, { type: 'kms.enableKey', key: 'k-a' }],
      [3, { type: 'kms.createKey', key: 'k-e', region: 'us-east-1', tenant: 'alice', origin: 'external' }],
      [4, { type: 'kms.deleteImportedKeyMaterial', key: 'k-e' }],
    ], { keys: KEYS });
    expect(trace).toContain('kms: KMS key k-a disabled: volumes already attached keep working (their data key is in the host or Nitro card); detached volumes, their snapshots and new volumes from those snapshots cannot be used, until it is enabled again');
    expect(trace).toContain('kms: KMS key k-a enabled again');
    expect(trace).toContain('kms: KMS key k-e created with imported key material in us-east-1 for alice');
    expect(trace).toContain('kms: imported key material of KMS key k-e deleted at once, without a waiting period: volumes already attached keep working (their data key is in the host or Nitro card); detached volumes, their snapshots and new volumes from those snapshots cannot be used');
  });
});
