import { describe, expect, it } from 'vitest';
import type { Engine, TraceRecord } from '../../engine';
import { SECOND } from '../../engine/time';
import type { SimState } from '../state';
import { hostIdFor } from './store';
import { act, aliceFillsOneReservedHost, fleetLesson, host, inst, launch, simulate } from './test-fleet';

/**
 * What the fleet's handlers tell the inspector: every trace line links the instance or host it is
 * about (its `data`), the auditor re-checks a host whenever an instance leaves it or it fails, and
 * the private addresses of a VPC run on past 256.
 */
type Action = { type: string } & Record<string, unknown>;

function run(e: Engine<SimState>, actions: Action[]): TraceRecord[] {
  const records: TraceRecord[] = [];
  for (const a of actions) e.input(a.type, a);
  e.runUntil(e.now, { onFrame: (f) => records.push(...f.trace.filter((t) => t.kind === 'fleet' || t.kind === 'error')) });
  return records;
}

const lines = (records: TraceRecord[]) => records.map((t) => [t.kind, t.text, t.data]);

describe('trace lines link what they are about', () => {
  it('placement, stop, start and terminate name the instance (and the host it went to)', () => {
    const e = simulate(fleetLesson({ hosts: [{ family: 'm5', az: 'use1-a', count: 1 }] }));
    const hostId = e.state.world.fleet.pools['pool:use1-a:m5']?.hosts[0] as string;
    const launched = run(e, [launch('web', 'alice', 'vpc-a')]);
    expect(launched.map((t) => [t.kind, t.data])).toEqual([['fleet', { instance: 'web', host: hostId }]]);
    expect(launched[0]?.text).toMatch(new RegExp(`^web \\(default\\) placed on ${hostId}: `));
    expect(lines(run(e, [{ type: 'fleet.stop', instance: 'web' }]))).toEqual([['fleet', `web stopped (last host ${hostId})`, { instance: 'web' }]]);
    expect(run(e, [{ type: 'fleet.start', instance: 'web' }]).map((t) => t.data)).toEqual([{ instance: 'web', host: hostId }]);
    expect(lines(run(e, [{ type: 'fleet.terminate', instance: 'web' }]))).toEqual([['fleet', 'web terminated', { instance: 'web' }]]);
  });

  it('a refused placement and a refused placement change name the instance', () => {
    const e = simulate(fleetLesson({ hosts: [{ family: 'm5', az: 'use1-a', count: 1 }] }));
    act(e, launch('big', 'alice', 'vpc-a', 'm5.24xlarge'));
    const refused = run(e, [launch('more', 'alice', 'vpc-a', 'm5.24xlarge')]);
    expect(refused.map((t) => [t.kind, t.data])).toEqual([['error', { instance: 'more' }]]);
    expect(refused[0]?.text).toMatch(/^launch of more refused: InsufficientInstanceCapacity/);
    expect(lines(run(e, [{ type: 'fleet.modifyPlacement', instance: 'big', tenancy: 'dedicated' }]))).toEqual([
      ['error', 'modify-placement of big refused: big is running: to modify the host ID, tenancy or affinity the instance must be stopped', { instance: 'big' }],
    ]);
    expect(run(e, [{ type: 'fleet.stop', instance: 'big' }, { type: 'fleet.modifyPlacement', instance: 'big', affinity: 'host' }]).map((t) => t.data)).toEqual([{ instance: 'big' }, { instance: 'big' }]);
    expect(run(e, [{ type: 'fleet.modifyVpcTenancy', vpc: 'vpc-a-ded', instanceTenancy: 'default' }]).map((t) => t.data)).toEqual([{ vpc: 'vpc-a-ded' }]);
  });

  it('host allocation, sharing, release and failure name the host (and the account it is shared with)', () => {
    const e = simulate();
    expect(run(e, [{ type: 'fleet.allocateHost', host: 'h-new', account: 'alice', az: 'use1-a', family: 'm5' }]).map((t) => t.data)).toEqual([{ host: 'h-new' }]);
    expect(lines(run(e, [{ type: 'fleet.shareHost', host: 'h-new', account: 'bob' }]))).toEqual([['fleet', 'Dedicated Host h-new shared with bob (AWS RAM)', { host: 'h-new', account: 'bob' }]]);
    expect(run(e, [{ type: 'fleet.releaseHost', host: 'h-new' }]).map((t) => t.data)).toEqual([{ host: 'h-new' }]);
    expect(lines(run(e, [{ type: 'fleet.allocateHost', host: 'h-two', account: 'alice', az: 'use1-a', family: 'm5', hostRecovery: 'off' }, { type: 'fleet.failHost', host: 'h-two', cause: 'network' }])).slice(1)).toEqual([
      ['fleet', 'host h-two fails (network)', { host: 'h-two' }],
    ]);
  });

  it('host recovery names the replacement and the failed host, then each recovered instance and where it went', () => {
    const e = simulate(fleetLesson({ dedicatedHosts: [{ id: 'h-a', account: 'alice', az: 'use1-a', family: 'm5' }] }));
    act(e, launch('db', 'alice', 'vpc-a', 'm5.xlarge', { host: 'h-a' }));
    const records = run(e, [{ type: 'fleet.failHost', host: 'h-a', cause: 'power' }]);
    const replacement = host(e, 'h-a').replacedBy as string;
    expect(lines(records)).toEqual([
      ['fleet', 'host h-a fails (power)', { host: 'h-a' }],
      ['fleet', `host recovery: replacement Dedicated Host ${replacement} allocated for h-a (same AZ, type, auto-placement)`, { host: replacement, failed: 'h-a' }],
      ['fleet', `db recovered onto ${replacement}, same instance ID and address 10.0.0.10`, { instance: 'db', host: replacement }],
    ]);
  });

  it('instance recovery on an AWS host names each recovered instance', () => {
    const e = simulate(fleetLesson({ hosts: [{ family: 'm5', az: 'use1-a', count: 2 }] }));
    act(e, launch('web', 'alice', 'vpc-a'));
    const first = inst(e, 'web').host as string;
    const records = run(e, [{ type: 'fleet.failHost', host: first, cause: 'power' }]);
    const second = inst(e, 'web').host as string;
    expect(second).not.toBe(first);
    expect(records.map((t) => t.data)).toEqual([{ host: first }, { instance: 'web', host: second }, { instance: 'web' }]);
    expect(records[2]?.text).toBe(`web recovered onto ${second} with the same instance ID and address 10.0.0.10`);
  });
});

