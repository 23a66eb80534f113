import { describe, expect, it } from 'vitest';
import { SECOND } from '../../engine/time';
import { hashValue } from '../../engine/hash';
import {
  billedSeconds, billsByAccount, DEDICATED_REGION_FEE_PER_HOUR, hostCost, hostHourlyPrice, ILLUSTRATIVE_PRICES, instanceCost,
  instanceHourlyPrice, licenceCount, meteredNs, regionFeeCost, startedMeter, stoppedMeter,
} from './billing';
import { tenancyModule } from './module';
import { tenancyScenarioSchema } from './scenario';
import { buildFleet, newHost } from './setup';
import {
  allHosts, allInstances, BASE_BUCKETS, bucketOf, bucketsFor, emptyFleet, GROUP_BUCKETS, hashLayout, getHost, getInstance, hostIdFor, hostsSorted, poolKey, storeHost, storeInstance,
} from './store';
import { act, fleetLesson, host, inst, launch, simulate } from './test-fleet';
import type { FleetHost, FleetWorld, Instance, Meter } from './types';

/**
 * The fleet's bookkeeping: meters and per-second bills, licence visibility, the bucketed store of
 * hosts and instances, and the fleet a lesson's `world.fleet` section builds.
 */

const HOUR = 3600 * SECOND;

function instance(more: Partial<Instance> = {}): Instance {
  return {
    id: 'i-1', account: 'alice', vpc: 'vpc-a', az: 'use1-a', type: 'm5.large', family: 'm5', size: 'large', vcpus: 2, cores: 1,
    tenancy: 'default', billing: 'linux', affinity: 'off', affinityHost: null, targetHost: null, state: 'running', host: null,
    lastHost: null, privateIp: '10.0.0.10', meter: { since: null, billedNs: 0 }, placement: null, history: [], ...more,
  };
}

function dedicatedHost(more: Partial<FleetHost> = {}): FleetHost {
  return { ...newHost(0, 'dedicated-host', 'use1-a', 'm5', null, 0, 'h-a'), owner: 'alice', ...more };
}

describe('meters', () => {
  it('a stopped meter starts now and keeps what it billed; a running one is left as it is', () => {
    const stopped: Meter = { since: null, billedNs: 7 };
    expect(startedMeter(stopped, 100)).toEqual({ since: 100, billedNs: 7 });
    const running: Meter = { since: 5, billedNs: 7 };
    expect(startedMeter(running, 100)).toBe(running);
  });

  it('stopping bills the running period, at least the minimum; a stopped meter stays as it is', () => {
    expect(stoppedMeter({ since: 10, billedNs: 7 }, 110)).toEqual({ since: null, billedNs: 107 });
    expect(stoppedMeter({ since: 10, billedNs: 7 }, 110, 1000)).toEqual({ since: null, billedNs: 1007 });
    expect(stoppedMeter({ since: 10, billedNs: 7 }, 2010, 1000)).toEqual({ since: null, billedNs: 2007 });
    const stopped: Meter = { since: null, billedNs: 7 };
    expect(stoppedMeter(stopped, 500, 1000)).toBe(stopped);
  });

  it('reads the billed time so far, counting a running period with its minimum', () => {
    expect(meteredNs({ since: null, billedNs: 7 }, 500, 1000)).toBe(7);
    expect(meteredNs({ since: 100, billedNs: 7 }, 500)).toBe(407);
    expect(meteredNs({ since: 100, billedNs: 7 }, 500, 1000)).toBe(1007);
  });

  it('bills whole seconds, rounding up', () => {
    expect([billedSeconds(0), billedSeconds(1), billedSeconds(SECOND), billedSeconds(SECOND + 1), billedSeconds(3 * SECOND)]).toEqual([0, 1, 1, 2, 3]);
  });
});

