import type { Nanos } from '../../engine/time';

/** EC2 tenancy of an instance: shared (`default`), Dedicated Instance, or on a Dedicated Host. */
export type Tenancy = 'default' | 'dedicated' | 'host';
export type Affinity = 'host' | 'off';

/**
 * How an instance's software is billed (its AMI's billing product): License Manager's tenancy
 * conversion limits depend on it (see rules.ts). `other-li`: any other license-included product.
 */
export const BILLING_PRODUCTS = ['linux', 'windows-li', 'windows-byol', 'sql-server-li', 'sles-li', 'other-li'] as const;
export type BillingProduct = (typeof BILLING_PRODUCTS)[number];

export interface Region {
  id: string;
  name: string;
  azs: string[];
  /** Per-second meter of the per-Region Dedicated Instance fee: running while ≥ 1 DI runs here. */
  dedicatedFee: Meter;
  runningDedicated: number;
}

export interface Account {
  id: string;
  name: string;
  /** The payer (management) account this one is linked to; null for a stand-alone or payer account. */
  payer: string | null;
  colorIndex: number;
}

export interface Vpc {
  id: string;
  account: string;
  region: string;
  instanceTenancy: 'default' | 'dedicated';
  /** Index used to form private addresses 10.<index>.x.y. */
  index: number;
  nextAddress: number;
}

/** A per-second meter: `billedNs` so far plus the running period since `since` (null when stopped). */
export interface Meter {
  since: Nanos | null;
  billedNs: Nanos;
}

/** What runs on a host, kept on the host so the auditor checks a host without looking elsewhere. */
export interface Slot {
  instance: string;
  account: string;
  tenancy: Tenancy;
  size: string;
  cores: number;
}

/**
 * A physical server of the fleet. `kind: 'pool'` hosts belong to AWS and run default and dedicated
 * tenancy instances; `kind: 'dedicated-host'` hosts are allocated to one account (host tenancy).
 */
export interface FleetHost {
  id: string;
  kind: 'pool' | 'dedicated-host';
  az: string;
  family: string;
  /** Single-size Dedicated Host: the one instance type it runs (e.g. `c3.xlarge`); null = every size of the family. */
  instanceType: string | null;
  sockets: number | null;
  physicalCores: number | null;
  /** True when sockets/cores came from the lesson because the catalog does not publish them. */
  illustrativeShape: boolean;
  state: 'available' | 'failed' | 'released';
  /** Dedicated Hosts only: owner, accounts it is shared with (AWS RAM), auto-placement, host recovery. */
  owner: string | null;
  sharedWith: string[];
  autoPlacement: boolean;
  hostRecovery: boolean;
  /** The host that replaced this one after a failure (host recovery). */
  replacedBy: string | null;
  slots: Slot[];
  usedCores: number;
  /** Position in its placement pool (first-fit order). */
  poolIndex: number;
  /** The account whose Dedicated Instances run here (pool hosts); null when none do. */
  dedicatedTo: string | null;
  meter: Meter;
  allocatedAt: Nanos;
}

/**
 * First-fit indexes over a pool's hosts, so a placement does not rescan full hosts:
 * `cursors[size]`: no host before it can take that size (or it is reserved by Dedicated Instances);
 * `emptyCursor`: no host before it is empty; `dedicated[account]`: hosts running that account's DIs.
 */
export interface Pool {
  hosts: string[];
  cursors: Record<string, number>;
  emptyCursor: number;
  dedicated: Record<string, string[]>;
}

/** Why an instance is where it is: the candidates looked at and the rule that decided. */
export interface PlacementExplanation {
  at: Nanos;
  /** What kind of placement this was: launch, start, recovery, fault. */
  reason: string;
  tenancy: Tenancy;
  /** The rule that decided, in words (with its source). */
  rule: string;
  /** Up to a few candidates and the verdict on each. */
  candidates: Array<{ host: string; verdict: string }>;
  /** How many hosts were examined in all. */
  examined: number;
  host: string | null;
}

export interface Instance {
  id: string;
  account: string;
  vpc: string;
  az: string;
  type: string;
  family: string;
  size: string;
  vcpus: number;
  cores: number;
  tenancy: Tenancy;
  billing: BillingProduct;
  affinity: Affinity;
  /** Host the instance is bound to by affinity (or targeted launch); null when none. */
  affinityHost: string | null;
  /** Target host id requested at launch or by ModifyInstancePlacement. */
  targetHost: string | null;
  state: 'pending' | 'running' | 'stopped' | 'terminated';
  host: string | null;
  lastHost: string | null;
  privateIp: string;
  meter: Meter;
  placement: PlacementExplanation | null;
  /** Earlier placements, newest last (a few, for the inspector's history). */
  history: PlacementExplanation[];
}

/** A bucketed collection: groups of buckets, each bucket a record keyed by id (`[group][slot][id]`). */
export type BucketGroups<T> = Record<string, T>[][];

/** The tenancy module's slice of the world (`world.fleet`). Big collections are bucketed by id hash. */
export interface FleetWorld {
  regions: Record<string, Region>;
  /** AZ → region. */
  azs: Record<string, string>;
  accounts: Record<string, Account>;
  vpcs: Record<string, Vpc>;
  /**
   * Hosts in buckets, records keyed by id, in groups of 64 buckets (see store.ts): changing one
   * host copies its bucket, its group and the array of groups, not 20,000 entries. The bucket count
   * grows with the fleet and never changes once it is built.
   */
  hosts: BucketGroups<FleetHost>;
  /** Instances in as many buckets as hosts, chosen by the same hash of the id. */
  instances: BucketGroups<Instance>;
  /** Placement pools of AWS-owned hosts, one per AZ and family (`pool:<az>:<family>`); see pool.ts. */
  pools: Record<string, Pool>;
  /** Dedicated Host ids per AZ, in allocation order. */
  dedicatedHosts: Record<string, string[]>;
  hostCount: number;
  instanceCount: number;
  /** Counter for generated host ids (h-…), so they are deterministic. */
  nextHostSerial: number;
}
