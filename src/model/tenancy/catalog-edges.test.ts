import { describe, expect, it } from 'vitest';
import type { Engine } from '../../engine';
import type { SimState } from '../state';
import { KNOWN_FAMILIES, maxInstances, parseInstanceType, sizesLargestFirst } from './capacity';
import { tenancyScenarioSchema } from './scenario';
import { buildFleet } from './setup';
import { getHost, hostIdFor } from './store';
import { act, aliceFillsOneReservedHost, fleetLesson, host, inst, launch, simulate } from './test-fleet';

/**
 * Edges of the catalog, the fleet's set-up and the fleet actions: malformed instance types, size
 * order of families no other test asked for first, fresh host records, the validation codes of a
 * fleet section, refusals named by their action, and placement changes that keep a host target.
 */
type Action = { type: string } & Record<string, unknown>;

function errors(e: Engine<SimState>, actions: Action[]): string[] {
  const texts: string[] = [];
  for (const a of actions) e.input(a.type, a);
  e.runUntil(e.now, { onFrame: (f) => texts.push(...f.trace.filter((t) => t.kind === 'error' || t.kind === 'fleet').map((t) => `${t.kind}: ${t.text}`)) });
  return texts;
}

describe('instance types and sizes', () => {
  it('explains a malformed instance type with the list of known families', () => {
    const unknown = (text: string) => `unknown instance type "${text}"; expected family.size with a family of ${KNOWN_FAMILIES.join(', ')}`;
    expect(parseInstanceType('m5.large.x')).toBe(unknown('m5.large.x'));
    expect(parseInstanceType('zz.large')).toBe(unknown('zz.large'));
    expect(parseInstanceType('m5')).toBe(unknown('m5'));
    expect(KNOWN_FAMILIES.join(', ')).toContain('m5, c5');
  });

  it('orders sizes largest first for any family, and knows none of an unknown one', () => {
    expect(sizesLargestFirst('p2')).toEqual(['16xlarge', '8xlarge', 'xlarge']);
    expect(sizesLargestFirst('x1')).toEqual(['32xlarge', '16xlarge']);
    expect(sizesLargestFirst('nope')).toEqual([]);
    expect(maxInstances('nope', 'large')).toBeNull();
    expect(maxInstances('p2', 'xlarge')).toBe(16);
  });

  it('host ids always carry sixteen hex digits, leading zeros included', () => {
    const ids = Array.from({ length: 300 }, (_, serial) => hostIdFor(serial));
    expect(ids.filter((id) => !/^h-0[0-9a-f]{16}$/.test(id))).toEqual([]);
    expect(ids.some((id) => id.startsWith('h-00'))).toBe(true);
  });
});

describe('fresh host records', () => {
  it('pool hosts start with no sharing, auto-placement off, host recovery on, and an illustrative shape only when overridden', () => {
    const fleet = buildFleet(tenancyScenarioSchema.parse({ regions: [{ id: 'r', azs: ['a'] }], hosts: [{ family: 'p3', az: 'a', count: 1 }] }));
    expect(getHost(fleet, hostIdFor(0))).toMatchObject({ sharedWith: [], autoPlacement: false, hostRecovery: true, illustrativeShape: false, physicalCores: null, replacedBy: null });
  });

  it('an allocated Dedicated Host has no illustrative shape and is shared with nobody; a host without published shape says "?"', () => {
    const e = simulate();
    expect(errors(e, [
      { type: 'fleet.allocateHost', host: 'h-m5', account: 'alice', az: 'use1-a', family: 'm5', autoPlacement: 'off' },
      { type: 'fleet.allocateHost', host: 'h-p3', account: 'alice', az: 'use1-a', instanceType: 'p3.16xlarge', autoPlacement: 'on' },
    ])).toEqual([
      'fleet: Dedicated Host h-m5 allocated to alice in use1-a (m5 multi-size, 2 sockets, 48 cores, auto-placement off)',
      'fleet: Dedicated Host h-p3 allocated to alice in use1-a (p3.16xlarge, ? sockets, ? cores, auto-placement on)',
    ]);
    expect(host(e, 'h-m5')).toMatchObject({ illustrativeShape: false, sharedWith: [], replacedBy: null });
  });
});

describe('what a fleet section may say: issue codes and instance types', () => {
  it('reports every problem as a custom issue, and an unknown instance type of a Dedicated Host', () => {
    const parse = (input: unknown) => {
      const result = tenancyScenarioSchema.safeParse(input);
      return result.success ? [] : result.error.issues.map((i) => [i.code, i.path.join('.'), i.message]);
    };
    const problems = parse({
      regions: [{ id: 'r', azs: ['a'] }],
      accounts: [{ id: 'x', payer: 'nobody' }],
      vpcs: [{ id: 'v', account: 'ghost', region: 'nowhere' }],
      hosts: [{ family: 'm5', az: 'zz', count: 100_000 }],
      dedicatedHosts: [{ account: 'ghost', az: 'zz' }, { account: 'x', az: 'a', family: 'm4' }],
    });
    expect(problems.map((p) => p[0])).toEqual(Array.from({ length: 9 }, () => 'custom'));
    expect(parse({ regions: [{ id: 'r', azs: ['a'] }], accounts: [{ id: 'x' }], dedicatedHosts: [{ account: 'x', az: 'a', instanceType: 'm5.huge' }] })).toEqual([
      ['custom', 'dedicatedHosts.0.instanceType', 'unknown instance type (family.size from the capacity catalog)'],
    ]);
  });
});

