import { describe, expect, it } from 'vitest';
import type { TraceRecord } from '../../engine';
import { createSimulation } from '../../host/simulation';
import { lessonSchema } from '../../lessons/schema';

type Action = { type: string } & Record<string, unknown>;

function world(actions: Action[], options: { faults?: string[]; access?: unknown } = {}) {
  const engine = createSimulation(
    lessonSchema.parse({
      id: 'access-reasons',
      title: 't',
      summary: 't',
      timeScale: '1s',
      faults: options.faults ?? [],
      world: {
        tenants: [{ id: 'a', name: 'Tenant A (Alice Ltd)' }, { id: 'b' }],
        hosts: [
          { id: 'x', memoryMiB: 4096, guests: [{ id: 'ga', tenant: 'a', booted: true, memoryMiB: 256 }, { id: 'gs', tenant: 'a', memoryMiB: 256, bootAt: '10s' }] },
          { id: 'n', hypervisor: 'nitro', memoryMiB: 4096, guests: [{ id: 'na', tenant: 'a', booted: true, memoryMiB: 256 }] },
        ],
        ...(options.access === undefined ? { access: { operators: [{ id: 'op', name: 'Olga', mfa: true }, { id: 'weak', mfa: false }], adminHosts: [{ id: 'adm', name: 'Bastion' }] } } : {}),
      },
      steps: [{ at: '1s', narration: 'x', actions: actions.map((action) => ({ action })) }],
    }),
  );
  const trace: TraceRecord[] = [];
  engine.runUntil(5e9, { onFrame: (f) => trace.push(...f.trace) });
  const audit = engine.state.world.access.audit;
  return { engine, trace, audit, reasons: audit.map((a) => a.reason) };
}

const login = (extra: Record<string, unknown> = {}): Action => ({ type: 'operator.login', operator: 'op', host: 'x', via: 'adm', ...extra });

