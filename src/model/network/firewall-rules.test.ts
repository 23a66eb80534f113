import { describe, expect, it } from 'vitest';
import { cidrContains, cidrRange, ipToNumber, isCidr, isIpv4 } from './cidr';
import { CONNTRACK_TIMEOUT_NS, connectionKey, isMember, isUntracked, matchRule, naclVerdict, trackedConnection, type Header } from './evaluate';
import { addRule, ALL_OUTBOUND_RULE, arePeered, describeRule, editableGroup, emptyNetworkWorld, newGroup, peeringKey, removeRule, toRule } from './groups';
import { addToIndex, indexKeys, lookupKeys, removeFromIndex } from './rule-index';
import type { SgRuleSpec } from './scenario';
import type { NaclEntry, NetInterface, NetworkWorld, RuleIndex, SecurityGroup } from './types';

/**
 * The firewall's rule evaluation as pure functions: addresses and CIDR blocks, the rule index,
 * security-group matching (first group, lowest rule), untracked flows, connection tracking and
 * network ACLs. Each case is a teaching fact: a wrong answer here is a wrong lesson.
 */

const spec = (id: string, more: Partial<SgRuleSpec> = {}): SgRuleSpec => ({ id, direction: 'inbound', protocol: 'tcp', fromPort: 0, ...more });

function iface(id: string, ip: string, groups: string[]): NetInterface {
  return { id, guest: `g-${id}`, tenant: 'alice', vpc: 'vpc', subnet: 'sub', ip, mac: '02:00:00:00:00:01', securityGroups: groups, promiscuous: false, received: 0 };
}

/** A network with the given groups and interfaces, all in VPC `vpc`. */
function world(groups: SecurityGroup[], ifaces: NetInterface[]): NetworkWorld {
  const net = emptyNetworkWorld();
  net.vpcs.vpc = { id: 'vpc', tenant: 'alice', cidr: '10.0.0.0/16' };
  net.addresses.vpc = {};
  for (const g of groups) net.groups[g.id] = g;
  for (const i of ifaces) {
    net.interfaces[i.id] = i;
    net.addresses.vpc[i.ip] = i.id;
  }
  return net;
}

function group(id: string, rules: SgRuleSpec[], allowAllOutbound = false): SecurityGroup {
  const g = newGroup(id, 'vpc', id, allowAllOutbound);
  for (const r of rules) addRule(g, r);
  return g;
}

const tcp = (srcIp: string, dstIp: string, dstPort: number, srcPort = 40000): Header => ({ srcIp, dstIp, protocol: 'tcp', srcPort, dstPort });

