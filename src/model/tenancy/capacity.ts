/**
 * Dedicated Host capacity catalog, family by family, from AWS's published data.
 *
 * Primary data: the AWS Price List `productFamily = "Dedicated Host"` records (publication
 * 2019-09-20) as captured in asheiduk/as-scripts, file `x` at commit
 * b32e3caca610eb4daf05986ddce39b4554a0318b: attributes `physicalCores`, `vcpu` and
 * `instanceCapacity<Size>`. T3 comes from the EC2 User Guide (Dedicated Hosts, "Burstable T3
 * instances on Dedicated Hosts"). Sockets are not in the Price List; they come from the AWS docs or
 * the aws-cli `describe-hosts` example. A value no source gives is `null` — never guessed.
 * The hypervisor column is INFERRED (from the family's generation), not published per host.
 * See docs/capacity.md.
 */

export type Hypervisor = 'xen' | 'nitro';

export interface FamilyCapacity {
  family: string;
  sockets: number | null;
  physicalCores: number | null;
  /** The Price List's `vcpu`: for Xen-era families the vCPUs sellable on the host, not its threads. */
  vcpus: number | null;
  /** Inferred from the family's generation (Nitro from 2017's C5 on), not published per host. */
  hypervisor: Hypervisor;
  /** Threads per physical core the family's instances get (x86 SMT 2; Graviton A1 1). */
  threadsPerCore: number;
  /** Largest first: the most instances of each size on a host that runs only that size. */
  sizes: Record<string, number | null>;
  /** Whether AWS lets one host of this family run several sizes at once (EC2 User Guide, 2023 list). */
  multiSize: boolean;
  /**
   * T3 only: instances share the host's CPUs (burstable), so a host is full when the sizes' shares
   * (count / published maximum) add up to 1 — this simulator's reading of "the placement algorithm
   * automatically calculates the supported number of instances and instance size combinations".
   */
  sharedCpu?: boolean;
  source: string;
  notes?: string;
}

const PRICE_LIST = 'AWS Price List, productFamily "Dedicated Host" (2019-09-20), asheiduk/as-scripts:x@b32e3caca610eb4daf05986ddce39b4554a0318b';
const MULTI_SIZE_LIST = 'EC2 User Guide, Dedicated Hosts (awsdocs/amazon-ec2-user-guide doc_source/dedicated-hosts-overview.md, 2023-06): multiple sizes for A1, C5, M5, R5, C5n, M5n, R5n and T3';
const T3_DOCS = 'EC2 User Guide, "Burstable T3 instances on Dedicated Hosts" (awsdocs/amazon-ec2-user-guide doc_source/dedicated-hosts-overview.md, 2023-06): 48 cores, up to 192 instances';

/** A Price List record: physical cores, vcpu and per-size capacity, as published. */
function priceList(family: string, region: string, fields: { cores: number | null; vcpus: number; sizes: Record<string, number | null>; hypervisor: Hypervisor; multiSize?: boolean; processor: string; notes?: string }): FamilyCapacity {
  return {
    family, sockets: null, physicalCores: fields.cores, vcpus: fields.vcpus, hypervisor: fields.hypervisor, threadsPerCore: 2,
    multiSize: fields.multiSize ?? false, sizes: fields.sizes,
    source: `${PRICE_LIST} (${family} record, ${region}; ${fields.processor})${fields.multiSize ? `; mixed sizes: ${MULTI_SIZE_LIST}` : ''}`,
    ...(fields.notes ? { notes: fields.notes } : {}),
  };
}

const VCPU_ONLY = 'The Price List record gives vcpu only: no physical cores and no per-size capacity, so no instance of this family can be placed in the simulator.';

