import { describe, expect, it } from 'vitest';
import type { Engine } from '../../engine';
import type { SimState } from '../state';
import { familyCapacity, parseInstanceType, type InstanceType } from './capacity';
import { capacityRefusal, countBySize } from './host-capacity';
import { billingRefusal, placementChangeRefusal, resolveLaunchTenancy, tenancyChangeRefusal, vpcTenancyChangeRefusal } from './rules';
import { act, fleetLesson, host, inst, launch, simulate } from './test-fleet';
import type { BillingProduct, FleetHost } from './types';

/**
 * Where an instance may run, rule by rule: host capacity (published maxima, physical cores,
 * shares of a mixed Xen-era or T3 host), the shared pool, Dedicated Instances, Dedicated Hosts
 * (targeted, affinity, last host, auto-placement) and the ignore-tenancy fault, with the words
 * each placement records for the inspector.
 */

function bareHost(family: string, instanceType: string | null = null, kind: FleetHost['kind'] = 'pool'): FleetHost {
  const c = familyCapacity(family);
  return {
    id: 'h', kind, az: 'a', family, instanceType, sockets: c?.sockets ?? null, physicalCores: c?.physicalCores ?? null,
    illustrativeShape: false, state: 'available', owner: null, sharedWith: [], autoPlacement: false, hostRecovery: true, replacedBy: null,
    slots: [], usedCores: 0, poolIndex: 0, dedicatedTo: null, meter: { since: null, billedNs: 0 }, allocatedAt: 0,
  };
}

const type = (name: string): InstanceType => parseInstanceType(name) as InstanceType;

function put(h: FleetHost, name: string, n = 1): FleetHost {
  const t = type(name);
  for (let i = 0; i < n; i++) {
    h.slots.push({ instance: `${name}-${h.slots.length}`, account: 'x', tenancy: 'default', size: t.size, cores: t.cores });
    h.usedCores += t.cores;
  }
  return h;
}

/** Every error trace line of the actions, run now. */
function errors(e: Engine<SimState>, actions: Array<{ type: string } & Record<string, unknown>>): string[] {
  const texts: string[] = [];
  for (const a of actions) e.input(a.type, a);
  e.runUntil(e.now, { onFrame: (f) => texts.push(...f.trace.filter((t) => t.kind === 'error').map((t) => t.text)) });
  return texts;
}

