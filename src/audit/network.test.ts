import { describe, expect, it } from 'vitest';
import { networkSimulation, type ActionInput } from '../model/network/fixture';
import { NO_ANTISPOOF, PROMISCUOUS_DELIVERY, SG_BYPASS_SAME_HOST } from '../model/network/faults';
import { connectionKey } from '../model/network/evaluate';
import { packetAt } from '../model/network/packets';
import type { Packet } from '../model/network/types';
import type { SimState } from '../model/state';
import { admissible, DELIVERED_NOT_ADDRESSED, SPOOFED_EGRESS, UNALLOWED_DELIVERY } from './network';

const US = 1000;

/** Runs the fixture world (x0–x2 on Xen, n0–n2 on Nitro; tenants alternate alice, bob) with one action every 100 µs. */
function run(actions: ActionInput[], options: Parameters<typeof networkSimulation>[0] = {}): SimState {
  const engine = networkSimulation({ ...options, actions: actions.map((action, i) => ({ at: (i + 1) * 100 * US, action })) });
  engine.runUntil(Number.MAX_SAFE_INTEGER);
  return engine.state;
}

const send = (from: string, to: string, port: number, extra: Record<string, unknown> = {}): ActionInput => ({ type: 'net.send', from, to, protocol: 'tcp', port, ...extra });
const OPEN_443 = { id: 'https', fromPort: 443, cidr: '0.0.0.0/0' };
/** A violation without its time (the tests pin what was reported, not when). */
const reported = (state: SimState) => state.violations.map(({ invariant, entities, explanation }) => ({ invariant, entities, explanation }));

function packet(state: SimState, serial: number): Packet {
  const found = packetAt(state.world.network, serial);
  if (!found) throw new Error(`no packet #${serial}`);
  return found;
}

describe('network auditor: spoofed egress', () => {
  it('reports a forged source IP or a forged MAC alone, naming the sender and both addresses; an honest packet passes', () => {
    const state = run([send('x1', 'n0', 443, { forgeIp: '10.0.1.10' }), send('x1', 'n0', 443, { reply: false }), send('x1', 'n0', 443, { forgeMac: '02:00:00:00:01:0a' })], { faults: [NO_ANTISPOOF], rules: { 'sg-n0': [OPEN_443] } });
    const forged = state.violations.map((v) => v.entities['packets']?.[0]);
    const honest = packet(state, 2);
    expect(honest.srcIp).toBe('10.0.1.11');
    expect(forged).not.toContain(2);
    expect(reported(state)).toEqual([
      {
        invariant: SPOOFED_EGRESS,
        entities: { interfaces: ['x1'], packets: [0], tenants: ['bob'] },
        explanation: 'packet #0 left x1\'s host with source 10.0.1.10 / 02:00:00:00:01:0b, not x1\'s own 10.0.1.11 / 02:00:00:00:01:0b: the host firewall must drop forged sources',
      },
      {
        invariant: SPOOFED_EGRESS,
        entities: { interfaces: ['x1'], packets: [forged[1]], tenants: ['bob'] },
        explanation: `packet #${forged[1]} left x1's host with source 10.0.1.11 / 02:00:00:00:01:0a, not x1's own 10.0.1.11 / 02:00:00:00:01:0b: the host firewall must drop forged sources`,
      },
    ]);
  });
});

describe('network auditor: delivery to an interface the packet was not addressed to', () => {
  it('reports the promiscuous receiver with the addressee; the addressee itself is fine', () => {
    const state = run([send('x0', 'x2', 443, { reply: false })], { faults: [PROMISCUOUS_DELIVERY], promiscuous: ['x1'], rules: { 'sg-x2': [OPEN_443] } });
    expect(packet(state, 0).deliveredTo).toContain('x2');
    expect(reported(state)).toEqual([
      {
        invariant: DELIVERED_NOT_ADDRESSED,
        entities: { interfaces: ['x1', 'x2'], packets: [0], tenants: ['bob'] },
        explanation: 'x1 (10.0.1.11, tenant bob, promiscuous mode) received packet #0 addressed to 10.0.1.12 (x2): a guest must never see traffic meant for another instance',
      },
    ]);
  });

  it('runs clean without the fault, with promiscuous interfaces and replies', () => {
    const state = run([send('x0', 'x2', 443), send('x0', 'n0', 443)], { promiscuous: ['x1'], rules: { 'sg-x2': [OPEN_443], 'sg-n0': [OPEN_443] } });
    expect(packet(state, 0).status).toBe('delivered');
    expect(state.violations).toEqual([]);
  });
});

