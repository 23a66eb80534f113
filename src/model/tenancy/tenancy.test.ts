import { describe, expect, it } from 'vitest';
import { act, fleetLesson, host, inst, launch, simulate } from './test-fleet';
import { billsByAccount, hostCost, licenceCount } from './billing';
import { SECOND } from '../../engine/time';

const errors = (e: ReturnType<typeof simulate>, run: () => void): string[] => {
  const texts: string[] = [];
  e.input('fault.set', { type: 'fault.set', fault: 'ignore-tenancy', on: false });
  run();
  e.runUntil(e.now, { onFrame: (f) => texts.push(...f.trace.filter((t) => t.kind === 'error').map((t) => t.text)) });
  return texts;
};

describe('tenancy placement', () => {
  it('default tenancy shares hosts across accounts; a Dedicated Instance gets a host of its own account', () => {
    const e = simulate();
    act(e, launch('web-a', 'alice', 'vpc-a'));
    act(e, launch('shop-c', 'carol', 'vpc-c'));
    expect(inst(e, 'shop-c').host).toBe(inst(e, 'web-a').host);
    act(e, launch('di-a', 'alice', 'vpc-a-ded'));
    act(e, launch('di-b', 'bob', 'vpc-b', 'm5.large', { tenancy: 'dedicated' }));
    expect(inst(e, 'di-a').tenancy).toBe('dedicated');
    expect(inst(e, 'di-a').placement?.rule).toMatch(/forces Dedicated Instances/);
    expect(inst(e, 'di-a').host).not.toBe(inst(e, 'web-a').host);
    // alice and bob are linked under one payer: still never on the same hardware.
    expect(inst(e, 'di-a').host).not.toBe(inst(e, 'di-b').host);
    expect(e.state.violations).toEqual([]);
  });

  it('keeps the candidates and the deciding rule with the instance', () => {
    const e = simulate();
    act(e, launch('shop-c', 'carol', 'vpc-c'));
    act(e, launch('di-a', 'alice', 'vpc-a', 'm5.large', { tenancy: 'dedicated' }));
    const placement = inst(e, 'di-a').placement;
    expect(placement?.candidates[0]?.verdict).toMatch(/not empty/);
    expect(placement?.examined).toBeGreaterThan(1);
    expect(placement?.host).toBe(inst(e, 'di-a').host);
  });

  it('a default instance never joins a host dedicated to another account', () => {
    const e = simulate({ ...fleetLesson({ hosts: [{ family: 'm5', az: 'use1-a', count: 2 }] }) } as never);
    act(e, launch('di-a', 'alice', 'vpc-a-ded'));
    act(e, launch('shop-c', 'carol', 'vpc-c'));
    expect(inst(e, 'shop-c').host).not.toBe(inst(e, 'di-a').host);
  });

  it('the c5.2xlarge quirk: eight per host, not nine', () => {
    const e = simulate(fleetLesson({ dedicatedHosts: [{ id: 'h-c5', account: 'alice', az: 'use1-a', instanceType: 'c5.2xlarge' }] }));
    for (let i = 0; i < 9; i++) act(e, launch(`c-${i}`, 'alice', 'vpc-a', 'c5.2xlarge', { host: 'h-c5' }));
    expect(host(e, 'h-c5').slots).toHaveLength(8);
    expect(inst(e, 'c-8').state).toBe('terminated');
    expect(inst(e, 'c-8').placement?.rule).toMatch(/published maximum/);
  });

  it('mixed sizes on a multi-size m5 host are limited by its 48 cores', () => {
    const e = simulate(fleetLesson({ dedicatedHosts: [{ id: 'h-m5', account: 'alice', az: 'use1-a', family: 'm5' }] }));
    act(e, launch('big', 'alice', 'vpc-a', 'm5.12xlarge', { host: 'h-m5' }));
    act(e, launch('mid', 'alice', 'vpc-a', 'm5.4xlarge', { host: 'h-m5' }));
    act(e, launch('small', 'alice', 'vpc-a', 'm5.2xlarge', { host: 'h-m5' }));
    for (let i = 0; i < 5; i++) act(e, launch(`x-${i}`, 'alice', 'vpc-a', 'm5.xlarge', { host: 'h-m5' }));
    act(e, launch('l-0', 'alice', 'vpc-a', 'm5.large', { host: 'h-m5' }));
    act(e, launch('l-1', 'alice', 'vpc-a', 'm5.large', { host: 'h-m5' }));
    expect(host(e, 'h-m5').usedCores).toBe(48);
    act(e, launch('l-2', 'alice', 'vpc-a', 'm5.large', { host: 'h-m5' }));
    expect(inst(e, 'l-2').state).toBe('terminated');
  });
});