describe('host capacity', () => {
  it('refuses another family, and another type on a single-size host', () => {
    expect(capacityRefusal(bareHost('m5'), type('c5.large'))).toBe('family m5, not c5');
    expect(capacityRefusal(bareHost('c5', 'c5.2xlarge', 'dedicated-host'), type('c5.xlarge'))).toBe('runs only c5.2xlarge');
    expect(capacityRefusal(bareHost('c5', 'c5.2xlarge', 'dedicated-host'), type('c5.2xlarge'))).toBeNull();
  });

  it('stops at the published maximum of a size, exactly', () => {
    const h = put(bareHost('c5', 'c5.2xlarge', 'dedicated-host'), 'c5.2xlarge', 7);
    expect(capacityRefusal(h, type('c5.2xlarge'))).toBeNull();
    put(h, 'c5.2xlarge');
    expect(capacityRefusal(h, type('c5.2xlarge'))).toBe('full: 8 × c5.2xlarge is the published maximum');
  });

  it('a multi-size Nitro host is limited by its physical cores, exactly', () => {
    const h = put(put(put(bareHost('m5'), 'm5.12xlarge', 1), 'm5.4xlarge', 2), 'm5.2xlarge', 1);
    expect(h.usedCores).toBe(44);
    expect(capacityRefusal(h, type('m5.2xlarge'))).toBeNull();
    put(h, 'm5.xlarge', 1);
    expect(capacityRefusal(h, type('m5.xlarge'))).toBeNull();
    expect(capacityRefusal(h, type('m5.2xlarge'))).toBe('full: 46/48 cores used, needs 4');
  });

  it('a multi-size host with an unpublished size maximum still fits by cores', () => {
    // r5: only r5.8xlarge = 2 is published; r5.large fits while cores last.
    const h = put(bareHost('r5'), 'r5.8xlarge', 2);
    expect(capacityRefusal(h, type('r5.8xlarge'))).toBe('full: 2 × r5.8xlarge is the published maximum');
    expect(capacityRefusal(h, type('r5.4xlarge'))).toBeNull();
    put(h, 'r5.4xlarge', 2);
    expect(capacityRefusal(h, type('r5.large'))).toBe('full: 48/48 cores used, needs 1');
  });

  it('a single-size host without published cores counts instances only; without either it cannot place', () => {
    // p3: no physicalCores in the record, but p3.2xlarge = 8 is published.
    const p3 = put(bareHost('p3', 'p3.2xlarge', 'dedicated-host'), 'p3.2xlarge', 7);
    expect(capacityRefusal(p3, type('p3.2xlarge'))).toBeNull();
    const unknown = bareHost('r5', 'r5.large', 'dedicated-host');
    unknown.physicalCores = null;
    expect(capacityRefusal(unknown, type('r5.large'))).toBe('capacity of r5.large unknown (not published)');
  });

  it('an AWS pool host of a Xen-era family mixes sizes by their shares of the host', () => {
    const h = put(bareHost('m4'), 'm4.4xlarge', 1);
    // 1/2 used: five more large (5/22) fit, the rest of the half is 11/22.
    put(h, 'm4.large', 10);
    expect(capacityRefusal(h, type('m4.large'))).toBeNull();
    put(h, 'm4.large', 1);
    expect(capacityRefusal(h, type('m4.large'))).toBe('full: 100% of the host\'s published capacity used');
    expect(capacityRefusal(h, type('m4.10xlarge'))).toBe('full: 100% of the host\'s published capacity used');
  });

  it('a mixed host fills to exactly its published single-size count (shares summing to 1 are not refused by rounding)', () => {
    for (const [name, n] of [['m4.large', 22], ['m3.medium', 32], ['c4.xlarge', 8]] as const) {
      const h = put(bareHost(name.split('.')[0] as string), name, n - 1);
      expect(capacityRefusal(h, type(name)), name).toBeNull();
      put(h, name);
      expect(capacityRefusal(h, type(name)), name).toMatch(/^full: /);
    }
  });

  it('reports the share used when a mixed host is full, rounded to a percentage', () => {
    const h = put(bareHost('c4'), 'c4.4xlarge', 1);
    put(h, 'c4.xlarge', 3);
    // 1/2 + 3/8 = 87.5 % used: a c4.2xlarge (1/4) does not fit, a c4.xlarge (1/8) does.
    expect(capacityRefusal(h, type('c4.2xlarge'))).toBe('full: 88% of the host\'s published capacity used');
    expect(capacityRefusal(h, type('c4.xlarge'))).toBeNull();
  });

  it('a size with no published maximum cannot be placed on a mixed host, nor beside one', () => {
    const p3 = bareHost('p3');
    expect(capacityRefusal(p3, type('p3.2xlarge'))).toBeNull();
    const pool = bareHost('p3dn');
    expect(capacityRefusal(pool, type('p3dn.24xlarge'))).toBeNull();
    const odd = bareHost('m4');
    odd.slots.push({ instance: 'mystery', account: 'x', tenancy: 'default', size: 'huge', cores: 1 });
    expect(capacityRefusal(odd, type('m4.large'))).toBe('capacity of m4.huge unknown (not published)');
  });

  it('counts the instances of each size on a host', () => {
    const h = put(put(bareHost('m5'), 'm5.large', 3), 'm5.xlarge', 1);
    expect(countBySize(h)).toEqual({ large: 3, xlarge: 1 });
    expect(countBySize(bareHost('m5'))).toEqual({});
  });
});

