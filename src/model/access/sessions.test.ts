import { describe, expect, it } from 'vitest';
import type { TraceRecord } from '../../engine';
import { createSimulation } from '../../host/simulation';
import { lessonSchema } from '../../lessons/schema';

/**
 * Management-plane sessions belong to one operator on one host: another operator, another host or
 * a second revocation must not reuse or reopen them. Also what the audit log and the trace show
 * for guests that exist but do not run (being built, dom0).
 */
type Action = { type: string } & Record<string, unknown>;

function world(steps: Array<{ at: string; actions: Action[] }>, faults: string[] = []) {
  const engine = createSimulation(
    lessonSchema.parse({
      id: 'access-sessions',
      title: 't',
      summary: 't',
      timeScale: '1s',
      faults,
      world: {
        tenants: [{ id: 'a' }, { id: 'b' }],
        hosts: [
          { id: 'x', memoryMiB: 4096, guests: [{ id: 'ga', tenant: 'a', booted: true, memoryMiB: 256 }, { id: 'late', tenant: 'a', memoryMiB: 256, bootAt: '900ms' }] },
          { id: 'y', memoryMiB: 4096, guests: [{ id: 'gy', tenant: 'b', booted: true, memoryMiB: 256 }] },
        ],
        access: { operators: [{ id: 'op', mfa: true }, { id: 'op2', mfa: true }], adminHosts: [{ id: 'adm' }] },
      },
      steps: steps.map((s) => ({ at: s.at, narration: 'x', actions: s.actions.map((action) => ({ action })) })),
    }),
  );
  const trace: TraceRecord[] = [];
  engine.runUntil(10e9, { onFrame: (f) => trace.push(...f.trace) });
  const audit = engine.state.world.access.audit;
  return { engine, trace, audit, reasons: audit.map((a) => a.reason) };
}

const login = (operator: string, host: string): Action => ({ type: 'operator.login', operator, host, via: 'adm' });
const api = (operator: string, host: string): Action => ({ type: 'operator.api', operator, host, api: 'host-health' });
const NO_SESSION_API = 'needs an open management-plane session (MFA through an admin host)';
const NO_SESSION_MAP = 'no management-plane session: without MFA through an admin host there is no way into dom0';

describe('management-plane sessions', () => {
  it('a session lets only its own operator call APIs, and only on its own host', () => {
    const { reasons } = world([{ at: '1s', actions: [login('op', 'x'), api('op', 'x'), api('op2', 'x'), api('op', 'y')] }]);
    expect(reasons.slice(1)).toEqual(['management-plane operation in an audited session', NO_SESSION_API, NO_SESSION_API]);
  });

  it('a session opens dom0 only for its own operator on its own host', () => {
    const map = (operator: string, guest: string): Action => ({ type: 'dom0.foreignMap', guest, purpose: 'operator', operator });
    const { reasons, engine } = world([{ at: '1s', actions: [login('op', 'x'), map('op2', 'ga'), map('op', 'gy'), map('op', 'ga')] }], ['dom0-foreign-map']);
    expect(reasons.slice(1, 3)).toEqual([NO_SESSION_MAP, NO_SESSION_MAP]);
    expect(engine.state.world.access.foreignMaps.map((m) => [m.by, m.guestId, m.outcome, m.frameRanges])).toEqual([
      ['op2', 'ga', 'refused', []],
      ['op', 'gy', 'refused', []],
      ['op', 'ga', 'mapped', ['x:0:8']],
    ]);
  });

  it('revoking one operator closes only that operator\'s sessions, once', () => {
    const { reasons, engine } = world([
      { at: '1s', actions: [login('op', 'x'), login('op2', 'x'), login('op', 'y'), { type: 'operator.revoke', operator: 'op' }] },
      { at: '2s', actions: [{ type: 'operator.revoke', operator: 'op' }, api('op2', 'x')] },
    ]);
    expect(reasons.slice(3)).toEqual([
      'privileges revoked; 2 open session(s) closed',
      'privileges revoked; 0 open session(s) closed',
      'management-plane operation in an audited session',
    ]);
    const sessions = engine.state.world.access.sessions;
    expect([sessions['session-1']?.closedAt, sessions['session-2']?.closedAt, sessions['session-3']?.closedAt]).toEqual([1e9, null, 1e9]);
  });

  it('logs a refused revocation as IAM\'s revoke action', () => {
    const { audit } = world([{ at: '1s', actions: [{ type: 'operator.revoke', operator: 'ghost' }] }]);
    expect(audit).toEqual([
      { control: 'policy', actor: { kind: 'system', id: 'iam' }, action: 'operator.revoke', target: 'ghost', outcome: 'denied', reason: 'no operator ghost', source: 'aws-xen-admin-access', seq: 1, at: 1e9 },
    ]);
  });
});

describe('guests that exist but do not run', () => {
  it('a guest still being built can neither be used by its customer nor mapped by dom0', () => {
    const { audit, engine } = world([{ at: '1s', actions: [
      { type: 'customer.access', tenant: 'a', guest: 'late', what: 'login' },
      { type: 'dom0.foreignMap', guest: 'late', purpose: 'device-model' },
    ] }]);
    expect(engine.state.world.domains['late']?.status).toBe('running');
    expect(audit.map((a) => [a.action, a.outcome, a.reason])).toEqual([
      ['customer.access:login', 'denied', 'no running guest late'],
      ['dom0.foreignMap:device-model', 'denied', 'no running guest late'],
    ]);
    expect(engine.state.world.access.foreignMaps).toEqual([]);
  });

  it('dom0 is no customer guest: no customer gets into it', () => {
    const { reasons } = world([{ at: '1s', actions: [{ type: 'customer.access', tenant: 'a', guest: 'x.dom0', what: 'root' }] }]);
    expect(reasons).toEqual(['no running guest x.dom0']);
  });
});

describe('what the trace shows', () => {
  it('traces each audit entry with its outcome and source, and an abusive mapping as a fault', () => {
    const { trace } = world([{ at: '1s', actions: [
      login('op', 'x'),
      { type: 'dom0.foreignMap', guest: 'ga', purpose: 'device-model' },
      { type: 'dom0.foreignMap', guest: 'ga', purpose: 'operator', operator: 'op' },
    ] }], ['dom0-foreign-map']);
    const access = trace.filter((t) => t.kind === 'access' || t.kind === 'denied');
    expect(access.map((t) => t.data)).toEqual([
      { outcome: 'allowed', source: 'aws-xen-admin-access' },
      { outcome: 'allowed', source: 'xen-dom0-foreign-mapping' },
      { outcome: 'allowed', source: 'xen-dom0-foreign-mapping' },
    ]);
    const faults = trace.filter((t) => t.kind === 'fault');
    expect(faults.map((t) => [t.text, t.data])).toEqual([["dom0-foreign-map: operator op reads a's memory through dom0", { guest: 'ga' }]]);
  });
});
