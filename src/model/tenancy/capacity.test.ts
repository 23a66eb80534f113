import { readFileSync } from 'node:fs';
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
  it('has every family the sources publish, each with a source', () => {
    expect(CAPACITY_CATALOG.map((f) => f.family)).toEqual([
      'm5', 'c5', 'r5', 'm4', 'c4', 'm3', 'c3', 'r4', 't3', 'a1',
      'm5d', 'c5d', 'c5n', 'r3', 'i2', 'i3', 'd2', 'h1', 'x1', 'x1e', 'g3', 'p2', 'p3', 'p3dn', 'r5d', 'z1d', 'i3en', 'f1', 'g2',
    ]);
    for (const f of CAPACITY_CATALOG.filter((c) => c.family !== 't3')) expect(f.source).toContain(PRICE_LIST_COMMIT);
    expect(familyCapacity('t3')?.source).toContain('Burstable T3 instances on Dedicated Hosts');
  });

  it('keeps the Price List numbers of the added families', () => {
    expect(familyCapacity('m5d')).toMatchObject({ physicalCores: 48, vcpus: 96, sizes: { '24xlarge': 1, '12xlarge': 2, '4xlarge': 6, '2xlarge': 12, xlarge: 24, large: 48 } });
    expect(familyCapacity('c5n')).toMatchObject({ physicalCores: 36, multiSize: true });
    expect(familyCapacity('c5d')?.multiSize).toBe(false);
    expect(maxInstances('d2', 'xlarge')).toBe(8);
    expect(maxInstances('h1', '2xlarge')).toBe(8);
    expect(maxInstances('x1e', '32xlarge')).toBe(1);
    expect(maxInstances('p2', 'xlarge')).toBe(16);
    expect(maxInstances('p3dn', '24xlarge')).toBe(1);
    expect(familyCapacity('p3dn')?.physicalCores).toBeNull();
    expect(familyCapacity('z1d')).toMatchObject({ physicalCores: null, vcpus: 48, sizes: {} });
    expect(parseInstanceType('z1d.large')).toMatch(/no per-size capacity/);
  });

  it('fills a T3 host by shares of its published per-size maxima (192 nano, or 24 2xlarge, or a mix)', () => {
    expect(fill(emptyHost('t3'), [['t3.nano', 192]])).toBe(true);
    const full = emptyHost('t3');
    expect(fill(full, [['t3.2xlarge', 24]])).toBe(true);
    expect(fill(full, [['t3.nano', 1]])).toBe(false);
    const mixed = emptyHost('t3');
    expect(fill(mixed, [['t3.2xlarge', 12], ['t3.large', 48]])).toBe(true);
    expect(fill(mixed, [['t3.micro', 1]])).toBe(false);
    expect(parseInstanceType('t3.nano')).toMatchObject({ vcpus: 2, cores: 0.25 });
  });

  it('A1: any mix within 16 cores and the per-size maxima, never beyond', () => {
    expect(fill(emptyHost('a1'), [['a1.2xlarge', 1], ['a1.xlarge', 1], ['a1.large', 1], ['a1.medium', 2]])).toBe(true);
    const a1 = emptyHost('a1');
    expect(fill(a1, [['a1.4xlarge', 1]])).toBe(true);
    expect(fill(a1, [['a1.medium', 1]])).toBe(false);
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
    expect(familyCapacity('t3')).toMatchObject({ sockets: null, physicalCores: 48, vcpus: null });
  });

  it('lists sizes largest first and knows default cores per size', () => {
    expect(sizesLargestFirst('c5')).toEqual(['18xlarge', '9xlarge', '4xlarge', '2xlarge', 'xlarge', 'large']);
    expect(parseInstanceType('m5.4xlarge')).toMatchObject({ vcpus: 16, cores: 8 });
    expect(parseInstanceType('a1.large')).toMatchObject({ vcpus: 2, cores: 2 });
    expect(parseInstanceType('t3.medium')).toMatchObject({ vcpus: 2, cores: 0.25 });
    expect(parseInstanceType('t3.2xlarge')).toMatchObject({ vcpus: 8, cores: 2 });
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

describe('docs/capacity.md', () => {
  it('lists every catalog family with the catalog\'s cores, vCPUs and per-size maxima, hypervisor marked inferred', () => {
    const doc = readFileSync(new URL('../../../docs/capacity.md', import.meta.url), 'utf8');
    expect(doc).toMatch(/hyp\. \(inferred\)/);
    const show = (n: number | null) => (n === null ? 'unknown' : String(n));
    for (const f of CAPACITY_CATALOG) {
      const row = doc.split('\n').find((line) => line.startsWith(`| ${f.family} |`));
      expect(row, f.family).toBeDefined();
      const cells = (row ?? '').split('|').map((c) => c.trim());
      expect(cells[2], f.family).toBe(f.hypervisor === 'nitro' ? 'Nitro' : 'Xen');
      expect(cells[3], f.family).toBe(show(f.sockets));
      expect(cells[4], f.family).toBe(show(f.physicalCores));
      expect(cells[5], f.family).toBe(show(f.vcpus));
      const sizes = cells[6]?.replaceAll('*', '') ?? '';
      for (const [size, n] of Object.entries(f.sizes)) if (n !== null) expect(sizes, `${f.family}.${size}`).toContain(`${size} ${n}`);
      if (Object.keys(f.sizes).length === 0) expect(sizes, f.family).toBe('—');
    }
  });
});
