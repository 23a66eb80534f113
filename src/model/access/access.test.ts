import { describe, expect, it } from 'vitest';
import { createSimulation } from '../../host/simulation';
import { lessonSchema } from '../../lessons/schema';

type Action = { type: string } & Record<string, unknown>;

function world(actions: Action[], faults: string[] = []): ReturnType<typeof createSimulation> {
  const engine = createSimulation(
    lessonSchema.parse({
      id: 'access-test',
      title: 't',
      summary: 't',
      timeScale: '1s',
      faults,
      world: {
        tenants: [{ id: 'a' }, { id: 'b' }],
        hosts: [
          { id: 'x', guests: [{ id: 'ga', tenant: 'a', booted: true }, { id: 'gb', tenant: 'b', booted: true }] },
          { id: 'n', hypervisor: 'nitro', guests: [{ id: 'na', tenant: 'a', booted: true }] },
        ],
        access: { operators: [{ id: 'op', mfa: true }, { id: 'weak', mfa: false }], adminHosts: [{ id: 'adm' }] },
      },
      steps: [{ at: '1s', narration: 'x', actions: actions.map((action) => ({ action })) }],
    }),
  );
  engine.runUntil(Number.MAX_SAFE_INTEGER);
  return engine;
}

const outcomes = (e: ReturnType<typeof world>): string[] => e.state.world.access.audit.map((a) => `${a.action} ${a.target} ${a.outcome}`);

