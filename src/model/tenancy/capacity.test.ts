import { describe, expect, it } from 'vitest';
import { CAPACITY_CATALOG, familyCapacity, maxInstances, parseInstanceType, sizesLargestFirst, type InstanceType } from './capacity';
import { capacityRefusal } from './host-capacity';
import type { FleetHost } from './types';

const PRICE_LIST_COMMIT = 'b32e3caca610eb4daf05986ddce39b4554a0318b';

function emptyHost(family: string, instanceType: string | null = null): FleetHost {
  const c = familyCapacity(family);
  return {
    id: 'h', kind: 'dedicated-host', az: 'a', family, instanceType, sockets: c?.sockets ?? null, physicalCores: c?.physicalCores ?? null,
    illustrativeShape: false, state: 'available', owner: 'x', sharedWith: [], autoPlacement: false, hostRecovery: true, replacedBy: null,
    slots: [], usedCores: 0, poolIndex: -1, dedicatedTo: null, meter: { since: null, billedNs: 0 }, allocatedAt: 0,
  };
}

function fill(host: FleetHost, mix: Array<[string, number]>): boolean {
  for (const [type, count] of mix) {
    const t = parseInstanceType(type) as InstanceType;
    for (let i = 0; i < count; i++) {
      if (capacityRefusal(host, t) !== null) return false;
      host.slots.push({ instance: `${type}-${i}`, account: 'x', tenancy: 'host', size: t.size, cores: t.cores });
      host.usedCores += t.cores;
    }
  }
  return true;
}

describe('capacity catalog, checked against the recorded sources', () => {
  it('has the ten families the issue asks for, each with a source', () => {
    expect(CAPACITY_CATALOG.map((f) => f.family)).toEqual(['m5', 'c5', 'r5', 'm4', 'c4', 'm3', 'c3', 'r4', 't3', 'a1']);
    for (const f of CAPACITY_CATALOG.filter((c) => c.family !== 't3')) expect(f.source).toContain(PRICE_LIST_COMMIT);
  });

  it('keeps the published numbers and quirks (Price List instanceCapacity… attributes)', () => {
    expect(maxInstances('c5', '2xlarge')).toBe(8);
    expect(maxInstances('m5', 'large')).toBe(48);
    expect(maxInstances('r5', '8xlarge')).toBe(2);
    expect(maxInstances('m4', 'large')).toBe(22);
    expect(maxInstances('m3', 'medium')).toBe(32);
    expect(familyCapacity('c4')).toMatchObject({ physicalCores: 20, vcpus: 36 });
    expect(familyCapacity('m5')).toMatchObject({ sockets: 2, physicalCores: 48, vcpus: 96, hypervisor: 'nitro' });
  });

  it('leaves what no source gives unknown', () => {
    expect(familyCapacity('c5')?.sockets).toBeNull();
    expect(maxInstances('r5', 'large')).toBeNull();
    expect(familyCapacity('t3')).toMatchObject({ sockets: null, physicalCores: null, vcpus: null });
  });

  it('lists sizes largest first and knows default cores per size', () => {
    expect(sizesLargestFirst('c5')).toEqual(['18xlarge', '9xlarge', '4xlarge', '2xlarge', 'xlarge', 'large']);
    expect(parseInstanceType('m5.4xlarge')).toMatchObject({ vcpus: 16, cores: 8 });
    expect(parseInstanceType('a1.large')).toMatchObject({ vcpus: 2, cores: 2 });
    expect(parseInstanceType('t3.medium')).toMatchObject({ vcpus: 2, cores: 1 });
    expect(parseInstanceType('m5.huge')).toMatch(/no size/);
    expect(parseInstanceType('zz.large')).toMatch(/unknown instance type/);
  });

  it('fits the mixes AWS publishes on multi-size hosts, and no more', () => {
    expect(fill(emptyHost('m5'), [['m5.12xlarge', 1], ['m5.4xlarge', 1], ['m5.2xlarge', 1], ['m5.xlarge', 5], ['m5.large', 2]])).toBe(true);
    expect(fill(emptyHost('m5'), [['m5.4xlarge', 4], ['m5.2xlarge', 4]])).toBe(true);
    const c5 = emptyHost('c5');
    expect(fill(c5, [['c5.9xlarge', 1], ['c5.4xlarge', 2], ['c5.xlarge', 1]])).toBe(true);
    expect(fill(c5, [['c5.large', 1]])).toBe(false);
    expect(fill(emptyHost('c5'), [['c5.4xlarge', 4], ['c5.xlarge', 1], ['c5.large', 2]])).toBe(true);
  });

  it('a single-size host runs exactly the published count', () => {
    for (const [type, n] of [['c5.2xlarge', 8], ['m4.large', 22], ['c3.xlarge', 8], ['r4.8xlarge', 2]] as const) {
      const host = emptyHost(type.split('.')[0] as string, type);
      expect(fill(host, [[type, n]])).toBe(true);
      expect(fill(host, [[type, 1]])).toBe(false);
    }
  });
});
