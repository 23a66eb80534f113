import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createSimulation } from '../host/simulation';
import { lessonSchema } from '../lessons/schema';
import { INVARIANT_DOM0_FOREIGN_MAP } from './access';

type Action = { type: string } & Record<string, unknown>;

const GUESTS = ['ga', 'gb', 'na'] as const;
// Revocation is permanent, so it is rare: most sequences should reach an operator with a dom0 session.
const LOGIN_VIA_ADMIN: Action = { type: 'operator.login', operator: 'op', host: 'x', via: 'adm' };
const action = fc.oneof(
  { arbitrary: fc.constant<Action>(LOGIN_VIA_ADMIN), weight: 3 },
  { arbitrary: fc.constant<Action>({ type: 'operator.login', operator: 'op', host: 'x' }), weight: 1 },
  { arbitrary: fc.constant<Action>({ type: 'operator.revoke', operator: 'op' }), weight: 1 },
  {
    arbitrary: fc.record({ guest: fc.constantFrom(...GUESTS), purpose: fc.constantFrom('device-model', 'live-migration', 'operator') }).map((r): Action => ({ type: 'dom0.foreignMap', ...r, operator: 'op', frames: 2 })),
    weight: 5,
  },
);

function run(actions: Action[], faults: string[]) {
  const lesson = lessonSchema.parse({
    id: 'access-audit',
    title: 't',
    summary: 't',
    timeScale: '1s',
    world: {
      tenants: [{ id: 'a' }, { id: 'b' }],
      hosts: [
        { id: 'x', guests: [{ id: 'ga', tenant: 'a', booted: true }, { id: 'gb', tenant: 'b', booted: true }] },
        { id: 'n', hypervisor: 'nitro', guests: [{ id: 'na', tenant: 'a', booted: true }] },
      ],
      access: { operators: [{ id: 'op', mfa: true }], adminHosts: [{ id: 'adm' }] },
    },
    steps: actions.map((a, i) => ({ at: `${i + 1}s`, narration: '-', actions: [{ action: a }] })),
  });
  const engine = createSimulation(lesson, { faults });
  engine.runUntil(Number.MAX_SAFE_INTEGER);
  return engine.state;
}

describe('access auditor', () => {
  it('reports exactly the operator mappings that succeeded, never one on Nitro, and nothing without the fault', () => {
    let abusedSeen = 0;
    fc.assert(
      fc.property(fc.array(action, { maxLength: 12 }), fc.boolean(), (actions, abuse) => {
        const state = run(actions, abuse ? ['dom0-foreign-map'] : []);
        const abused = state.world.access.foreignMaps.filter((m) => m.purpose === 'operator' && m.outcome === 'mapped');
        const reported = state.violations.filter((v) => v.invariant === INVARIANT_DOM0_FOREIGN_MAP);
        abusedSeen += abused.length;
        expect(reported.length).toBe(abused.length);
        expect(abused.every((m) => m.hostId === 'x')).toBe(true);
        if (!abuse) expect(state.violations).toEqual([]);
        // Every attempt is in the audit log.
        expect(state.world.access.foreignMaps.every((m) => state.world.access.audit[m.auditSeq - 1]?.action === `dom0.foreignMap:${m.purpose}`)).toBe(true);
      }),
      // A fixed example guarantees the interesting case in every run, whatever the random seed draws
      // (with 40 random runs alone, a CI run once drew no successful abuse at all).
      { numRuns: 40, examples: [[[LOGIN_VIA_ADMIN, { type: 'dom0.foreignMap', guest: 'ga', purpose: 'operator', operator: 'op', frames: 2 }], true]] },
    );
    // The generator must actually reach the interesting case: an operator who got in and abused dom0.
    expect(abusedSeen).toBeGreaterThan(0);
  });
});