describe('Dedicated Hosts', () => {
  const dh = (more: Record<string, unknown> = {}) => fleetLesson({ dedicatedHosts: [{ id: 'h-a', account: 'alice', az: 'use1-a', family: 'm5', ...more }] });

  it('auto-placement off accepts only launches naming its host ID; on accepts untargeted ones', () => {
    const e = simulate(dh());
    act(e, launch('db-1', 'alice', 'vpc-a', 'm5.xlarge', { tenancy: 'host' }));
    expect(inst(e, 'db-1').state).toBe('terminated');
    expect(inst(e, 'db-1').placement?.candidates[0]?.verdict).toMatch(/auto-placement off/);
    const on = simulate(dh({ autoPlacement: 'on' }));
    act(on, launch('db-1', 'alice', 'vpc-a', 'm5.xlarge', { tenancy: 'host' }));
    expect(inst(on, 'db-1').host).toBe('h-a');
  });

  it('runs only its owner\'s instances and those of accounts it is shared with', () => {
    const e = simulate(dh());
    act(e, launch('x-b', 'bob', 'vpc-b', 'm5.large', { host: 'h-a' }));
    expect(inst(e, 'x-b').state).toBe('terminated');
    act(e, { type: 'fleet.shareHost', host: 'h-a', account: 'bob' });
    act(e, launch('y-b', 'bob', 'vpc-b', 'm5.large', { host: 'h-a' }));
    expect(inst(e, 'y-b').host).toBe('h-a');
    expect(e.state.violations).toEqual([]);
  });

  it('affinity Host restarts on the same host; affinity Off tries the last host first', () => {
    const e = simulate(fleetLesson({ dedicatedHosts: [{ id: 'h-1', account: 'alice', az: 'use1-a', family: 'm5', autoPlacement: 'on' }, { id: 'h-2', account: 'alice', az: 'use1-a', family: 'm5', autoPlacement: 'on' }] }));
    act(e, launch('pin', 'alice', 'vpc-a', 'm5.large', { host: 'h-2', affinity: 'host' }));
    act(e, launch('free', 'alice', 'vpc-a', 'm5.large', { host: 'h-2' }));
    act(e, { type: 'fleet.stop', instance: 'pin' });
    act(e, { type: 'fleet.stop', instance: 'free' });
    act(e, { type: 'fleet.start', instance: 'pin' });
    act(e, { type: 'fleet.start', instance: 'free' });
    expect(inst(e, 'pin').host).toBe('h-2');
    expect(inst(e, 'pin').placement?.rule).toMatch(/Affinity Host/);
    expect(inst(e, 'free').host).toBe('h-2');
    expect(inst(e, 'free').placement?.rule).toMatch(/last Dedicated Host/);
  });

  it('host recovery: new host ID, same instance IDs and addresses', () => {
    const e = simulate(dh());
    act(e, launch('db-1', 'alice', 'vpc-a', 'm5.xlarge', { host: 'h-a', affinity: 'host' }));
    const ip = inst(e, 'db-1').privateIp;
    act(e, { type: 'fleet.failHost', host: 'h-a', cause: 'power' });
    const replacement = host(e, 'h-a').replacedBy as string;
    expect(replacement).toMatch(/^h-/);
    expect(replacement).not.toBe('h-a');
    expect(inst(e, 'db-1').host).toBe(replacement);
    expect(inst(e, 'db-1').privateIp).toBe(ip);
    expect(inst(e, 'db-1').affinityHost).toBe(replacement);
    expect(host(e, replacement).owner).toBe('alice');
    expect(e.state.violations).toEqual([]);
  });

  it('bills a host per second with a 60-second minimum, whatever runs on it', () => {
    const e = simulate(dh());
    act(e, { type: 'fleet.releaseHost', host: 'h-a' });
    const brief = hostCost(host(e, 'h-a'), e.now);
    expect(brief).toBeGreaterThan(0);
    const e2 = simulate(dh());
    e2.input('fleet.releaseHost', { type: 'fleet.releaseHost', host: 'h-a' }, 120 * SECOND);
    e2.runUntil(120 * SECOND);
    expect(hostCost(host(e2, 'h-a'), e2.now)).toBeCloseTo(brief * 2, 10);
    expect(billsByAccount(e2.state.world.fleet, e2.now).find((b) => b.account === 'alice')?.hosts).toBeGreaterThan(0);
  });

  it('licences by socket and core are countable only on a Dedicated Host', () => {
    const e = simulate(dh());
    act(e, launch('sql', 'alice', 'vpc-a', 'm5.4xlarge', { host: 'h-a' }));
    act(e, launch('di', 'alice', 'vpc-a-ded', 'm5.4xlarge'));
    const onHost = licenceCount(inst(e, 'sql'), host(e, 'h-a'));
    expect(onHost).toMatchObject({ visible: true, sockets: 2, physicalCores: 48 });
    const di = licenceCount(inst(e, 'di'), host(e, inst(e, 'di').host as string));
    expect(di.visible).toBe(false);
    expect(di.sockets).toBeNull();
  });
});

