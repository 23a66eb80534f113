import { describe, expect, it } from 'vitest';
import type { Engine } from '../../engine';
import { SECOND } from '../../engine/time';
import type { SimState } from '../state';
import { act, fleetLesson, host, inst, launch, simulate } from './test-fleet';

/**
 * The fleet's actions as a learner drives them: each refusal and its wording, what a stop, start,
 * terminate and placement change do to the instance and its host, host allocation, release,
 * sharing and failure, and the per-Region Dedicated Instance fee.
 */
type Action = { type: string } & Record<string, unknown>;

function errors(e: Engine<SimState>, actions: Action[]): string[] {
  const texts: string[] = [];
  for (const a of actions) e.input(a.type, a);
  e.runUntil(e.now, { onFrame: (f) => texts.push(...f.trace.filter((t) => t.kind === 'error').map((t) => t.text)) });
  return texts;
}

function traces(e: Engine<SimState>, actions: Action[]): string[] {
  const texts: string[] = [];
  for (const a of actions) e.input(a.type, a);
  e.runUntil(e.now, { onFrame: (f) => texts.push(...f.trace.filter((t) => t.kind === 'fleet').map((t) => t.text)) });
  return texts;
}

const dh = (more: Record<string, unknown> = {}) => fleetLesson({ dedicatedHosts: [{ id: 'h-a', account: 'alice', az: 'use1-a', family: 'm5', ...more }] });

describe('launching', () => {
  it('refuses an unknown type, a taken id, an unknown account or VPC, another account\'s VPC and an AZ of another Region', () => {
    const e = simulate();
    act(e, launch('web', 'alice', 'vpc-a'));
    expect(errors(e, [
      launch('x1', 'alice', 'vpc-a', 'm5.huge'),
      launch('web', 'alice', 'vpc-a'),
      launch('x2', 'mallory', 'vpc-a'),
      launch('x3', 'alice', 'vpc-zz'),
      launch('x4', 'alice', 'vpc-b'),
      launch('x5', 'alice', 'vpc-a', 'm5.large', { az: 'eu-1a' }),
      launch('x6', 'alice', 'vpc-a', 'm5.large', { tenancy: 'dedicated', host: 'h-a' }),
      launch('x7', 'alice', 'vpc-a-ded', 'm5.large', { billing: 'windows-byol', tenancy: 'default' }),
    ])).toEqual([
      expect.stringMatching(/^launch of x1 refused: m5 has no size "huge"; sizes: 24xlarge, 12xlarge/),
      'launch of web refused: the instance id is taken',
      'launch of x2 refused: no account mallory',
      'launch of x3 refused: no VPC vpc-zz',
      'launch of x4 refused: VPC vpc-b belongs to bob',
      'launch of x5 refused: AZ eu-1a is not in us-east-1',
      'launch of x6 refused: only host tenancy can target a host ID (Dedicated Instances cannot target a specific host)',
    ]);
    // A dedicated VPC makes the launch dedicated, where Windows BYOL is allowed.
    expect(inst(e, 'x7').tenancy).toBe('dedicated');
    expect(e.state.world.fleet.instanceCount).toBe(2);
  });

  it('gives each instance the next private address of its VPC', () => {
    const e = simulate();
    act(e, launch('one', 'alice', 'vpc-a', 'm5.large', { billing: 'linux' }));
    act(e, launch('two', 'alice', 'vpc-a'));
    act(e, launch('three', 'bob', 'vpc-b'));
    expect([inst(e, 'one').privateIp, inst(e, 'two').privateIp, inst(e, 'three').privateIp]).toEqual(['10.0.0.10', '10.0.0.11', '10.2.0.10']);
    expect(inst(e, 'one')).toMatchObject({ family: 'm5', size: 'large', vcpus: 2, cores: 1, state: 'running', billing: 'linux', affinity: 'off', lastHost: null });
    expect(inst(e, 'one').meter).toEqual({ since: 0, billedNs: 0 });
  });

  it('a launch nothing can take leaves a terminated instance that explains why', () => {
    const e = simulate(fleetLesson({ hosts: [{ family: 'm5', az: 'use1-a', count: 1 }] }));
    act(e, launch('big', 'alice', 'vpc-a', 'm5.24xlarge'));
    act(e, launch('more', 'alice', 'vpc-a', 'm5.24xlarge'));
    expect(inst(e, 'more')).toMatchObject({ state: 'terminated', host: null });
    expect(inst(e, 'more').placement?.rule).toMatch(/^InsufficientInstanceCapacity/);
  });
});

