import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkHost } from '../../audit/tenancy';
import { allHosts } from './store';
import { fleetLesson, launch, simulate } from './test-fleet';

const ACCOUNTS = [['alice', 'vpc-a'], ['alice', 'vpc-a-ded'], ['bob', 'vpc-b'], ['carol', 'vpc-c']] as const;
const TYPES = ['m5.large', 'm5.xlarge', 'm5.2xlarge', 'm5.4xlarge', 'c5.2xlarge', 'c5.large'] as const;

const step = fc.oneof(
  fc.record({ kind: fc.constant('launch' as const), who: fc.nat(3), type: fc.constantFrom(...TYPES), tenancy: fc.constantFrom(undefined, 'default', 'dedicated', 'host'), targeted: fc.boolean(), affinity: fc.constantFrom('host', 'off') }),
  fc.record({ kind: fc.constantFrom('stop' as const, 'start' as const, 'terminate' as const), n: fc.nat(40) }),
  fc.record({ kind: fc.constant('modify' as const), n: fc.nat(40), tenancy: fc.constantFrom('default', 'dedicated', 'host'), affinity: fc.constantFrom('host', 'off') }),
  fc.record({ kind: fc.constant('fail' as const), n: fc.nat(20) }),
  fc.record({ kind: fc.constant('share' as const), who: fc.nat(3) }),
);

function runScript(steps: Array<Record<string, unknown>>, faults: string[] = []) {
  const lesson = fleetLesson({
    hosts: [{ family: 'm5', az: 'use1-a', count: 5 }, { family: 'c5', az: 'use1-a', count: 3 }],
    dedicatedHosts: [
      { id: 'h-a', account: 'alice', az: 'use1-a', family: 'm5', autoPlacement: 'on' },
      { id: 'h-b', account: 'bob', az: 'use1-a', family: 'c5' },
    ],
  });
  const e = simulate(lesson, faults);
  const launched: string[] = [];
  steps.forEach((s, i) => {
    const pick = (n: number) => launched[n % Math.max(1, launched.length)] ?? 'none';
    let action: Record<string, unknown> & { type: string };
    switch (s.kind) {
      case 'launch': {
        const [account, vpc] = ACCOUNTS[s.who as number] as readonly [string, string];
        const type = s.type as string;
        const more: Record<string, unknown> = { affinity: s.affinity };
        if (s.tenancy !== undefined) more.tenancy = s.tenancy;
        if (s.targeted && s.tenancy === 'host') more.host = type.startsWith('m5') ? 'h-a' : 'h-b';
        action = launch(`i-${i}`, account, vpc, type, more);
        launched.push(`i-${i}`);
        break;
      }
      case 'modify':
        action = { type: 'fleet.modifyPlacement', instance: pick(s.n as number), tenancy: s.tenancy, affinity: s.affinity };
        break;
      case 'fail': {
        const hosts = [...allHosts(e.state.world.fleet)].filter((h) => h.state === 'available').map((h) => h.id).sort();
        action = { type: 'fleet.failHost', host: hosts[(s.n as number) % hosts.length] ?? 'none', cause: 'power' };
        break;
      }
      case 'share':
        action = { type: 'fleet.shareHost', host: 'h-b', account: (ACCOUNTS[s.who as number] as readonly string[])[0] as string };
        break;
      default:
        action = { type: `fleet.${s.kind as string}`, instance: pick(s.n as number) };
    }
    e.input(action.type, action);
    e.runUntil(e.now);
  });
  return e;
}

describe('tenancy isolation (property)', () => {
  it('random launches, stops, starts, tenancy changes and host failures never break an isolation rule', () => {
    fc.assert(
      fc.property(fc.array(step, { minLength: 1, maxLength: 60 }), (steps) => {
        const e = runScript(steps as Array<Record<string, unknown>>);
        expect(e.state.violations).toEqual([]);
        // A full scan agrees with the incremental auditor.
        const fleet = e.state.world.fleet;
        const payerOf = (a: string) => fleet.accounts[a]?.payer ?? a;
        for (const h of allHosts(fleet)) expect(checkHost(h, payerOf)).toEqual([]);
      }),
      { numRuns: 120, seed: 20261128 },
    );
  });

  it('with ignore-tenancy, some script produces violations (the auditor can fail)', () => {
    const e = runScript([
      { kind: 'launch', who: 3, type: 'm5.large', tenancy: undefined, targeted: false, affinity: 'off' },
      { kind: 'launch', who: 1, type: 'm5.large', tenancy: undefined, targeted: false, affinity: 'off' },
    ], ['ignore-tenancy']);
    expect(e.state.violations.length).toBeGreaterThan(0);
  });
});
