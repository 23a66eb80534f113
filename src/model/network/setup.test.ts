import { describe, expect, it } from 'vitest';
import { createSimulation } from '../../host/simulation';
import { lessonSchema, type LessonInput } from '../../lessons/schema';

/**
 * The network slice built from a lesson's `world.network` section: what set-up keeps, what it
 * skips (references to things the lesson does not define), and the defaults it fills in.
 */
function networkOf(network: Record<string, unknown> | undefined) {
  const input = {
    id: 'network-setup-test',
    title: 'network set-up test',
    summary: 'generated',
    timeScale: '20us',
    world: {
      tenants: [{ id: 'alice' }, { id: 'bob' }],
      hosts: [{ id: 'xen-1', hypervisor: 'xen', guests: [{ id: 'g1', tenant: 'bob', memoryMiB: 64, booted: true }] }],
      ...(network ? { network } : {}),
    },
    steps: [{ at: '0s', narration: 'generated', actions: [] }],
  } as LessonInput; // the generated lesson is checked by lessonSchema.parse below
  return createSimulation(lessonSchema.parse(input), { withoutAuditor: true }).state.world.network;
}

const iface = (id: string, guest: string, subnet: string, ip: string, securityGroups: string[], promiscuous = false) => ({ id, guest, subnet, ip, mac: '02:00:00:00:00:01', securityGroups, promiscuous });

describe('network set-up from the lesson', () => {
  it('a lesson without a network section gets an empty network', () => {
    expect(networkOf(undefined)).toEqual({ vpcs: {}, subnets: {}, interfaces: {}, groups: {}, nacls: {}, peerings: [], addresses: {}, conntrack: {}, promiscuous: [], flows: {}, packets: {}, nextSerial: 0, delivered: 0, dropped: 0, focus: null });
  });

  it('keeps what the lesson defines and skips references to what it does not', () => {
    const net = networkOf({
      vpcs: [
        { id: 'vpc-a', tenant: 'alice', cidr: '10.0.0.0/16' },
        { id: 'vpc-b', tenant: 'bob', cidr: '10.1.0.0/16' },
      ],
      nacls: [{ id: 'acl-a', vpc: 'vpc-a', entries: [
        { number: 200, direction: 'outbound', action: 'allow', cidr: '0.0.0.0/0' },
        { number: 100, direction: 'inbound', action: 'deny', cidr: '10.9.0.0/16' },
      ] }],
      subnets: [
        { id: 'sub-a', vpc: 'vpc-a', cidr: '10.0.1.0/24', nacl: 'acl-a' },
        { id: 'sub-n', vpc: 'vpc-a', cidr: '10.0.2.0/24', nacl: 'acl-zz' },
        { id: 'sub-b', vpc: 'vpc-b', cidr: '10.1.1.0/24' },
        { id: 'sub-x', vpc: 'vpc-zz', cidr: '10.2.1.0/24' },
      ],
      securityGroups: [
        { id: 'sg-a', vpc: 'vpc-a', name: 'web servers', rules: [{ id: 'ssh', fromPort: 22, cidr: '10.0.0.0/8' }] },
        { id: 'sg-b', vpc: 'vpc-b', allowAllOutbound: false },
      ],
      interfaces: [
        iface('e1', 'g1', 'sub-a', '10.0.1.10', ['sg-a', 'sg-b', 'sg-zz'], true),
        iface('e2', 'g-none', 'sub-n', '10.0.2.10', ['sg-a']),
        iface('e3', 'g1', 'sub-x', '10.2.1.10', ['sg-a']),
        iface('e4', 'g1', 'sub-zz', '10.0.3.10', ['sg-a']),
        iface('e5', 'g1', 'sub-b', '10.1.1.10', ['sg-b']),
      ],
      peerings: [['vpc-b', 'vpc-a'], ['vpc-a', 'vpc-zz']],
    });
    expect(net.vpcs).toEqual({ 'vpc-a': { id: 'vpc-a', tenant: 'alice', cidr: '10.0.0.0/16' }, 'vpc-b': { id: 'vpc-b', tenant: 'bob', cidr: '10.1.0.0/16' } });
    // Entries in number order whatever the lesson's order.
    expect(net.nacls['acl-a']).toEqual({ id: 'acl-a', vpc: 'vpc-a', entries: [
      { number: 100, direction: 'inbound', action: 'deny', protocol: 'all', fromPort: 0, toPort: 65535, cidr: '10.9.0.0/16' },
      { number: 200, direction: 'outbound', action: 'allow', protocol: 'all', fromPort: 0, toPort: 65535, cidr: '0.0.0.0/0' },
    ] });
    // A subnet of an unknown VPC is left out; an unknown ACL means the default one (null).
    expect(net.subnets).toEqual({
      'sub-a': { id: 'sub-a', vpc: 'vpc-a', cidr: '10.0.1.0/24', nacl: 'acl-a' },
      'sub-n': { id: 'sub-n', vpc: 'vpc-a', cidr: '10.0.2.0/24', nacl: null },
      'sub-b': { id: 'sub-b', vpc: 'vpc-b', cidr: '10.1.1.0/24', nacl: null },
    });
    expect(net.groups['sg-a']).toMatchObject({ name: 'web servers', vpc: 'vpc-a', order: ['out-all', 'ssh'] });
    expect(net.groups['sg-b']).toMatchObject({ name: 'sg-b', vpc: 'vpc-b', order: [] });
    // Interfaces in an unknown subnet (or one left out) are skipped; groups of other VPCs are dropped.
    expect(Object.keys(net.interfaces)).toEqual(['e1', 'e2', 'e5']);
    expect(net.interfaces.e1).toEqual({ id: 'e1', guest: 'g1', tenant: 'bob', vpc: 'vpc-a', subnet: 'sub-a', ip: '10.0.1.10', mac: '02:00:00:00:00:01', securityGroups: ['sg-a'], promiscuous: true, received: 0 });
    // A guest the lesson does not list belongs to the VPC's tenant.
    expect(net.interfaces.e2).toMatchObject({ tenant: 'alice', vpc: 'vpc-a', subnet: 'sub-n', promiscuous: false });
    expect(net.interfaces.e5).toMatchObject({ tenant: 'bob', vpc: 'vpc-b', securityGroups: ['sg-b'] });
    expect(net.addresses).toEqual({ 'vpc-a': { '10.0.1.10': 'e1', '10.0.2.10': 'e2' }, 'vpc-b': { '10.1.1.10': 'e5' } });
    expect(net.promiscuous).toEqual(['e1']);
    // Only peerings between two known VPCs, in one spelling whatever the order.
    expect(net.peerings).toEqual(['vpc-a|vpc-b']);
  });

  it('a VPC with no interface has an empty address book', () => {
    const net = networkOf({ vpcs: [{ id: 'vpc-a', tenant: 'alice', cidr: '10.0.0.0/16' }] });
    expect(net.addresses).toEqual({ 'vpc-a': {} });
    expect(net.subnets).toEqual({});
  });
});
