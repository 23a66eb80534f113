import { describe, expect, it } from 'vitest';
import type { FleetHost, Slot } from '../model/tenancy/types';
import { checkHost } from './tenancy';

const payer: Record<string, string> = { alice: 'org', bob: 'org', carol: 'carol' };
const payerOf = (a: string) => payer[a] ?? null;

function host(kind: FleetHost['kind'], slots: Partial<Slot>[], more: Partial<FleetHost> = {}): FleetHost {
  const full = slots.map((s, i) => ({ instance: `i-${i}`, account: 'alice', tenancy: 'default' as const, size: 'large', cores: 1, ...s }));
  return {
    id: 'h-test', kind, az: 'a', family: 'm5', instanceType: null, sockets: 2, physicalCores: 48, illustrativeShape: false, state: 'available',
    owner: kind === 'dedicated-host' ? 'alice' : null, sharedWith: [], autoPlacement: false, hostRecovery: true, replacedBy: null,
    slots: full, usedCores: full.reduce((n, s) => n + s.cores, 0), poolIndex: 0, dedicatedTo: null, meter: { since: null, billedNs: 0 }, allocatedAt: 0, ...more,
  };
}

const invariants = (h: FleetHost) => checkHost(h, payerOf).map((f) => f.invariant);

describe('tenancy auditor rules', () => {
  it('allows default tenancy across accounts and a DI beside its own account\'s instances', () => {
    expect(invariants(host('pool', [{ account: 'alice' }, { account: 'carol' }]))).toEqual([]);
    expect(invariants(host('pool', [{ account: 'alice', tenancy: 'dedicated' }, { account: 'alice' }]))).toEqual([]);
  });

  it('flags Dedicated Instances of linked accounts sharing a host', () => {
    const findings = checkHost(host('pool', [{ account: 'alice', tenancy: 'dedicated' }, { account: 'bob', tenancy: 'dedicated' }]), payerOf);
    expect(findings.map((f) => f.invariant)).toEqual(['dedicated-instance-isolation']);
    expect(findings[0]?.explanation).toMatch(/same payer/);
  });

  it('flags another account\'s default instance beside a Dedicated Instance', () => {
    expect(invariants(host('pool', [{ account: 'carol' }, { account: 'alice', tenancy: 'dedicated' }]))).toEqual(['dedicated-instance-isolation']);
  });

  it('flags a Dedicated Host running an account it is not shared with, and wrong tenancies', () => {
    expect(invariants(host('dedicated-host', [{ account: 'bob', tenancy: 'host' }]))).toEqual(['dedicated-host-ownership']);
    expect(invariants(host('dedicated-host', [{ account: 'bob', tenancy: 'host' }], { sharedWith: ['bob'] }))).toEqual([]);
    expect(invariants(host('dedicated-host', [{ account: 'alice', tenancy: 'default' }]))).toEqual(['host-tenancy-placement']);
    expect(invariants(host('pool', [{ account: 'alice', tenancy: 'host' }]))).toEqual(['host-tenancy-placement']);
  });

  it('flags more instances than the published capacity', () => {
    const nine = Array.from({ length: 9 }, () => ({ size: '2xlarge', cores: 4 }));
    expect(invariants(host('pool', nine, { family: 'c5', physicalCores: 36 }))).toEqual(['host-capacity']);
  });
});