describe('IPv4 addresses and CIDR blocks', () => {
  it('reads a dotted quad as its 32-bit number, and refuses anything else', () => {
    expect(ipToNumber('10.0.1.10')).toBe(10 * 2 ** 24 + 1 * 256 + 10);
    expect(ipToNumber('0.0.0.0')).toBe(0);
    expect(ipToNumber('255.255.255.255')).toBe(2 ** 32 - 1);
    expect(ipToNumber('255.0.0.1')).toBe(255 * 2 ** 24 + 1);
    expect(ipToNumber('1.2.3.256')).toBeNull();
    expect(ipToNumber('256.1.1.1')).toBeNull();
    expect(ipToNumber('1.2.3')).toBeNull();
    expect(ipToNumber('1.2.3.4.5')).toBeNull();
    expect(ipToNumber('1234.1.1.1')).toBeNull();
    expect(ipToNumber(' 1.2.3.4')).toBeNull();
    expect(ipToNumber('1.2.3.4 ')).toBeNull();
    expect(isIpv4('192.168.0.1')).toBe(true);
    expect(isIpv4('192.168.0')).toBe(false);
  });

  it('accepts a CIDR block only as address/0..32', () => {
    expect(isCidr('10.0.0.0/16')).toBe(true);
    expect(isCidr('0.0.0.0/0')).toBe(true);
    expect(isCidr('10.0.1.5/32')).toBe(true);
    expect(isCidr('10.0.1.5/33')).toBe(false);
    expect(isCidr('10.0.1.5/99')).toBe(false);
    expect(isCidr('10.0.1.5/123')).toBe(false);
    expect(isCidr('10.0.1.5')).toBe(false);
    expect(isCidr('10.0.1.5/')).toBe(false);
    expect(isCidr('10.0.1.5/x')).toBe(false);
    expect(isCidr('10.0.1.5/8 ')).toBe(false);
    expect(isCidr('10.0.1.5/1/2')).toBe(false);
    expect(isCidr('10.0.1/8')).toBe(false);
    expect(isCidr('/8')).toBe(false);
    expect(isCidr('10.0.0.0/-1')).toBe(false);
  });

  it('turns a CIDR into its first address and size, rounding the base down to the block', () => {
    expect(cidrRange('10.0.1.77/24')).toEqual({ start: ipToNumber('10.0.1.0'), size: 256 });
    expect(cidrRange('10.0.1.77/32')).toEqual({ start: ipToNumber('10.0.1.77'), size: 1 });
    expect(cidrRange('10.0.1.77')).toEqual({ start: ipToNumber('10.0.1.77'), size: 1 });
    expect(cidrRange('0.0.0.0/0')).toEqual({ start: 0, size: 2 ** 32 });
    expect(cidrRange('10.255.255.255/8')).toEqual({ start: 10 * 2 ** 24, size: 2 ** 24 });
  });

  it('says whether an address lies in a block, edges included', () => {
    expect(cidrContains('10.0.1.0/24', '10.0.1.0')).toBe(true);
    expect(cidrContains('10.0.1.0/24', '10.0.1.255')).toBe(true);
    expect(cidrContains('10.0.1.0/24', '10.0.2.0')).toBe(false);
    expect(cidrContains('10.0.1.0/24', '10.0.0.255')).toBe(false);
    expect(cidrContains('10.0.1.9/32', '10.0.1.9')).toBe(true);
    expect(cidrContains('10.0.1.9/32', '10.0.1.10')).toBe(false);
    expect(cidrContains('10.0.1.9', '10.0.1.9')).toBe(true);
    expect(cidrContains('10.0.1.9', '10.0.1.8')).toBe(false);
    expect(cidrContains('0.0.0.0/0', '203.0.113.9')).toBe(true);
    expect(cidrContains('128.0.0.0/1', '127.255.255.255')).toBe(false);
    expect(cidrContains('128.0.0.0/1', '128.0.0.0')).toBe(true);
    // Not an address: never contained, not even in 0.0.0.0/0.
    expect(cidrContains('0.0.0.0/0', 'not-an-ip')).toBe(false);
    expect(cidrContains('nonsense/0', '10.0.0.1')).toBe(false);
  });
});