describe('stop, start and terminate', () => {
  it('a stop frees the host and remembers it; a start places the instance again', () => {
    const e = simulate();
    act(e, launch('web', 'alice', 'vpc-a'));
    const first = inst(e, 'web').host as string;
    expect(traces(e, [{ type: 'fleet.stop', instance: 'web' }])).toEqual([`web stopped (last host ${first})`]);
    expect(inst(e, 'web')).toMatchObject({ state: 'stopped', host: null, lastHost: first });
    expect(host(e, first)).toMatchObject({ slots: [], usedCores: 0 });
    act(e, { type: 'fleet.start', instance: 'web' });
    expect(inst(e, 'web')).toMatchObject({ state: 'running', host: first });
    expect(inst(e, 'web').history.map((p) => p.reason)).toEqual(['launch']);
    expect(inst(e, 'web').placement?.reason).toBe('start');
  });

  it('refuses to stop what is not running, to start what is not stopped, and anything about an unknown or terminated instance', () => {
    const e = simulate();
    act(e, launch('web', 'alice', 'vpc-a'));
    act(e, launch('gone', 'alice', 'vpc-a'));
    act(e, { type: 'fleet.terminate', instance: 'gone' });
    expect(errors(e, [
      { type: 'fleet.start', instance: 'web' },
      { type: 'fleet.stop', instance: 'web' },
      { type: 'fleet.stop', instance: 'web' },
      { type: 'fleet.stop', instance: 'gone' },
      { type: 'fleet.start', instance: 'nope' },
      { type: 'fleet.terminate', instance: 'gone' },
      { type: 'fleet.modifyPlacement', instance: 'gone', tenancy: 'host' },
    ])).toEqual([
      'start of web refused: it is running',
      'stop of web refused: it is stopped',
      'stop of gone refused: no instance gone',
      'start of nope refused: no instance nope',
      'terminate of gone refused: no instance gone',
      'modify-placement of gone refused: no instance gone',
    ]);
    expect(inst(e, 'gone')).toMatchObject({ state: 'terminated', host: null });
  });

  it('keeps only the last few placements in the history', () => {
    const e = simulate();
    act(e, launch('web', 'alice', 'vpc-a'));
    for (let i = 0; i < 6; i++) {
      act(e, { type: 'fleet.stop', instance: 'web' });
      act(e, { type: 'fleet.start', instance: 'web' });
    }
    expect(inst(e, 'web').history.map((p) => p.reason)).toEqual(['start', 'start', 'start', 'start']);
  });

  it('bills an instance per second only while it runs', () => {
    const e = simulate();
    e.input('fleet.launch', launch('web', 'alice', 'vpc-a'), 1 * SECOND);
    e.input('fleet.stop', { type: 'fleet.stop', instance: 'web' }, 11 * SECOND);
    e.input('fleet.start', { type: 'fleet.start', instance: 'web' }, 20 * SECOND);
    e.runUntil(25 * SECOND);
    expect(inst(e, 'web').meter).toEqual({ since: 20 * SECOND, billedNs: 10 * SECOND });
  });
});