export const CAPACITY_CATALOG: readonly FamilyCapacity[] = [
  {
    family: 'm5', sockets: 2, physicalCores: 48, vcpus: 96, hypervisor: 'nitro', threadsPerCore: 2, multiSize: true,
    sizes: { '24xlarge': 1, '12xlarge': 2, '4xlarge': 6, '2xlarge': 12, xlarge: 24, large: 48 },
    source: `${PRICE_LIST} (m5 record, EU Frankfurt); sockets: aws-cli describe-hosts example (Cores 48, Sockets 2, TotalVCpus 96)`,
  },
  {
    family: 'c5', sockets: null, physicalCores: 36, vcpus: 72, hypervisor: 'nitro', threadsPerCore: 2, multiSize: true,
    sizes: { '18xlarge': 1, '9xlarge': 2, '4xlarge': 4, '2xlarge': 8, xlarge: 18, large: 36 },
    source: `${PRICE_LIST} (c5 records, e.g. Asia Pacific Tokyo); Intel Xeon Platinum 8124M host`,
    notes: 'Eight c5.2xlarge per host, not nine (36 cores / 4 would give 9): a full host of c5.2xlarge uses 32 of 36 cores. Sockets not published for c5 (2 is only an inference), so left unknown. 12xlarge/24xlarge hosts are not in this data.',
  },
  {
    family: 'r5', sockets: 2, physicalCores: 48, vcpus: 96, hypervisor: 'nitro', threadsPerCore: 2, multiSize: true,
    sizes: { '24xlarge': null, '16xlarge': null, '12xlarge': null, '8xlarge': 2, '4xlarge': null, '2xlarge': null, xlarge: null, large: null },
    source: `${PRICE_LIST} (r5 records give vcpu 96 only, no instanceCapacity attributes); AWS docs dedicated-hosts-limits: "R5 ... 2 sockets and 48 physical cores", "up to 2 r5.8xlarge"`,
    notes: 'Only r5.8xlarge = 2 is published (32 of the 48 cores); other per-size maxima are unknown.',
  },
  {
    family: 'm4', sockets: null, physicalCores: 24, vcpus: 40, hypervisor: 'xen', threadsPerCore: 2, multiSize: false,
    sizes: { '10xlarge': 1, '4xlarge': 2, '2xlarge': 5, xlarge: 11, large: 22 },
    source: `${PRICE_LIST} (m4 record, EU London)`,
    notes: 'vcpu 40 = one m4.10xlarge, not the host\'s threads. 22 large on 24 cores: these hosts do not sell every core.',
  },
  {
    family: 'c4', sockets: null, physicalCores: 20, vcpus: 36, hypervisor: 'xen', threadsPerCore: 2, multiSize: false,
    sizes: { '8xlarge': 1, '4xlarge': 2, '2xlarge': 4, xlarge: 8, large: 16 },
    source: `${PRICE_LIST} (c4 record, US West Oregon)`,
    notes: 'vcpu 36 = one c4.8xlarge; Intel Xeon E5-2666 v3 host.',
  },
  {
    family: 'm3', sockets: 2, physicalCores: 20, vcpus: 8, hypervisor: 'xen', threadsPerCore: 2, multiSize: false,
    sizes: { '2xlarge': 4, xlarge: 8, large: 16, medium: 32 },
    source: `${PRICE_LIST} (m3 records, e.g. Asia Pacific Tokyo); sockets: aws-cli describe-hosts example (m3.medium host: Cores 20, Sockets 2, TotalVCpus 32)`,
    notes: 'The Price List says vcpu 8 while the aws-cli example says TotalVCpus 32; the Price List value is shown.',
  },
  {
    family: 'c3', sockets: null, physicalCores: 20, vcpus: 32, hypervisor: 'xen', threadsPerCore: 2, multiSize: false,
    sizes: { '8xlarge': 1, '4xlarge': 2, '2xlarge': 4, xlarge: 8, large: 16 },
    source: `${PRICE_LIST} (c3 record, US West N. California)`,
  },
  {
    family: 'r4', sockets: null, physicalCores: 36, vcpus: 64, hypervisor: 'xen', threadsPerCore: 2, multiSize: false,
    sizes: { '16xlarge': 1, '8xlarge': 2, '4xlarge': 4, '2xlarge': 8, xlarge: 16, large: 32 },
    source: `${PRICE_LIST} (r4 records, e.g. EU London)`,
  },
  {
    family: 't3', sockets: null, physicalCores: 48, vcpus: null, hypervisor: 'nitro', threadsPerCore: 2, multiSize: true, sharedCpu: true,
    sizes: { '2xlarge': 24, xlarge: 48, large: 96, medium: 192, small: 192, micro: 192, nano: 192 },
    source: `${T3_DOCS}; per-size maxima from its "Supported T3 instance sizes and configurations" table`,
    notes: 'Not in the 2019-09 Price List capture. Sockets and host vCPUs are not published. Mixed sizes: AWS computes the allowed combinations itself; the simulator fills a host until the sizes\' shares (count / maximum) reach 1. T3 may use host tenancy only when launched onto a Dedicated Host, and cannot leave it.',
  },
  {
    family: 'a1', sockets: null, physicalCores: 16, vcpus: 16, hypervisor: 'nitro', threadsPerCore: 1, multiSize: true,
    sizes: { '4xlarge': 1, '2xlarge': 2, xlarge: 4, large: 8, medium: 16 },
    source: `${PRICE_LIST} (a1 record, US East N. Virginia; AWS Graviton Processor); mixed sizes: ${MULTI_SIZE_LIST}`,
    notes: 'AWS\'s table of A1 size combinations was not in the stored sources. The simulator allows a mix only within the 16 physical cores and each size\'s published maximum; with one thread per core those two limits coincide, so every allowed mix fills the host exactly as the per-size numbers do.',
  },
  priceList('m5d', 'AWS GovCloud (US)', { cores: 48, vcpus: 96, hypervisor: 'nitro', processor: 'Intel Xeon Platinum 8175', sizes: { '24xlarge': 1, '12xlarge': 2, '4xlarge': 6, '2xlarge': 12, xlarge: 24, large: 48 } }),
  priceList('c5d', 'several Regions', { cores: 36, vcpus: 72, hypervisor: 'nitro', processor: 'Intel Xeon Platinum 8124M', sizes: { '18xlarge': 1, '9xlarge': 2, '4xlarge': 4, '2xlarge': 8, xlarge: 18, large: 36 } }),
  priceList('c5n', 'several Regions', { cores: 36, vcpus: 72, hypervisor: 'nitro', multiSize: true, processor: 'Intel Xeon Platinum 8124M', sizes: { '18xlarge': 1, '9xlarge': 2, '4xlarge': 4, '2xlarge': 8, xlarge: 18, large: 36 } }),
  priceList('r3', 'several Regions', { cores: 20, vcpus: 32, hypervisor: 'xen', processor: 'Intel Xeon E5-2670 v2', sizes: { '8xlarge': 1, '4xlarge': 2, '2xlarge': 4, xlarge: 8, large: 16 } }),
  priceList('i2', 'several Regions', { cores: 20, vcpus: 32, hypervisor: 'xen', processor: 'Intel Xeon E5-2670 v2', sizes: { '16xlarge': 1, '8xlarge': 1, '4xlarge': 2, '2xlarge': 4, xlarge: 8 },
    notes: 'The record lists both i2.16xlarge = 1 and i2.8xlarge = 1; both are shown as published.' }),
  priceList('i3', 'several Regions', { cores: 36, vcpus: 64, hypervisor: 'xen', processor: 'Intel Xeon E5-2686 v4', sizes: { '16xlarge': 1, '8xlarge': 2, '4xlarge': 4, '2xlarge': 8, xlarge: 16, large: 32 } }),
  priceList('d2', 'several Regions', { cores: 24, vcpus: 36, hypervisor: 'xen', processor: 'Intel Xeon E5-2676 v3', sizes: { '8xlarge': 1, '4xlarge': 2, '2xlarge': 4, xlarge: 8 } }),
  priceList('h1', 'several Regions', { cores: 36, vcpus: 64, hypervisor: 'xen', processor: 'Intel Xeon E5-2686 v4', sizes: { '16xlarge': 1, '8xlarge': 2, '4xlarge': 4, '2xlarge': 8 } }),
  priceList('x1', 'several Regions', { cores: 72, vcpus: 128, hypervisor: 'xen', processor: 'Intel Xeon E7-8880 v3', sizes: { '32xlarge': 1, '16xlarge': 2 } }),
  priceList('x1e', 'several Regions', { cores: 72, vcpus: 128, hypervisor: 'xen', processor: 'Intel Xeon E7-8880 v3', sizes: { '32xlarge': 1 } }),
  priceList('g3', 'several Regions', { cores: 36, vcpus: 64, hypervisor: 'xen', processor: 'Intel Xeon E5-2686 v4', sizes: { '16xlarge': 1, '8xlarge': 2, '4xlarge': 4 } }),
  priceList('p2', 'several Regions', { cores: 36, vcpus: 64, hypervisor: 'xen', processor: 'Intel Xeon E5-2686 v4', sizes: { '16xlarge': 1, '8xlarge': 2, xlarge: 16 } }),
  priceList('p3', 'several Regions', { cores: null, vcpus: 64, hypervisor: 'xen', processor: 'Intel Xeon E5-2686 v4', sizes: { '16xlarge': 1, '8xlarge': 2, '2xlarge': 8 },
    notes: 'The record gives no physicalCores.' }),
  priceList('p3dn', 'several Regions', { cores: null, vcpus: 96, hypervisor: 'nitro', processor: 'Intel Xeon Platinum 8175', sizes: { '24xlarge': 1 },
    notes: 'The record gives no physicalCores.' }),
  priceList('r5d', 'several Regions', { cores: null, vcpus: 96, hypervisor: 'nitro', processor: 'Intel Xeon Platinum 8175', sizes: {}, notes: VCPU_ONLY }),
  priceList('z1d', 'several Regions', { cores: null, vcpus: 48, hypervisor: 'nitro', processor: 'Intel Xeon Platinum 8151', sizes: {}, notes: VCPU_ONLY }),
  priceList('i3en', 'several Regions', { cores: null, vcpus: 64, hypervisor: 'nitro', processor: 'as published: Intel Xeon E5-2686 v4', sizes: {}, notes: VCPU_ONLY }),
  priceList('f1', 'several Regions', { cores: null, vcpus: 64, hypervisor: 'xen', processor: 'Intel Xeon E5-2686 v4', sizes: {}, notes: VCPU_ONLY }),
  priceList('g2', 'several Regions', { cores: null, vcpus: 32, hypervisor: 'xen', processor: 'Intel Xeon E5-2670', sizes: {}, notes: VCPU_ONLY }),
];