describe('the rule index', () => {
  it('files ICMP under one key and looks ICMP up there and under "all" only', () => {
    expect(indexKeys({ protocol: 'icmp', fromPort: 0, toPort: 65535 })).toEqual(['icmp:*']);
    expect(lookupKeys('icmp', 0)).toEqual(['icmp:*', 'all']);
  });

  it('files a range over eight 256-port buckets by bucket, and one over nine as wide', () => {
    expect(indexKeys({ protocol: 'tcp', fromPort: 0, toPort: 2047 })).toEqual(['tcp:b0', 'tcp:b1', 'tcp:b2', 'tcp:b3', 'tcp:b4', 'tcp:b5', 'tcp:b6', 'tcp:b7']);
    expect(indexKeys({ protocol: 'tcp', fromPort: 0, toPort: 2048 })).toEqual(['tcp:wide']);
    expect(indexKeys({ protocol: 'udp', fromPort: 255, toPort: 256 })).toEqual(['udp:b0', 'udp:b1']);
    expect(indexKeys({ protocol: 'tcp', fromPort: 1024, toPort: 1300 })).toEqual(['tcp:b4', 'tcp:b5']);
    expect(indexKeys({ protocol: 'tcp', fromPort: 60000, toPort: 61000 })).toEqual(['tcp:b234', 'tcp:b235', 'tcp:b236', 'tcp:b237', 'tcp:b238']);
    expect(lookupKeys('udp', 255)).toEqual(['udp:255', 'udp:b0', 'udp:wide', 'all']);
    expect(lookupKeys('udp', 256)).toEqual(['udp:256', 'udp:b1', 'udp:wide', 'all']);
  });

  it('removes a rule from every key it was filed under, dropping keys left empty, and leaves others alone', () => {
    const index: RuleIndex = {};
    const a = toRule(spec('a', { fromPort: 100, toPort: 300 }), 0);
    const b = toRule(spec('b', { fromPort: 200 }), 1);
    const c = toRule(spec('c', { fromPort: 250, toPort: 260 }), 2);
    addToIndex(index, a);
    addToIndex(index, b);
    addToIndex(index, c);
    expect(index).toEqual({ 'tcp:b0': ['a', 'c'], 'tcp:b1': ['a', 'c'], 'tcp:200': ['b'] });
    removeFromIndex(index, a);
    expect(index).toEqual({ 'tcp:b0': ['c'], 'tcp:b1': ['c'], 'tcp:200': ['b'] });
    // A rule that is not filed changes nothing (it must not remove the last id of a list).
    removeFromIndex(index, toRule(spec('zz', { fromPort: 250, toPort: 260 }), 9));
    removeFromIndex(index, toRule(spec('yy', { fromPort: 4000 }), 9));
    expect(index).toEqual({ 'tcp:b0': ['c'], 'tcp:b1': ['c'], 'tcp:200': ['b'] });
    removeFromIndex(index, b);
    expect(index).toEqual({ 'tcp:b0': ['c'], 'tcp:b1': ['c'] });
  });
});

