import { describe, expect, it } from 'vitest';
import { createSimulation } from '../../host';
import { SECOND } from '../../engine/time';
import { memoryTestLesson } from './testing';

const steps = [
  { at: '0s', action: { type: 'guest.launch', host: 'h1', guest: { id: 'web', tenant: 'alice', memoryMiB: 1024 } } },
  { at: '1s', action: { type: 'mem.grant', domain: 'web', to: 'h1.dom0', gfn: 3 } },
  { at: '2s', action: { type: 'mem.grantMap', domain: 'h1.dom0', from: 'web', gfn: 3 } },
  { at: '3s', action: { type: 'mem.grantRevoke', domain: 'web', to: 'h1.dom0', gfn: 3 } },
  { at: '4s', action: { type: 'mem.grantUnmap', domain: 'h1.dom0', from: 'web', gfn: 3 } },
  { at: '5s', action: { type: 'mem.grantRevoke', domain: 'web', to: 'h1.dom0', gfn: 3 } },
  { at: '6s', action: { type: 'mem.grantMap', domain: 'h1.dom0', from: 'web', gfn: 3 } },
];

function run(faults: string[] = []) {
  const e = createSimulation(memoryTestLesson({ memory: { bootscrub: 'on' }, steps }), { faults });
  const texts: string[] = [];
  e.runUntil(10 * SECOND, { onFrame: (f) => f.trace.forEach((t) => texts.push(t.text)) });
  return { e, texts, grant: Object.values(e.state.world.memory.grants)[0] };
}

describe('grants', () => {
  it('a backend maps a grant, the frontend can revoke it only once unmapped, and Xen refuses a later map', () => {
    const { e, texts, grant } = run();
    expect(texts.some((t) => /cannot end grant-1 yet: h1.dom0 still has it mapped/.test(t))).toBe(true);
    expect(texts.some((t) => /revoked it: Xen refuses the mapping/.test(t))).toBe(true);
    expect(grant).toMatchObject({ revokedAt: 5 * SECOND, mapped: false });
    expect(e.state.violations).toEqual([]);
  });

  it('grant-misuse: the backend maps the revoked grant and the auditor reports it', () => {
    const { e, grant } = run(['grant-misuse']);
    expect(grant?.mapped).toBe(true);
    expect(e.state.violations.map((v) => v.invariant)).toEqual(['memory.grant-used-after-revoke']);
    expect(e.state.violations[0]?.simTime).toBe(6 * SECOND);
  });
});
