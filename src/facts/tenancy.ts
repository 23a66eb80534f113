import type { FactTopic } from './types';

const DI = 'https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/dedicated-instance.html';
const DH = 'https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/dedicated-hosts-overview.html';
const DH_WORK = 'https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/how-dedicated-hosts-work.html';
const DH_LIMITS = 'https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/dedicated-hosts-limits.html';
const MIP = 'https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_ModifyInstancePlacement.html';
const LM_TENANCY = 'https://docs.aws.amazon.com/license-manager/latest/userguide/conversion-tenancy.html';
const OLD_GUIDE = 'https://github.com/awsdocs/amazon-ec2-user-guide/blob/master/doc_source/dedicated-instance.md';
const PRICE_LIST = 'https://github.com/asheiduk/as-scripts/blob/b32e3caca610eb4daf05986ddce39b4554a0318b/x';
const PER_SECOND = 'https://aws.amazon.com/about-aws/whats-new/2017/10/announcing-amazon-ec2-per-second-billing/';

/** EC2 tenancy: Dedicated Instances, Dedicated Hosts, tenancy changes, billing, licensing, capacity. */
export const TENANCY_FACTS: FactTopic = {
  id: 'tenancy',
  title: 'Tenancy: Dedicated Instances, Dedicated Hosts, licensing and capacity',
  facts: [
    {
      id: 'di-dh-same-isolation',
      title: 'Dedicated Instances and Hosts are equally isolated',
      statement: 'AWS states there are no performance, security or physical differences between Dedicated Instances and instances on Dedicated Hosts. They differ in visibility, placement control, billing, licensing support and capacity sharing.',
      sources: [{ title: 'Amazon EC2 Dedicated Hosts', url: DH, asOf: '2024' }, { title: 'Amazon EC2 Dedicated Instances', url: DI, asOf: '2024' }],
    },
    {
      id: 'tenancy-values',
      title: 'Three tenancies: default, dedicated, host',
      statement: 'Every instance has a tenancy: `default` (shared hardware, the usual case), `dedicated` (a Dedicated Instance, on hardware dedicated to one AWS account) or `host` (on a Dedicated Host the account allocated). A VPC whose instance tenancy is `dedicated` makes instances launched into it Dedicated Instances unless `host` is asked for.',
      sources: [{ title: 'Amazon EC2 Dedicated Instances', url: DI, asOf: '2024' }],
    },
    {
      id: 'di-isolated-per-account',
      title: 'Isolation is per account, even when linked',
      statement: 'Dedicated Instances of different AWS accounts are physically isolated at the hardware level, even if the accounts are linked to the same payer account.',
      sources: [{ title: 'Amazon EC2 Dedicated Instances', url: DI, asOf: '2024' }],
    },
    {
      id: 'di-shares-with-own-account',
      title: 'A Dedicated Instance may share with its own account',
      statement: 'Dedicated Instances may share hardware with other instances of the same AWS account that are not Dedicated Instances: the hardware is dedicated to the account, not to one instance.',
      sources: [{ title: 'Amazon EC2 Dedicated Instances', url: DI, asOf: '2024' }],
    },
    {
      id: 'di-no-affinity',
      title: 'Dedicated Instances may move on stop/start',
      statement: 'Dedicated Instances give no visibility of or control over placement and no host affinity: after a stop and start one may run on a different host, and a launch cannot target a host.',
      sources: [{ title: 'Amazon EC2 Dedicated Instances', url: DI, asOf: '2024' }],
    },
    {
      id: 'dh-visibility',
      title: 'Dedicated Hosts show sockets, cores and host ID',
      statement: 'A Dedicated Host has a host ID and shows its number of sockets and physical cores; Dedicated Instances show none of these. Per-socket and per-core licences can therefore be counted only on Dedicated Hosts.',
      sources: [{ title: 'Amazon EC2 Dedicated Hosts', url: DH, asOf: '2024' }],
    },
    {
      id: 'dh-placement',
      title: 'Auto-placement, targeting and affinity',
      statement: 'With auto-placement off (the default for a new host) a Dedicated Host accepts only launches that name its host ID; with it on, it also accepts untargeted host-tenancy launches that match its configuration. With affinity Host an instance always restarts on the same host; with affinity Off it tries the last host first, best effort.',
      sources: [{ title: 'Work with Dedicated Hosts: auto-placement and affinity', url: DH_WORK, asOf: '2024' }],
    },
    {
      id: 'dh-sharing',
      title: 'Dedicated Host capacity can be shared',
      statement: 'A Dedicated Host\'s instance capacity can be shared with other AWS accounts through AWS Resource Access Manager; Dedicated Instances offer no such sharing.',
      sources: [{ title: 'Amazon EC2 Dedicated Instances (comparison table)', url: DI, asOf: '2024' }],
    },
    {
      id: 'tenancy-change-current',
      title: 'Changing tenancy today: stopped, any direction, with exceptions',
      statement:
        'With ModifyInstancePlacement a stopped instance can change its tenancy between shared (`default`), `dedicated` and `host`. Exceptions: a T3 instance can use `host` tenancy only when launched onto a Dedicated Host and cannot change from `host` to `dedicated` or `default`; moving to `host` needs a Dedicated Host with room when the instance starts; and License Manager limits some billing products: Windows BYOL is not permitted on shared tenancy, and SQL Server, SUSE and other license-included products except Windows Server are not permitted on Dedicated Hosts.',
      applies: 'current documentation (checked 2026)',
      sources: [
        { title: 'ModifyInstancePlacement (EC2 API Reference)', url: MIP, asOf: '2026' },
        { title: 'Tenancy conversion in License Manager', url: LM_TENANCY, asOf: '2026' },
      ],
    },
    {
      id: 'tenancy-change-history',
      title: 'History: tenancy never changed to or from default',
      statement: 'For years the EC2 User Guide said that after launch an instance\'s tenancy could change only between `dedicated` and `host`, never from `default` to either, nor back to `default`; T3 instances could not switch between `dedicated` and `host` at all (InvalidTenancy). That rule is no longer current.',
      applies: 'about 2016 – 2023',
      sources: [
        { title: 'EC2 User Guide, Dedicated Instances (archived GitHub source, June 2023)', url: OLD_GUIDE, asOf: '2023-06' },
        { title: 'ModifyInstancePlacement (EC2 API Reference)', url: MIP, asOf: '2026' },
      ],
    },
    {
      id: 'vpc-tenancy-change',
      title: 'A VPC\'s tenancy goes dedicated → default only',
      statement: 'ModifyVpcTenancy can change a VPC\'s instance tenancy from `dedicated` to `default` only. Instances already in the VPC keep their own tenancy.',
      sources: [{ title: 'ModifyVpcTenancy (EC2 API Reference)', url: 'https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_ModifyVpcTenancy.html', asOf: '2024' }],
    },
    {
      id: 'per-second-billing',
      title: 'Per-second billing: since October 2017, not for every OS',
      statement:
        'Since 2 October 2017, EC2 bills Linux instances in one-second increments with a 60-second minimum; Windows Server and SQL Server instances followed on 11 June 2021. Instances whose operating system carries a separate hourly charge (for example SUSE) are still billed by the hour. Dedicated Hosts are billed per second with a 60-second minimum.',
      applies: 'since 2017-10-02 (Linux); since 2021-06-11 (Windows)',
      sources: [
        { title: 'Announcing Amazon EC2 per second billing', url: PER_SECOND, asOf: '2017-10-02' },
        { title: 'How am I billed for Amazon EC2 instance hours?', url: 'https://repost.aws/knowledge-center/ec2-instance-hour-billing', asOf: '2024' },
        { title: 'Amazon EC2 Dedicated Hosts pricing', url: 'https://aws.amazon.com/ec2/dedicated-hosts/pricing/', asOf: '2024' },
      ],
    },
    {
      id: 'di-regional-fee',
      title: 'The Dedicated Instance Region fee is hourly',
      statement:
        'Besides each Dedicated Instance\'s own charge, AWS charges a per-Region fee for every hour in which at least one Dedicated Instance runs in the Region. The per-second billing announcement of 2017 listed Dedicated Instances among what stayed hourly. The often quoted $2 per hour comes from secondary sources here.',
      sources: [
        { title: 'Announcing Amazon EC2 per second billing', url: PER_SECOND, asOf: '2017-10-02' },
        { title: 'Amazon EC2 Dedicated Instances pricing', url: 'https://aws.amazon.com/ec2/pricing/dedicated-instances/', asOf: 'not retrieved' },
      ],
    },
    {
      id: 'dh-billing',
      title: 'A Dedicated Host is billed per host',
      statement: 'A Dedicated Host is billed per host while allocated, per second with a 60-second minimum, regardless of how many instances of what size run on it.',
      sources: [{ title: 'Amazon EC2 Dedicated Hosts pricing', url: 'https://aws.amazon.com/ec2/dedicated-hosts/pricing/', asOf: '2024' }],
    },
    {
      id: 'illustrative-prices',
      title: 'Prices in the simulator are illustrative (model)',
      statement: 'The meters in the Fleet view use round illustrative prices to compare per-instance and per-host billing; they are not AWS list prices.',
      modelAssumption: true,
      sources: [{ title: 'Amazon EC2 Dedicated Hosts pricing', url: 'https://aws.amazon.com/ec2/dedicated-hosts/pricing/', asOf: '2024' }],
    },
    {
      id: 'dh-host-recovery',
      title: 'Host recovery: new host ID, same instances',
      statement: 'Since 2019, when a Dedicated Host fails from a power or network problem, host recovery allocates a replacement host with a new host ID in the same Availability Zone and restarts the instances on it with the same instance IDs, private addresses and EBS attachments. Documentation from 2018 said instance recovery was not supported on Dedicated Hosts.',
      applies: 'since 2019',
      sources: [{ title: 'Amazon EC2 Dedicated Host recovery', url: 'https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/dedicated-hosts-recovery.html', asOf: '2024' }],
    },
    {
      id: 'di-instance-recovery',
      title: 'Dedicated Instances support automatic recovery',
      statement: 'Automatic instance recovery is supported for Dedicated Instances: a recovered instance keeps its instance ID and addresses.',
      sources: [{ title: 'Amazon EC2 Dedicated Instances (comparison table)', url: DI, asOf: '2024' }],
    },
    {
      id: 'dh-capacity-published',
      title: 'Host capacity is published per size, not computed',
      statement:
        'How many instances of a size fit on a Dedicated Host is AWS\'s published number, not cores divided by cores per instance: a c5 host has 36 physical cores but takes at most 8 c5.2xlarge (32 cores), and an r5 host at most 2 r5.8xlarge (32 of 48 cores). Even these Nitro hosts do not sell every core in every configuration.',
      sources: [
        { title: 'AWS Price List, productFamily "Dedicated Host" (publication 2019-09-20, captured)', url: PRICE_LIST, asOf: '2019-09-20' },
        { title: 'Amazon EC2 Dedicated Host instance capacity configurations', url: DH_LIMITS, asOf: '2024' },
      ],
    },
    {
      id: 'dh-multi-size',
      title: 'Mixed sizes only on some families',
      statement: 'Dedicated Hosts of some Nitro families (A1, C5, M5, R5, C5n, M5n, R5n and T3 in the 2023 list; more today) can run several sizes of the family at once, up to the host\'s core capacity and each size\'s limit; AWS advises launching the largest sizes first. Other families run one instance type per host.',
      sources: [{ title: 'Amazon EC2 Dedicated Host instance capacity configurations', url: DH_LIMITS, asOf: '2024' }],
    },
    {
      id: 'dh-t3-capacity',
      title: 'T3 Dedicated Hosts: 48 cores, up to 192 instances',
      statement: 'A T3 Dedicated Host has 48 cores and runs up to 192 t3.nano, t3.micro, t3.small or t3.medium, 96 t3.large, 48 t3.xlarge or 24 t3.2xlarge; the instances share the host\'s CPUs (burstable) and EC2 computes the allowed mixes itself. T3 on Dedicated Hosts supports only the standard credit mode.',
      sources: [{ title: 'EC2 User Guide, Burstable T3 instances on Dedicated Hosts (archived GitHub source)', url: 'https://github.com/awsdocs/amazon-ec2-user-guide/blob/master/doc_source/dedicated-hosts-overview.md', asOf: '2023-06' }],
    },
    {
      id: 'capacity-hypervisor-inferred',
      title: 'Which hypervisor a host family runs is inferred (model)',
      statement: 'The capacity catalog marks each host family Xen or Nitro from its generation (Nitro from C5, 2017, onwards). AWS does not publish this per Dedicated Host family; it is the project\'s inference.',
      modelAssumption: true,
      sources: [{ title: 'The Security Design of the AWS Nitro System (whitepaper)', url: 'https://docs.aws.amazon.com/whitepapers/latest/security-design-of-aws-nitro-system/security-design-of-aws-nitro-system.html', asOf: '2024-02' }],
    },
    {
      id: 'placement-first-fit',
      title: 'Which shared host an instance lands on (model)',
      statement: 'The simulator places a default-tenancy instance on the first host in its pool with room (first fit), and a Dedicated Instance on a host reserved for its account. AWS does not publish its placement algorithm; first fit is this simulator\'s rule, chosen so that sharing is easy to see.',
      modelAssumption: true,
      sources: [{ title: 'Amazon EC2 Dedicated Instances', url: DI, asOf: '2024' }],
    },
    {
      id: 'byol-support',
      title: 'Bring your own licence: Hosts yes, Instances partly',
      statement: 'Dedicated Hosts support bringing existing per-socket, per-core or per-VM licences. Dedicated Instances have only partial support: Microsoft SQL Server with License Mobility through Software Assurance and Windows Virtual Desktop Access licences.',
      sources: [{ title: 'Amazon EC2 Dedicated Hosts', url: DH, asOf: '2024' }],
    },
    {
      id: 'microsoft-licensing-2019',
      title: 'Microsoft licences on dedicated clouds since 1 October 2019',
      statement:
        'Since 1 October 2019, Microsoft on-premises licences bought without Software Assurance and License Mobility cannot be brought to dedicated hosted cloud services of the "Listed Providers" (Microsoft, Alibaba, Amazon, Google), which includes EC2 Dedicated Hosts. Licences bought before that date keep the old outsourcing rights, but only for versions released before it. Windows Server has no License Mobility, so newer Windows Server licences are bought from AWS (license included).',
      applies: 'since 2019-10-01',
      sources: [
        { title: 'Microsoft: Updated Microsoft licensing terms for dedicated hosted cloud services', url: 'https://www.microsoft.com/en-us/licensing/news/updated-licensing-rights-for-dedicated-cloud', asOf: '2019-08-01' },
        { title: 'Flexera: Microsoft\'s license changes for public cloud', url: 'https://www.flexera.com/blog/cloud/microsofts-license-changes-for-public-cloud-how-do-they-affect-you/', asOf: '2019-08' },
      ],
    },
    {
      id: 'capacity-reservations',
      title: 'Capacity Reservations: Dedicated Instances only',
      statement: 'On-Demand Capacity Reservations are supported for Dedicated Instances and not for Dedicated Hosts. The simulator does not model reservations.',
      sources: [{ title: 'Amazon EC2 Dedicated Instances (comparison table)', url: DI, asOf: '2024' }],
    },
  ],
};