describe('the Dedicated Instance fee of a Region', () => {
  it('runs while at least one Dedicated Instance runs in the Region', () => {
    const e = simulate();
    const at = (s: number, a: Action) => e.input(a.type, a, s * SECOND);
    at(1, launch('d1', 'alice', 'vpc-a-ded'));
    at(2, launch('d2', 'alice', 'vpc-a-ded'));
    at(3, launch('web', 'alice', 'vpc-a'));
    at(5, { type: 'fleet.stop', instance: 'd1' });
    at(8, { type: 'fleet.terminate', instance: 'd2' });
    at(9, { type: 'fleet.terminate', instance: 'web' });
    e.runUntil(10 * SECOND);
    expect(e.state.world.fleet.regions['us-east-1']).toMatchObject({ runningDedicated: 0, dedicatedFee: { since: null, billedNs: 7 * SECOND } });
  });
});

describe('changing an instance\'s placement', () => {
  it('a host ID needs host tenancy; with it the instance targets that host and, with affinity Host, binds to it', () => {
    const e = simulate(dh({ autoPlacement: 'on' }));
    act(e, launch('web', 'alice', 'vpc-a'));
    act(e, { type: 'fleet.stop', instance: 'web' });
    expect(errors(e, [{ type: 'fleet.modifyPlacement', instance: 'web', host: 'h-a' }])).toEqual(['modify-placement of web refused: a host ID needs host tenancy']);
    expect(traces(e, [{ type: 'fleet.modifyPlacement', instance: 'web', tenancy: 'host', host: 'h-a', affinity: 'host' }])).toEqual(['web: tenancy host, affinity host, host h-a (takes effect at next start)']);
    expect(inst(e, 'web')).toMatchObject({ tenancy: 'host', affinity: 'host', targetHost: 'h-a', affinityHost: 'h-a' });
    act(e, { type: 'fleet.start', instance: 'web' });
    expect(inst(e, 'web')).toMatchObject({ host: 'h-a', affinityHost: 'h-a', targetHost: null });
  });

  it('turning affinity off unbinds; leaving host tenancy drops host target and binding', () => {
    const e = simulate(dh());
    act(e, launch('db', 'alice', 'vpc-a', 'm5.large', { host: 'h-a', affinity: 'host' }));
    act(e, { type: 'fleet.stop', instance: 'db' });
    act(e, { type: 'fleet.modifyPlacement', instance: 'db', affinity: 'off' });
    expect(inst(e, 'db')).toMatchObject({ affinity: 'off', affinityHost: null, tenancy: 'host' });
    act(e, { type: 'fleet.modifyPlacement', instance: 'db', host: 'h-a' });
    expect(inst(e, 'db')).toMatchObject({ targetHost: 'h-a', affinityHost: null });
    expect(traces(e, [{ type: 'fleet.modifyPlacement', instance: 'db', tenancy: 'dedicated' }])).toEqual(['db: tenancy dedicated, affinity off (takes effect at next start)']);
    expect(inst(e, 'db')).toMatchObject({ tenancy: 'dedicated', targetHost: null, affinityHost: null });
  });

  it('VPC tenancy changes name the VPC, and an unknown VPC is refused', () => {
    const e = simulate();
    expect(errors(e, [{ type: 'fleet.modifyVpcTenancy', vpc: 'vpc-zz', instanceTenancy: 'default' }])).toEqual(['VPC tenancy change of vpc-zz refused: no such VPC']);
    expect(traces(e, [{ type: 'fleet.modifyVpcTenancy', vpc: 'vpc-a-ded', instanceTenancy: 'default' }])).toEqual(['VPC vpc-a-ded instanceTenancy is now default; running instances keep theirs']);
  });
});

