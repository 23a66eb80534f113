import { describe, expect, it } from 'vitest';
import { createSimulation } from '../../host/simulation';
import { findLesson } from '../../lessons';
import { DELIVERED_NOT_ADDRESSED, SPOOFED_EGRESS, UNALLOWED_DELIVERY } from '../../audit/network';
import type { SimState } from '../state';
import { NO_ANTISPOOF, PROMISCUOUS_DELIVERY, SG_BYPASS_SAME_HOST } from './faults';
import { networkSimulation, type ActionInput } from './fixture';
import { packetAt } from './packets';
import { indexKeys, lookupKeys } from './rule-index';
import type { Packet } from './types';

const US = 1000;

function run(actions: Array<{ at: number; action: ActionInput }>, options: Parameters<typeof networkSimulation>[0] = {}): SimState {
  const engine = networkSimulation({ ...options, actions });
  engine.runUntil(Number.MAX_SAFE_INTEGER);
  return engine.state;
}

function packets(state: SimState): Packet[] {
  const net = state.world.network;
  return Array.from({ length: net.nextSerial }, (_, i) => packetAt(net, i)).filter((p): p is Packet => p !== null);
}

const send = (from: string, to: string, port: number, extra: Record<string, unknown> = {}): ActionInput => ({ type: 'net.send', from, to, protocol: 'tcp', port, ...extra });

describe('security groups in the hypervisor layer', () => {
  it('denies inbound by default and allows what a rule opens; the reply returns by connection tracking', () => {
    const state = run([
      { at: 10 * US, action: send('x0', 'n0', 22) },
      { at: 10 * US, action: send('x0', 'n0', 443) },
    ], { rules: { 'sg-n0': [{ id: 'https', fromPort: 443, cidr: '10.0.1.0/24' }] } });
    const [ssh, https, reply] = packets(state);
    expect(ssh?.status).toBe('dropped');
    expect(ssh?.drop).toMatchObject({ stage: 'firewall-in', check: 'security-group', host: 'nitro-1' });
    expect(ssh?.drop?.reason).toMatch(/denied by default/);
    expect(https?.deliveredTo).toEqual(['n0']);
    expect(https?.verdicts.find((v) => v.stage === 'firewall-in')).toMatchObject({ via: 'rule', rule: 'https' });
    expect(reply?.deliveredTo).toEqual(['x0']);
    expect(reply?.verdicts.map((v) => v.via)).toEqual(['conntrack', 'conntrack']);
    expect(state.violations).toEqual([]);
  });

  it('sends same-host traffic through the same firewall, out and in, without touching the NIC', () => {
    const state = run([{ at: 10 * US, action: send('x0', 'x1', 22) }]);
    const [p] = packets(state);
    expect(p?.path.map((h) => h.stage)).toEqual(['guest-out', 'backend-out', 'firewall-out', 'firewall-in', 'backend-in', 'guest-in']);
    expect(p?.drop).toMatchObject({ stage: 'firewall-in', check: 'security-group', host: 'xen-1' });
  });

  it('takes the dom0 path on Xen and the Nitro card for VPC on Nitro', () => {
    const state = run([{ at: 10 * US, action: send('x0', 'n0', 443) }], { rules: { 'sg-n0': [{ id: 'https', fromPort: 443, cidr: '0.0.0.0/0' }] } });
    const [p] = packets(state);
    expect(p?.path.map((h) => h.label)).toEqual([
      'netfront in g-x0', 'netback in dom0', 'firewall (hypervisor layer)', 'physical NIC', 'data-centre network',
      'network port of the Nitro card', 'Nitro card for VPC', 'ENA driver in g-n0',
    ]);
    expect(p?.hopAt.length).toBe(p?.path.length);
    expect(p?.status).toBe('delivered');
  });

  it('allows by security-group reference only the members of the referenced group', () => {
    const state = run([
      { at: 10 * US, action: { type: 'net.attachGroup', iface: 'x0', group: 'sg-x2' } },
      { at: 20 * US, action: send('x0', 'n0', 5432) },
      { at: 20 * US, action: send('x1', 'n0', 5432) },
    ], { rules: { 'sg-n0': [{ id: 'pg', fromPort: 5432, group: 'sg-x2' }] } });
    const [fromMember, fromOther] = packets(state).filter((p) => p.dstPort === 5432);
    expect(fromMember?.status).toBe('delivered');
    expect(fromOther?.status).toBe('dropped');
  });

  it('drops a forged source on the way out and hands promiscuous interfaces nothing extra', () => {
    const state = run([
      { at: 10 * US, action: send('x1', 'n0', 443, { forgeIp: '10.0.1.10' }) },
      { at: 10 * US, action: send('x1', 'n0', 443, { forgeMac: '02:00:00:00:01:0a' }) },
      { at: 100 * US, action: send('x0', 'x2', 443) },
    ], { promiscuous: ['x1'], rules: { 'sg-n0': [{ id: 'https', fromPort: 443, cidr: '0.0.0.0/0' }], 'sg-x2': [{ id: 'https', fromPort: 443, cidr: '0.0.0.0/0' }] } });
    const [ip, mac, legit] = packets(state);
    for (const p of [ip, mac]) expect(p?.drop).toMatchObject({ stage: 'firewall-out', check: 'anti-spoofing', host: 'xen-1' });
    expect(legit?.deliveredTo).toEqual(['x2']);
    expect(state.world.network.interfaces.x1?.received).toBe(0);
  });

  it('keeps a tracked connection after its rule is removed, refuses new ones, and a network ACL-free untracked flow stops at once', () => {
    const flow = (id: string, to: string) => ({ type: 'net.flow', flow: id, from: 'x0', to, protocol: 'tcp', port: 5432, packets: 6, interval: 100 * US, reply: false });
    const state = run([
      { at: 10 * US, action: flow('tracked', 'n0') },
      { at: 10 * US, action: flow('untracked', 'n1') },
      { at: 270 * US, action: { type: 'net.revoke', group: 'sg-n0', rule: 'pg' } },
      { at: 270 * US, action: { type: 'net.revoke', group: 'sg-n1', rule: 'pg-any' } },
      { at: 300 * US, action: send('x0', 'n0', 5432, { reply: false }) },
    ], { rules: { 'sg-n0': [{ id: 'pg', fromPort: 5432, cidr: '10.0.1.0/24' }], 'sg-n1': [{ id: 'pg-any', fromPort: 5432, cidr: '0.0.0.0/0' }] } });
    const net = state.world.network;
    expect(net.flows.tracked).toMatchObject({ sent: 6, delivered: 6, dropped: 0 });
    // 0.0.0.0/0 in and all traffic out: untracked, so the removal interrupts it (AWS docs).
    expect(net.flows.untracked).toMatchObject({ sent: 6, delivered: 3, dropped: 3 });
    const fresh = packets(state).find((p) => p.flow === null);
    expect(fresh?.drop?.check).toBe('security-group');
    expect(state.violations).toEqual([]);
  });
});