describe('prices and costs', () => {
  it('prices default and dedicated instances per vCPU; host tenancy is paid through the host', () => {
    expect(instanceHourlyPrice({ tenancy: 'default', vcpus: 4 })).toBeCloseTo(4 * ILLUSTRATIVE_PRICES.defaultPerVcpuHour, 12);
    expect(instanceHourlyPrice({ tenancy: 'dedicated', vcpus: 4 })).toBeCloseTo(4 * ILLUSTRATIVE_PRICES.dedicatedPerVcpuHour, 12);
    expect(instanceHourlyPrice({ tenancy: 'host', vcpus: 4 })).toBe(0);
  });

  it('prices a host by its physical cores, from the catalog when the host record has none', () => {
    expect(hostHourlyPrice({ physicalCores: 10, family: 'm5' })).toBeCloseTo(10 * ILLUSTRATIVE_PRICES.hostPerCoreHour, 12);
    expect(hostHourlyPrice({ physicalCores: null, family: 'm5' })).toBeCloseTo(48 * ILLUSTRATIVE_PRICES.hostPerCoreHour, 12);
    expect(hostHourlyPrice({ physicalCores: null, family: 'p3' })).toBe(0);
    expect(hostHourlyPrice({ physicalCores: null, family: 'zz9' })).toBe(0);
  });

  it('an instance costs its whole billed seconds at its hourly price', () => {
    const i = instance({ vcpus: 2, meter: { since: null, billedNs: HOUR - SECOND / 2 } });
    expect(instanceCost(i, 0)).toBeCloseTo(2 * ILLUSTRATIVE_PRICES.defaultPerVcpuHour, 12);
    const running = instance({ vcpus: 2, meter: { since: 0, billedNs: 0 } });
    expect(instanceCost(running, HOUR / 2)).toBeCloseTo(ILLUSTRATIVE_PRICES.defaultPerVcpuHour, 12);
  });

  it('a Dedicated Host costs at least 60 seconds; an AWS pool host costs its customers nothing', () => {
    const h = dedicatedHost({ meter: { since: 0, billedNs: 0 } });
    const perSecond = hostHourlyPrice(h) / 3600;
    expect(hostCost(h, 10 * SECOND)).toBeCloseTo(60 * perSecond, 12);
    expect(hostCost(h, 90 * SECOND)).toBeCloseTo(90 * perSecond, 12);
    expect(hostCost({ ...h, kind: 'pool' }, 90 * SECOND)).toBe(0);
  });

  it('the Region fee is billed per second at its hourly rate', () => {
    const region = { id: 'r', name: 'r', azs: [], runningDedicated: 1, dedicatedFee: { since: 0, billedNs: 0 } };
    expect(regionFeeCost(region, HOUR)).toBeCloseTo(DEDICATED_REGION_FEE_PER_HOUR, 12);
    expect(regionFeeCost({ ...region, dedicatedFee: { since: null, billedNs: HOUR / 2 } }, 5 * HOUR)).toBeCloseTo(DEDICATED_REGION_FEE_PER_HOUR / 2, 12);
  });

  it('bills each account for its instances and the Dedicated Hosts it owns, sorted by account', () => {
    const fleet = emptyFleet();
    const bucket = (i: Instance) => storeInstance(fleet, i);
    bucket(instance({ id: 'i-z', account: 'zed', vcpus: 2, meter: { since: null, billedNs: HOUR } }));
    bucket(instance({ id: 'i-a1', account: 'alice', vcpus: 2, meter: { since: null, billedNs: HOUR } }));
    bucket(instance({ id: 'i-a2', account: 'alice', vcpus: 4, tenancy: 'dedicated', meter: { since: null, billedNs: HOUR } }));
    storeHost(fleet, dedicatedHost({ id: 'h-1', owner: 'bob', physicalCores: 10, meter: { since: null, billedNs: HOUR } }));
    storeHost(fleet, { ...newHost(1, 'pool', 'use1-a', 'm5', null, 0), meter: { since: null, billedNs: HOUR } });
    const bills = billsByAccount(fleet, 0);
    expect(bills.map((b) => b.account)).toEqual(['alice', 'bob', 'zed']);
    const [alice, bob, zed] = bills;
    const aliceInstances = 2 * ILLUSTRATIVE_PRICES.defaultPerVcpuHour + 4 * ILLUSTRATIVE_PRICES.dedicatedPerVcpuHour;
    expect(alice?.instances).toBeCloseTo(aliceInstances, 12);
    expect(alice?.hosts).toBe(0);
    expect(alice?.total).toBeCloseTo(aliceInstances, 12);
    expect(bob?.instances).toBe(0);
    expect(bob?.hosts).toBeCloseTo(10 * ILLUSTRATIVE_PRICES.hostPerCoreHour, 12);
    expect(bob?.total).toBeCloseTo(10 * ILLUSTRATIVE_PRICES.hostPerCoreHour, 12);
    expect(zed?.total).toBeCloseTo(2 * ILLUSTRATIVE_PRICES.defaultPerVcpuHour, 12);
  });
});

