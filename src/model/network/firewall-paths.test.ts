import { describe, expect, it } from 'vitest';
import { createSimulation } from '../../host/simulation';
import { lessonSchema, type LessonInput } from '../../lessons/schema';
import type { SimState } from '../state';
import { NO_ANTISPOOF, PROMISCUOUS_DELIVERY, SG_BYPASS_SAME_HOST } from './faults';
import { packetAt } from './packets';
import { buildPath, HOP_LATENCY_NS, wireTimeNs } from './path';
import type { SgRuleSpec } from './scenario';
import type { Packet } from './types';

/**
 * Packets through the firewall of a small world with two VPCs of Alice (peered) and one of Bob:
 * network ACLs at subnet boundaries, VPC boundaries, addresses nobody has, the Internet, guests
 * that are not running, the three network faults, and the security-group actions' refusals.
 *
 * Interfaces: a1 (10.0.1.10, sub-a1 with ACL acl-a1) and a2 (10.0.1.11, same subnet) on xen-1;
 * a3 (10.0.2.10, sub-a2, no ACL) on nitro-1; c1 (10.2.1.10, peered VPC vpc-c) on nitro-1;
 * b1 (10.1.1.10, Bob's vpc-b) on xen-1; late (10.0.2.20) on nitro-1, whose guest a test destroys.
 */
type ActionInput = { type: string } & Record<string, unknown>;
const US = 1000;

interface WorldOptions {
  rules?: Record<string, Array<Partial<SgRuleSpec> & { id: string }>>;
  acl?: Array<Record<string, unknown>>;
  promiscuous?: string[];
  faults?: string[];
  actions?: Array<{ at: number; action: ActionInput }>;
  /** When g-late is created (default: at the start, like the others). */
  lateBootAt?: string;
}

function simulate(options: WorldOptions = {}) {
  const guest = (id: string, tenant: string, more: Record<string, unknown> = {}) => ({ id, tenant, memoryMiB: 64, booted: true, ...more });
  const iface = (id: string, subnet: string, ip: string, mac: string) => ({ id, guest: `g-${id}`, subnet, ip, mac, securityGroups: [`sg-${id}`], promiscuous: options.promiscuous?.includes(id) ?? false });
  const vpcOf: Record<string, string> = { a1: 'vpc-a', a2: 'vpc-a', a3: 'vpc-a', late: 'vpc-a', c1: 'vpc-c', b1: 'vpc-b' };
  const input: LessonInput = {
    id: 'network-paths-test',
    title: 'network paths test',
    summary: 'generated',
    timeScale: '20us',
    world: {
      tenants: [{ id: 'alice' }, { id: 'bob' }],
      hosts: [
        { id: 'xen-1', hypervisor: 'xen', guests: [guest('g-a1', 'alice'), guest('g-a2', 'alice'), guest('g-b1', 'bob')] },
        { id: 'nitro-1', hypervisor: 'nitro', guests: [guest('g-a3', 'alice'), guest('g-c1', 'alice'), guest('g-late', 'alice', options.lateBootAt ? { booted: false, bootAt: options.lateBootAt } : {})] },
      ],
      network: {
        vpcs: [
          { id: 'vpc-a', tenant: 'alice', cidr: '10.0.0.0/16' },
          { id: 'vpc-b', tenant: 'bob', cidr: '10.1.0.0/16' },
          { id: 'vpc-c', tenant: 'alice', cidr: '10.2.0.0/16' },
        ],
        nacls: [{ id: 'acl-a1', vpc: 'vpc-a', entries: options.acl ?? [{ number: 100, direction: 'inbound', action: 'allow', cidr: '0.0.0.0/0' }, { number: 100, direction: 'outbound', action: 'allow', cidr: '0.0.0.0/0' }] }],
        subnets: [
          { id: 'sub-a1', vpc: 'vpc-a', cidr: '10.0.1.0/24', nacl: 'acl-a1' },
          { id: 'sub-a2', vpc: 'vpc-a', cidr: '10.0.2.0/24' },
          { id: 'sub-b', vpc: 'vpc-b', cidr: '10.1.1.0/24' },
          { id: 'sub-c', vpc: 'vpc-c', cidr: '10.2.1.0/24' },
        ],
        securityGroups: Object.entries(vpcOf).map(([id, vpc]) => ({ id: `sg-${id}`, vpc, rules: [...(options.rules?.[`sg-${id}`] ?? [])] })),
        interfaces: [
          iface('a1', 'sub-a1', '10.0.1.10', '02:00:00:00:01:0a'),
          iface('a2', 'sub-a1', '10.0.1.11', '02:00:00:00:01:0b'),
          iface('a3', 'sub-a2', '10.0.2.10', '02:00:00:00:02:0a'),
          iface('late', 'sub-a2', '10.0.2.20', '02:00:00:00:02:14'),
          iface('c1', 'sub-c', '10.2.1.10', '02:00:00:00:03:0a'),
          iface('b1', 'sub-b', '10.1.1.10', '02:00:00:00:04:0a'),
        ],
        peerings: [['vpc-a', 'vpc-c']],
      },
    },
    steps: [{ at: '0s', narration: 'generated', actions: (options.actions ?? []).map(({ at, action }) => ({ at: `${Math.round(at)}ns`, action })) }],
  } as LessonInput;
  const engine = createSimulation(lessonSchema.parse(input), { faults: options.faults ?? [] });
  const trace: string[] = [];
  const entries: Array<{ kind: string; text: string; data?: Record<string, unknown> | undefined }> = [];
  engine.runUntil(10_000_000_000, {
    onFrame: (f) =>
      f.trace.forEach((t) => {
        trace.push(t.text);
        entries.push(t);
      }),
  });
  const net = engine.state.world.network;
  const packets = Array.from({ length: net.nextSerial }, (_, i) => packetAt(net, i)).filter((p): p is Packet => p !== null);
  return { state: engine.state as SimState, net, packets, trace, entries };
}

/** Actions 100 µs apart: each packet has finished its path before the next action. */
const at = (n: number, action: ActionInput) => ({ at: n * 100 * US, action });
const send = (from: string, to: string, port = 443, more: Record<string, unknown> = {}): ActionInput => ({ type: 'net.send', from, to, protocol: 'tcp', port, reply: false, ...more });
const sendIp = (from: string, dstIp: string, port = 443, more: Record<string, unknown> = {}): ActionInput => ({ type: 'net.send', from, dstIp, protocol: 'tcp', port, reply: false, ...more });
const open = (port = 443, cidr = '0.0.0.0/0') => [{ id: `in-${port}`, fromPort: port, cidr }];