describe('rule index', () => {
  it('files single ports, narrow ranges, wide ranges and "all" under separate keys', () => {
    expect(indexKeys({ protocol: 'tcp', fromPort: 443, toPort: 443 })).toEqual(['tcp:443']);
    expect(indexKeys({ protocol: 'tcp', fromPort: 1000, toPort: 1100 })).toEqual(['tcp:b3', 'tcp:b4']);
    expect(indexKeys({ protocol: 'udp', fromPort: 0, toPort: 65535 })).toEqual(['udp:wide']);
    expect(indexKeys({ protocol: 'all', fromPort: 0, toPort: 65535 })).toEqual(['all']);
    expect(lookupKeys('tcp', 1050)).toEqual(['tcp:1050', 'tcp:b4', 'tcp:wide', 'all']);
  });
});

describe('the lessons and their faults', () => {
  const LESSONS = ['neighbours-are-strangers', 'security-groups-in-the-hypervisor'];
  const FAULT_INVARIANT: Record<string, string> = { [NO_ANTISPOOF]: SPOOFED_EGRESS, [PROMISCUOUS_DELIVERY]: DELIVERED_NOT_ADDRESSED, [SG_BYPASS_SAME_HOST]: UNALLOWED_DELIVERY };
  const violations = (id: string, faults: string[]): string[] => {
    const engine = createSimulation(findLesson(id)!, { faults });
    engine.runUntil(Number.MAX_SAFE_INTEGER);
    return engine.state.violations.map((v) => v.invariant);
  };

  it.each(LESSONS)('%s runs clean, and each fault produces exactly its own violation', (id) => {
    expect(violations(id, [])).toEqual([]);
    for (const [fault, invariant] of Object.entries(FAULT_INVARIANT)) {
      const found = violations(id, [fault]);
      expect(found.length, fault).toBeGreaterThan(0);
      expect(new Set(found), fault).toEqual(new Set([invariant]));
    }
  });

  it('every step focuses the network view and has presenter notes and a cited fact', () => {
    for (const id of LESSONS) {
      const lesson = findLesson(id)!;
      expect(lesson.steps.some((s) => s.checkpoint)).toBe(true);
      expect(lesson.steps.filter((s) => s.chapter).length).toBeGreaterThanOrEqual(3);
      for (const step of lesson.steps) {
        expect(step.focus?.view).toBe('network');
        expect(step.notes?.length ?? 0).toBeGreaterThan(20);
      }
      expect(lesson.steps.some((s) => /\(fact:[a-z-]+\)/.test(s.narration))).toBe(true);
    }
  });
});