describe('licence counting', () => {
  it('shows sockets and cores only for host tenancy on a Dedicated Host', () => {
    const h = dedicatedHost();
    expect(licenceCount(instance({ tenancy: 'host', type: 'm5.4xlarge' }), h)).toEqual({
      visible: true, sockets: 2, physicalCores: 48,
      explanation: 'Dedicated Host h-a: 2 sockets, 48 physical cores; this instance uses 8 cores. Licences by socket or core count the host',
    });
    expect(licenceCount(instance({ tenancy: 'host', type: 'c5.large' }), dedicatedHost({ family: 'c5', sockets: null, physicalCores: null })).explanation)
      .toBe('Dedicated Host h-a: unknown (not published) sockets, unknown physical cores; this instance uses 1 cores. Licences by socket or core count the host');
    expect(licenceCount(instance({ tenancy: 'host', type: 'bogus' }), h).explanation).toContain('this instance uses ? cores');
  });

  it('hides them on shared hardware, for a Dedicated Instance, and without a Dedicated Host', () => {
    const hidden = { visible: false, sockets: null, physicalCores: null };
    const shared = 'Shared (default tenancy) hardware: sockets and cores are not visible to the customer';
    const di = 'Dedicated Instance: no visibility of sockets, cores or host ID, so per-socket/per-core licences cannot be counted (BYOL: partial support only)';
    expect(licenceCount(instance(), dedicatedHost())).toEqual({ ...hidden, explanation: shared });
    expect(licenceCount(instance({ tenancy: 'dedicated' }), dedicatedHost())).toEqual({ ...hidden, explanation: di });
    expect(licenceCount(instance({ tenancy: 'host' }), undefined)).toEqual({ ...hidden, explanation: shared });
    expect(licenceCount(instance({ tenancy: 'host' }), dedicatedHost({ kind: 'pool' }))).toEqual({ ...hidden, explanation: shared });
  });
});