describe('network ACLs at the subnet boundary', () => {
  it('drops a packet leaving the subnet at the sender\'s firewall, naming the entry that denied it', () => {
    const { packets } = simulate({
      acl: [{ number: 100, direction: 'outbound', action: 'deny', protocol: 'tcp', fromPort: 443, toPort: 443, cidr: '10.0.2.0/24' }, { number: 200, direction: 'outbound', action: 'allow', cidr: '0.0.0.0/0' }],
      rules: { 'sg-a3': open() },
      actions: [at(1, send('a1', 'a3'))],
    });
    expect(packets[0]?.drop).toEqual({ stage: 'firewall-out', host: 'xen-1', check: 'network-acl', by: 'acl-a1', reason: 'network ACL acl-a1 of subnet sub-a1 (stateless, outbound): entry #100 denies it' });
  });

  it('with no matching entry the final * entry denies, on the way in too', () => {
    const { packets } = simulate({
      acl: [{ number: 100, direction: 'outbound', action: 'allow', cidr: '0.0.0.0/0' }],
      rules: { 'sg-a1': open() },
      actions: [at(1, send('a3', 'a1'))],
    });
    expect(packets[0]?.drop).toEqual({ stage: 'firewall-in', host: 'xen-1', check: 'network-acl', by: 'acl-a1', reason: 'network ACL acl-a1 of subnet sub-a1 (stateless, inbound): no entry matches, so the final * entry denies it' });
  });

  it('does not apply to traffic that stays inside the subnet', () => {
    const { packets } = simulate({ acl: [], rules: { 'sg-a2': open() }, actions: [at(1, send('a1', 'a2'))] });
    expect(packets[0]).toMatchObject({ status: 'delivered', deliveredTo: ['a2'], drop: null });
  });

  it('a new entry replaces the one with the same number and direction, and entries stay in number order', () => {
    const { net, packets } = simulate({
      rules: { 'sg-a3': open() },
      actions: [
        at(1, { type: 'net.naclEntry', nacl: 'acl-a1', entry: { number: 50, direction: 'outbound', action: 'deny', protocol: 'tcp', fromPort: 443, toPort: 443, cidr: '10.0.2.0/24' } }),
        at(1, { type: 'net.naclEntry', nacl: 'acl-a1', entry: { number: 100, direction: 'inbound', action: 'deny', cidr: '10.9.0.0/16' } }),
        at(2, send('a1', 'a3')),
        at(3, { type: 'net.naclEntry', nacl: 'acl-a1', entry: { number: 50, direction: 'outbound', action: 'allow', protocol: 'tcp', fromPort: 443, toPort: 443, cidr: '10.0.2.0/24' } }),
        at(4, send('a1', 'a3')),
      ],
    });
    expect(net.nacls['acl-a1']?.entries.map((e) => `${e.number} ${e.direction} ${e.action}`)).toEqual(['50 outbound allow', '100 outbound allow', '100 inbound deny']);
    expect(packets.map((p) => p.drop?.check ?? p.status)).toEqual(['network-acl', 'delivered']);
  });
});

describe('routing at the sender\'s firewall', () => {
  it('a VPC cannot reach another VPC it is not peered with, by interface or by address', () => {
    const { packets } = simulate({ rules: { 'sg-b1': open() }, actions: [at(1, send('a1', 'b1')), at(2, sendIp('a1', '10.1.1.10')), at(3, sendIp('a1', '10.1.1.99'))] });
    expect(packets.map((p) => [p.status, p.to, p.dstIp, p.drop?.stage, p.drop?.check])).toEqual([
      ['dropped', null, '10.1.1.10', 'firewall-out', 'vpc-boundary'],
      ['dropped', null, '10.1.1.10', 'firewall-out', 'vpc-boundary'],
      ['dropped', null, '10.1.1.99', 'firewall-out', 'vpc-boundary'],
    ]);
    expect(packets[0]?.drop?.reason).toBe('b1 is in vpc-b; vpc-a has no peering or other connection to it, so 10.1.1.10 is not reachable from here');
    expect(packets[1]?.drop?.reason).toBe('10.1.1.10 belongs to another VPC; vpc-a has no connection to it');
  });

  it('a peered VPC is reachable, by interface and by address, in both directions', () => {
    const { packets } = simulate({ rules: { 'sg-c1': open(), 'sg-a3': open() }, actions: [at(1, send('a1', 'c1')), at(2, sendIp('a1', '10.2.1.10')), at(3, sendIp('c1', '10.0.2.10'))] });
    expect(packets.map((p) => [p.status, p.deliveredTo])).toEqual([
      ['delivered', ['c1']],
      ['delivered', ['c1']],
      ['delivered', ['a3']],
    ]);
  });

  it('an address nobody has inside the VPC, or an unknown interface, is no such address', () => {
    const { packets } = simulate({ actions: [at(1, sendIp('a1', '10.0.9.9')), at(2, send('a1', 'nobody'))] });
    expect(packets.map((p) => [p.drop?.check, p.drop?.reason])).toEqual([
      ['no-such-address', 'no interface has 10.0.9.9 in vpc-a'],
      ['no-such-address', 'no interface nobody'],
    ]);
    expect(packets[1]?.dstIp).toBe('0.0.0.0');
  });

  it('a public address leaves for the Internet through the sender\'s firewall', () => {
    const { packets, trace } = simulate({ actions: [at(1, sendIp('a3', '203.0.113.5', 443, { reply: true }))] });
    const [p] = packets;
    expect(p).toMatchObject({ status: 'delivered', to: null, deliveredTo: [], reply: true });
    expect(p?.path.map((h) => h.label)).toEqual(['ENA driver in g-a3', 'Nitro card for VPC', 'network port of the Nitro card', 'Internet']);
    expect(trace).toContain('packet #0 left for the Internet');
    // Nobody on the Internet side of this model answers.
    expect(packets).toHaveLength(1);
  });

  it('the Internet reaches an interface only through its inbound rules, and never a private address on its own', () => {
    const { packets } = simulate({
      rules: { 'sg-a3': open() },
      actions: [
        at(1, { type: 'net.send', from: 'internet', to: 'a3', protocol: 'tcp', port: 443, reply: false }),
        at(2, { type: 'net.send', from: 'internet', to: 'a3', protocol: 'tcp', port: 22, reply: false, srcIp: '192.0.2.44' }),
        at(3, { type: 'net.send', from: 'internet', dstIp: '10.0.2.10', protocol: 'tcp', port: 443, reply: false }),
      ],
    });
    expect(packets[0]).toMatchObject({ from: 'internet', srcIp: '198.51.100.7', srcMac: '02:ff:ff:ff:ff:ff', status: 'delivered', deliveredTo: ['a3'] });
    expect(packets[0]?.path.map((h) => h.stage)).toEqual(['wire', 'nic-in', 'firewall-in', 'guest-in']);
    expect(packets[1]?.drop).toMatchObject({ check: 'security-group', reason: 'no inbound rule of sg-a3 allows TCP 22 from 192.0.2.44; inbound traffic is denied by default' });
    expect(packets[2]).toMatchObject({ to: null, deliveredTo: [], blocked: { check: 'no-such-address', reason: '10.0.2.10 is a private address: the Internet cannot route to it' } });
  });

  it('refuses a packet from an interface that does not exist', () => {
    const { packets, trace } = simulate({ actions: [at(1, send('ghost', 'a1'))] });
    expect(packets).toHaveLength(0);
    expect(trace).toContain('refused: no interface ghost');
  });
});