describe('the auditor re-checks a host whenever it changes', () => {
  it('with ignore-tenancy, a host that still mixes accounts is reported again each time an instance leaves it', () => {
    const e = simulate(fleetLesson({ hosts: [{ family: 'm5', az: 'use1-a', count: 1 }] }), ['ignore-tenancy']);
    act(e, launch('di', 'alice', 'vpc-a-ded'));
    act(e, launch('b1', 'bob', 'vpc-b'));
    act(e, launch('b2', 'bob', 'vpc-b'));
    act(e, launch('b3', 'bob', 'vpc-b'));
    const reported = () => e.state.violations.filter((v) => v.invariant === 'dedicated-instance-isolation').length;
    const before = reported();
    expect(before).toBe(3);
    act(e, { type: 'fleet.stop', instance: 'b2' });
    expect(reported()).toBe(4);
    act(e, { type: 'fleet.terminate', instance: 'b3' });
    expect(reported()).toBe(5);
    // Stopping b1 leaves Alice's Dedicated Instance alone on the host: nothing more to report.
    act(e, { type: 'fleet.stop', instance: 'b1' });
    expect(reported()).toBe(5);
  });
});

describe('private addresses', () => {
  it('run on into the next /24 after 256 addresses, counting launches that found no room', () => {
    const e = simulate(fleetLesson({ hosts: [] }));
    for (let i = 0; i < 247; i++) e.input('fleet.launch', launch(`i${i}`, 'alice', 'vpc-a-ded'));
    e.runUntil(SECOND);
    expect([inst(e, 'i0').privateIp, inst(e, 'i245').privateIp, inst(e, 'i246').privateIp]).toEqual(['10.1.0.10', '10.1.0.255', '10.1.1.0']);
    expect(inst(e, 'i246').state).toBe('terminated');
  });
});

describe('refused placements say what each host answered', () => {
  it('lists each examined host\'s verdict after the rule, or the rule alone when no host was examined', () => {
    const e = simulate(fleetLesson({ hosts: [{ family: 'm5', az: 'use1-a', count: 1 }] }));
    const only = e.state.world.fleet.pools['pool:use1-a:m5']?.hosts[0] as string;
    const noRoom = 'InsufficientInstanceCapacity: no m5 host in use1-a has room (1 host(s): skipped: full for m5.24xlarge, or reserved by other accounts\' Dedicated Instances)';
    act(e, launch('big', 'alice', 'vpc-a', 'm5.24xlarge'));
    expect(run(e, [
      launch('more', 'alice', 'vpc-a', 'm5.24xlarge'),
      launch('dh', 'alice', 'vpc-a', 'm5.large', { tenancy: 'host' }),
    ]).map((t) => t.text)).toEqual([
      `launch of more refused: ${noRoom}`,
      'launch of dh refused: InsufficientHostCapacity: no Dedicated Host of alice with auto-placement on has room for m5.large in use1-a',
    ]);
    act(e, { type: 'fleet.stop', instance: 'big' });
    act(e, launch('fill', 'bob', 'vpc-b', 'm5.24xlarge'));
    expect(run(e, [{ type: 'fleet.start', instance: 'big' }, { type: 'fleet.failHost', host: only, cause: 'power' }]).map((t) => t.text)).toEqual([
      `start of big refused: ${noRoom}`,
      `host ${only} fails (power)`,
      `instance recovery of fill refused: ${noRoom}`,
    ]);
    expect(inst(e, 'fill')).toMatchObject({ state: 'stopped', host: null, lastHost: only });
  });
});