describe('the fleet store', () => {
  it('spreads ids over 256 buckets by FNV-1a of the id, and over more as the fleet grows', () => {
    const small = emptyFleet();
    expect(BASE_BUCKETS).toBe(256);
    // In groups of 64 buckets: a write copies the array of groups and one group, not 256 pointers.
    expect(GROUP_BUCKETS).toBe(64);
    expect(small.hosts).toHaveLength(BASE_BUCKETS / GROUP_BUCKETS);
    expect(small.instances.flat()).toHaveLength(BASE_BUCKETS);
    expect(small.hosts.map((group) => group.length)).toEqual([64, 64, 64, 64]);
    const ids = ['', 'a', 'h-a', 'web'];
    expect(ids.map((id) => bucketOf(small, id))).toEqual([197, 44, 189, 145]);
    // Among 1,024 buckets an id's bucket is, modulo 256, its bucket among 256.
    expect(ids.map((id) => bucketOf(emptyFleet(1024), id))).toEqual([453, 300, 445, 145]);
  });

  it('sizes a fleet at 256 buckets up to 1,280 hosts, then at most 5 hosts a bucket, up to 16,384 buckets', () => {
    expect([0, 1_280, 1_281, 5_120, 20_000, 20_480, 20_481, 40_960, 40_961, 100_000, 1_000_000].map(bucketsFor)).toEqual([256, 256, 512, 1024, 4096, 4096, 8192, 8192, 16384, 16384, 16384]);
  });

  it('hashes a fleet as it would be in 256 named buckets, however many it is stored in', () => {
    const ids = Array.from({ length: 3000 }, (_, i) => `h-${i}`);
    const fleets = [emptyFleet(), emptyFleet(1024)];
    for (const fleet of fleets) for (const id of ids) storeHost(fleet, dedicatedHost({ id }));
    const [base, wide] = fleets as [FleetWorld, FleetWorld];
    expect(wide.hosts.flat()).toHaveLength(1024);
    expect(hashValue(hashLayout(wide))).toBe(hashValue(hashLayout(base)));
    // The layout hashed: a record of the buckets that hold something, named b0…b255.
    const hashed = hashLayout(base);
    expect(Object.keys(hashed.hosts).sort()).toEqual(base.hosts.flat().flatMap((bucket, i) => (Object.keys(bucket).length > 0 ? [`b${i}`] : [])).sort());
    expect(hashed.hosts['b44']).toBe(base.hosts[0]?.[44]);
    expect(hashed.instances).toEqual({});
    expect(hashLayout(wide).hosts['b44']).toEqual(base.hosts[0]?.[44]);
    // Bucket 300 of 1,024 is slot 44 of group 4, and bucket 44 among 256.
    expect(hashLayout(wide).hosts['b44']).toEqual({ ...wide.hosts[0]?.[44], ...wide.hosts[4]?.[44], ...wide.hosts[8]?.[44], ...wide.hosts[12]?.[44] });
    // Content still counts: one host more is another hash.
    storeHost(wide, dedicatedHost({ id: 'h-extra' }));
    expect(hashValue(hashLayout(wide))).not.toBe(hashValue(hashLayout(base)));
  });

  it('finds stored hosts and instances by id, and nothing for an unknown id', () => {
    const fleet = emptyFleet();
    expect(getHost(fleet, 'h-a')).toBeUndefined();
    expect(getInstance(fleet, 'i-1')).toBeUndefined();
    const first = dedicatedHost({ id: 'h-a' });
    // Another id of the same bucket: the bucket is shared, not replaced.
    const sameBucket = Array.from({ length: 2000 }, (_, i) => `h-${i}`).find((id) => bucketOf(fleet, id) === bucketOf(fleet, 'h-a')) as string;
    storeHost(fleet, first);
    storeHost(fleet, dedicatedHost({ id: sameBucket }));
    expect(getHost(fleet, 'h-a')).toBe(first);
    expect(getHost(fleet, sameBucket)?.id).toBe(sameBucket);
    expect(getHost(fleet, 'h-b')).toBeUndefined();
    expect([...allHosts(fleet)].map((h) => h.id).sort()).toEqual(['h-a', sameBucket].sort());
    expect([...allInstances(fleet)]).toEqual([]);
  });

  it('refuses to store into a fleet whose buckets were not made with it (no bucket at all)', () => {
    const fleet: FleetWorld = { ...emptyFleet(), hosts: [], instances: [] };
    expect(() => storeHost(fleet, dedicatedHost({ id: 'h-a' }))).toThrow('the fleet has no buckets (build it with emptyFleet)');
    for (const count of [0, 32, 100]) expect(() => emptyFleet(count)).toThrow(`a fleet is stored in whole groups of 64 buckets, not ${count}`);
    // A group short of buckets: the bucket named by its number across the groups, of how many there are.
    const holed: FleetWorld = { ...emptyFleet(), hosts: [[], [], [], []] };
    const id = 'h-a';
    expect(() => storeHost(holed, dedicatedHost({ id }))).toThrow(`fleet bucket ${bucketOf(holed, id)} of 256 is missing`);
    // Reading finds nothing there, and nothing in a fleet with no buckets, rather than throwing.
    expect(getHost(holed, id)).toBeUndefined();
    expect(getHost({ ...emptyFleet(), hosts: [] }, id)).toBeUndefined();
    expect(getInstance({ ...emptyFleet(), hosts: [] }, 'i-1')).toBeUndefined();
    const short: FleetWorld = { ...emptyFleet(), instances: [] };
    expect(() => storeInstance(short, instance({ id: 'i-1' }))).toThrow('the fleet has no buckets (build it with emptyFleet)');
  });

  it('sorts hosts by id', () => {
    const fleet = emptyFleet();
    for (const id of ['h-c', 'h-a', 'h-d', 'h-b']) storeHost(fleet, dedicatedHost({ id }));
    expect(hostsSorted(fleet).map((h) => h.id)).toEqual(['h-a', 'h-b', 'h-c', 'h-d']);
  });

  it('makes AWS-style host ids from a serial, and names pools by AZ and family', () => {
    expect(hostIdFor(0)).toBe('h-09e3779b100000000');
    expect(hostIdFor(5)).toBe('h-0b54cda2600000005');
    expect(poolKey('use1-a', 'm5')).toBe('pool:use1-a:m5');
    expect(emptyFleet()).toEqual({ regions: {}, azs: {}, accounts: {}, vpcs: {}, hosts: Array.from({ length: 4 }, () => Array.from({ length: 64 }, () => ({}))), instances: Array.from({ length: 4 }, () => Array.from({ length: 64 }, () => ({}))), pools: {}, dedicatedHosts: {}, hostCount: 0, instanceCount: 0, nextHostSerial: 0 });
  });

  it('an allocated host or a launched instance whose bucket is already used joins it without dropping the others', () => {
    const e = simulate(fleetLesson({ dedicatedHosts: [{ id: 'h-a', account: 'alice', az: 'use1-a', family: 'm5', autoPlacement: 'on' }] }));
    const fleet = e.state.world.fleet;
    const hostId = Array.from({ length: 2000 }, (_, i) => `h-x${i}`).find((id) => bucketOf(fleet, id) === bucketOf(fleet, 'h-a')) as string;
    act(e, { type: 'fleet.allocateHost', host: hostId, account: 'bob', az: 'use1-a', family: 'm5' });
    expect(host(e, 'h-a').owner).toBe('alice');
    expect(host(e, hostId).owner).toBe('bob');
    act(e, launch('web', 'alice', 'vpc-a'));
    const twin = Array.from({ length: 2000 }, (_, i) => `i-${i}`).find((id) => bucketOf(fleet, id) === bucketOf(fleet, 'web')) as string;
    act(e, launch(twin, 'alice', 'vpc-a'));
    expect(inst(e, 'web').state).toBe('running');
    expect(inst(e, twin).state).toBe('running');
  });
});

