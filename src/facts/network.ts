import type { FactTopic } from './types';

const WHITEPAPER = {
  title: 'Amazon Web Services: Overview of Security Processes (whitepaper), Amazon EC2 Security: Firewall and Instance Isolation',
  url: 'https://d1.awsstatic.com/whitepapers/Security/AWS_Security_Whitepaper.pdf',
  asOf: '2020-03',
};
const CONNTRACK = { title: 'Amazon EC2 security group connection tracking (EC2 User Guide)', url: 'https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/security-group-connection-tracking.html', asOf: '2025' };
const SG_RULES = { title: 'Security group rules (Amazon VPC User Guide)', url: 'https://docs.aws.amazon.com/vpc/latest/userguide/security-group-rules.html', asOf: '2025' };
const SG = { title: 'Control traffic to your AWS resources using security groups (Amazon VPC User Guide)', url: 'https://docs.aws.amazon.com/vpc/latest/userguide/vpc-security-groups.html', asOf: '2025' };
const NACL = { title: 'Control subnet traffic with network access control lists (Amazon VPC User Guide)', url: 'https://docs.aws.amazon.com/vpc/latest/userguide/vpc-network-acls.html', asOf: '2025' };

/** Network isolation: the firewall in the hypervisor layer, security groups, network ACLs (issue 14). */
export const networkTopic: FactTopic = {
  id: 'network',
  title: 'Network isolation',
  facts: [
    {
      id: 'aws-firewall-in-hypervisor',
      title: 'The firewall sits in the hypervisor layer',
      statement:
        'AWS describes its instance firewall as residing within the hypervisor layer, between the physical network interface and the instance\'s virtual interface. Every packet passes through it, so an instance\'s neighbours on the same physical host have no more access to it than any other host on the Internet.',
      sources: [WHITEPAPER],
    },
    {
      id: 'aws-inbound-default-deny',
      title: 'Inbound traffic is denied by default',
      statement:
        'EC2\'s firewall is mandatory and starts in deny-all mode for inbound traffic; the customer opens it with security groups. A new security group has no inbound rules and one outbound rule that allows all traffic.',
      sources: [WHITEPAPER, SG],
    },
    {
      id: 'aws-promiscuous-mode',
      title: 'Promiscuous mode sees nothing extra',
      statement:
        'An instance whose interface is in promiscuous mode cannot receive or sniff traffic intended for a different instance: the hypervisor delivers to a guest only the frames addressed to it.',
      sources: [WHITEPAPER],
    },
    {
      id: 'aws-anti-spoofing',
      title: 'No forged source addresses',
      statement: 'The host-based firewall does not let an instance send traffic with a source IP address or MAC address other than its own.',
      sources: [WHITEPAPER],
    },
    {
      id: 'sg-allow-only-stateful',
      title: 'Security groups: allow rules, stateful',
      statement:
        'Security-group rules only allow traffic (there are no deny rules); a rule names a protocol, a port range and a source or destination, which is a CIDR block or another security group. Security groups are stateful: the response to an allowed request may leave (or enter) whatever the rules of the other direction say.',
      sources: [SG_RULES, CONNTRACK],
    },
    {
      id: 'sg-group-reference',
      title: 'A rule can name another security group',
      statement:
        'When a rule\'s source is a security group, traffic is allowed from the private addresses of the network interfaces associated with that group — wherever those instances run — and from nothing else.',
      sources: [SG_RULES],
    },
    {
      id: 'sg-conntrack-rule-removed',
      title: 'Removing a rule does not cut a tracked connection',
      statement:
        'When a security-group rule is changed or removed, tracked connections that it allowed are not interrupted: the security group keeps passing their packets until the connection times out idle (by default 5 days for an established TCP connection, 30 seconds for a one-way UDP flow). To cut traffic at once, a network ACL is used: it is stateless, so a deny applies to every packet. Untracked flows (allowed by 0.0.0.0/0 rules in both directions on all ports) are interrupted immediately.',
      sources: [CONNTRACK, { title: 'ConnectionTrackingSpecificationRequest (EC2 API Reference)', url: 'https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_ConnectionTrackingSpecificationRequest.html', asOf: '2025' }],
    },
    {
      id: 'nacl-stateless-ordered',
      title: 'Network ACLs: ordered, stateless, per subnet',
      statement:
        'A network ACL filters traffic entering and leaving a subnet. Its numbered rules are evaluated in ascending order and the first match, allow or deny, decides; a packet no rule matches is denied by the final `*` rule. It is stateless: return traffic must be allowed by its own rule. Traffic between two instances of the same subnet does not meet it.',
      sources: [NACL],
    },
    {
      id: 'vpc-isolation',
      title: 'VPCs do not see each other',
      statement:
        'A VPC is a logically isolated virtual network; two VPCs may even use the same private address ranges. Instances in different VPCs cannot reach each other by private address unless a connection such as VPC peering or a transit gateway is set up between them.',
      sources: [{ title: 'What is VPC peering? (Amazon VPC Peering Guide)', url: 'https://docs.aws.amazon.com/vpc/latest/peering/what-is-vpc-peering.html', asOf: '2025' }],
    },
    {
      id: 'xen-netfront-netback',
      title: 'Xen: netfront in the guest, netback in dom0',
      statement:
        'A Xen guest\'s network interface is a split driver: the frontend (netfront) in the guest passes frames over shared-memory rings to the backend (netback) in the driver domain, usually dom0, where each guest interface appears as a `vif` attached to a bridge or Open vSwitch that reaches the physical NIC. The two halves behave like two Ethernet cards joined by a crossover cable.',
      sources: [
        { title: 'Linux drivers/net/xen-netback/netback.c', url: 'https://elixir.bootlin.com/linux/v4.4.148/source/drivers/net/xen-netback/netback.c', asOf: 'Linux 4.4' },
        { title: 'xvif(4) — Xen backend paravirtualized network interface (NetBSD manual)', url: 'https://man.netbsd.org/xvif.4', asOf: 'NetBSD 10' },
      ],
    },
    {
      id: 'nitro-card-vpc',
      title: 'Nitro: the Nitro card for VPC',
      statement:
        'On Nitro hosts there is no dom0 in the network path: the guest drives an Elastic Network Adapter (ENA) device presented by the Nitro card for VPC, a separate card that implements the VPC data plane — security groups, routing and encapsulation — outside the main CPUs.',
      sources: [{ title: 'The Security Design of the AWS Nitro System (whitepaper): The components of the Nitro System', url: 'https://docs.aws.amazon.com/whitepapers/latest/security-design-of-aws-nitro-system/the-components-of-the-nitro-system.html', asOf: '2024' }],
    },
    {
      id: 'network-hop-latency-illustrative',
      title: 'Per-hop latencies are illustrative',
      statement:
        'The times this simulator gives each hop (a few microseconds per driver or firewall stage, about 20 µs across the data-centre network, 10 Gb/s serialization) are illustrative numbers of this model, chosen so the path can be watched; they are not measurements.',
      modelAssumption: true,
      sources: [WHITEPAPER],
    },
  ],
};