describe('operator access, reason by reason', () => {
  it('sets up the lesson\'s operators and admin hosts, or one MFA operator and one admin host by default', () => {
    const custom = world([]);
    expect(custom.engine.state.world.access.operators).toEqual({ op: { id: 'op', name: 'Olga', mfa: true, status: 'active' }, weak: { id: 'weak', name: 'weak', mfa: false, status: 'active' } });
    expect(custom.engine.state.world.access.adminHosts).toEqual({ adm: { id: 'adm', name: 'Bastion' } });
    const defaults = world([], { access: null });
    expect(defaults.engine.state.world.access).toEqual({
      operators: { 'op-1': { id: 'op-1', name: 'op-1', mfa: true, status: 'active' } },
      adminHosts: { 'admin-1': { id: 'admin-1', name: 'admin-1' } },
      sessions: {},
      nextSessionId: 1,
      audit: [],
      foreignMaps: [],
    });
  });

  it('explains each refused login and records the allowed one with its session', () => {
    const { reasons, audit, engine, trace } = world([
      login({ host: 'nohost' }),
      login({ operator: 'ghost' }),
      login({ via: undefined }),
      login({ via: 'laptop' }),
      login({ operator: 'weak' }),
      login({ mfa: false }),
      login({ operator: 'weak', mfa: true }),
      login(),
    ]);
    expect(reasons).toEqual([
      'no host nohost',
      'no operator ghost',
      'the management plane is reachable only through a purpose-built administration host',
      'laptop is not a purpose-built administration host',
      'multi-factor authentication is required',
      'multi-factor authentication is required',
      'management plane only, via adm with MFA (session-1)',
      'management plane only, via adm with MFA (session-2)',
    ]);
    expect(audit.map((a) => a.seq)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    expect(audit[0]).toMatchObject({ actor: { kind: 'operator', id: 'op' }, action: 'operator.login', target: 'nohost', outcome: 'denied', source: 'aws-xen-admin-access', control: 'policy', at: 1e9 });
    expect(engine.state.world.access.sessions['session-1']).toEqual({ id: 'session-1', operatorId: 'weak', hostId: 'x', adminHostId: 'adm', openedAt: 1e9, closedAt: null });
    expect(engine.state.world.access.nextSessionId).toBe(3);
    const lines = trace.filter((t) => t.kind === 'access' || t.kind === 'denied').map((t) => `${t.kind}: ${t.text}`);
    expect(lines[0]).toBe('denied: operator op → operator.login on nohost: denied (no host nohost)');
    expect(lines[7]).toBe('access: operator op → operator.login on x: allowed (management plane only, via adm with MFA (session-2))');
  });

  it('refuses every login on Nitro, whoever asks, because no login exists', () => {
    const { audit } = world([login({ host: 'n' })]);
    expect(audit[0]).toMatchObject({ outcome: 'denied', reason: "Nitro hosts have no operator login at all, whatever the operator's privileges", source: 'nitro-no-operator-access', control: 'no-path' });
  });

  it('revokes an operator: sessions on every host close, and a revoked operator is refused everywhere', () => {
    const { reasons, audit, engine } = world([
      login(),
      login(),
      { type: 'operator.revoke', operator: 'op' },
      { type: 'operator.revoke', operator: 'ghost' },
      login(),
      { type: 'operator.api', operator: 'op', host: 'n', api: 'host-health' },
      { type: 'dom0.foreignMap', guest: 'ga', purpose: 'operator', operator: 'op' },
    ]);
    expect(reasons.slice(2)).toEqual([
      'privileges revoked; 2 open session(s) closed',
      'no operator ghost',
      'privileges revoked: no business need any more',
      'privileges revoked',
      'privileges revoked: no way into dom0 any more',
    ]);
    expect(audit[2]).toMatchObject({ actor: { kind: 'system', id: 'iam' }, action: 'operator.revoke', target: 'op', outcome: 'allowed' });
    expect(audit[3]).toMatchObject({ actor: { kind: 'system', id: 'iam' }, outcome: 'denied' });
    expect(Object.values(engine.state.world.access.sessions).map((s) => s.closedAt)).toEqual([1e9, 1e9]);
  });

  it('explains each API decision', () => {
    const { audit } = world([
      { type: 'operator.api', operator: 'op', host: 'nohost', api: 'host-health' },
      { type: 'operator.api', operator: 'ghost', host: 'x', api: 'host-health' },
      { type: 'operator.api', operator: 'op', host: 'x', api: 'host-health' },
      { type: 'operator.api', operator: 'op', host: 'n', api: 'read-guest-memory' },
      login(),
      { type: 'operator.api', operator: 'op', host: 'x', api: 'reboot-host' },
      { type: 'operator.api', operator: 'op', host: 'x', api: 'read-instance-storage' },
      { type: 'operator.api', operator: 'op', host: 'n', api: 'update-firmware' },
    ]);
    expect(audit.map((a) => [a.action, a.outcome, a.reason, a.source, a.control])).toEqual([
      ['operator.api:host-health', 'denied', 'no host nohost', 'nitro-no-operator-access', 'policy'],
      ['operator.api:host-health', 'denied', 'no operator ghost', 'nitro-no-operator-access', 'policy'],
      ['operator.api:host-health', 'denied', 'needs an open management-plane session (MFA through an admin host)', 'aws-xen-admin-access', 'policy'],
      ['operator.api:read-guest-memory', 'denied', 'no administrative API exposes customer data: there is no such path', 'nitro-no-operator-access', 'no-path'],
      ['operator.login', 'allowed', 'management plane only, via adm with MFA (session-1)', 'aws-xen-admin-access', 'policy'],
      ['operator.api:reboot-host', 'allowed', 'management-plane operation in an audited session', 'aws-xen-admin-access', 'policy'],
      [
        'operator.api:read-instance-storage',
        'denied',
        'policy: the operator has no access rights to guest memory or data — no approved procedure reads it, though dom0 technically could',
        'aws-no-guest-os-access',
        'policy',
      ],
      ['operator.api:update-firmware', 'allowed', 'authenticated, authorized, logged and audited administrative API', 'nitro-no-operator-access', 'policy'],
    ]);
  });

  it('refuses a revoked operator\'s API call while a colleague\'s session stays open', () => {
    const { audit } = world([
      login(),
      { type: 'operator.api', operator: 'op', host: 'x', api: 'host-health' },
      { type: 'operator.revoke', operator: 'weak' },
      { type: 'operator.api', operator: 'weak', host: 'x', api: 'host-health' },
    ]);
    expect(audit.map((a) => a.outcome)).toEqual(['allowed', 'allowed', 'allowed', 'denied']);
  });

  it('refuses an operator in any guest, naming the control that holds on each hypervisor', () => {
    const { audit } = world([
      { type: 'operator.accessGuest', operator: 'op', guest: 'ga' },
      { type: 'operator.accessGuest', operator: 'op', guest: 'na' },
      { type: 'operator.accessGuest', operator: 'op', guest: 'ghost' },
    ]);
    expect(audit.map((a) => [a.target, a.reason, a.source, a.control])).toEqual([
      ['ga', "policy: the operator has no access rights to the customer's instance or guest OS (the customer holds the keys)", 'aws-no-guest-os-access', 'policy'],
      ['na', 'no mechanism exists to access instance memory or customer data', 'nitro-no-operator-access', 'no-path'],
      ['ghost', "policy: the operator has no access rights to the customer's instance or guest OS (the customer holds the keys)", 'aws-no-guest-os-access', 'policy'],
    ]);
  });

  it('explains what a customer may do in their own running guest', () => {
    const { audit } = world([
      { type: 'customer.access', tenant: 'a', guest: 'ga', what: 'login' },
      { type: 'customer.access', tenant: 'a', guest: 'ga', what: 'root' },
      { type: 'customer.access', tenant: 'a', guest: 'ga', what: 'firewall' },
      { type: 'customer.access', tenant: 'b', guest: 'ga' },
      { type: 'customer.access', tenant: 'a', guest: 'gs' },
      { type: 'customer.access', tenant: 'a', guest: 'ghost' },
    ]);
    expect(audit.map((a) => [a.outcome, a.reason])).toEqual([
      ['allowed', 'the customer controls the guest OS completely and logs in with their own key pair'],
      ['allowed', 'the customer controls the guest OS completely and has full root access'],
      ['allowed', 'the customer controls the guest OS completely and changes the guest firewall'],
      ['denied', 'ga belongs to another customer'],
      ['denied', 'no running guest gs'],
      ['denied', 'no running guest ghost'],
    ]);
    expect(audit[0]).toMatchObject({ actor: { kind: 'customer', id: 'a' }, action: 'customer.access:login', source: 'aws-customer-controls-guest', control: 'hypervisor' });
  });
});

describe('dom0 foreign mappings', () => {
  it('maps a guest\'s frames for the device model and for live migration, recording who and which frames', () => {
    const { audit, engine } = world([
      { type: 'dom0.foreignMap', guest: 'ga', purpose: 'device-model', frames: 2 },
      { type: 'dom0.foreignMap', guest: 'ga', purpose: 'live-migration' },
    ]);
    expect(audit.map((a) => [a.actor, a.action, a.reason, a.source, a.control])).toEqual([
      [{ kind: 'system', id: 'qemu' }, 'dom0.foreignMap:device-model', "QEMU in dom0 maps 2 of ga's frames to emulate its devices, on the guest's behalf", 'xen-dom0-foreign-mapping', 'hypervisor'],
      [{ kind: 'system', id: 'toolstack' }, 'dom0.foreignMap:live-migration', "the toolstack in dom0 maps 8 of ga's frames to copy them to another host (live migration)", 'xen-dom0-foreign-mapping', 'hypervisor'],
    ]);
    const maps = engine.state.world.access.foreignMaps;
    expect(maps[0]).toEqual({ seq: 1, at: 1e9, hostId: 'x', guestId: 'ga', tenant: 'a', purpose: 'device-model', by: 'qemu', outcome: 'mapped', frameRanges: ['x:0:2'], frames: 2, auditSeq: 1 });
    expect(maps[1]).toMatchObject({ seq: 2, frameRanges: ['x:0:8'], frames: 8, auditSeq: 2 });
  });

  it('has no guest to map when it is not a running guest', () => {
    const { audit, engine } = world([
      { type: 'dom0.foreignMap', guest: 'ghost', purpose: 'device-model' },
      { type: 'dom0.foreignMap', guest: 'x.dom0', purpose: 'device-model' },
      { type: 'dom0.foreignMap', guest: 'gs', purpose: 'live-migration' },
    ]);
    expect(audit.map((a) => [a.reason, a.control])).toEqual([
      ['no running guest ghost', 'hypervisor'],
      ['no running guest x.dom0', 'hypervisor'],
      ['no running guest gs', 'hypervisor'],
    ]);
    expect(engine.state.world.access.foreignMaps).toEqual([]);
  });

  it('records a refused operator mapping on Nitro as having no path at all', () => {
    const { engine, audit } = world([{ type: 'dom0.foreignMap', guest: 'na', purpose: 'device-model' }]);
    expect(audit[0]?.reason).toBe('a Nitro host has no dom0 and no mechanism that maps instance memory: the attempt has no path');
    expect(engine.state.world.access.foreignMaps).toEqual([
      { seq: 1, at: 1e9, hostId: 'n', guestId: 'na', tenant: 'a', purpose: 'device-model', by: 'qemu', outcome: 'refused', frameRanges: [], frames: 0, auditSeq: 1 },
    ]);
  });

  it('explains why an operator\'s mapping is refused, citing the admin-access rule or, for policy, the dom0 fact', () => {
    const { audit, engine } = world([
      { type: 'dom0.foreignMap', guest: 'ga', purpose: 'operator' },
      { type: 'dom0.foreignMap', guest: 'ga', purpose: 'operator', operator: 'ghost' },
      login(),
      { type: 'dom0.foreignMap', guest: 'ga', purpose: 'operator', operator: 'op' },
    ]);
    expect(audit.map((a) => [a.actor.id, a.reason, a.source])).toEqual([
      ['?', 'no operator (none given)', 'aws-xen-admin-access'],
      ['ghost', 'no operator ghost', 'aws-xen-admin-access'],
      ['op', 'management plane only, via adm with MFA (session-1)', 'aws-xen-admin-access'],
      ['op', "policy: no approved procedure maps a customer's memory, so the audited tooling refuses and the attempt is logged — technically, dom0 could map it", 'xen-dom0-foreign-mapping'],
    ]);
    expect(engine.state.world.access.foreignMaps.map((m) => [m.by, m.outcome, m.auditSeq])).toEqual([
      ['?', 'refused', 1],
      ['ghost', 'refused', 2],
      ['op', 'refused', 4],
    ]);
  });

  it('with dom0-foreign-map, an operator in a session maps the guest\'s memory, and the log says only policy stood in the way', () => {
    const { audit, trace, engine } = world([login(), { type: 'dom0.foreignMap', guest: 'ga', purpose: 'operator', operator: 'op', frames: 3 }], { faults: ['dom0-foreign-map'] });
    expect(audit[1]).toMatchObject({
      actor: { kind: 'operator', id: 'op' },
      outcome: 'allowed',
      reason: "dom0 is privileged: Xen maps 3 of ga's frames for the operator's process. Only policy stood in the way, and it was bypassed; the attempt is still in the log",
      source: 'xen-dom0-foreign-mapping',
      control: 'hypervisor',
    });
    expect(engine.state.world.access.foreignMaps[0]).toMatchObject({ by: 'op', outcome: 'mapped', frameRanges: ['x:0:3'], frames: 3, auditSeq: 2 });
    expect(trace.filter((t) => t.kind === 'fault').map((t) => t.text)).toEqual(["dom0-foreign-map: operator op reads Tenant A (Alice Ltd)'s memory through dom0"]);
  });
});