describe('guests that are not running', () => {
  it('a guest that is not running sends nothing and receives nothing', () => {
    const { packets, state } = simulate({ rules: { 'sg-late': open() }, actions: [at(0.5, { type: 'guest.destroy', guest: 'g-late' }), at(1, send('late', 'a3')), at(2, send('a3', 'late'))] });
    expect(['dying', 'destroyed']).toContain(state.world.domains['g-late']?.status);
    expect(packets.map((p) => p.drop)).toEqual([
      { stage: 'guest-out', host: 'nitro-1', check: 'instance-not-running', by: null, reason: 'g-late is not running' },
      { stage: 'firewall-in', host: 'nitro-1', check: 'instance-not-running', by: null, reason: 'g-late is not running' },
    ]);
  });
});

describe('a guest that does not exist yet', () => {
  it('receives nothing before it is created: the packet is dropped, not handed over unfiltered', () => {
    // No inbound rule on sg-late: even a packet the firewall would refuse must not be delivered.
    const { packets } = simulate({ lateBootAt: '10ms', actions: [at(1, send('a3', 'late', 22))] });
    expect(packets).toHaveLength(1);
    expect(packets[0]?.status).toBe('dropped');
    expect(packets[0]?.deliveredTo).toEqual([]);
    expect(packets[0]?.drop).toMatchObject({ check: 'instance-not-running', reason: 'g-late is not running: no host receives traffic for 10.0.2.20' });
  });
});

describe('security groups at the firewall', () => {
  it('a group without the default outbound rule stops the packet on its way out', () => {
    const { packets, net } = simulate({
      rules: { 'sg-a3': open() },
      actions: [
        at(1, { type: 'net.createGroup', group: 'sg-closed', vpc: 'vpc-a', allowAllOutbound: false }),
        at(1, { type: 'net.attachGroup', iface: 'a2', group: 'sg-closed' }),
        at(1, { type: 'net.detachGroup', iface: 'a2', group: 'sg-a2' }),
        at(2, send('a2', 'a3')),
      ],
    });
    expect(net.interfaces.a2?.securityGroups).toEqual(['sg-closed']);
    expect(packets[0]?.drop).toEqual({ stage: 'firewall-out', host: 'xen-1', check: 'security-group', by: 'sg-closed', reason: 'no outbound rule of sg-closed allows TCP 443 to 10.0.2.10' });
  });

  it('records the verdict of each firewall and tracks the connection on both interfaces', () => {
    // A rule narrower than 0.0.0.0/0: the connection is tracked on a3 too.
    const { packets, net, trace } = simulate({ rules: { 'sg-a3': open(443, '10.0.1.0/24') }, actions: [at(1, send('a1', 'a3', 443, { reply: true, srcPort: 50000 }))] });
    const [request, reply] = packets;
    expect(request?.verdicts).toEqual([
      { stage: 'firewall-out', iface: 'a1', via: 'rule', group: 'sg-a1', rule: 'out-all' },
      { stage: 'firewall-in', iface: 'a3', via: 'rule', group: 'sg-a3', rule: 'in-443' },
    ]);
    expect(reply).toMatchObject({ from: 'a3', to: 'a1', srcPort: 443, dstPort: 50000, label: 'TCP 443 · reply', reply: false, status: 'delivered' });
    expect(reply?.verdicts.map((v) => [v.iface, v.via, v.rule])).toEqual([['a3', 'conntrack', 'in-443'], ['a1', 'conntrack', 'out-all']]);
    expect(net.conntrack.a1?.['tcp|10.0.1.10:50000|10.0.2.10:443']).toMatchObject({ openedBy: 'outbound', rule: 'out-all', openedBySerial: 0, timeoutNs: 432_000_000_000_000 });
    expect(net.conntrack.a3?.['tcp|10.0.2.10:443|10.0.1.10:50000']).toMatchObject({ openedBy: 'inbound', rule: 'in-443', openedBySerial: 0 });
    expect(trace).toContain('packet #0 allowed inbound at a3 by sg-a3 rule in-443 (in: TCP 443 from 10.0.1.0/24)');
    expect(trace.some((t) => t.startsWith('packet #1: a3 has a tracked connection (opened by rule in-443); passes outbound'))).toBe(true);
  });

  it('an untracked flow leaves no connection entry behind', () => {
    const { net, packets } = simulate({ rules: { 'sg-a3': open() }, actions: [at(1, { type: 'net.send', from: 'a1', to: 'a3', protocol: 'udp', port: 443, reply: false })] });
    expect(packets[0]?.status).toBe('dropped');
    const udp = simulate({ rules: { 'sg-a3': [{ id: 'dns', protocol: 'udp', fromPort: 443, cidr: '0.0.0.0/0' }] }, actions: [at(1, { type: 'net.send', from: 'a1', to: 'a3', protocol: 'udp', port: 443, reply: false })] });
    expect(udp.packets[0]?.status).toBe('delivered');
    // 0.0.0.0/0 in and all traffic out on a3: untracked there; a1's outbound "all" rule has no all-inbound partner: tracked.
    expect(Object.keys(udp.net.conntrack.a3 ?? {})).toEqual([]);
    expect(Object.values(udp.net.conntrack.a1 ?? {}).map((c) => c.timeoutNs)).toEqual([30_000_000_000]);
    expect(net.conntrack.a3).toBeUndefined();
  });
});