describe('Dedicated Host allocation, sharing and release', () => {
  it('allocates a host to an account with the shape of its family, and bills it from then', () => {
    const e = simulate();
    e.input('fleet.allocateHost', { type: 'fleet.allocateHost', host: 'h-new', account: 'alice', az: 'use1-a', family: 'm5', autoPlacement: 'on', hostRecovery: 'off' }, 2 * SECOND);
    e.runUntil(2 * SECOND);
    expect(host(e, 'h-new')).toMatchObject({ kind: 'dedicated-host', owner: 'alice', az: 'use1-a', family: 'm5', instanceType: null, sockets: 2, physicalCores: 48, autoPlacement: true, hostRecovery: false, meter: { since: 2 * SECOND, billedNs: 0 }, allocatedAt: 2 * SECOND, state: 'available' });
    expect(e.state.world.fleet.dedicatedHosts['use1-a']).toEqual(['h-new']);
    expect(traces(e, [{ type: 'fleet.allocateHost', host: 'h-c3', account: 'bob', az: 'use1-b', instanceType: 'c3.xlarge', autoPlacement: 'off', hostRecovery: 'on' }])).toEqual([
      'Dedicated Host h-c3 allocated to bob in use1-b (c3.xlarge, ? sockets, 20 cores, auto-placement off)',
    ]);
    expect(host(e, 'h-c3')).toMatchObject({ family: 'c3', instanceType: 'c3.xlarge', autoPlacement: false, hostRecovery: true });
  });

  it('gives a generated host a fresh id', () => {
    const e = simulate();
    const before = e.state.world.fleet.hostCount;
    act(e, { type: 'fleet.allocateHost', account: 'alice', az: 'use1-a', family: 'm5' });
    const ids = e.state.world.fleet.dedicatedHosts['use1-a'] ?? [];
    expect(ids).toHaveLength(1);
    expect(ids[0]).toMatch(/^h-0[0-9a-f]{16}$/);
    expect(e.state.world.fleet.hostCount).toBe(before + 1);
  });

  it('refuses what EC2 would refuse when allocating', () => {
    const e = simulate(dh());
    expect(errors(e, [
      { type: 'fleet.allocateHost', account: 'alice', az: 'use1-a', instanceType: 'm5.huge' },
      { type: 'fleet.allocateHost', account: 'alice', az: 'use1-a' },
      { type: 'fleet.allocateHost', account: 'alice', az: 'use1-a', family: 'm5', instanceType: 'm5.large' },
      { type: 'fleet.allocateHost', account: 'alice', az: 'use1-a', family: 'zz' },
      { type: 'fleet.allocateHost', account: 'alice', az: 'use1-a', family: 'c4' },
      { type: 'fleet.allocateHost', account: 'mallory', az: 'use1-a', family: 'm5' },
      { type: 'fleet.allocateHost', account: 'alice', az: 'eu-1a', family: 'm5' },
      { type: 'fleet.allocateHost', host: 'h-a', account: 'alice', az: 'use1-a', family: 'm5' },
    ])).toEqual([
      expect.stringMatching(/^allocate-hosts refused: m5 has no size "huge"/),
      'allocate-hosts refused: give exactly one of family or instanceType',
      'allocate-hosts refused: give exactly one of family or instanceType',
      'allocate-hosts refused: unknown family zz',
      'allocate-hosts refused: c4 Dedicated Hosts run a single instance type; allocate by instanceType',
      'allocate-hosts refused: no account mallory',
      'allocate-hosts refused: no availability zone eu-1a',
      'allocate-hosts refused: host id h-a is taken',
    ]);
  });

  it('shares a host with another account once, and refuses unknown hosts and accounts', () => {
    const e = simulate(dh());
    act(e, { type: 'fleet.shareHost', host: 'h-a', account: 'bob' });
    act(e, { type: 'fleet.shareHost', host: 'h-a', account: 'bob' });
    act(e, { type: 'fleet.shareHost', host: 'h-a', account: 'alice' });
    expect(host(e, 'h-a').sharedWith).toEqual(['bob']);
    const pool = e.state.world.fleet.pools['pool:use1-a:m5']?.hosts[0] as string;
    expect(errors(e, [
      { type: 'fleet.shareHost', host: 'h-zz', account: 'bob' },
      { type: 'fleet.shareHost', host: pool, account: 'bob' },
      { type: 'fleet.shareHost', host: 'h-a', account: 'mallory' },
    ])).toEqual([
      'share of h-zz refused: no such Dedicated Host',
      `share of ${pool} refused: no such Dedicated Host`,
      'share of h-a refused: no account mallory',
    ]);
  });

  it('releases only an empty Dedicated Host, once, billing at least 60 seconds', () => {
    const e = simulate(dh());
    act(e, launch('db', 'alice', 'vpc-a', 'm5.large', { host: 'h-a' }));
    const pool = e.state.world.fleet.pools['pool:use1-a:m5']?.hosts[0] as string;
    expect(errors(e, [
      { type: 'fleet.releaseHost', host: 'h-a' },
      { type: 'fleet.releaseHost', host: pool },
      { type: 'fleet.releaseHost', host: 'h-zz' },
    ])).toEqual([
      'release of h-a refused: 1 instance(s) still run on it',
      `release of ${pool} refused: no such Dedicated Host`,
      'release of h-zz refused: no such Dedicated Host',
    ]);
    act(e, { type: 'fleet.terminate', instance: 'db' });
    act(e, { type: 'fleet.releaseHost', host: 'h-a' });
    expect(host(e, 'h-a')).toMatchObject({ state: 'released', meter: { since: null, billedNs: 60 * SECOND } });
    expect(errors(e, [{ type: 'fleet.releaseHost', host: 'h-a' }])).toEqual(['release of h-a refused: no such Dedicated Host']);
  });
});