describe('security groups and their rules', () => {
  it('a new group denies all inbound and, by default, allows all outbound', () => {
    const g = newGroup('sg', 'vpc', 'web', true);
    expect(g).toMatchObject({ id: 'sg', vpc: 'vpc', name: 'web', order: [ALL_OUTBOUND_RULE], inbound: {}, outbound: { all: [ALL_OUTBOUND_RULE] }, nextSeq: 1 });
    expect(g.rules[ALL_OUTBOUND_RULE]).toEqual({ id: 'out-all', direction: 'outbound', protocol: 'all', fromPort: 0, toPort: 65535, cidr: '0.0.0.0/0', group: null, cidrStart: 0, cidrSize: 2 ** 32, seq: 0 });
    expect(newGroup('sg', 'vpc', 'bare', false)).toEqual({ id: 'sg', vpc: 'vpc', name: 'bare', rules: {}, order: [], inbound: {}, outbound: {}, nextSeq: 0 });
  });

  it('a rule covers one port unless given a range; ICMP and "all" cover every port', () => {
    expect(toRule(spec('one', { fromPort: 22, cidr: '10.0.1.0/24' }), 3)).toEqual({ id: 'one', direction: 'inbound', protocol: 'tcp', fromPort: 22, toPort: 22, cidr: '10.0.1.0/24', group: null, cidrStart: ipToNumber('10.0.1.0'), cidrSize: 256, seq: 3 });
    expect(toRule(spec('range', { fromPort: 1000, toPort: 2000, group: 'sg-db' }), 0)).toMatchObject({ fromPort: 1000, toPort: 2000, cidr: null, group: 'sg-db', cidrStart: 0, cidrSize: 0 });
    expect(toRule(spec('ping', { protocol: 'icmp', fromPort: 8, toPort: 9, cidr: '0.0.0.0/0' }), 0)).toMatchObject({ fromPort: 0, toPort: 65535 });
    expect(toRule(spec('any', { protocol: 'all', fromPort: 80, cidr: '0.0.0.0/0' }), 0)).toMatchObject({ fromPort: 0, toPort: 65535 });
    expect(toRule(spec('udp', { protocol: 'udp', fromPort: 53, cidr: '0.0.0.0/0' }), 0)).toMatchObject({ fromPort: 53, toPort: 53 });
  });

  it('re-adding a rule id replaces the rule instead of keeping both', () => {
    const g = group('sg', [spec('r', { fromPort: 22, cidr: '10.0.0.0/16' }), spec('s', { fromPort: 80, cidr: '10.0.0.0/16' })]);
    addRule(g, spec('r', { fromPort: 443, cidr: '10.0.0.0/16' }));
    expect(g.order).toEqual(['s', 'r']);
    expect(g.inbound).toEqual({ 'tcp:80': ['s'], 'tcp:443': ['r'] });
    expect(g.rules.r).toMatchObject({ fromPort: 443, seq: 2 });
    expect(g.nextSeq).toBe(3);
  });

  it('removes a rule from the list and the index, and reports a missing one as null', () => {
    const g = group('sg', [spec('a', { fromPort: 1, cidr: '10.0.0.0/16' }), spec('b', { fromPort: 2, cidr: '10.0.0.0/16' }), spec('c', { fromPort: 3, cidr: '10.0.0.0/16' })]);
    expect(removeRule(g, 'b')?.id).toBe('b');
    expect(g.order).toEqual(['a', 'c']);
    expect(Object.keys(g.rules)).toEqual(['a', 'c']);
    expect(g.inbound).toEqual({ 'tcp:1': ['a'], 'tcp:3': ['c'] });
    expect(removeRule(g, 'b')).toBeNull();
    expect(g.order).toEqual(['a', 'c']);
  });

  it('edits a copy of a group without touching the stored one', () => {
    const stored = group('sg', [spec('a', { fromPort: 1, cidr: '10.0.0.0/16' }), spec('b', { fromPort: 1, cidr: '10.1.0.0/16' })], true);
    const snapshot = JSON.stringify(stored);
    const copy = editableGroup(stored);
    removeRule(copy, 'a');
    addRule(copy, spec('c', { fromPort: 5, cidr: '10.0.0.0/16' }));
    removeRule(copy, ALL_OUTBOUND_RULE);
    expect(JSON.stringify(stored)).toBe(snapshot);
    expect(copy.order).toEqual(['b', 'c']);
    expect(copy.inbound).toEqual({ 'tcp:1': ['b'], 'tcp:5': ['c'] });
    expect(copy.outbound).toEqual({});
  });

  it('describes rules the way the rule list shows them', () => {
    expect(describeRule(toRule(spec('a', { fromPort: 443, cidr: '10.0.0.0/16' }), 0))).toBe('in: TCP 443 from 10.0.0.0/16');
    expect(describeRule(toRule(spec('a', { fromPort: 1000, toPort: 2000, group: 'sg-db' }), 0))).toBe('in: TCP 1000–2000 from members of sg-db');
    expect(describeRule(toRule(spec('a', { direction: 'outbound', protocol: 'all', cidr: '0.0.0.0/0' }), 0))).toBe('out: all traffic to 0.0.0.0/0');
    expect(describeRule(toRule(spec('a', { protocol: 'icmp', cidr: '10.0.0.0/8' }), 0))).toBe('in: ICMP from 10.0.0.0/8');
    expect(describeRule(toRule(spec('a', { protocol: 'udp', fromPort: 53, cidr: '10.0.0.0/8' }), 0))).toBe('in: UDP 53 from 10.0.0.0/8');
  });

  it('peering is symmetric and a VPC always reaches itself', () => {
    expect(peeringKey('b', 'a')).toBe('a|b');
    expect(peeringKey('a', 'b')).toBe('a|b');
    const net = emptyNetworkWorld();
    net.peerings.push(peeringKey('vpc-1', 'vpc-2'));
    expect(arePeered(net, 'vpc-2', 'vpc-1')).toBe(true);
    expect(arePeered(net, 'vpc-1', 'vpc-2')).toBe(true);
    expect(arePeered(net, 'vpc-1', 'vpc-3')).toBe(false);
    expect(arePeered(net, 'vpc-3', 'vpc-3')).toBe(true);
  });

  it('starts an empty network with nothing in it', () => {
    expect(emptyNetworkWorld()).toEqual({ vpcs: {}, subnets: {}, interfaces: {}, groups: {}, nacls: {}, peerings: [], addresses: {}, conntrack: {}, promiscuous: [], flows: {}, packets: {}, nextSerial: 0, delivered: 0, dropped: 0, focus: null });
  });
});