describe('who can touch what', () => {
  it('lets an operator into the Xen management plane only via an admin host with MFA, and logs every attempt', () => {
    const e = world([
      { type: 'operator.login', operator: 'op', host: 'x' },
      { type: 'operator.login', operator: 'op', host: 'x', via: 'laptop' },
      { type: 'operator.login', operator: 'weak', host: 'x', via: 'adm' },
      { type: 'operator.login', operator: 'op', host: 'x', via: 'adm', mfa: false },
      { type: 'operator.login', operator: 'op', host: 'x', via: 'adm' },
    ]);
    expect(outcomes(e)).toEqual(['operator.login x denied', 'operator.login x denied', 'operator.login x denied', 'operator.login x denied', 'operator.login x allowed']);
    expect(Object.values(e.state.world.access.sessions)).toMatchObject([{ operatorId: 'op', hostId: 'x', adminHostId: 'adm', closedAt: null }]);
    expect(e.state.world.access.audit.every((a) => a.source === 'aws-xen-admin-access' && a.control === 'policy')).toBe(true);
  });

  it('revokes privileges: open sessions close and later logins and APIs are refused', () => {
    const e = world([
      { type: 'operator.login', operator: 'op', host: 'x', via: 'adm' },
      { type: 'operator.revoke', operator: 'op' },
      { type: 'operator.login', operator: 'op', host: 'x', via: 'adm' },
      { type: 'operator.api', operator: 'op', host: 'x', api: 'host-health' },
    ]);
    expect(outcomes(e).slice(-2)).toEqual(['operator.login x denied', 'operator.api:host-health x denied']);
    expect(Object.values(e.state.world.access.sessions)[0]?.closedAt).toBe(1e9);
    expect(e.state.world.access.operators.op?.status).toBe('revoked');
  });

  it('never lets an operator into a guest OS or at customer data, on Xen or Nitro', () => {
    const e = world([
      { type: 'operator.login', operator: 'op', host: 'x', via: 'adm' },
      { type: 'operator.accessGuest', operator: 'op', guest: 'ga' },
      { type: 'operator.accessGuest', operator: 'op', guest: 'na' },
      { type: 'operator.api', operator: 'op', host: 'x', api: 'read-guest-memory' },
      { type: 'operator.api', operator: 'op', host: 'n', api: 'read-instance-storage' },
    ]);
    expect(outcomes(e).slice(1)).toEqual(['operator.accessGuest ga denied', 'operator.accessGuest na denied', 'operator.api:read-guest-memory x denied', 'operator.api:read-instance-storage n denied']);
    expect(e.state.violations).toEqual([]);
  });

  it('has no operator login on Nitro, only audited APIs that expose no customer data', () => {
    const e = world([
      { type: 'operator.login', operator: 'op', host: 'n', via: 'adm' },
      { type: 'operator.api', operator: 'op', host: 'n', api: 'host-health' },
      { type: 'operator.api', operator: 'op', host: 'n', api: 'reboot-host' },
    ]);
    expect(outcomes(e)).toEqual(['operator.login n denied', 'operator.api:host-health n allowed', 'operator.api:reboot-host n allowed']);
    expect(e.state.world.access.audit[0]?.reason).toMatch(/no operator login/);
    expect(e.state.world.access.sessions).toEqual({});
  });

  it('gives customers full control of their own guest and none of anyone else\'s', () => {
    const e = world([
      { type: 'customer.access', tenant: 'a', guest: 'ga', what: 'root' },
      { type: 'customer.access', tenant: 'a', guest: 'gb', what: 'login' },
      { type: 'customer.access', tenant: 'b', guest: 'gb', what: 'firewall' },
      { type: 'customer.access', tenant: 'b', guest: 'x.dom0', what: 'login' },
    ]);
    expect(outcomes(e)).toEqual(['customer.access:root ga allowed', 'customer.access:login gb denied', 'customer.access:firewall gb allowed', 'customer.access:login x.dom0 denied']);
    expect(e.state.violations).toEqual([]);
  });

  it('on Xen, only policy keeps an operator out of guest memory; on Nitro the attempt has no path', () => {
    const steps: Action[] = [
      { type: 'operator.login', operator: 'op', host: 'x', via: 'adm' },
      { type: 'operator.api', operator: 'op', host: 'x', api: 'read-guest-memory' },
      { type: 'dom0.foreignMap', guest: 'ga', purpose: 'operator', operator: 'op' },
      { type: 'dom0.foreignMap', guest: 'na', purpose: 'operator', operator: 'op' },
    ];
    const honest = world(steps);
    const controls = honest.state.world.access.audit.map((a) => `${a.action} ${a.outcome} ${a.control}`);
    expect(controls).toEqual(['operator.login allowed policy', 'operator.api:read-guest-memory denied policy', 'dom0.foreignMap:operator denied policy', 'dom0.foreignMap:operator denied no-path']);
    expect(honest.state.world.access.audit[2]?.reason).toMatch(/technically, dom0 could map it/);
    expect(honest.state.violations).toEqual([]);
    const abused = world(steps, ['dom0-foreign-map']);
    expect(abused.state.world.access.foreignMaps.map((m) => `${m.guestId} ${m.outcome}`)).toEqual(['ga mapped', 'na refused']);
    expect(abused.state.world.access.foreignMaps[0]?.frameRanges.length).toBeGreaterThan(0);
    expect(abused.state.violations.map((v) => v.invariant)).toEqual(['access.operator-mapped-guest-memory']);
    expect(abused.state.violations[0]?.entities.tenants).toEqual(['a']);
  });

  it('lets dom0 map guest memory for the device model and live migration without a violation', () => {
    const e = world([
      { type: 'dom0.foreignMap', guest: 'ga', purpose: 'device-model' },
      { type: 'dom0.foreignMap', guest: 'gb', purpose: 'live-migration', frames: 4 },
    ], ['dom0-foreign-map']);
    expect(e.state.world.access.foreignMaps.map((m) => `${m.by} ${m.outcome} ${m.frames}`)).toEqual(['qemu mapped 8', 'toolstack mapped 4']);
    expect(e.state.violations).toEqual([]);
  });

  it('without a dom0 session the fault changes nothing: MFA and the admin host still stand', () => {
    const e = world([{ type: 'dom0.foreignMap', guest: 'ga', purpose: 'operator', operator: 'op' }], ['dom0-foreign-map']);
    expect(e.state.world.access.audit[0]?.reason).toMatch(/no management-plane session/);
    expect(e.state.violations).toEqual([]);
  });

  it('rejects malformed access actions with a clear error', async () => {
    const { actionSchema } = await import('../registry');
    expect(actionSchema.safeParse({ type: 'operator.api', operator: 'op', host: 'x', api: 'dump-everything' }).success).toBe(false);
    expect(actionSchema.safeParse({ type: 'operator.login', operator: 'op', host: 'x', sneaky: true }).success).toBe(false);
    expect(actionSchema.safeParse({ type: 'cpu.burst', domain: 'g', count: 1e12 }).success).toBe(false);
    expect(actionSchema.safeParse({ type: 'io.write', domain: 'g', bytes: -1 }).success).toBe(false);
  });
});