describe('fleet actions: refusals and placement changes', () => {
  it('names the action a billing or VPC tenancy refusal belongs to', () => {
    const e = simulate();
    expect(errors(e, [
      launch('w', 'alice', 'vpc-a', 'm5.large', { billing: 'windows-byol' }),
      { type: 'fleet.modifyVpcTenancy', vpc: 'vpc-a', instanceTenancy: 'dedicated' },
    ])).toEqual([
      'error: launch of w refused: the Windows BYOL billing product is not permitted on shared tenancy: bring-your-own Windows licences need dedicated hardware',
      'error: VPC tenancy change of vpc-a refused: VPC tenancy can change from dedicated to default only, never default → dedicated',
    ]);
  });

  it('a host-tenancy instance keeps its host target and its binding through placement changes that do not touch them', () => {
    const e = simulate(fleetLesson({ dedicatedHosts: [{ id: 'h-a', account: 'alice', az: 'use1-a', family: 'm5' }] }));
    act(e, launch('db', 'alice', 'vpc-a', 'm5.large', { host: 'h-a', affinity: 'host' }));
    act(e, { type: 'fleet.stop', instance: 'db' });
    act(e, { type: 'fleet.modifyPlacement', instance: 'db', affinity: 'host' });
    expect(inst(e, 'db')).toMatchObject({ tenancy: 'host', affinity: 'host', affinityHost: 'h-a' });
    act(e, { type: 'fleet.modifyPlacement', instance: 'db', affinity: 'off', host: 'h-a' });
    act(e, { type: 'fleet.modifyPlacement', instance: 'db', tenancy: 'host' });
    expect(inst(e, 'db')).toMatchObject({ tenancy: 'host', affinity: 'off', affinityHost: null, targetHost: 'h-a' });
  });

  it('terminating a stopped instance touches no host and leaves the Region\'s running Dedicated Instances as they are', () => {
    const e = simulate();
    act(e, launch('d1', 'alice', 'vpc-a-ded'));
    act(e, launch('d2', 'alice', 'vpc-a-ded'));
    act(e, { type: 'fleet.stop', instance: 'd1' });
    const region = () => e.state.world.fleet.regions['us-east-1'];
    expect(region()?.runningDedicated).toBe(1);
    expect(errors(e, [{ type: 'fleet.terminate', instance: 'd1' }])).toEqual(['fleet: d1 terminated']);
    expect(inst(e, 'd1')).toMatchObject({ state: 'terminated', host: null });
    expect(region()).toMatchObject({ runningDedicated: 1, dedicatedFee: { since: 0 } });
  });
});

describe('reserved-host lists through stops and failures', () => {
  const reservedBy = (e: Engine<SimState>, account: string) => e.state.world.fleet.pools['pool:use1-a:m5']?.dedicated[account] ?? [];

  it('a host whose last Dedicated Instance stops leaves the account\'s list; the account\'s other hosts stay on it', () => {
    const { e, aliceHost: a } = aliceFillsOneReservedHost();
    act(e, { type: 'fleet.terminate', instance: 'c2' });
    act(e, launch('d2', 'alice', 'vpc-a-ded', 'm5.12xlarge'));
    const c = inst(e, 'd2').host as string;
    expect(reservedBy(e, 'alice')).toEqual([a, c]);
    act(e, { type: 'fleet.stop', instance: 'd2' });
    expect(reservedBy(e, 'alice')).toEqual([a]);
    expect(host(e, c).dedicatedTo).toBeNull();
  });

  it('a failed reserved host is never offered to its own Dedicated Instances while they are recovered', () => {
    const e = simulate(fleetLesson({ hosts: [{ family: 'm5', az: 'use1-a', count: 3 }] }));
    act(e, launch('di-1', 'alice', 'vpc-a-ded', 'm5.12xlarge'));
    const h = inst(e, 'di-1').host as string;
    act(e, launch('c1', 'carol', 'vpc-c', 'm5.24xlarge'));
    act(e, launch('c2', 'carol', 'vpc-c', 'm5.24xlarge'));
    act(e, launch('di-2', 'alice', 'vpc-a-ded', 'm5.12xlarge'));
    expect(inst(e, 'di-2').host).toBe(h);
    act(e, { type: 'fleet.failHost', host: h, cause: 'power' });
    for (const id of ['di-1', 'di-2']) {
      expect(inst(e, id)).toMatchObject({ state: 'stopped', host: null });
      expect(inst(e, id).placement?.candidates.map((c) => c.host)).not.toContain(h);
    }
  });
});