describe('security-group matching', () => {
  const web = iface('web', '10.0.1.10', ['sg-web']);
  const db = iface('db', '10.0.2.10', ['sg-db']);
  const app = iface('app', '10.0.3.10', ['sg-app']);

  it('matches inbound rules against the source and outbound rules against the destination', () => {
    const net = world([group('sg-web', [spec('in-ssh', { fromPort: 22, cidr: '10.0.9.0/24' }), spec('out-pg', { direction: 'outbound', fromPort: 5432, cidr: '10.0.2.0/24' })])], [web]);
    expect(matchRule(net, web, 'inbound', tcp('10.0.9.4', '10.0.1.10', 22))).toEqual({ group: 'sg-web', rule: 'in-ssh' });
    expect(matchRule(net, web, 'inbound', tcp('10.0.8.4', '10.0.9.4', 22))).toBeNull();
    expect(matchRule(net, web, 'outbound', tcp('10.0.1.10', '10.0.2.99', 5432))).toEqual({ group: 'sg-web', rule: 'out-pg' });
    expect(matchRule(net, web, 'outbound', tcp('10.0.2.99', '10.0.1.10', 5432))).toBeNull();
    // An inbound rule never opens the outbound direction, nor the reverse.
    expect(matchRule(net, web, 'outbound', tcp('10.0.1.10', '10.0.9.4', 22))).toBeNull();
    expect(matchRule(net, web, 'inbound', tcp('10.0.2.99', '10.0.1.10', 5432))).toBeNull();
  });

  it('a port range includes both ends and nothing beyond', () => {
    const net = world([group('sg-web', [spec('range', { fromPort: 1000, toPort: 1100, cidr: '0.0.0.0/0' })])], [web]);
    const at = (port: number) => matchRule(net, web, 'inbound', tcp('1.2.3.4', '10.0.1.10', port))?.rule ?? null;
    expect([999, 1000, 1050, 1100, 1101].map(at)).toEqual([null, 'range', 'range', 'range', null]);
  });

  it('a CIDR peer includes its first and last address and nothing beyond', () => {
    const net = world([group('sg-web', [spec('block', { fromPort: 22, cidr: '10.0.9.0/24' })])], [web]);
    const from = (ip: string) => matchRule(net, web, 'inbound', tcp(ip, '10.0.1.10', 22))?.rule ?? null;
    expect(['10.0.8.255', '10.0.9.0', '10.0.9.255', '10.0.10.0'].map(from)).toEqual([null, 'block', 'block', null]);
  });

  it('a protocol rule matches only its protocol; "all" matches every protocol and port', () => {
    const net = world([group('sg-web', [spec('udp-dns', { protocol: 'udp', fromPort: 53, cidr: '0.0.0.0/0' }), spec('ping', { protocol: 'icmp', cidr: '10.0.0.0/16' })]), group('sg-db', [spec('any', { protocol: 'all', cidr: '10.0.1.0/24' })])], [web, db]);
    expect(matchRule(net, web, 'inbound', { ...tcp('1.2.3.4', '10.0.1.10', 53), protocol: 'udp' })?.rule).toBe('udp-dns');
    expect(matchRule(net, web, 'inbound', tcp('1.2.3.4', '10.0.1.10', 53))).toBeNull();
    expect(matchRule(net, web, 'inbound', { srcIp: '10.0.5.5', dstIp: '10.0.1.10', protocol: 'icmp', srcPort: 0, dstPort: 0 })?.rule).toBe('ping');
    expect(matchRule(net, web, 'inbound', { srcIp: '10.1.5.5', dstIp: '10.0.1.10', protocol: 'icmp', srcPort: 0, dstPort: 0 })).toBeNull();
    for (const h of [tcp('10.0.1.7', '10.0.2.10', 65535), { ...tcp('10.0.1.7', '10.0.2.10', 0), protocol: 'udp' as const }, { srcIp: '10.0.1.7', dstIp: '10.0.2.10', protocol: 'icmp' as const, srcPort: 0, dstPort: 0 }]) {
      expect(matchRule(net, db, 'inbound', h)?.rule).toBe('any');
    }
    expect(matchRule(net, db, 'inbound', tcp('10.0.2.7', '10.0.2.10', 80))).toBeNull();
  });

  it('a group reference admits exactly the current members of that group', () => {
    const net = world([group('sg-web', []), group('sg-app', []), group('sg-db', [spec('pg', { fromPort: 5432, group: 'sg-app' })])], [web, db, app]);
    expect(isMember(net, 'vpc', '10.0.3.10', 'sg-app')).toBe(true);
    expect(isMember(net, 'vpc', '10.0.1.10', 'sg-app')).toBe(false);
    expect(isMember(net, 'vpc', '10.0.7.7', 'sg-app')).toBe(false);
    expect(isMember(net, 'other-vpc', '10.0.3.10', 'sg-app')).toBe(false);
    expect(matchRule(net, db, 'inbound', tcp('10.0.3.10', '10.0.2.10', 5432))).toEqual({ group: 'sg-db', rule: 'pg' });
    expect(matchRule(net, db, 'inbound', tcp('10.0.1.10', '10.0.2.10', 5432))).toBeNull();
    // Not an address in the VPC at all: no member, no match.
    expect(matchRule(net, db, 'inbound', tcp('192.0.2.1', '10.0.2.10', 5432))).toBeNull();
  });

  it('reports the earliest-added matching rule of the first group that allows the packet', () => {
    const multi = iface('multi', '10.0.4.10', ['sg-missing', 'sg-first', 'sg-second']);
    const first = group('sg-first', [spec('narrow-late', { fromPort: 443, cidr: '10.0.0.0/16' })]);
    addRule(first, spec('range-later', { fromPort: 400, toPort: 500, cidr: '10.0.0.0/16' }));
    const second = group('sg-second', [spec('wide-early', { fromPort: 0, toPort: 65535, cidr: '0.0.0.0/0' })]);
    const net = world([first, second], [multi]);
    expect(matchRule(net, multi, 'inbound', tcp('10.0.1.1', '10.0.4.10', 443))).toEqual({ group: 'sg-first', rule: 'narrow-late' });
    expect(matchRule(net, multi, 'inbound', tcp('10.0.1.1', '10.0.4.10', 450))).toEqual({ group: 'sg-first', rule: 'range-later' });
    expect(matchRule(net, multi, 'inbound', tcp('10.9.1.1', '10.0.4.10', 443))).toEqual({ group: 'sg-second', rule: 'wide-early' });
    // Within one group the lowest sequence number wins, wherever the rules are filed.
    const g = group('sg-web', [spec('wide', { protocol: 'all', cidr: '0.0.0.0/0' }), spec('exact', { fromPort: 443, cidr: '0.0.0.0/0' })]);
    expect(matchRule(world([g], [web]), web, 'inbound', tcp('1.1.1.1', '10.0.1.10', 443))?.rule).toBe('wide');
    const h = group('sg-web', [spec('exact', { fromPort: 443, cidr: '0.0.0.0/0' }), spec('wide', { protocol: 'all', cidr: '0.0.0.0/0' })]);
    expect(matchRule(world([h], [web]), web, 'inbound', tcp('1.1.1.1', '10.0.1.10', 443))?.rule).toBe('exact');
  });

  it('an interface with no existing group allows nothing', () => {
    const lost = iface('lost', '10.0.5.10', ['sg-gone']);
    expect(matchRule(world([], [lost]), lost, 'inbound', tcp('1.1.1.1', '10.0.5.10', 22))).toBeNull();
  });
});