describe('host failures', () => {
  it('an AWS pool host\'s instances are recovered onto other hosts with the same ID and address', () => {
    const e = simulate();
    act(e, launch('web', 'carol', 'vpc-c'));
    const failed = inst(e, 'web').host as string;
    const ip = inst(e, 'web').privateIp;
    const lines = traces(e, [{ type: 'fleet.failHost', host: failed, cause: 'network' }]);
    expect(lines[0]).toBe(`host ${failed} fails (network)`);
    expect(inst(e, 'web').host).not.toBe(failed);
    expect(inst(e, 'web')).toMatchObject({ state: 'running', privateIp: ip, lastHost: failed });
    expect(lines).toContain(`web recovered onto ${inst(e, 'web').host} with the same instance ID and address ${ip}`);
    expect(host(e, failed)).toMatchObject({ state: 'failed', slots: [], usedCores: 0 });
  });

  it('a Dedicated Host without host recovery stops its instances', () => {
    const e = simulate(dh({ hostRecovery: 'off' }));
    act(e, launch('db', 'alice', 'vpc-a', 'm5.large', { host: 'h-a' }));
    act(e, { type: 'fleet.failHost', host: 'h-a' });
    expect(inst(e, 'db')).toMatchObject({ state: 'stopped', host: null, lastHost: 'h-a' });
    expect(host(e, 'h-a')).toMatchObject({ state: 'failed', replacedBy: null, slots: [] });
    expect(errors(e, [{ type: 'fleet.failHost', host: 'h-a' }, { type: 'fleet.failHost', host: 'h-zz' }])).toEqual([
      'failure of h-a refused: no such available host',
      'failure of h-zz refused: no such available host',
    ]);
  });

  it('host recovery keeps the owner, sharing, auto-placement and a targeted instance\'s target on the new host', () => {
    const e = simulate(dh({ autoPlacement: 'on', sharedWith: ['bob'] }));
    act(e, launch('db', 'alice', 'vpc-a', 'm5.large', { host: 'h-a' }));
    act(e, launch('app', 'bob', 'vpc-b', 'm5.large', { host: 'h-a' }));
    act(e, { type: 'fleet.failHost', host: 'h-a' });
    const replacement = host(e, 'h-a').replacedBy as string;
    expect(host(e, replacement)).toMatchObject({ owner: 'alice', sharedWith: ['bob'], autoPlacement: true, hostRecovery: true, state: 'available' });
    expect(host(e, replacement).slots.map((s) => s.instance).sort()).toEqual(['app', 'db']);
    expect(inst(e, 'db').placement).toMatchObject({ reason: 'host recovery', examined: 2, candidates: [{ host: 'h-a', verdict: 'failed' }, { host: replacement, verdict: 'replacement host' }] });
    expect(e.state.world.fleet.dedicatedHosts['use1-a']).toEqual(['h-a', replacement]);
  });
});