const BY_FAMILY: ReadonlyMap<string, FamilyCapacity> = new Map(CAPACITY_CATALOG.map((f) => [f.family, f]));

export function familyCapacity(family: string): FamilyCapacity | undefined {
  return BY_FAMILY.get(family);
}

export const KNOWN_FAMILIES: readonly string[] = CAPACITY_CATALOG.map((f) => f.family);

/** vCPUs of an instance size (EC2's naming; `medium` is 1 vCPU except on T3, where nano–large have 2). */
const SIZE_VCPUS: Readonly<Record<string, number>> = {
  nano: 2, micro: 2, small: 2, medium: 1, large: 2, xlarge: 4, '2xlarge': 8, '4xlarge': 16, '8xlarge': 32,
  '9xlarge': 36, '10xlarge': 40, '12xlarge': 48, '16xlarge': 64, '18xlarge': 72, '24xlarge': 96, '32xlarge': 128,
};

export interface InstanceType {
  family: string;
  size: string;
  vcpus: number;
  /**
   * Physical cores the instance consumes: vCPUs / threads per core; on a shared-CPU (T3) host, its
   * share of the host's cores (physical cores / published maximum of its size, e.g. 0.25 for t3.nano).
   */
  cores: number;
}

const parsedTypes = new Map<string, InstanceType | string>();