describe('untracked flows', () => {
  const web = iface('web', '10.0.1.10', ['sg-web']);
  const open = (more: SgRuleSpec[], allOut = true) => world([group('sg-web', [spec('any-443', { fromPort: 443, cidr: '0.0.0.0/0' }), spec('vpc-22', { fromPort: 22, cidr: '10.0.0.0/16' }), ...more], allOut)], [web]);
  const any443 = { group: 'sg-web', rule: 'any-443' };

  it('a TCP rule open to 0.0.0.0/0 with all traffic allowed back is untracked', () => {
    expect(isUntracked(open([]), web, 'inbound', any443, 'tcp')).toBe(true);
  });

  it('is tracked when the rule is narrower than 0.0.0.0/0, for ICMP, or for an unknown rule', () => {
    expect(isUntracked(open([]), web, 'inbound', { group: 'sg-web', rule: 'vpc-22' }, 'tcp')).toBe(false);
    expect(isUntracked(open([]), web, 'inbound', any443, 'icmp')).toBe(false);
    expect(isUntracked(open([]), web, 'inbound', { group: 'sg-web', rule: 'nope' }, 'tcp')).toBe(false);
    expect(isUntracked(open([]), web, 'inbound', { group: 'sg-nope', rule: 'any-443' }, 'tcp')).toBe(false);
  });

  it('is tracked unless the other direction allows every port back to 0.0.0.0/0', () => {
    expect(isUntracked(open([], false), web, 'inbound', any443, 'tcp')).toBe(false);
    const allPorts = spec('back', { direction: 'outbound', fromPort: 0, toPort: 65535, cidr: '0.0.0.0/0' });
    expect(isUntracked(open([allPorts], false), web, 'inbound', any443, 'tcp')).toBe(true);
    expect(isUntracked(open([{ ...allPorts, toPort: 65534 }], false), web, 'inbound', any443, 'tcp')).toBe(false);
    expect(isUntracked(open([{ ...allPorts, fromPort: 1 }], false), web, 'inbound', any443, 'tcp')).toBe(false);
    expect(isUntracked(open([{ ...allPorts, cidr: '10.0.0.0/8' }], false), web, 'inbound', any443, 'tcp')).toBe(false);
    // Every port of another protocol does not count.
    expect(isUntracked(open([{ ...allPorts, protocol: 'udp' }], false), web, 'inbound', any443, 'tcp')).toBe(false);
    expect(isUntracked(open([{ ...allPorts, protocol: 'udp' }], false), web, 'inbound', any443, 'udp')).toBe(true);
    // An outbound opener looks at the inbound rules.
    const out = world([group('sg-web', [spec('o', { direction: 'outbound', fromPort: 443, cidr: '0.0.0.0/0' }), spec('i', { protocol: 'all', cidr: '0.0.0.0/0' })])], [web]);
    expect(isUntracked(out, web, 'outbound', { group: 'sg-web', rule: 'o' }, 'tcp')).toBe(true);
    const outOnly = world([group('sg-web', [spec('o', { direction: 'outbound', fromPort: 443, cidr: '0.0.0.0/0' })], true)], [web]);
    expect(isUntracked(outOnly, web, 'outbound', { group: 'sg-web', rule: 'o' }, 'tcp')).toBe(false);
  });

  it('counts the return rule of any of the interface\'s groups', () => {
    const two = iface('two', '10.0.1.11', ['sg-in', 'sg-out']);
    const net = world([group('sg-in', [spec('any-443', { fromPort: 443, cidr: '0.0.0.0/0' })]), group('sg-out', [], true)], [two]);
    expect(isUntracked(net, two, 'inbound', { group: 'sg-in', rule: 'any-443' }, 'tcp')).toBe(true);
  });
});