describe('tenancy rules', () => {
  it('tenancy changes only while stopped; default ↔ dedicated ↔ host all allowed; T3 never into or out of host', () => {
    const e = simulate(fleetLesson({ hosts: [{ family: 'm5', az: 'use1-a', count: 4 }, { family: 't3', az: 'use1-a', count: 2, physicalCores: 24, sockets: 2 }] }));
    act(e, launch('di', 'alice', 'vpc-a-ded'));
    act(e, launch('web', 'alice', 'vpc-a'));
    act(e, launch('t', 'alice', 'vpc-a-ded', 't3.large'));
    const refused = errors(e, () => e.input('fleet.modifyPlacement', { type: 'fleet.modifyPlacement', instance: 'web', tenancy: 'dedicated' }));
    expect(refused.join()).toMatch(/must be stopped/);
    for (const id of ['di', 'web', 't']) act(e, { type: 'fleet.stop', instance: id });
    // The 2016–2023 rule refused both of these; the current one allows them.
    act(e, { type: 'fleet.modifyPlacement', instance: 'web', tenancy: 'dedicated' });
    expect(inst(e, 'web').tenancy).toBe('dedicated');
    act(e, { type: 'fleet.modifyPlacement', instance: 'di', tenancy: 'default' });
    expect(inst(e, 'di').tenancy).toBe('default');
    act(e, { type: 'fleet.start', instance: 'web' });
    expect(inst(e, 'web').state).toBe('running');
    expect(e.state.violations).toEqual([]);
    expect(errors(e, () => e.input('fleet.modifyPlacement', { type: 'fleet.modifyPlacement', instance: 't', tenancy: 'host' })).join()).toMatch(/InvalidRequest/);
    act(e, { type: 'fleet.modifyPlacement', instance: 'di', tenancy: 'host' });
    expect(inst(e, 'di').tenancy).toBe('host');
  });

  it('refuses a Windows BYOL launch on shared tenancy, and a conversion of SQL Server license-included to a Dedicated Host', () => {
    const e = simulate();
    expect(errors(e, () => e.input('fleet.launch', launch('byol', 'alice', 'vpc-a', 'm5.large', { billing: 'windows-byol' }))).join()).toMatch(/Windows BYOL/);
    act(e, launch('sql', 'alice', 'vpc-a', 'm5.large', { billing: 'sql-server-li' }));
    act(e, { type: 'fleet.stop', instance: 'sql' });
    expect(errors(e, () => e.input('fleet.modifyPlacement', { type: 'fleet.modifyPlacement', instance: 'sql', tenancy: 'host' })).join()).toMatch(/not permitted on Dedicated Hosts/);
    act(e, { type: 'fleet.modifyPlacement', instance: 'sql', tenancy: 'dedicated' });
    expect(inst(e, 'sql').tenancy).toBe('dedicated');
  });

  it('VPC tenancy goes dedicated → default only', () => {
    const e = simulate();
    expect(errors(e, () => e.input('fleet.modifyVpcTenancy', { type: 'fleet.modifyVpcTenancy', vpc: 'vpc-a', instanceTenancy: 'dedicated' })).join()).toMatch(/dedicated to default only/);
    act(e, { type: 'fleet.modifyVpcTenancy', vpc: 'vpc-a-ded', instanceTenancy: 'default' });
    expect(e.state.world.fleet.vpcs['vpc-a-ded']?.instanceTenancy).toBe('default');
  });

  it('rejects an absurd fleet size with a clear message', () => {
    expect(() => fleetLesson({ hosts: [{ family: 'm5', az: 'use1-a', count: 1e9 }] })).toThrow(/100000|too big/i);
    expect(() => fleetLesson({ hosts: [{ family: 'm5', az: 'use1-a', count: 60_000 }, { family: 'c5', az: 'use1-a', count: 60_000 }] })).toThrow(/at most 100000/);
    expect(() => fleetLesson({ hosts: [{ family: 'zz', az: 'use1-a', count: 1 }] })).toThrow(/unknown instance family/);
  });
});

describe('fault ignore-tenancy', () => {
  it('lets a Dedicated Instance share a host with another account, and the auditor says so', () => {
    const e = simulate(fleetLesson(), ['ignore-tenancy']);
    act(e, launch('shop-c', 'carol', 'vpc-c'));
    act(e, launch('di-a', 'alice', 'vpc-a-ded'));
    expect(inst(e, 'di-a').host).toBe(inst(e, 'shop-c').host);
    expect(e.state.violations.map((v) => v.invariant)).toContain('dedicated-instance-isolation');
  });
});
