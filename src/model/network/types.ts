/**
 * Network isolation (issue 14): virtual interfaces, VPCs and subnets, security groups with
 * connection tracking, network ACLs, and packets that walk the path through the host's
 * hypervisor layer (Xen: netfront → netback in dom0 → firewall → NIC) or the Nitro card for VPC.
 */
export type Protocol = 'tcp' | 'udp' | 'icmp';
export type RuleProtocol = Protocol | 'all';
export type Direction = 'inbound' | 'outbound';

export interface Vpc {
  id: string;
  tenant: string;
  cidr: string;
}

export interface Subnet {
  id: string;
  vpc: string;
  cidr: string;
  /** Network ACL associated with the subnet; `null`: the default ACL, which allows everything. */
  nacl: string | null;
}

/** A guest's virtual network interface (an ENI). */
export interface NetInterface {
  id: string;
  /** Guest domain it is attached to. */
  guest: string;
  tenant: string;
  vpc: string;
  subnet: string;
  ip: string;
  mac: string;
  securityGroups: string[];
  /** The guest asked its driver for promiscuous mode: the hypervisor still hands it only its own frames. */
  promiscuous: boolean;
  received: number;
}

/** One security-group rule: an allow rule (security groups have no deny rules). */
export interface SgRule {
  id: string;
  direction: Direction;
  protocol: RuleProtocol;
  fromPort: number;
  toPort: number;
  /** Peer as a CIDR block… */
  cidr: string | null;
  /** …or as another security group (its members' private addresses). */
  group: string | null;
  /** The CIDR as numbers (first address, block size), parsed once so matching does no parsing. */
  cidrStart: number;
  cidrSize: number;
  /** Insertion order: the listing order, and the tie-breaker when several rules match. */
  seq: number;
}

/** Rule ids by lookup key (`tcp:443`, `tcp:b1`, `tcp:wide`, `all`): see rule-index.ts. */
export type RuleIndex = Record<string, string[]>;

export interface SecurityGroup {
  id: string;
  vpc: string;
  name: string;
  rules: Record<string, SgRule>;
  /** Rule ids in the order they were added (display). */
  order: string[];
  inbound: RuleIndex;
  outbound: RuleIndex;
  nextSeq: number;
}

export interface NaclEntry {
  number: number;
  direction: Direction;
  action: 'allow' | 'deny';
  protocol: RuleProtocol;
  fromPort: number;
  toPort: number;
  cidr: string;
}

/** A network ACL: stateless, ordered by rule number, first match wins, no match denies. */
export interface Nacl {
  id: string;
  vpc: string;
  entries: NaclEntry[];
}

/** A tracked connection on one interface, keyed from that interface's point of view. */
export interface ConntrackEntry {
  key: string;
  /** Which direction's rule opened it. */
  openedBy: Direction;
  /** The rule that allowed the first packet. */
  rule: string;
  openedAt: number;
  lastSeen: number;
  /** Idle time after which the entry is forgotten. */
  timeoutNs: number;
  /** The packet that opened it (so the auditor can tell return traffic from the opener itself). */
  openedBySerial: number;
}

/** Where a packet is on its path (one event per hop). */
export type HopStage = 'guest-out' | 'backend-out' | 'firewall-out' | 'nic-out' | 'wire' | 'nic-in' | 'firewall-in' | 'backend-in' | 'guest-in';

export interface Hop {
  stage: HopStage;
  /** Host the hop is on (`null` on the wire or on the Internet side). */
  host: string | null;
  /** What the hop is called on this host: "netfront", "netback (dom0)", "Nitro card for VPC"… */
  label: string;
  /** Illustrative time to reach the next hop. */
  latencyNs: number;
}

/** The check that stopped a packet, written beside the firewall in the view. */
export type DropCheck = 'anti-spoofing' | 'security-group' | 'network-acl' | 'vpc-boundary' | 'instance-not-running' | 'no-such-address';

export interface Drop {
  stage: HopStage;
  host: string | null;
  check: DropCheck;
  /** Security group / NACL that decided, when one did. */
  by: string | null;
  reason: string;
}

/** How a firewall decision was reached, for the rule list's highlight. */
export interface Verdict {
  stage: 'firewall-out' | 'firewall-in';
  iface: string;
  /** `rule`: a security-group rule; `conntrack`: a tracked connection; `bypass`: a fault skipped the check. */
  via: 'rule' | 'conntrack' | 'bypass';
  group: string | null;
  rule: string | null;
}

export type PacketStatus = 'in-flight' | 'delivered' | 'dropped';

export interface Packet {
  serial: number;
  flow: string | null;
  /** Sending interface, or `internet`. */
  from: string;
  /** Addressed interface (resolved from the destination address in the sender's VPC), `null` if none. */
  to: string | null;
  srcIp: string;
  srcMac: string;
  dstIp: string;
  protocol: Protocol;
  srcPort: number;
  dstPort: number;
  sizeBytes: number;
  reply: boolean;
  label: string;
  path: Hop[];
  /** Index of the last hop reached. */
  hop: number;
  /** Simulated time each hop was reached (filled as it goes). */
  hopAt: number[];
  sentAt: number;
  status: PacketStatus;
  drop: Drop | null;
  verdicts: Verdict[];
  /** Interfaces the packet was handed to (more than `to` only when a fault leaks it). */
  deliveredTo: string[];
  /** Why it cannot be routed (found when it is sent, enforced at the sender's firewall). */
  blocked: { check: DropCheck; reason: string } | null;
}

export interface Flow {
  id: string;
  from: string;
  to: string;
  protocol: Protocol;
  port: number;
  srcPort: number;
  sizeBytes: number;
  reply: boolean;
  sent: number;
  delivered: number;
  replies: number;
  dropped: number;
}

export interface NetworkWorld {
  vpcs: Record<string, Vpc>;
  subnets: Record<string, Subnet>;
  interfaces: Record<string, NetInterface>;
  groups: Record<string, SecurityGroup>;
  nacls: Record<string, Nacl>;
  /** VPC peering connections as sorted `a|b` pairs. */
  peerings: string[];
  /** Private address → interface, per VPC (VPCs may reuse the same ranges). */
  addresses: Record<string, Record<string, string>>;
  conntrack: Record<string, Record<string, ConntrackEntry>>;
  /** Interfaces in promiscuous mode (kept as a list so packets need not scan every interface). */
  promiscuous: string[];
  flows: Record<string, Flow>;
  /** The last PACKETS_KEPT packets, by `serial % PACKETS_KEPT` (bounded state, no scans). */
  packets: Record<number, Packet>;
  nextSerial: number;
  delivered: number;
  dropped: number;
  /** The interface the rule list follows (the last one a lesson sent to or changed). */
  focus: string | null;
}