describe('network auditor: delivery no rule allows', () => {
  it('reports TCP with its port and ICMP without one, naming the groups; an allowed packet and its reply pass', () => {
    const state = run([send('x0', 'x2', 443, { reply: false }), send('x0', 'x2', 0, { protocol: 'icmp', reply: false }), send('x0', 'x1', 443)], { faults: [SG_BYPASS_SAME_HOST], rules: { 'sg-x1': [OPEN_443] } });
    expect(reported(state)).toEqual([
      {
        invariant: UNALLOWED_DELIVERY,
        entities: { interfaces: ['x2'], packets: [0], tenants: ['alice'], groups: ['sg-x2'] },
        explanation: 'packet #0 (TCP 443 from 10.0.1.10) reached x2 although no rule of sg-x2 allows it and no tracked connection covers it',
      },
      {
        invariant: UNALLOWED_DELIVERY,
        entities: { interfaces: ['x2'], packets: [1], tenants: ['alice'], groups: ['sg-x2'] },
        explanation: 'packet #1 (ICMP from 10.0.1.10) reached x2 although no rule of sg-x2 allows it and no tracked connection covers it',
      },
    ]);
    expect(packet(state, 2).deliveredTo).toEqual(['x1']);
  });

  it('names every security group of the receiver', () => {
    const state = run([{ type: 'net.attachGroup', iface: 'x2', group: 'sg-x1' }, send('x0', 'x2', 0, { protocol: 'icmp', reply: false })], { faults: [SG_BYPASS_SAME_HOST], rules: { 'sg-x1': [OPEN_443] } });
    expect(reported(state).map((v) => [v.entities['groups'], v.explanation])).toEqual([
      [['sg-x2', 'sg-x1'], 'packet #0 (ICMP from 10.0.1.10) reached x2 although no rule of sg-x2, sg-x1 allows it and no tracked connection covers it'],
    ]);
  });
});

describe('admissible', () => {
  /** x0 opens a connection to n0 (allowed by a rule), n0 replies; then the rule is revoked. */
  function connection() {
    const state = run([send('x0', 'n0', 443), { type: 'net.revoke', group: 'sg-n0', rule: 'https' }], { rules: { 'sg-n0': [OPEN_443] } });
    const net = state.world.network;
    const opener = packet(state, 0);
    const reply = packet(state, 1);
    expect([opener.to, reply.to]).toEqual(['n0', 'x0']);
    return { net, opener, reply };
  }

  it('lets return traffic in while the tracked connection is fresh, up to its timeout and not a nanosecond after', () => {
    const { net, reply } = connection();
    const entry = net.conntrack['x0']?.[connectionKey({ srcIp: reply.srcIp, dstIp: reply.dstIp, protocol: reply.protocol, srcPort: reply.srcPort, dstPort: reply.dstPort }, false)];
    if (!entry) throw new Error('no tracked connection on x0');
    expect(admissible(net, 'x0', reply, entry.lastSeen + entry.timeoutNs)).toBe(true);
    expect(admissible(net, 'x0', reply, entry.lastSeen + entry.timeoutNs + 1)).toBe(false);
    expect(admissible(net, 'nobody', reply, entry.lastSeen)).toBe(false);
  });

  it('does not count the packet that opened a connection as covered by it (once its rule is gone)', () => {
    const { net, opener } = connection();
    const entry = net.conntrack['n0']?.[connectionKey({ srcIp: opener.srcIp, dstIp: opener.dstIp, protocol: opener.protocol, srcPort: opener.srcPort, dstPort: opener.dstPort }, false)];
    if (!entry) throw new Error('no tracked connection on n0');
    // The same header carried by the packet the entry records as its opener is not return traffic.
    expect(admissible(net, 'n0', { ...opener, serial: entry.openedBySerial }, entry.lastSeen)).toBe(false);
    expect(admissible(net, 'n0', { ...opener, serial: 99 }, entry.lastSeen)).toBe(true);
  });
});