describe('placement in the shared pool', () => {
  it('a default instance goes to the first host with room, and says it may share it with anyone', () => {
    const e = simulate();
    act(e, launch('web', 'carol', 'vpc-c'));
    const p = inst(e, 'web').placement;
    expect(p).toMatchObject({ reason: 'launch', tenancy: 'default', examined: 1, host: inst(e, 'web').host });
    expect(p?.rule).toBe('Default tenancy: the first host with room, shared with any account, never one reserved by another account\'s Dedicated Instances. tenancy default from VPC vpc-c\'s instanceTenancy');
    expect(p?.candidates).toEqual([{ host: inst(e, 'web').host, verdict: 'first host with room; shared hardware is fine for default tenancy' }]);
  });

  it('a default instance joins a host already dedicated to its own account before any other', () => {
    const e = simulate();
    act(e, launch('web-c', 'carol', 'vpc-c'));
    act(e, launch('di', 'alice', 'vpc-a-ded'));
    act(e, launch('web-a', 'alice', 'vpc-a'));
    expect(inst(e, 'web-a').host).toBe(inst(e, 'di').host);
    expect(inst(e, 'web-a').placement?.rule).toMatch(/^Default tenancy may share a host with the same account's Dedicated Instances/);
    expect(inst(e, 'web-a').placement?.candidates[0]).toEqual({ host: inst(e, 'di').host, verdict: 'dedicated to alice already; has room' });
  });

  it('skips hosts reserved by another account\'s Dedicated Instances, and says how many it skipped', () => {
    const e = simulate(fleetLesson({ hosts: [{ family: 'm5', az: 'use1-a', count: 3 }] }));
    act(e, launch('di', 'alice', 'vpc-a-ded'));
    const reserved = inst(e, 'di').host;
    act(e, launch('web', 'carol', 'vpc-c'));
    expect(inst(e, 'web').host).not.toBe(reserved);
    const hosts = e.state.world.fleet.pools['pool:use1-a:m5']?.hosts ?? [];
    const expected = hosts.find((id) => id !== reserved) as string;
    expect(inst(e, 'web').host).toBe(expected);
    const skipped = hosts.indexOf(expected);
    const chosen = { host: expected, verdict: 'first host with room; shared hardware is fine for default tenancy' };
    expect(inst(e, 'web').placement?.candidates).toEqual(skipped > 0 ? [{ host: `${skipped} host(s)`, verdict: 'skipped: full for m5.large, or reserved by other accounts\' Dedicated Instances' }, chosen] : [chosen]);
  });

  it('refuses when no pool host has room, and when the AZ has no host of the family', () => {
    const e = simulate(fleetLesson({ hosts: [{ family: 'm5', az: 'use1-a', count: 1 }] }));
    act(e, launch('big', 'carol', 'vpc-c', 'm5.24xlarge'));
    expect(errors(e, [launch('more', 'carol', 'vpc-c', 'm5.large'), launch('c4', 'carol', 'vpc-c', 'c4.large')])).toEqual([
      expect.stringMatching(/^launch of more refused: InsufficientInstanceCapacity: no m5 host in use1-a has room/),
      'launch of c4 refused: no c4 hosts in use1-a',
    ]);
    expect(inst(e, 'more').state).toBe('terminated');
    expect(inst(e, 'more').placement?.candidates[0]).toEqual({ host: '1 host(s)', verdict: 'skipped: full for m5.large, or reserved by other accounts\' Dedicated Instances' });
  });
});

describe('Dedicated Instances', () => {
  it('take an empty host and reserve it for their account, choosing among up to three at random', () => {
    const e = simulate(fleetLesson({ hosts: [{ family: 'm5', az: 'use1-a', count: 5 }] }));
    act(e, launch('di', 'alice', 'vpc-a-ded'));
    const p = inst(e, 'di').placement;
    expect(p?.candidates).toHaveLength(3);
    expect(p?.candidates.every((c) => c.verdict.startsWith('empty host; would become dedicated to this account'))).toBe(true);
    expect(p?.candidates.filter((c) => c.verdict.endsWith(' — chosen at random among 3 eligible (no affinity)')).map((c) => c.host)).toEqual([inst(e, 'di').host]);
    expect(p?.rule).toMatch(/^Dedicated Instance: a host that runs only alice's instances, never another account's, even a linked one; no host affinity/);
    expect(host(e, inst(e, 'di').host as string).dedicatedTo).toBe('alice');
  });

  it('skip hosts that run anything already, counting them', () => {
    const e = simulate(fleetLesson({ hosts: [{ family: 'm5', az: 'use1-a', count: 3 }] }));
    act(e, launch('web', 'carol', 'vpc-c'));
    act(e, launch('di', 'alice', 'vpc-a-ded'));
    expect(inst(e, 'di').placement?.candidates[0]).toEqual({ host: '1 host(s)', verdict: 'skipped: not empty (a DI goes only to a host reserved for its account or an empty one, never beside another account, even a linked one)' });
    expect(inst(e, 'di').placement?.examined).toBe(3);
  });

  it('are refused when every host runs another account\'s instances', () => {
    const e = simulate(fleetLesson({ hosts: [{ family: 'm5', az: 'use1-a', count: 1 }] }));
    act(e, launch('web', 'carol', 'vpc-c'));
    expect(errors(e, [launch('di', 'bob', 'vpc-b', 'm5.large', { tenancy: 'dedicated' })])).toEqual([
      expect.stringMatching(/^launch of di refused: InsufficientInstanceCapacity: no m5 host in use1-a is free of other accounts' instances/),
    ]);
  });

  it('a failed host reserved for the account is passed over', () => {
    const e = simulate(fleetLesson({ hosts: [{ family: 'm5', az: 'use1-a', count: 1 }] }));
    act(e, launch('di', 'alice', 'vpc-a-ded'));
    const reserved = inst(e, 'di').host as string;
    act(e, { type: 'fleet.failHost', host: reserved });
    expect(host(e, reserved).state).toBe('failed');
    expect(inst(e, 'di').state).toBe('stopped');
    expect(inst(e, 'di').placement?.reason).toBe('instance recovery');
  });
});

describe('Dedicated Hosts', () => {
  const three = () => fleetLesson({
    dedicatedHosts: [
      { id: 'h-1', account: 'alice', az: 'use1-a', family: 'm5', autoPlacement: 'on' },
      { id: 'h-2', account: 'alice', az: 'use1-a', family: 'm5', autoPlacement: 'on' },
      { id: 'h-c', account: 'alice', az: 'use1-a', family: 'c5', autoPlacement: 'on' },
    ],
  });
  const poolHost = (e: Engine<SimState>) => e.state.world.fleet.pools['pool:use1-a:m5']?.hosts[0] as string;

  it('a targeted launch says why the named host refused it', () => {
    const e = simulate(three());
    const pool = poolHost(e);
    act(e, { type: 'fleet.releaseHost', host: 'h-2' });
    expect(errors(e, [
      launch('to-pool', 'alice', 'vpc-a', 'm5.large', { host: pool }),
      launch('to-nothing', 'alice', 'vpc-a', 'm5.large', { host: 'h-zz' }),
      launch('to-released', 'alice', 'vpc-a', 'm5.large', { host: 'h-2' }),
      launch('to-other', 'carol', 'vpc-c', 'm5.large', { host: 'h-1' }),
      launch('wrong-family', 'alice', 'vpc-a', 'c5.large', { host: 'h-1' }),
    ])).toEqual([
      `launch of to-pool refused: Targeted launch: the instance asked for host ${pool} by its host ID; refused: not a Dedicated Host (${pool}: not a Dedicated Host)`,
      'launch of to-nothing refused: Targeted launch: the instance asked for host h-zz by its host ID; refused: not a Dedicated Host (h-zz: not a Dedicated Host)',
      'launch of to-released refused: Targeted launch: the instance asked for host h-2 by its host ID; refused: host released (h-2: host released)',
      'launch of to-other refused: Targeted launch: the instance asked for host h-1 by its host ID; refused: owned by alice and not shared with carol (h-1: owned by alice and not shared with carol)',
      'launch of wrong-family refused: Targeted launch: the instance asked for host h-1 by its host ID; refused: family m5, not c5 (h-1: family m5, not c5)',
    ]);
  });

  it('a targeted launch that fits is placed there, and the target is forgotten afterwards', () => {
    const e = simulate(three());
    act(e, launch('db', 'alice', 'vpc-a', 'm5.large', { host: 'h-2' }));
    expect(inst(e, 'db')).toMatchObject({ host: 'h-2', targetHost: null, affinityHost: null, tenancy: 'host' });
    expect(inst(e, 'db').placement).toMatchObject({ rule: 'Targeted launch: the instance asked for host h-2 by its host ID. tenancy host as asked at launch', candidates: [{ host: 'h-2', verdict: 'fits' }], examined: 1 });
  });

  it('an untargeted host launch takes the first host of the family with auto-placement on and room', () => {
    const e = simulate(three());
    act(e, launch('c', 'alice', 'vpc-a', 'c5.large', { tenancy: 'host' }));
    expect(inst(e, 'c').host).toBe('h-c');
    expect(inst(e, 'c').placement).toMatchObject({ candidates: [{ host: 'h-c', verdict: 'fits' }], examined: 1 });
    expect(inst(e, 'c').placement?.rule).toMatch(/^Untargeted host-tenancy launch: the first of the account's Dedicated Hosts with auto-placement on and room for this type/);
    act(e, launch('big', 'alice', 'vpc-a', 'm5.24xlarge', { tenancy: 'host' }));
    act(e, launch('next', 'alice', 'vpc-a', 'm5.large', { tenancy: 'host' }));
    expect(inst(e, 'big').host).toBe('h-1');
    expect(inst(e, 'next').host).toBe('h-2');
    expect(inst(e, 'next').placement?.candidates).toEqual([
      { host: 'h-1', verdict: 'full: 48/48 cores used, needs 1' },
      { host: 'h-2', verdict: 'fits' },
    ]);
  });

  it('says when no Dedicated Host of the account has room', () => {
    const e = simulate(three());
    act(e, launch('a', 'alice', 'vpc-a', 'm5.24xlarge', { tenancy: 'host' }));
    act(e, launch('b', 'alice', 'vpc-a', 'm5.24xlarge', { tenancy: 'host' }));
    expect(errors(e, [launch('c', 'alice', 'vpc-a', 'm5.24xlarge', { tenancy: 'host' })])).toEqual([
      expect.stringMatching(/^launch of c refused: InsufficientHostCapacity: no Dedicated Host of alice with auto-placement on has room for m5\.24xlarge in use1-a \(h-1: full/),
    ]);
  });

  it('affinity Off tries the last host first, and goes elsewhere when it is full', () => {
    const e = simulate(three());
    act(e, launch('mover', 'alice', 'vpc-a', 'm5.12xlarge', { host: 'h-2' }));
    act(e, { type: 'fleet.stop', instance: 'mover' });
    act(e, launch('filler', 'alice', 'vpc-a', 'm5.24xlarge', { host: 'h-2' }));
    act(e, { type: 'fleet.start', instance: 'mover' });
    expect(inst(e, 'mover').host).toBe('h-1');
    expect(inst(e, 'mover').placement?.candidates.map((c) => c.host)).toEqual(['h-2', 'h-1']);
    expect(inst(e, 'mover').placement?.candidates[0]?.verdict).toMatch(/^full: /);
  });

  it('affinity Host stays bound: a full bound host refuses the start instead of moving', () => {
    const e = simulate(three());
    act(e, launch('pinned', 'alice', 'vpc-a', 'm5.12xlarge', { host: 'h-2', affinity: 'host' }));
    expect(inst(e, 'pinned').affinityHost).toBe('h-2');
    act(e, { type: 'fleet.stop', instance: 'pinned' });
    act(e, launch('filler', 'alice', 'vpc-a', 'm5.24xlarge', { host: 'h-2' }));
    expect(errors(e, [{ type: 'fleet.start', instance: 'pinned' }])).toEqual([
      expect.stringMatching(/^start of pinned refused: Affinity Host: an instance tied to a host always restarts on the same host; refused: full/),
    ]);
    expect(inst(e, 'pinned').state).toBe('stopped');
  });

  it('with ignore-tenancy, capacity is all that counts: the first host with room, whoever owns it', () => {
    const e = simulate(fleetLesson({ hosts: [{ family: 'm5', az: 'use1-a', count: 1 }], dedicatedHosts: [{ id: 'h-a', account: 'alice', az: 'use1-a', family: 'm5' }] }), ['ignore-tenancy']);
    act(e, launch('big', 'carol', 'vpc-c', 'm5.24xlarge'));
    act(e, launch('spill', 'carol', 'vpc-c', 'm5.24xlarge'));
    expect(inst(e, 'spill').host).toBe('h-a');
    expect(inst(e, 'spill').placement?.rule).toMatch(/^FAULT ignore-tenancy: the first host with room, whatever its tenancy or owner/);
    expect(inst(e, 'spill').placement?.candidates.map((c) => c.verdict)).toEqual([expect.stringMatching(/^full: /), 'fits (tenancy ignored)']);
    expect(errors(e, [launch('none', 'carol', 'vpc-c', 'm5.24xlarge')])).toEqual([expect.stringMatching(/^launch of none refused: FAULT ignore-tenancy: no host with room/)]);
  });
});

describe('the wording of the tenancy rules', () => {
  const vpc = (instanceTenancy: 'default' | 'dedicated') => ({ id: 'vpc-1', account: 'a', region: 'r', instanceTenancy, index: 0, nextAddress: 0 });

  it('says where a launch\'s tenancy came from', () => {
    expect(resolveLaunchTenancy(vpc('default'), undefined, undefined)).toEqual({ tenancy: 'default', note: 'tenancy default from VPC vpc-1\'s instanceTenancy' });
    expect(resolveLaunchTenancy(vpc('default'), 'dedicated', undefined)).toEqual({ tenancy: 'dedicated', note: 'tenancy dedicated as asked at launch' });
    expect(resolveLaunchTenancy(vpc('default'), undefined, 'h-1')).toEqual({ tenancy: 'host', note: 'tenancy host as asked at launch' });
    expect(resolveLaunchTenancy(vpc('dedicated'), undefined, undefined)).toEqual({ tenancy: 'dedicated', note: 'VPC vpc-1 has instanceTenancy dedicated, which forces Dedicated Instances unless host tenancy is asked for' });
    expect(resolveLaunchTenancy(vpc('dedicated'), undefined, 'h-1')).toEqual({ tenancy: 'host', note: 'tenancy host as asked at launch' });
    expect(resolveLaunchTenancy(vpc('dedicated'), 'default', 'h-1').tenancy).toBe('dedicated');
  });

  it('explains each refused tenancy change in EC2\'s words', () => {
    const m5 = (tenancy: 'default' | 'dedicated' | 'host', billing: BillingProduct = 'linux') => ({ tenancy, family: 'm5', billing });
    expect(tenancyChangeRefusal({ tenancy: 'default', family: 't3', billing: 'linux' }, 'host')).toBe('InvalidRequest: a T3 instance can use host tenancy only when it was launched onto a Dedicated Host (default → host)');
    expect(tenancyChangeRefusal({ tenancy: 'host', family: 't3', billing: 'linux' }, 'default')).toBe('InvalidRequest: a T3 instance cannot change its tenancy from host to default');
    expect(tenancyChangeRefusal(m5('dedicated', 'windows-byol'), 'default')).toBe('Dedicated Instance → shared (default) refused: the Windows BYOL billing product is not permitted on shared tenancy: bring-your-own Windows licences need dedicated hardware');
    expect(tenancyChangeRefusal(m5('default', 'other-li'), 'host')).toBe('shared (default) → Dedicated Host refused: the other-li billing product is not permitted on Dedicated Hosts: only Linux, Windows Server license-included and BYOL run there');
    // Already on the target tenancy: nothing to refuse, whatever the product.
    expect(tenancyChangeRefusal(m5('host', 'sql-server-li'), 'host')).toBeNull();
    expect(tenancyChangeRefusal(m5('default', 'windows-byol'), 'default')).toBeNull();
    expect(billingRefusal('windows-byol', 'dedicated')).toBeNull();
    expect(placementChangeRefusal({ id: 'i-9', state: 'running' })).toBe('i-9 is running: to modify the host ID, tenancy or affinity the instance must be stopped');
    expect(vpcTenancyChangeRefusal({ instanceTenancy: 'default' }, 'dedicated')).toBe('VPC tenancy can change from dedicated to default only, never default → dedicated');
  });
});

describe('how far placement looks', () => {
  it('a host with one small instance refuses the largest size for its cores, not for the size\'s count', () => {
    const h = put(bareHost('m5'), 'm5.large', 1);
    expect(capacityRefusal(h, type('m5.24xlarge'))).toBe('full: 1/48 cores used, needs 48');
  });

  it('an explanation keeps the first five candidates but counts every host examined', () => {
    const e = simulate(fleetLesson({ hosts: [{ family: 'm5', az: 'use1-a', count: 6 }] }), ['ignore-tenancy']);
    for (let i = 0; i < 6; i++) act(e, launch(`big-${i}`, 'carol', 'vpc-c', 'm5.24xlarge'));
    act(e, launch('one-more', 'carol', 'vpc-c', 'm5.large'));
    const p = inst(e, 'one-more').placement;
    expect(p?.examined).toBe(6);
    expect(p?.candidates).toHaveLength(5);
    expect(p?.host).toBeNull();
  });

  it('a Dedicated Instance chooses among at most three of its account\'s hosts with room; a default instance takes the first', () => {
    const e = simulate(fleetLesson({ hosts: [{ family: 'm5', az: 'use1-a', count: 6 }] }));
    // Four hosts dedicated to alice, each left with 2 free cores (room for one m5.large).
    for (let h = 0; h < 4; h++) {
      for (const [i, size] of ['12xlarge', '4xlarge', '4xlarge', '2xlarge', 'xlarge'].entries()) act(e, launch(`di-${h}-${i}`, 'alice', 'vpc-a-ded', `m5.${size}`));
    }
    const reserved = [...new Set([0, 1, 2, 3].map((h) => inst(e, `di-${h}-0`).host))];
    expect(reserved).toHaveLength(4);
    act(e, launch('di-small', 'alice', 'vpc-a-ded'));
    const p = inst(e, 'di-small').placement;
    const own = [...(e.state.world.fleet.pools['pool:use1-a:m5']?.dedicated.alice ?? [])];
    expect(own).toHaveLength(4);
    // The first three of alice's hosts with room, then the note on the hosts before the first empty one.
    expect(p?.candidates.slice(0, 3).map((c) => c.host)).toEqual(own.slice(0, 3));
    expect(p?.candidates[3]?.verdict).toMatch(/^skipped: not empty/);
    expect(p?.examined).toBe(4);
    expect(p?.candidates.filter((c) => c.verdict.endsWith('— chosen at random among 3 eligible (no affinity)'))).toHaveLength(1);
    expect(reserved.slice(0, 3)).toContain(inst(e, 'di-small').host);
    act(e, launch('web', 'alice', 'vpc-a'));
    expect(inst(e, 'web').placement?.candidates).toEqual([{ host: own[0], verdict: 'dedicated to alice already; has room' }]);
    expect(inst(e, 'web').placement?.examined).toBe(1);
  });

  it('a Dedicated Instance passes over a failed empty host', () => {
    const e = simulate(fleetLesson({ hosts: [{ family: 'm5', az: 'use1-a', count: 2 }] }));
    const [first, second] = e.state.world.fleet.pools['pool:use1-a:m5']?.hosts ?? [];
    act(e, { type: 'fleet.failHost', host: first as string });
    act(e, launch('di', 'alice', 'vpc-a-ded'));
    expect(inst(e, 'di').host).toBe(second);
    expect(inst(e, 'di').placement?.candidates.map((c) => c.host)).not.toContain(first);
  });
});

describe('placement corner cases', () => {
  const pool = (e: Engine<SimState>) => e.state.world.fleet.pools['pool:use1-a:m5']?.hosts ?? [];

  it('a Dedicated Instance never considers a host that runs anything, even after an empty one', () => {
    const e = simulate(fleetLesson({ hosts: [{ family: 'm5', az: 'use1-a', count: 4 }] }));
    const [h0, h1, h2, h3] = pool(e);
    act(e, launch('big', 'carol', 'vpc-c', 'm5.24xlarge'));
    act(e, launch('web', 'carol', 'vpc-c'));
    act(e, { type: 'fleet.terminate', instance: 'big' });
    expect([inst(e, 'web').host, host(e, h0 as string).slots]).toEqual([h1, []]);
    act(e, launch('di', 'alice', 'vpc-a-ded'));
    expect(inst(e, 'di').placement?.candidates.map((c) => c.host)).toEqual([h0, h2, h3]);
    expect(inst(e, 'di').host).not.toBe(h1);
  });

  it('a Dedicated Instance is never recovered onto its own failed host', () => {
    const e = simulate(fleetLesson({ hosts: [{ family: 'm5', az: 'use1-a', count: 1 }] }));
    act(e, launch('di-1', 'alice', 'vpc-a-ded'));
    act(e, launch('di-2', 'alice', 'vpc-a-ded'));
    const h = inst(e, 'di-1').host as string;
    expect(inst(e, 'di-2').host).toBe(h);
    act(e, { type: 'fleet.failHost', host: h });
    expect(inst(e, 'di-1')).toMatchObject({ state: 'stopped', host: null });
    expect(inst(e, 'di-1').placement?.candidates[0]).toEqual({ host: h, verdict: 'host failed' });
    expect(inst(e, 'di-1').placement?.rule).toMatch(/^InsufficientInstanceCapacity/);
  });

  it('affinity Off: the last host is tried once, first, and said to fit when it does', () => {
    const e = simulate(fleetLesson({ dedicatedHosts: [{ id: 'h-1', account: 'alice', az: 'use1-a', family: 'm5', autoPlacement: 'on' }, { id: 'h-2', account: 'alice', az: 'use1-a', family: 'm5', autoPlacement: 'on' }] }));
    act(e, launch('back', 'alice', 'vpc-a', 'm5.large', { host: 'h-2' }));
    act(e, { type: 'fleet.stop', instance: 'back' });
    act(e, { type: 'fleet.start', instance: 'back' });
    expect(inst(e, 'back').placement?.candidates).toEqual([{ host: 'h-2', verdict: 'fits (last host)' }]);
    act(e, launch('mover', 'alice', 'vpc-a', 'm5.12xlarge', { host: 'h-1' }));
    act(e, { type: 'fleet.stop', instance: 'mover' });
    act(e, launch('filler', 'alice', 'vpc-a', 'm5.24xlarge', { host: 'h-1' }));
    act(e, { type: 'fleet.start', instance: 'mover' });
    expect(inst(e, 'mover').host).toBe('h-2');
    expect(inst(e, 'mover').placement?.candidates.map((c) => c.host)).toEqual(['h-1', 'h-2']);
  });

  it('a host-tenancy launch in an AZ without Dedicated Hosts examines nothing', () => {
    const e = simulate();
    expect(errors(e, [launch('db', 'alice', 'vpc-a', 'm5.large', { tenancy: 'host', az: 'use1-b' })])).toEqual([
      'launch of db refused: InsufficientHostCapacity: no Dedicated Host of alice with auto-placement on has room for m5.large in use1-b',
    ]);
    expect(inst(e, 'db').placement).toMatchObject({ candidates: [], examined: 0, host: null });
  });

  it('with ignore-tenancy, a failed host is passed over and an AZ without hosts of the family has no room', () => {
    const e = simulate(fleetLesson({ hosts: [{ family: 'm5', az: 'use1-a', count: 2 }] }), ['ignore-tenancy']);
    const [h0, h1] = pool(e);
    act(e, { type: 'fleet.failHost', host: h0 as string });
    act(e, launch('web', 'carol', 'vpc-c'));
    expect(inst(e, 'web').host).toBe(h1);
    expect(inst(e, 'web').placement?.candidates).toEqual([{ host: h0, verdict: 'host failed' }, { host: h1, verdict: 'fits (tenancy ignored)' }]);
    expect(errors(e, [launch('c4', 'carol', 'vpc-c', 'c4.large')])).toEqual(['launch of c4 refused: FAULT ignore-tenancy: no host with room']);
  });
});

describe('single-size Dedicated Hosts fill to the published count', () => {
  it('an m3.medium host runs 32 instances on its 20 cores, as AWS publishes, and refuses the 33rd', () => {
    const h = put(bareHost('m3', 'm3.medium'), 'm3.medium', 31);
    expect(capacityRefusal(h, type('m3.medium'))).toBeNull();
    put(h, 'm3.medium');
    expect(capacityRefusal(h, type('m3.medium'))).toBe('full: 32 × m3.medium is the published maximum');
  });
});