describe('connection tracking', () => {
  it('keys a connection from the local end, so a reply finds its opener', () => {
    const out = tcp('10.0.1.10', '10.0.2.10', 443, 50000);
    const back = tcp('10.0.2.10', '10.0.1.10', 50000, 443);
    expect(connectionKey(out, true)).toBe('tcp|10.0.1.10:50000|10.0.2.10:443');
    expect(connectionKey(back, false)).toBe('tcp|10.0.1.10:50000|10.0.2.10:443');
    expect(connectionKey(out, false)).toBe('tcp|10.0.2.10:443|10.0.1.10:50000');
    expect(connectionKey({ ...out, protocol: 'udp' }, true)).toBe('udp|10.0.1.10:50000|10.0.2.10:443');
    expect(connectionKey({ ...out, protocol: 'icmp' }, true)).toBe('icmp|10.0.1.10|10.0.2.10');
    expect(connectionKey({ ...out, protocol: 'icmp' }, false)).toBe('icmp|10.0.2.10|10.0.1.10');
  });

  it('forgets an idle connection only after its timeout', () => {
    const net = emptyNetworkWorld();
    const entry = { key: 'k', openedBy: 'inbound' as const, rule: 'r', openedAt: 0, lastSeen: 100, timeoutNs: 50, openedBySerial: 1 };
    net.conntrack.web = { k: entry };
    expect(trackedConnection(net, 'web', 'k', 150)).toEqual(entry);
    expect(trackedConnection(net, 'web', 'k', 151)).toBeNull();
    expect(trackedConnection(net, 'web', 'other', 100)).toBeNull();
    expect(trackedConnection(net, 'db', 'k', 100)).toBeNull();
  });

  it('uses the EC2 default idle timeouts: TCP 5 days, UDP and ICMP 30 s', () => {
    expect(CONNTRACK_TIMEOUT_NS).toEqual({ tcp: 432_000_000_000_000, udp: 30_000_000_000, icmp: 30_000_000_000 });
  });
});