describe('an account\'s list of reserved hosts', () => {
  const reservedBy = (e: Engine<SimState>, account: string) => e.state.world.fleet.pools['pool:use1-a:m5']?.dedicated[account] ?? [];

  it('lists a host once, however many Dedicated Instances of the account join it', () => {
    const e = simulate(fleetLesson({ hosts: [{ family: 'm5', az: 'use1-a', count: 1 }] }));
    act(e, launch('d1', 'alice', 'vpc-a-ded'));
    act(e, launch('d2', 'alice', 'vpc-a-ded'));
    const h = inst(e, 'd1').host as string;
    expect(inst(e, 'd2').host).toBe(h);
    expect(reservedBy(e, 'alice')).toEqual([h]);
  });

  it('keeps a host reserved and listed when the account\'s default instance leaves it but a Dedicated Instance stays', () => {
    const e = simulate(fleetLesson({ hosts: [{ family: 'm5', az: 'use1-a', count: 1 }] }));
    act(e, launch('d1', 'alice', 'vpc-a-ded'));
    act(e, launch('web', 'alice', 'vpc-a'));
    const h = inst(e, 'd1').host as string;
    act(e, { type: 'fleet.stop', instance: 'web' });
    expect(host(e, h).dedicatedTo).toBe('alice');
    expect(reservedBy(e, 'alice')).toEqual([h]);
    expect(reservedBy(e, 'bob')).toEqual([]);
  });
});

describe('a default instance and its account\'s reserved hosts', () => {
  it('passes over a reserved host without room for it and joins the next one of the account\'s list', () => {
    const { e, aliceHost: a } = aliceFillsOneReservedHost();
    expect([inst(e, 'd1b').host, inst(e, 'd1c').host, host(e, a).usedCores]).toEqual([a, a, 40]);
    const c = inst(e, 'c2').host as string;
    act(e, { type: 'fleet.terminate', instance: 'c2' });
    act(e, launch('d2', 'alice', 'vpc-a-ded', 'm5.12xlarge'));
    expect(inst(e, 'd2').host).toBe(c);
    expect(e.state.world.fleet.pools['pool:use1-a:m5']?.dedicated['alice']).toEqual([a, c]);
    act(e, launch('web', 'alice', 'vpc-a', 'm5.12xlarge'));
    expect(inst(e, 'web').host).toBe(c);
    expect(inst(e, 'web').placement?.candidates).toEqual([
      { host: a, verdict: 'full: 40/48 cores used, needs 24' },
      { host: c, verdict: 'dedicated to alice already; has room' },
    ]);
  });
});

describe('Dedicated Hosts of an AZ', () => {
  it('are listed in allocation order, replacement hosts included, and each one is counted', () => {
    const e = simulate(fleetLesson({ dedicatedHosts: [{ id: 'h-a', account: 'alice', az: 'use1-a', family: 'm5' }] }));
    const { hostCount, nextHostSerial } = e.state.world.fleet;
    act(e, { type: 'fleet.allocateHost', host: 'h-b', account: 'bob', az: 'use1-a', family: 'm5' });
    act(e, { type: 'fleet.allocateHost', host: 'h-c', account: 'bob', az: 'use1-b', family: 'm5' });
    act(e, { type: 'fleet.failHost', host: 'h-a', cause: 'power' });
    const replacement = host(e, 'h-a').replacedBy as string;
    expect(e.state.world.fleet.dedicatedHosts).toEqual({ 'use1-a': ['h-a', 'h-b', replacement], 'use1-b': ['h-c'] });
    expect([e.state.world.fleet.hostCount, e.state.world.fleet.nextHostSerial]).toEqual([hostCount + 3, nextHostSerial + 3]);
    expect(replacement).toBe(hostIdFor(nextHostSerial + 2));
    expect(host(e, replacement)).toMatchObject({ owner: 'alice', family: 'm5', az: 'use1-a', state: 'available', allocatedAt: 0, meter: { since: 0, billedNs: 0 } });
  });
});
