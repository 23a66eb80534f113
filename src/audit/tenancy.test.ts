import { describe, expect, it } from 'vitest';
import type { FleetHost, Slot } from '../model/tenancy/types';
import { act, fleetLesson, inst, launch, simulate } from '../model/tenancy/test-fleet';
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

describe('tenancy auditor findings, in full', () => {
  it('names the Dedicated Instance first, every other account once and every instance beside it', () => {
    const h = host('pool', [{ account: 'carol' }, { account: 'alice', tenancy: 'dedicated' }, { account: 'carol' }, { account: 'alice' }]);
    expect(checkHost(h, payerOf)).toEqual([
      {
        invariant: 'dedicated-instance-isolation',
        accounts: ['alice', 'carol'],
        instances: ['i-1', 'i-0', 'i-2'],
        explanation: 'host h-test runs alice\'s Dedicated Instance i-1 beside carol\'s i-0: Dedicated Instances of different accounts are physically isolated',
      },
    ]);
  });

  it('mentions the shared payer only when both accounts have the same one', () => {
    const linked = checkHost(host('pool', [{ account: 'alice', tenancy: 'dedicated' }, { account: 'bob' }]), payerOf);
    expect(linked.map((f) => f.explanation)).toEqual([
      'host h-test runs alice\'s Dedicated Instance i-0 beside bob\'s i-1 (linked under the same payer, which does not matter): Dedicated Instances of different accounts are physically isolated',
    ]);
    const unlinked = checkHost(host('pool', [{ account: 'alice', tenancy: 'dedicated' }, { account: 'carol' }]), payerOf);
    expect(unlinked[0]?.explanation).not.toMatch(/payer/);
    // Two accounts without any payer (null) are not "linked".
    const orphans = checkHost(host('pool', [{ account: 'x', tenancy: 'dedicated' }, { account: 'y' }]), payerOf);
    expect(orphans[0]?.explanation).not.toMatch(/payer/);
  });

  it('reports wrong tenancy and foreign accounts on a Dedicated Host with their instance and owner', () => {
    expect(checkHost(host('dedicated-host', [{ account: 'alice', tenancy: 'default' }, { account: 'carol', tenancy: 'host' }]), payerOf)).toEqual([
      { invariant: 'host-tenancy-placement', accounts: ['alice'], instances: ['i-0'], explanation: 'default-tenancy instance i-0 runs on Dedicated Host h-test' },
      { invariant: 'dedicated-host-ownership', accounts: ['carol', 'alice'], instances: ['i-1'], explanation: 'carol\'s i-1 runs on alice\'s Dedicated Host h-test, which is not shared with it' },
    ]);
    // A Dedicated Host without an owner (not allocated to anyone) runs nobody's instances.
    // (Its explanation reads "null's Dedicated Host"; only the accounts are pinned here.)
    expect(checkHost(host('dedicated-host', [{ account: 'carol', tenancy: 'host' }], { owner: null }), payerOf)).toEqual([
      expect.objectContaining({ invariant: 'dedicated-host-ownership', accounts: ['carol', '?'], instances: ['i-0'] }),
    ]);
  });

  it('reports a host-tenancy instance on a shared host', () => {
    expect(checkHost(host('pool', [{ account: 'alice' }, { account: 'carol', tenancy: 'host' }]), payerOf)).toEqual([
      { invariant: 'host-tenancy-placement', accounts: ['carol'], instances: ['i-1'], explanation: 'host-tenancy instance i-1 runs on AWS\'s shared host h-test, not on a Dedicated Host' },
    ]);
  });

  it('cores: all of them may be used, one more is over capacity; a host of unknown cores is not judged on cores', () => {
    const cores = (n: number, more: Partial<FleetHost> = {}) => host('pool', [{ cores: n }], more);
    expect(checkHost(cores(48), payerOf)).toEqual([]);
    expect(checkHost(cores(49), payerOf)).toEqual([
      { invariant: 'host-capacity', accounts: [], instances: ['i-0'], explanation: 'host h-test runs instances needing 49 cores on 48' },
    ]);
    expect(checkHost(cores(49, { physicalCores: null }), payerOf)).toEqual([]);
    // A Dedicated Instance alone on a full host: over capacity, but no other account beside it.
    expect(checkHost(host('pool', [{ tenancy: 'dedicated', cores: 49 }]), payerOf).map((f) => f.invariant)).toEqual(['host-capacity']);
  });

  it('sizes: up to the published maximum per size, whatever else runs beside; unknown sizes and families have no maximum', () => {
    const m5 = (sizes: string[], more: Partial<FleetHost> = {}) => host('pool', sizes.map((size) => ({ size })), more);
    // m5: at most 2 × 12xlarge. Three slots make an excess possible, but none happens.
    expect(checkHost(m5(['12xlarge', 'large', '12xlarge']), payerOf)).toEqual([]);
    expect(checkHost(m5(['12xlarge', 'weird', '12xlarge']), payerOf)).toEqual([]);
    expect(checkHost(m5(['large', '12xlarge', '12xlarge', '12xlarge']), payerOf)).toEqual([
      { invariant: 'host-capacity', accounts: [], instances: ['i-0', 'i-1', 'i-2', 'i-3'], explanation: 'host h-test runs 3 × m5.12xlarge; the published maximum is 2' },
    ]);
    expect(checkHost(m5(['12xlarge', '12xlarge', '12xlarge'], { family: 'zz9' }), payerOf)).toEqual([]);
  });
});

describe('tenancy auditor in a simulation', () => {
  it('reports the finding against the host that the event touched, with its accounts and instances', () => {
    const e = simulate(fleetLesson(), ['ignore-tenancy']);
    act(e, launch('shop-c', 'carol', 'vpc-c'));
    expect(e.state.violations).toEqual([]);
    act(e, launch('di-a', 'alice', 'vpc-a-ded'));
    const where = inst(e, 'di-a').host;
    expect(e.state.violations.map(({ invariant, entities }) => ({ invariant, entities }))).toEqual([
      { invariant: 'dedicated-instance-isolation', entities: { hosts: [where], accounts: ['alice', 'carol'], instances: ['di-a', 'shop-c'] } },
    ]);
    expect(e.state.violations[0]?.explanation).toMatch(/^host \S+ runs alice's Dedicated Instance di-a beside carol's shop-c: /);
  });

  it('knows linked accounts by their payer in the lesson', () => {
    const e = simulate(fleetLesson(), ['ignore-tenancy']);
    act(e, launch('shop-b', 'bob', 'vpc-b'));
    act(e, launch('di-a', 'alice', 'vpc-a-ded'));
    expect(inst(e, 'di-a').host).toBe(inst(e, 'shop-b').host);
    expect(e.state.violations.map((v) => v.explanation)).toEqual([expect.stringContaining('beside bob\'s shop-b (linked under the same payer, which does not matter)')]);
  });
});