describe('building the fleet of a lesson', () => {
  it('an absent fleet section builds an empty fleet', () => {
    expect(buildFleet(undefined)).toEqual(emptyFleet());
  });

  it('builds Regions, AZs, accounts and VPCs with their defaults', () => {
    const fleet = buildFleet(tenancyScenarioSchema.parse({
      regions: [{ id: 'r1', azs: ['a1', 'a2'] }, { id: 'r2', name: 'Second', azs: ['b1'] }],
      accounts: [{ id: 'p' }, { id: 'x', name: 'Xavier', payer: 'p' }, ...['a', 'b', 'c', 'd', 'e', 'f'].map((id) => ({ id }))],
      vpcs: [{ id: 'v1', account: 'x', region: 'r1' }, { id: 'v2', account: 'p', region: 'r2', instanceTenancy: 'dedicated' }],
    }));
    expect(fleet.regions).toEqual({
      r1: { id: 'r1', name: 'r1', azs: ['a1', 'a2'], dedicatedFee: { since: null, billedNs: 0 }, runningDedicated: 0 },
      r2: { id: 'r2', name: 'Second', azs: ['b1'], dedicatedFee: { since: null, billedNs: 0 }, runningDedicated: 0 },
    });
    expect(fleet.azs).toEqual({ a1: 'r1', a2: 'r1', b1: 'r2' });
    expect(fleet.accounts['p']).toEqual({ id: 'p', name: 'p', payer: null, colorIndex: 0 });
    expect(fleet.accounts['x']).toEqual({ id: 'x', name: 'Xavier', payer: 'p', colorIndex: 1 });
    expect(fleet.accounts['f']?.colorIndex).toBe(0);
    expect(fleet.vpcs).toEqual({
      v1: { id: 'v1', account: 'x', region: 'r1', instanceTenancy: 'default', index: 0, nextAddress: 10 },
      v2: { id: 'v2', account: 'p', region: 'r2', instanceTenancy: 'dedicated', index: 1, nextAddress: 10 },
    });
    expect([fleet.hostCount, fleet.nextHostSerial]).toEqual([0, 0]);
  });

  it('lists pool hosts in order with the catalog\'s shape, an override only where the catalog publishes none', () => {
    const fleet = buildFleet(tenancyScenarioSchema.parse({
      regions: [{ id: 'r1', azs: ['a1'] }],
      hosts: [{ family: 'm5', az: 'a1', count: 2, sockets: 4, physicalCores: 8 }, { family: 'c5', az: 'a1', count: 1, sockets: 2 }, { family: 'm5', az: 'a1', count: 1 }, { family: 'c5', az: 'a1', count: 1 }],
    }));
    const m5 = fleet.pools[poolKey('a1', 'm5')];
    expect(m5?.hosts).toEqual([hostIdFor(0), hostIdFor(1), hostIdFor(3)]);
    expect(m5).toMatchObject({ cursors: {}, emptyCursor: 0, dedicated: {} });
    const first = getHost(fleet, hostIdFor(0));
    expect(first).toMatchObject({ kind: 'pool', az: 'a1', family: 'm5', instanceType: null, sockets: 2, physicalCores: 48, illustrativeShape: false, poolIndex: 0, owner: null, state: 'available' });
    expect(getHost(fleet, hostIdFor(3))?.poolIndex).toBe(2);
    const c5 = getHost(fleet, hostIdFor(2));
    expect(c5).toMatchObject({ sockets: 2, physicalCores: 36, illustrativeShape: true, poolIndex: 0 });
    expect(getHost(fleet, hostIdFor(4))).toMatchObject({ sockets: null, physicalCores: 36, illustrativeShape: false, poolIndex: 1 });
    expect([fleet.hostCount, fleet.nextHostSerial]).toEqual([5, 5]);
    const p3 = buildFleet(tenancyScenarioSchema.parse({ regions: [{ id: 'r1', azs: ['a1'] }], hosts: [{ family: 'p3', az: 'a1', count: 1, physicalCores: 30 }] }));
    expect(getHost(p3, hostIdFor(0))).toMatchObject({ sockets: null, physicalCores: 30, illustrativeShape: true });
  });

  it('gives each lesson Dedicated Host its owner, sharing, settings and a meter running from the start, listed per AZ', () => {
    const fleet = buildFleet(tenancyScenarioSchema.parse({
      regions: [{ id: 'r1', azs: ['a1', 'a2'] }],
      accounts: [{ id: 'x' }, { id: 'y' }],
      hosts: [{ family: 'm5', az: 'a1', count: 1 }],
      dedicatedHosts: [
        { id: 'h-one', account: 'x', az: 'a1', instanceType: 'c5.large', autoPlacement: 'on', hostRecovery: 'off', sharedWith: ['y'] },
        { account: 'y', az: 'a1', family: 'm5' },
        { id: 'h-three', account: 'y', az: 'a2', family: 'm5' },
      ],
    }));
    expect(getHost(fleet, 'h-one')).toMatchObject({
      kind: 'dedicated-host', family: 'c5', instanceType: 'c5.large', owner: 'x', sharedWith: ['y'], autoPlacement: true, hostRecovery: false,
      meter: { since: 0, billedNs: 0 }, poolIndex: -1, physicalCores: 36,
    });
    expect(getHost(fleet, hostIdFor(2))).toMatchObject({ family: 'm5', instanceType: null, owner: 'y', sharedWith: [], autoPlacement: false, hostRecovery: true });
    expect(fleet.dedicatedHosts).toEqual({ a1: ['h-one', hostIdFor(2)], a2: ['h-three'] });
    expect([fleet.hostCount, fleet.nextHostSerial]).toEqual([4, 4]);
  });

  it('the tenancy module builds the lesson\'s fleet and names its fault', () => {
    const fleet = simulate().state.world.fleet;
    expect(fleet.hostCount).toBe(8);
    expect(Object.keys(fleet.vpcs)).toEqual(['vpc-a', 'vpc-a-ded', 'vpc-b', 'vpc-c']);
    expect(tenancyModule.id).toBe('tenancy');
    expect(tenancyModule.faults?.map((f) => f.name)).toEqual(['ignore-tenancy']);
  });
});