describe('network ACLs', () => {
  const entry = (number: number, action: 'allow' | 'deny', more: Partial<NaclEntry> = {}): NaclEntry => ({ number, direction: 'inbound', action, protocol: 'all', fromPort: 0, toPort: 65535, cidr: '0.0.0.0/0', ...more });

  it('the first matching entry decides, and no match is denied by the final * entry', () => {
    const entries = [entry(100, 'deny', { cidr: '10.0.9.0/24' }), entry(200, 'allow')];
    expect(naclVerdict(entries, 'inbound', tcp('10.0.9.1', '10.0.1.10', 22))).toEqual({ action: 'deny', number: 100 });
    expect(naclVerdict(entries, 'inbound', tcp('10.0.8.1', '10.0.1.10', 22))).toEqual({ action: 'allow', number: 200 });
    expect(naclVerdict([], 'inbound', tcp('10.0.8.1', '10.0.1.10', 22))).toEqual({ action: 'deny', number: null });
  });

  it('matches inbound entries on the source and outbound entries on the destination', () => {
    const entries = [entry(10, 'allow', { cidr: '10.0.9.0/24' }), entry(20, 'allow', { direction: 'outbound', cidr: '10.0.7.0/24' })];
    expect(naclVerdict(entries, 'inbound', tcp('10.0.9.1', '10.0.7.1', 22)).number).toBe(10);
    expect(naclVerdict(entries, 'inbound', tcp('10.0.7.1', '10.0.9.1', 22)).number).toBeNull();
    expect(naclVerdict(entries, 'outbound', tcp('10.0.9.1', '10.0.7.1', 22)).number).toBe(20);
    expect(naclVerdict(entries, 'outbound', tcp('10.0.7.1', '10.0.9.1', 22)).number).toBeNull();
  });

  it('an entry for all protocols matches every port, whatever ports it was written with', () => {
    const entries = [entry(10, 'deny', { protocol: 'all', fromPort: 80, toPort: 80 })];
    expect(naclVerdict(entries, 'inbound', tcp('1.1.1.1', '10.0.1.10', 443))).toEqual({ action: 'deny', number: 10 });
  });

  it('checks protocol and the destination port range, ends included; ICMP ignores ports', () => {
    const entries = [entry(10, 'allow', { protocol: 'tcp', fromPort: 80, toPort: 90 }), entry(20, 'deny', { protocol: 'icmp', fromPort: 5, toPort: 5 })];
    const at = (port: number) => naclVerdict(entries, 'inbound', tcp('1.1.1.1', '10.0.1.10', port)).number;
    expect([79, 80, 85, 90, 91].map(at)).toEqual([null, 10, 10, 10, null]);
    expect(naclVerdict(entries, 'inbound', { ...tcp('1.1.1.1', '10.0.1.10', 85), protocol: 'udp' }).number).toBeNull();
    expect(naclVerdict(entries, 'inbound', { srcIp: '1.1.1.1', dstIp: '10.0.1.10', protocol: 'icmp', srcPort: 0, dstPort: 0 })).toEqual({ action: 'deny', number: 20 });
  });
});