describe('hosts reserved by Dedicated Instances', () => {
  const onePool = (count: number) => fleetLesson({ hosts: [{ family: 'm5', az: 'use1-a', count }] });
  const reservedBy = (e: Engine<SimState>, account: string) => e.state.world.fleet.pools['pool:use1-a:m5']?.dedicated[account] ?? [];

  it('a host stops being reserved when its last Dedicated Instance leaves, even if the account\'s other instances stay', () => {
    const e = simulate(onePool(1));
    act(e, launch('di', 'alice', 'vpc-a-ded'));
    act(e, launch('web-a', 'alice', 'vpc-a'));
    const h = inst(e, 'di').host as string;
    expect(inst(e, 'web-a').host).toBe(h);
    expect(errors(e, [launch('web-c', 'carol', 'vpc-c')])).toHaveLength(1);
    act(e, { type: 'fleet.stop', instance: 'di' });
    expect(host(e, h).dedicatedTo).toBeNull();
    expect(reservedBy(e, 'alice')).toEqual([]);
    act(e, launch('web-c2', 'carol', 'vpc-c'));
    expect(inst(e, 'web-c2').host).toBe(h);
  });

  it('a full reserved host leaves the account\'s list, and comes back when one of its Dedicated Instances leaves', () => {
    const e = simulate(onePool(2));
    act(e, launch('di-1', 'alice', 'vpc-a-ded', 'm5.12xlarge'));
    const h = inst(e, 'di-1').host as string;
    expect(reservedBy(e, 'alice')).toEqual([h]);
    act(e, launch('di-2', 'alice', 'vpc-a-ded', 'm5.12xlarge'));
    expect(inst(e, 'di-2').host).toBe(h);
    expect(reservedBy(e, 'alice')).toEqual([]);
    expect(host(e, h).dedicatedTo).toBe('alice');
    act(e, { type: 'fleet.stop', instance: 'di-1' });
    expect(reservedBy(e, 'alice')).toEqual([h]);
  });

  it('a host that had no room reopens to the first-fit scan when an instance leaves it', () => {
    const e = simulate(onePool(2));
    act(e, launch('big', 'carol', 'vpc-c', 'm5.24xlarge'));
    const first = inst(e, 'big').host as string;
    act(e, launch('small', 'carol', 'vpc-c'));
    expect(inst(e, 'small').host).not.toBe(first);
    act(e, { type: 'fleet.terminate', instance: 'big' });
    act(e, launch('again', 'carol', 'vpc-c'));
    expect(inst(e, 'again').host).toBe(first);
    act(e, launch('big-2', 'carol', 'vpc-c', 'm5.24xlarge'));
    expect(inst(e, 'big-2').state).toBe('terminated');
  });

  it('an emptied host can be taken by another account\'s Dedicated Instance', () => {
    const e = simulate(onePool(1));
    act(e, launch('web', 'carol', 'vpc-c'));
    expect(errors(e, [launch('di', 'alice', 'vpc-a-ded')])).toHaveLength(1);
    act(e, { type: 'fleet.terminate', instance: 'web' });
    act(e, launch('di-2', 'alice', 'vpc-a-ded'));
    expect(inst(e, 'di-2').state).toBe('running');
    expect(host(e, inst(e, 'di-2').host as string).dedicatedTo).toBe('alice');
  });

  it('a failed reserved host is not listed again when its instances are moved off it', () => {
    const e = simulate(onePool(3));
    act(e, launch('di-1', 'alice', 'vpc-a-ded', 'm5.12xlarge'));
    const h = inst(e, 'di-1').host as string;
    act(e, launch('di-2', 'alice', 'vpc-a-ded', 'm5.12xlarge'));
    act(e, { type: 'fleet.failHost', host: h });
    expect(reservedBy(e, 'alice')).not.toContain(h);
    expect(inst(e, 'di-1').host).not.toBe(h);
    expect(inst(e, 'di-2').host).not.toBe(h);
  });
});