describe('what a fleet section may say', () => {
  const issues = (input: unknown): string[] => {
    const result = tenancyScenarioSchema.safeParse(input);
    return result.success ? [] : result.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
  };

  it('accepts a consistent fleet', () => {
    expect(issues({ regions: [{ id: 'r', azs: ['a'] }], accounts: [{ id: 'x' }, { id: 'y', payer: 'x' }], vpcs: [{ id: 'v', account: 'x', region: 'r' }], hosts: [{ family: 'm5', az: 'a', count: 1 }], dedicatedHosts: [{ account: 'x', az: 'a', family: 'm5' }] })).toEqual([]);
  });

  it('names every reference to an account, Region or AZ that does not exist', () => {
    expect(issues({
      regions: [{ id: 'r', azs: ['a'] }],
      accounts: [{ id: 'x' }, { id: 'y', payer: 'nobody' }],
      vpcs: [{ id: 'v', account: 'ghost', region: 'nowhere' }],
      hosts: [{ family: 'm5', az: 'zz', count: 1 }],
      dedicatedHosts: [{ account: 'ghost', az: 'zz', family: 'm5' }],
    })).toEqual([
      'accounts.1.payer: no account "nobody"',
      'vpcs.0.account: no account "ghost"',
      'vpcs.0.region: no region "nowhere"',
      'hosts.0.az: no availability zone "zz" in fleet.regions',
      'dedicatedHosts.0.az: no availability zone "zz"',
      'dedicatedHosts.0.account: no account "ghost"',
    ]);
  });

  it('a Dedicated Host needs exactly one of family or instance type, and a family only when it is multi-size', () => {
    const base = { regions: [{ id: 'r', azs: ['a'] }], accounts: [{ id: 'x' }] };
    expect(issues({ ...base, dedicatedHosts: [{ account: 'x', az: 'a' }, { account: 'x', az: 'a', family: 'm5', instanceType: 'm5.large' }] })).toEqual([
      'dedicatedHosts.0: give exactly one of family (multi-size) or instanceType (single size)',
      'dedicatedHosts.1: give exactly one of family (multi-size) or instanceType (single size)',
    ]);
    expect(issues({ ...base, dedicatedHosts: [{ account: 'x', az: 'a', family: 'm4' }] })).toEqual([
      'dedicatedHosts.0.family: m4 hosts support a single instance type only; allocate by instanceType',
    ]);
  });

  it('counts pool and Dedicated Hosts against the fleet limit', () => {
    expect(issues({ regions: [{ id: 'r', azs: ['a'] }], accounts: [{ id: 'x' }], hosts: [{ family: 'm5', az: 'a', count: 100_000 }], dedicatedHosts: [{ account: 'x', az: 'a', family: 'm5' }] }))
      .toEqual(['hosts: the fleet asks for 100001 hosts; at most 100000 are allowed']);
    expect(issues({ regions: [{ id: 'r', azs: ['a'] }], hosts: [{ family: 'm5', az: 'a', count: 60_000 }, { family: 'c5', az: 'a', count: 40_000 }] })).toEqual([]);
  });
});
