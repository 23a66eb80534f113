import { describe, expect, it } from 'vitest';
import { billingRefusal, placementChangeRefusal, resolveLaunchTenancy, tenancyChangeRefusal, vpcTenancyChangeRefusal } from './rules';
import { BILLING_PRODUCTS, type BillingProduct, type Tenancy, type Vpc } from './types';

const TENANCIES: readonly Tenancy[] = ['default', 'dedicated', 'host'];
const vpc = (instanceTenancy: Vpc['instanceTenancy']): Vpc => ({ id: 'vpc-1', account: 'a', region: 'r', instanceTenancy, index: 0, nextAddress: 0 });
const instance = (tenancy: Tenancy, family = 'm5', billing: BillingProduct = 'linux') => ({ tenancy, family, billing });

describe('tenancyChangeRefusal: the current EC2 rule (ModifyInstancePlacement, License Manager tenancy conversion)', () => {
  it('lets a stopped Linux instance move between every pair of tenancies, default included', () => {
    for (const from of TENANCIES) for (const to of TENANCIES) expect(tenancyChangeRefusal(instance(from), to), `${from} → ${to}`).toBeNull();
  });

  it('allows default → dedicated, which the 2016–2023 rule refused', () => {
    expect(tenancyChangeRefusal(instance('default'), 'dedicated')).toBeNull();
    expect(tenancyChangeRefusal(instance('dedicated'), 'default')).toBeNull();
  });

  it('T3: host tenancy only when launched onto a Dedicated Host, and no way out of it', () => {
    expect(tenancyChangeRefusal(instance('default', 't3'), 'host')).toMatch(/InvalidRequest: .*only when it was launched onto a Dedicated Host/);
    expect(tenancyChangeRefusal(instance('dedicated', 't3'), 'host')).toMatch(/InvalidRequest/);
    expect(tenancyChangeRefusal(instance('host', 't3'), 'dedicated')).toMatch(/InvalidRequest: .*from host to dedicated/);
    expect(tenancyChangeRefusal(instance('host', 't3'), 'default')).toMatch(/from host to default/);
    expect(tenancyChangeRefusal(instance('default', 't3'), 'dedicated')).toBeNull();
    expect(tenancyChangeRefusal(instance('host', 't3'), 'host')).toBeNull();
  });

  it('applies License Manager\'s billing-product limits to the target tenancy', () => {
    expect(tenancyChangeRefusal(instance('dedicated', 'm5', 'windows-byol'), 'default')).toMatch(/Windows BYOL .* not permitted on shared tenancy/);
    expect(tenancyChangeRefusal(instance('dedicated', 'm5', 'windows-byol'), 'host')).toBeNull();
    expect(tenancyChangeRefusal(instance('default', 'm5', 'sql-server-li'), 'dedicated')).toBeNull();
    expect(tenancyChangeRefusal(instance('default', 'm5', 'sql-server-li'), 'host')).toMatch(/not permitted on Dedicated Hosts/);
    expect(tenancyChangeRefusal(instance('dedicated', 'm5', 'sles-li'), 'host')).toMatch(/not permitted on Dedicated Hosts/);
    expect(tenancyChangeRefusal(instance('default', 'm5', 'windows-li'), 'host')).toBeNull();
  });
});

describe('billingRefusal', () => {
  it('matches the License Manager table, product by tenancy', () => {
    const allowed = (b: BillingProduct) => TENANCIES.filter((t) => billingRefusal(b, t) === null);
    const table = Object.fromEntries(BILLING_PRODUCTS.map((b) => [b, allowed(b)]));
    expect(table).toEqual({
      linux: ['default', 'dedicated', 'host'],
      'windows-li': ['default', 'dedicated', 'host'],
      'windows-byol': ['dedicated', 'host'],
      'sql-server-li': ['default', 'dedicated'],
      'sles-li': ['default', 'dedicated'],
      'other-li': ['default', 'dedicated'],
    });
  });
});

describe('placementChangeRefusal', () => {
  it('needs a stopped instance', () => {
    expect(placementChangeRefusal({ id: 'i-1', state: 'stopped' })).toBeNull();
    for (const state of ['pending', 'running', 'terminated'] as const) expect(placementChangeRefusal({ id: 'i-1', state })).toMatch(new RegExp(`i-1 is ${state}: .*must be stopped`));
  });
});

describe('resolveLaunchTenancy', () => {
  it('takes the VPC\'s tenancy unless asked; a dedicated VPC forces dedicated unless host is asked for', () => {
    expect(resolveLaunchTenancy(vpc('default'), undefined, undefined).tenancy).toBe('default');
    expect(resolveLaunchTenancy(vpc('default'), 'dedicated', undefined).tenancy).toBe('dedicated');
    expect(resolveLaunchTenancy(vpc('default'), undefined, 'h-1').tenancy).toBe('host');
    expect(resolveLaunchTenancy(vpc('dedicated'), undefined, undefined).tenancy).toBe('dedicated');
    expect(resolveLaunchTenancy(vpc('dedicated'), 'default', undefined)).toMatchObject({ tenancy: 'dedicated', note: expect.stringMatching(/forces Dedicated Instances/) });
    expect(resolveLaunchTenancy(vpc('dedicated'), 'host', undefined).tenancy).toBe('host');
  });
});

describe('vpcTenancyChangeRefusal', () => {
  it('goes dedicated → default only', () => {
    expect(vpcTenancyChangeRefusal(vpc('dedicated'), 'default')).toBeNull();
    expect(vpcTenancyChangeRefusal(vpc('default'), 'default')).toBeNull();
    expect(vpcTenancyChangeRefusal(vpc('dedicated'), 'dedicated')).toBeNull();
    expect(vpcTenancyChangeRefusal(vpc('default'), 'dedicated')).toMatch(/dedicated to default only/);
  });
});