/** Parses `family.size` against the catalog; returns an error message for anything else (memoized: it is pure). */
export function parseInstanceType(text: string): InstanceType | string {
  let parsed = parsedTypes.get(text);
  if (parsed === undefined) {
    parsed = parseUncached(text);
    if (parsedTypes.size < 10_000) parsedTypes.set(text, parsed);
  }
  return parsed;
}

function parseUncached(text: string): InstanceType | string {
  const [family, size, extra] = text.split('.');
  const capacity = family === undefined ? undefined : familyCapacity(family);
  if (!capacity || size === undefined || extra !== undefined) {
    return `unknown instance type "${text}"; expected family.size with a family of ${KNOWN_FAMILIES.join(', ')}`;
  }
  if (!(size in capacity.sizes)) {
    const sizes = Object.keys(capacity.sizes);
    return `${family} has no size "${size}"; ${sizes.length > 0 ? `sizes: ${sizes.join(', ')}` : 'no per-size capacity is published for it'}`;
  }
  const vcpus = family === 't3' && size === 'medium' ? 2 : (SIZE_VCPUS[size] ?? 1);
  const max = capacity.sizes[size] ?? null;
  const cores = capacity.sharedCpu && capacity.physicalCores !== null && max !== null
    ? capacity.physicalCores / max
    : Math.max(1, Math.ceil(vcpus / capacity.threadsPerCore));
  return { family: capacity.family, size, vcpus, cores };
}

/** Sizes of a family, largest first (AWS advises launching larger sizes first on mixed hosts). */
export function sizesLargestFirst(family: string): readonly string[] {
  let sizes = sortedSizes.get(family);
  if (!sizes) {
    const capacity = familyCapacity(family);
    sizes = capacity ? Object.keys(capacity.sizes).sort((a, b) => (SIZE_VCPUS[b] ?? 0) - (SIZE_VCPUS[a] ?? 0)) : [];
    sortedSizes.set(family, sizes);
  }
  return sizes;
}
const sortedSizes = new Map<string, readonly string[]>();

/** The published single-size maximum, or null when unknown. */
export function maxInstances(family: string, size: string): number | null {
  return familyCapacity(family)?.sizes[size] ?? null;
}