describe('the network faults', () => {
  it('no-antispoof lets a forged source through, and says so', () => {
    const { packets, trace } = simulate({ faults: [NO_ANTISPOOF], rules: { 'sg-a3': open() }, actions: [at(1, send('a1', 'a3', 443, { forgeIp: '10.0.1.11' }))] });
    expect(packets[0]).toMatchObject({ srcIp: '10.0.1.11', status: 'delivered' });
    expect(trace).toContain('packet #0: source 10.0.1.11 / 02:00:00:00:01:0a is not a1\'s own (10.0.1.10 / 02:00:00:00:01:0a), but anti-spoofing is off (fault no-antispoof)');
  });

  it('without the fault a forged address is dropped with the claim in the reason', () => {
    const { packets } = simulate({ rules: { 'sg-a3': open() }, actions: [at(1, send('a1', 'a3', 443, { forgeMac: '02:00:00:00:01:0b' }))] });
    expect(packets[0]?.drop).toEqual({ stage: 'firewall-out', host: 'xen-1', check: 'anti-spoofing', by: null, reason: 'source 10.0.1.10 / 02:00:00:00:01:0b is not a1\'s own (10.0.1.10 / 02:00:00:00:01:0a): a guest may only send from its own addresses' });
  });

  it('sg-bypass-same-host skips the security groups only between guests of one host', () => {
    const { packets, trace } = simulate({ faults: [SG_BYPASS_SAME_HOST], actions: [at(1, send('a1', 'a2')), at(2, send('a1', 'a3'))] });
    expect(packets[0]).toMatchObject({ status: 'delivered', deliveredTo: ['a2'] });
    expect(packets[0]?.verdicts.at(-1)).toEqual({ stage: 'firewall-in', iface: 'a2', via: 'bypass', group: null, rule: null });
    expect(trace).toContain('packet #0: same host, switched locally without the security groups (fault sg-bypass-same-host)');
    expect(packets[1]?.drop?.check).toBe('security-group');
  });

  it('promiscuous-delivery copies frames to promiscuous guests on the same host only', () => {
    const { packets, net } = simulate({ faults: [PROMISCUOUS_DELIVERY], promiscuous: ['a2', 'c1'], rules: { 'sg-b1': open() }, actions: [at(1, send('b1', 'b1'))] });
    // b1 → b1 on xen-1: a2 (xen-1) sniffs it, c1 (nitro-1) does not.
    expect(packets[0]?.deliveredTo).toEqual(['a2', 'b1']);
    expect(net.interfaces.a2?.received).toBe(1);
    expect(net.interfaces.c1?.received).toBe(0);
  });

  it('without the fault promiscuous mode brings a guest nothing, and leaving it takes it off the list', () => {
    const { packets, net } = simulate({
      promiscuous: ['a2'],
      rules: { 'sg-a3': open() },
      actions: [at(1, send('a1', 'a3')), at(2, { type: 'net.promiscuous', iface: 'a3', on: true }), at(2, { type: 'net.promiscuous', iface: 'a2', on: false })],
    });
    expect(packets[0]?.deliveredTo).toEqual(['a3']);
    expect(net.promiscuous).toEqual(['a3']);
    expect(net.interfaces.a2?.promiscuous).toBe(false);
    expect(net.interfaces.a3?.promiscuous).toBe(true);
  });
});

describe('more of what the firewall checks', () => {
  it('names the protocol and port it found no rule for', () => {
    const { packets } = simulate({
      actions: [
        at(1, { type: 'net.send', from: 'a1', to: 'a3', protocol: 'icmp', port: 0, reply: false }),
        at(2, { type: 'net.send', from: 'a1', to: 'a3', protocol: 'udp', port: 53, reply: false }),
      ],
    });
    expect(packets.map((p) => p.drop?.reason)).toEqual([
      'no inbound rule of sg-a3 allows ICMP from 10.0.1.10; inbound traffic is denied by default',
      'no inbound rule of sg-a3 allows UDP 53 from 10.0.1.10; inbound traffic is denied by default',
    ]);
    expect(packets[0]).toMatchObject({ srcPort: 0, dstPort: 0, label: 'ICMP' });
  });

  it('a network ACL also applies to traffic to and from the Internet', () => {
    const deny = [{ number: 10, direction: 'outbound', action: 'deny', cidr: '0.0.0.0/0' }, { number: 10, direction: 'inbound', action: 'deny', cidr: '0.0.0.0/0' }];
    const { packets } = simulate({
      acl: deny,
      rules: { 'sg-a1': open() },
      actions: [at(1, sendIp('a1', '203.0.113.5')), at(2, { type: 'net.send', from: 'internet', to: 'a1', protocol: 'tcp', port: 443, reply: false })],
    });
    expect(packets.map((p) => [p.drop?.stage, p.drop?.check, p.drop?.by])).toEqual([
      ['firewall-out', 'network-acl', 'acl-a1'],
      ['firewall-in', 'network-acl', 'acl-a1'],
    ]);
  });

  it('sg-bypass-same-host never applies to traffic from the Internet', () => {
    const { packets } = simulate({ faults: [SG_BYPASS_SAME_HOST], actions: [at(1, { type: 'net.send', from: 'internet', to: 'a3', protocol: 'tcp', port: 22, reply: false })] });
    expect(packets[0]?.drop?.check).toBe('security-group');
  });

  it('a tracked connection is refreshed by each packet, and each new connection gets its own entry', () => {
    const { net, packets } = simulate({
      rules: { 'sg-a3': open(443, '10.0.1.0/24') },
      actions: [at(1, send('a1', 'a3', 443, { reply: true, srcPort: 50000 })), at(2, send('a1', 'a3', 443, { srcPort: 50001 }))],
    });
    const reply = packets.find((p) => p.from === 'a3');
    const inAt = reply?.hopAt[reply.path.findIndex((h) => h.stage === 'firewall-in')];
    expect(net.conntrack.a1?.['tcp|10.0.1.10:50000|10.0.2.10:443']).toMatchObject({ openedAt: packets[0]?.hopAt[2], lastSeen: inAt });
    expect(Object.keys(net.conntrack.a1 ?? {}).sort()).toEqual(['tcp|10.0.1.10:50000|10.0.2.10:443', 'tcp|10.0.1.10:50001|10.0.2.10:443']);
    expect(Object.keys(net.conntrack.a3 ?? {}).sort()).toEqual(['tcp|10.0.2.10:443|10.0.1.10:50000', 'tcp|10.0.2.10:443|10.0.1.10:50001']);
  });

  it('promiscuous-delivery: sniffers on the sending host get the frame on its way out, those on the receiving host on its way in, never the sender itself', () => {
    const { packets, net } = simulate({ faults: [PROMISCUOUS_DELIVERY], promiscuous: ['a1', 'a2', 'c1'], actions: [at(1, send('a1', 'a3'))] });
    // Dropped by a3's security group, but only after both hosts' sniffers had their copy.
    expect(packets[0]?.drop?.check).toBe('security-group');
    expect(packets[0]?.deliveredTo).toEqual(['a2', 'c1']);
    expect(net.interfaces.a1?.received).toBe(0);
  });
});

describe('what the trace records', () => {
  it('files every network line under "net", with the packet, group and rule it is about', () => {
    const { entries } = simulate({
      faults: [NO_ANTISPOOF, SG_BYPASS_SAME_HOST],
      rules: { 'sg-a3': open(443, '10.0.1.0/24') },
      actions: [
        at(1, send('a1', 'a3', 443, { reply: true })),
        at(2, send('a1', 'a2', 22, { forgeIp: '10.0.1.99' })),
        at(3, { type: 'net.revoke', group: 'sg-zz', rule: 'r' }),
      ],
    });
    const network = entries.filter((e) => /^(packet #|refused: )|received packet #/.test(e.text));
    expect(network.length).toBeGreaterThan(10);
    expect(new Set(network.map((e) => e.kind))).toEqual(new Set(['net']));
    const net = network;
    const find = (start: string) => net.find((e) => e.text.startsWith(start));
    expect(find('packet #0 allowed inbound at a3')?.data).toEqual({ serial: 0, group: 'sg-a3', rule: 'in-443' });
    expect(find('packet #1: a3 has a tracked connection')?.data).toEqual({ serial: 1 });
    expect(find('packet #2: source 10.0.1.99')?.data).toEqual({ serial: 2 });
    expect(find('packet #2: same host, switched locally')?.data).toEqual({ serial: 2 });
    expect(find('refused: no rule r in sg-zz')?.data).toEqual({});
  });
});

describe('the receiving firewall', () => {
  it('names the interface\'s first group when it drops a packet, and lists every group it checked', () => {
    const { packets } = simulate({
      actions: [
        at(1, { type: 'net.createGroup', group: 'sg-extra', vpc: 'vpc-a' }),
        at(1, { type: 'net.attachGroup', iface: 'a3', group: 'sg-extra' }),
        at(2, send('a1', 'a3', 22)),
      ],
    });
    expect(packets[0]?.drop).toMatchObject({ stage: 'firewall-in', check: 'security-group', by: 'sg-a3', reason: 'no inbound rule of sg-a3, sg-extra allows TCP 22 from 10.0.1.10; inbound traffic is denied by default' });
  });

  it('with promiscuous-delivery, a promiscuous receiver still gets nothing its security group denies', () => {
    const { packets, net } = simulate({ faults: [PROMISCUOUS_DELIVERY], promiscuous: ['a3'], actions: [at(1, send('a1', 'a3', 22))] });
    expect(packets[0]).toMatchObject({ status: 'dropped', deliveredTo: [] });
    expect(net.interfaces.a3?.received).toBe(0);
  });
});

describe('security-group actions', () => {
  it('refuses what cannot be done, with a reason, and changes nothing', () => {
    const { trace, net } = simulate({
      actions: [
        at(1, { type: 'net.createGroup', group: 'sg-a1', vpc: 'vpc-a' }),
        at(1, { type: 'net.createGroup', group: 'sg-new', vpc: 'vpc-zz' }),
        at(1, { type: 'net.authorize', group: 'sg-zz', rule: { id: 'r', fromPort: 22, cidr: '10.0.0.0/8' } }),
        at(1, { type: 'net.revoke', group: 'sg-a1', rule: 'nope' }),
        at(1, { type: 'net.revoke', group: 'sg-zz', rule: 'nope' }),
        at(1, { type: 'net.attachGroup', iface: 'a1', group: 'sg-b1' }),
        at(1, { type: 'net.attachGroup', iface: 'zz', group: 'sg-a1' }),
        at(1, { type: 'net.detachGroup', iface: 'a1', group: 'sg-a1' }),
        at(1, { type: 'net.detachGroup', iface: 'a1', group: 'sg-a2' }),
        at(1, { type: 'net.flow', flow: 'f', from: 'a1', to: 'zz' }),
        at(1, { type: 'net.promiscuous', iface: 'zz' }),
        at(1, { type: 'net.naclEntry', nacl: 'acl-zz', entry: { number: 1, direction: 'inbound', action: 'deny', cidr: '0.0.0.0/0' } }),
      ],
    });
    expect(trace.filter((t) => t.startsWith('refused: '))).toEqual([
      'refused: security group sg-a1 exists or VPC vpc-a is unknown',
      'refused: security group sg-new exists or VPC vpc-zz is unknown',
      'refused: no security group sg-zz',
      'refused: no rule nope in sg-a1',
      'refused: no rule nope in sg-zz',
      'refused: cannot attach sg-b1 to a1 (both must exist, in one VPC)',
      'refused: cannot attach sg-a1 to zz (both must exist, in one VPC)',
      'refused: cannot detach sg-a1 from a1 (an interface keeps at least one group)',
      'refused: cannot detach sg-a2 from a1 (an interface keeps at least one group)',
      'refused: flow f: unknown interface',
      'refused: no interface zz',
      'refused: no network ACL acl-zz',
    ]);
    expect(net.interfaces.a1?.securityGroups).toEqual(['sg-a1']);
    expect(Object.keys(net.groups)).not.toContain('sg-new');
    expect(net.flows).toEqual({});
  });

  it('attaching a group twice lists it once, and focuses the view on the interface', () => {
    const { net, trace } = simulate({
      actions: [
        at(1, { type: 'net.createGroup', group: 'sg-web', vpc: 'vpc-a', name: 'web servers' }),
        at(1, { type: 'net.attachGroup', iface: 'a1', group: 'sg-web' }),
        at(2, { type: 'net.attachGroup', iface: 'a1', group: 'sg-web' }),
      ],
    });
    expect(net.interfaces.a1?.securityGroups).toEqual(['sg-a1', 'sg-web']);
    expect(net.groups['sg-web']).toMatchObject({ name: 'web servers', vpc: 'vpc-a' });
    expect(net.focus).toBe('a1');
    expect(trace).toContain('security group sg-web created in vpc-a: no inbound rules (everything in is denied), all outbound allowed');
  });

  it('authorize and revoke change what the next packet meets', () => {
    const { packets, trace, net } = simulate({
      actions: [
        at(1, { type: 'net.authorize', group: 'sg-a3', rule: { id: 'https', fromPort: 443, cidr: '10.0.1.0/24' } }),
        at(2, send('a1', 'a3', 443, { srcPort: 50001 })),
        at(3, { type: 'net.revoke', group: 'sg-a3', rule: 'https' }),
        at(4, send('a2', 'a3', 443, { srcPort: 50002 })),
      ],
    });
    expect(packets.map((p) => p.status)).toEqual(['delivered', 'dropped']);
    expect(trace).toContain('sg-a3: rule https added (in: TCP 443 from 10.0.1.0/24)');
    expect(trace).toContain('sg-a3: rule https removed (in: TCP 443 from 10.0.1.0/24); connections it let in stay tracked until they go idle');
    expect(Object.keys(net.groups['sg-a3']?.rules ?? {})).toEqual(['out-all']);
  });

  it('a flow sends its packets at its interval from one source port, and counts deliveries and replies', () => {
    const { net, packets } = simulate({
      rules: { 'sg-a3': open(5432) },
      actions: [at(1, { type: 'net.flow', flow: 'pg', from: 'a1', to: 'a3', protocol: 'tcp', port: 5432, packets: 3, interval: 50 * US, reply: true })],
    });
    expect(net.flows.pg).toMatchObject({ sent: 3, delivered: 3, replies: 3, dropped: 0, srcPort: 40000 });
    const requests = packets.filter((p) => p.from === 'a1');
    expect(requests.map((p) => p.label)).toEqual(['pg #1', 'pg #2', 'pg #3']);
    expect(requests.map((p) => p.sentAt - (requests[0]?.sentAt ?? 0))).toEqual([0, 50 * US, 100 * US]);
    expect(new Set(requests.map((p) => p.srcPort))).toEqual(new Set([40000]));
  });
});

describe('the path through the hypervisor layer', () => {
  it('adds the illustrative latency of each hop, and the wire time of the frame', () => {
    expect(wireTimeNs(1500)).toBe(1200);
    expect(wireTimeNs(64)).toBe(51);
    const xen = { host: 'xen-1', hypervisor: 'xen' as const, guest: 'g-x' };
    const nitro = { host: 'nitro-1', hypervisor: 'nitro' as const, guest: 'g-n' };
    expect(buildPath(xen, nitro, 1500).map((h) => [h.stage, h.host, h.latencyNs])).toEqual([
      ['guest-out', 'xen-1', 6000],
      ['backend-out', 'xen-1', 4000],
      ['firewall-out', 'xen-1', 2000],
      ['nic-out', 'xen-1', 3000 + 1200],
      ['wire', null, 20000 + 1200],
      ['nic-in', 'nitro-1', 3000],
      ['firewall-in', 'nitro-1', 1000],
      ['guest-in', 'nitro-1', 0],
    ]);
    expect(buildPath(nitro, xen, 64).map((h) => [h.stage, h.latencyNs])).toEqual([
      ['guest-out', 3000],
      ['firewall-out', 1000],
      ['nic-out', 3000 + 51],
      ['wire', 20000 + 51],
      ['nic-in', 3000],
      ['firewall-in', 2000],
      ['backend-in', 6000],
      ['guest-in', 0],
    ]);
    expect(buildPath(xen, xen, 1500).map((h) => h.stage)).toEqual(['guest-out', 'backend-out', 'firewall-out', 'firewall-in', 'backend-in', 'guest-in']);
    expect(buildPath(null, null, 1500).map((h) => h.label)).toEqual(['Internet']);
    expect(HOP_LATENCY_NS['guest-in']).toBe(0);
  });

  it('a packet reaches each hop after the previous hop\'s latency', () => {
    const { packets } = simulate({ rules: { 'sg-a3': open() }, actions: [at(1, send('a1', 'a3', 443, { sizeBytes: 1000 }))] });
    const [p] = packets;
    const gaps = (p?.hopAt ?? []).slice(1).map((t, i) => t - (p?.hopAt[i] ?? 0));
    expect(gaps).toEqual((p?.path ?? []).slice(0, -1).map((h) => h.latencyNs));
    expect(p?.sizeBytes).toBe(1000);
  });
});

describe('sending a packet', () => {
  it('numbers packets from 0, gives each an ephemeral source port from 49152 by its serial, and stamps the send time', () => {
    const { packets, net } = simulate({ actions: [at(1, send('a1', 'a3')), at(2, send('a1', 'a3'))] });
    expect(packets.map((p) => [p.serial, p.srcPort, p.sentAt, p.hopAt[0]])).toEqual([
      [0, 49152, 100 * US, 100 * US],
      [1, 49153, 200 * US, 200 * US],
    ]);
    expect(net.nextSerial).toBe(2);
    expect([net.delivered, net.dropped]).toEqual([0, 2]);
  });

  it('labels a packet by protocol and port, or by the name the lesson gives it', () => {
    const { packets } = simulate({ actions: [at(1, { type: 'net.send', from: 'a1', to: 'a3', protocol: 'udp', port: 53, reply: false }), at(2, send('a1', 'a3', 443, { label: 'hello' }))] });
    expect(packets.map((p) => p.label)).toEqual(['UDP 53', 'hello']);
  });

  it('traces each packet with its size and both ends, and warns when the source is forged', () => {
    const { entries } = simulate({
      actions: [
        at(1, send('a1', 'a3', 443, { sizeBytes: 100 })),
        at(2, { type: 'net.send', from: 'internet', to: 'a3', protocol: 'tcp', port: 443, reply: false }),
        at(3, sendIp('a1', '10.0.9.9')),
        at(4, send('a1', 'a3', 443, { forgeIp: '10.0.1.99' })),
      ],
    });
    const sent = entries.filter((e) => /^packet #\d+ TCP/.test(e.text));
    expect(sent.map((e) => e.text)).toEqual([
      'packet #0 TCP 443, 100 B: a1 (10.0.1.10) → a3',
      'packet #1 TCP 443, 1500 B: internet 198.51.100.7 → a3',
      'packet #2 TCP 443, 1500 B: a1 (10.0.1.10) → 10.0.9.9',
      'packet #3 TCP 443, 1500 B: a1 (10.0.1.99) → a3 with a FORGED source',
    ]);
    expect(sent.map((e) => e.data)).toEqual([
      { serial: 0, from: 'a1', to: 'a3' },
      { serial: 1, from: 'internet', to: 'a3' },
      { serial: 2, from: 'a1', to: null },
      { serial: 3, from: 'a1', to: 'a3' },
    ]);
  });

  it('traces a drop with the hop that dropped it and a delivery with the receiver', () => {
    const { entries } = simulate({ rules: { 'sg-a2': open() }, actions: [at(1, send('a1', 'a3')), at(2, send('a1', 'a2'))] });
    const find = (start: string) => entries.find((e) => e.text.startsWith(start));
    expect(find('packet #0 DROPPED')).toMatchObject({ kind: 'net', text: 'packet #0 DROPPED at Nitro card for VPC by security-group: no inbound rule of sg-a3 allows TCP 443 from 10.0.1.10; inbound traffic is denied by default', data: { serial: 0, check: 'security-group', by: 'sg-a3' } });
    expect(find('a2 received')).toMatchObject({ kind: 'net', text: 'a2 received packet #1 (TCP 443 from 10.0.1.10)', data: { serial: 1, iface: 'a2' } });
  });

  it('focuses the view on the receiver, or on the sender when the packet has none', () => {
    expect(simulate({ actions: [at(1, send('a1', 'a3')), at(2, sendIp('a1', '10.0.9.9'))] }).net.focus).toBe('a1');
    expect(simulate({ actions: [at(1, sendIp('a1', '10.0.9.9')), at(2, send('a2', 'a3'))] }).net.focus).toBe('a3');
    expect(simulate({ actions: [at(1, { type: 'net.send', from: 'internet', dstIp: '10.0.2.10', protocol: 'tcp', port: 443, reply: false })] }).net.focus).toBeNull();
  });

  it('the receiver answers 4 µs after the packet arrives; nothing answers a packet from the Internet', () => {
    const { packets } = simulate({
      rules: { 'sg-a3': open() },
      actions: [at(1, send('a1', 'a3', 443, { reply: true })), at(2, { type: 'net.send', from: 'internet', to: 'a3', protocol: 'tcp', port: 443, reply: true })],
    });
    expect(packets.map((p) => [p.from, p.to, p.status])).toEqual([
      ['a1', 'a3', 'delivered'],
      ['a3', 'a1', 'delivered'],
      ['internet', 'a3', 'delivered'],
    ]);
    const [request, reply] = packets;
    expect((reply?.sentAt ?? 0) - (request?.hopAt.at(-1) ?? 0)).toBe(4 * US);
  });

  it('a flow counts the packets dropped on its way, and each new flow takes the next source port', () => {
    const { net, trace } = simulate({
      rules: { 'sg-a3': open() },
      actions: [
        at(1, { type: 'net.flow', flow: 'f1', from: 'a1', to: 'a3', protocol: 'tcp', port: 5432, packets: 2, interval: 50 * US, reply: true }),
        at(3, { type: 'net.flow', flow: 'f2', from: 'a1', to: 'a3', protocol: 'tcp', port: 443, packets: 1, reply: true }),
      ],
    });
    expect(net.flows.f1).toMatchObject({ srcPort: 40000, sent: 2, delivered: 0, replies: 0, dropped: 2 });
    expect(net.flows.f2).toMatchObject({ srcPort: 40001, sent: 1, delivered: 1, replies: 1, dropped: 0 });
    expect(trace).toContain('flow f1: a1 → a3 TCP 5432, 2 packet(s) every 50 µs');
  });

  it('a packet to a guest that does not exist yet is refused on the sending host: no host receives for its address', () => {
    const { packets, net } = simulate({ lateBootAt: '10ms', rules: { 'sg-late': open() }, actions: [at(1, send('a3', 'late'))] });
    // The path ends where the packet is refused; no wire (which, with no receiving end, would read "Internet").
    expect(packets[0]?.path.map((h) => h.label)).toEqual(['ENA driver in g-a3', 'Nitro card for VPC']);
    expect(packets[0]?.drop).toEqual({ stage: 'firewall-out', host: 'nitro-1', check: 'instance-not-running', by: null, reason: 'g-late is not running: no host receives traffic for 10.0.2.20' });
    expect(packets[0]?.to).toBe('late');
    expect([net.delivered, net.dropped]).toEqual([0, 1]);
  });

  it('from the Internet, a packet to a guest that does not exist yet is dropped where it arrives', () => {
    const { packets } = simulate({ lateBootAt: '10ms', actions: [at(1, { type: 'net.send', from: 'internet', to: 'late', protocol: 'tcp', port: 22, sizeBytes: 100, reply: false })] });
    expect(packets[0]?.path.map((h) => h.label)).toEqual(['Internet']);
    expect(packets[0]?.drop).toMatchObject({ stage: 'wire', check: 'instance-not-running', reason: 'g-late is not running' });
    expect(packets[0]?.blocked).toBeNull();
  });

  it('from another VPC, a guest that does not exist yet is still out of reach for the VPC boundary first', () => {
    const { packets } = simulate({ lateBootAt: '10ms', actions: [at(1, send('b1', 'late'))] });
    expect(packets[0]?.drop).toMatchObject({ stage: 'firewall-out', check: 'vpc-boundary' });
  });

  it('hands a sniffed frame to a promiscuous guest once, even when it passes the host\'s firewall twice', () => {
    const { packets, net } = simulate({ faults: [PROMISCUOUS_DELIVERY], promiscuous: ['b1'], rules: { 'sg-a2': open() }, actions: [at(1, send('a1', 'a2'))] });
    expect(packets[0]?.deliveredTo).toEqual(['b1', 'a2']);
    expect(net.interfaces.b1?.received).toBe(1);
    expect(net.interfaces.a2?.received).toBe(1);
  });

  it('keeps the last 256 packets: an older serial\'s slot then holds a newer packet', () => {
    // From a guest that does not exist yet: each packet is dropped as it is sent (one event each).
    const { net } = simulate({ lateBootAt: '10ms', actions: [at(1, { type: 'net.flow', flow: 'many', from: 'late', to: 'a3', protocol: 'tcp', port: 22, packets: 260, interval: 1000, reply: false })] });
    expect(net.nextSerial).toBe(260);
    expect(Object.keys(net.packets)).toHaveLength(256);
    expect(packetAt(net, 3)).toBeNull();
    expect(packetAt(net, 4)?.serial).toBe(4);
    expect(packetAt(net, 259)?.serial).toBe(259);
    expect(packetAt(net, 260)).toBeNull();
    expect(net.flows.many).toMatchObject({ sent: 260, dropped: 260 });
  });
});

describe('the path to and from the Internet, and between Nitro hosts', () => {
  const xen = { host: 'xen-1', hypervisor: 'xen' as const, guest: 'g-x' };
  const nitro = { host: 'nitro-1', hypervisor: 'nitro' as const, guest: 'g-n' };
  const nitro2 = { host: 'nitro-2', hypervisor: 'nitro' as const, guest: 'g-m' };

  it('comes in from the Internet through the NIC and the firewall of the receiving host', () => {
    expect(buildPath(null, xen, 1500).map((h) => [h.stage, h.host, h.label, h.latencyNs])).toEqual([
      ['wire', null, 'Internet', 21200],
      ['nic-in', 'xen-1', 'physical NIC', 3000],
      ['firewall-in', 'xen-1', 'firewall (hypervisor layer)', 2000],
      ['backend-in', 'xen-1', 'netback in dom0', 6000],
      ['guest-in', 'xen-1', 'netfront in g-x', 0],
    ]);
  });

  it('leaves for the Internet through the sending host\'s NIC', () => {
    expect(buildPath(xen, null, 64).map((h) => [h.stage, h.host, h.label, h.latencyNs])).toEqual([
      ['guest-out', 'xen-1', 'netfront in g-x', 6000],
      ['backend-out', 'xen-1', 'netback in dom0', 4000],
      ['firewall-out', 'xen-1', 'firewall (hypervisor layer)', 2000],
      ['nic-out', 'xen-1', 'physical NIC', 3051],
      ['wire', null, 'Internet', 20051],
    ]);
  });

  it('between two Nitro hosts crosses both cards\' network ports', () => {
    expect(buildPath(nitro, nitro2, 1500).map((h) => [h.stage, h.host, h.label])).toEqual([
      ['guest-out', 'nitro-1', 'ENA driver in g-n'],
      ['firewall-out', 'nitro-1', 'Nitro card for VPC'],
      ['nic-out', 'nitro-1', 'network port of the Nitro card'],
      ['wire', null, 'data-centre network'],
      ['nic-in', 'nitro-2', 'network port of the Nitro card'],
      ['firewall-in', 'nitro-2', 'Nitro card for VPC'],
      ['guest-in', 'nitro-2', 'ENA driver in g-m'],
    ]);
  });
});

describe('what the security-group actions say', () => {
  it('names a new group after its id unless given a name, and says when it allows nothing out', () => {
    const { net, trace } = simulate({
      actions: [
        at(1, { type: 'net.createGroup', group: 'sg-closed', vpc: 'vpc-a', allowAllOutbound: false }),
        at(1, { type: 'net.attachGroup', iface: 'a1', group: 'sg-closed' }),
        at(2, { type: 'net.detachGroup', iface: 'a1', group: 'sg-a1' }),
      ],
    });
    expect(net.groups['sg-closed']).toMatchObject({ id: 'sg-closed', name: 'sg-closed', vpc: 'vpc-a', rules: {}, order: [] });
    expect(net.interfaces.a1?.securityGroups).toEqual(['sg-closed']);
    expect(trace).toEqual(expect.arrayContaining([
      'security group sg-closed created in vpc-a: no inbound rules (everything in is denied)',
      'sg-closed attached to a1',
      'sg-a1 detached from a1',
    ]));
  });

  it('says what promiscuous mode does and does not give, and what a network ACL entry applies to', () => {
    const { trace } = simulate({
      actions: [
        at(1, { type: 'net.promiscuous', iface: 'a2', on: true }),
        at(2, { type: 'net.promiscuous', iface: 'a2', on: false }),
        at(3, { type: 'net.naclEntry', nacl: 'acl-a1', entry: { number: 50, direction: 'outbound', action: 'deny', protocol: 'tcp', fromPort: 443, toPort: 443, cidr: '10.0.2.0/24' } }),
      ],
    });
    expect(trace).toEqual(expect.arrayContaining([
      'a2 asks for promiscuous mode: its driver will accept any frame, but the hypervisor only hands it frames addressed to it',
      'a2 leaves promiscuous mode',
      'network ACL acl-a1: outbound entry #50 deny tcp 10.0.2.0/24; stateless, so it applies to every packet at once, tracked or not',
    ]));
  });
});

describe('routing and replies, more edges', () => {
  it('a VPC without a peering cannot reach a peered pair either: peerings are not transitive or shared', () => {
    const { packets } = simulate({ rules: { 'sg-c1': open(), 'sg-a3': open() }, actions: [at(1, sendIp('b1', '10.2.1.10')), at(2, sendIp('b1', '10.0.2.10'))] });
    expect(packets.map((p) => [p.status, p.to, p.drop?.check, p.drop?.reason])).toEqual([
      ['dropped', null, 'vpc-boundary', '10.2.1.10 belongs to another VPC; vpc-b has no connection to it'],
      ['dropped', null, 'vpc-boundary', '10.0.2.10 belongs to another VPC; vpc-b has no connection to it'],
    ]);
  });

  it('the reply goes back to the source the packet claimed: with anti-spoofing off, to the owner of a forged address', () => {
    const { packets } = simulate({
      faults: [NO_ANTISPOOF],
      rules: { 'sg-a3': [{ id: 'dns', protocol: 'udp', fromPort: 53, cidr: '10.0.1.0/24' }], 'sg-a2': [{ id: 'from-a3', protocol: 'udp', fromPort: 0, toPort: 65535, cidr: '10.0.2.0/24' }] },
      actions: [at(1, { type: 'net.send', from: 'a1', to: 'a3', protocol: 'udp', port: 53, sizeBytes: 200, srcPort: 5353, forgeIp: '10.0.1.11', reply: true })],
    });
    const [request, reply] = packets;
    expect(request).toMatchObject({ srcIp: '10.0.1.11', status: 'delivered', deliveredTo: ['a3'] });
    expect(reply).toMatchObject({ from: 'a3', to: 'a2', dstIp: '10.0.1.11', protocol: 'udp', srcPort: 53, dstPort: 5353, sizeBytes: 200, label: 'UDP 53 · reply', status: 'delivered', deliveredTo: ['a2'] });
  });

  it('refuses to attach a group that does not exist, or to detach from an interface that does not', () => {
    const { trace } = simulate({ actions: [at(1, { type: 'net.attachGroup', iface: 'a1', group: 'sg-zz' }), at(1, { type: 'net.detachGroup', iface: 'zz', group: 'sg-a1' })] });
    expect(trace.filter((t) => t.startsWith('refused: '))).toEqual([
      'refused: cannot attach sg-zz to a1 (both must exist, in one VPC)',
      'refused: cannot detach sg-a1 from zz (an interface keeps at least one group)',
    ]);
  });
});
