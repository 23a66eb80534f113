import { describe, expect, it } from 'vitest';
import type { TraceRecord } from '../../engine';
import { SECOND } from '../../engine/time';
import { createSimulation } from '../../host';
import { memoryTestLesson, type TestStep } from './testing';

const launch = { type: 'guest.launch', host: 'h1', guest: { id: 'web', tenant: 'alice', memoryMiB: 256 } };
const grant = (gfn: number) => ({ type: 'mem.grant', domain: 'web', to: 'h1.dom0', gfn });
const map = (gfn: number) => ({ type: 'mem.grantMap', domain: 'h1.dom0', from: 'web', gfn });
const unmap = (gfn: number) => ({ type: 'mem.grantUnmap', domain: 'h1.dom0', from: 'web', gfn });
const revoke = (gfn: number) => ({ type: 'mem.grantRevoke', domain: 'web', to: 'h1.dom0', gfn });

function run(actions: Array<{ type: string } & Record<string, unknown>>, faults: string[] = []) {
  // One action per tenth of a second after the guest exists.
  const steps: TestStep[] = [{ at: '1s', action: launch }, ...actions.map((action, i) => ({ at: `${2 + i / 10}s`, action }))];
  const e = createSimulation(memoryTestLesson({ memory: { bootscrub: 'on' }, hosts: [{ memoryMiB: 4096 }], steps }), { faults });
  const trace: TraceRecord[] = [];
  e.runUntil(10 * SECOND, { onFrame: (f) => trace.push(...f.trace) });
  const after = trace.filter((t) => t.at >= 2 * SECOND);
  return { e, grants: e.state.world.memory.grants, lines: after.map((t) => `${t.kind}: ${t.text}`), data: after.filter((t) => ['memory', 'denied', 'fault'].includes(t.kind) && t.text.includes('grant-1')).map((t) => t.data) };
}

describe('grant tables', () => {
  it('maps, unmaps and revokes a grant, saying at each step what the backend may do', () => {
    const { lines, grants, e } = run([grant(3), map(3), unmap(3), revoke(3)]);
    expect(lines).toEqual([
      'memory: web grants h1.dom0 access to its frame 3 (grant table entry grant-1)',
      "memory: h1.dom0 maps grant-1: web's frame 3, as the grant allows",
      'memory: h1.dom0 unmaps grant-1',
      'memory: web ends grant-1: h1.dom0 may no longer map its frame 3',
    ]);
    expect(grants['grant-1']).toEqual({ id: 'grant-1', from: 'web', to: 'h1.dom0', hostId: 'h1', mfn: 3, gfn: 3, mapped: false, revokedAt: 2.3 * SECOND });
    expect(e.state.violations).toEqual([]);
  });

  it('refuses to map a frame that was never granted, or to the wrong domain', () => {
    const { lines, grants } = run([grant(3), map(4), { type: 'mem.grantMap', domain: 'web', from: 'h1.dom0', gfn: 3 }]);
    expect(lines.slice(1)).toEqual(['error: cannot map: web never granted h1.dom0 its frame 4', 'error: cannot map: h1.dom0 never granted web its frame 3']);
    expect(grants['grant-1']?.mapped).toBeUndefined();
  });

  it('lets only the grantee map a grant: another domain on the host is refused', () => {
    const other = { type: 'guest.launch', host: 'h1', guest: { id: 'snoop', tenant: 'bob', memoryMiB: 256 } };
    const { lines, grants } = run([other, grant(3), { type: 'mem.grantMap', domain: 'snoop', from: 'web', gfn: 3 }]);
    expect(lines).toContain('error: cannot map: web never granted snoop its frame 3');
    expect(grants['grant-1']?.mapped).toBeUndefined();
  });

  it('lets only the granting domain stand behind a grant: nobody else can map or revoke it in its name', () => {
    const other = { type: 'guest.launch', host: 'h1', guest: { id: 'other', tenant: 'bob', memoryMiB: 256 } };
    const { lines, grants } = run([
      other,
      grant(3),
      { type: 'mem.grantMap', domain: 'h1.dom0', from: 'other', gfn: 3 },
      { type: 'mem.grantRevoke', domain: 'other', to: 'h1.dom0', gfn: 3 },
    ]);
    expect(lines.filter((l) => l.startsWith('error'))).toEqual(['error: cannot map: other never granted h1.dom0 its frame 3', 'error: cannot revoke: other has no active grant of frame 3 to h1.dom0']);
    expect(grants['grant-1']?.mapped).toBeUndefined();
    expect(grants['grant-1']?.revokedAt).toBeUndefined();
  });

  it('links every grant message to its grant-table entry', () => {
    const { data } = run([grant(3), map(3), revoke(3), unmap(3), revoke(3), map(3)]);
    expect(data).toEqual(Array.from({ length: 6 }, () => ({ grant: 'grant-1' })));
    const misuse = run([grant(3), revoke(3), map(3)], ['grant-misuse']);
    expect(misuse.data).toEqual(Array.from({ length: 3 }, () => ({ grant: 'grant-1' })));
  });

  it('refuses to unmap what is not mapped', () => {
    const { lines } = run([unmap(3), grant(3), unmap(3)]);
    expect(lines).toEqual([
      "error: cannot unmap: h1.dom0 has no mapping of web's frame 3",
      'memory: web grants h1.dom0 access to its frame 3 (grant table entry grant-1)',
      "error: cannot unmap: h1.dom0 has no mapping of web's frame 3",
    ]);
  });

  it('refuses to revoke a grant that does not exist or is already revoked', () => {
    const { lines, grants } = run([revoke(3), grant(3), revoke(3), revoke(3)]);
    expect(lines).toEqual([
      'error: cannot revoke: web has no active grant of frame 3 to h1.dom0',
      'memory: web grants h1.dom0 access to its frame 3 (grant table entry grant-1)',
      'memory: web ends grant-1: h1.dom0 may no longer map its frame 3',
      'error: cannot revoke: web has no active grant of frame 3 to h1.dom0',
    ]);
    expect(grants['grant-1']?.revokedAt).toBe(2.2 * SECOND);
  });

  it('keeps a mapped grant alive: the frontend must wait for the unmap before revoking', () => {
    const { lines, grants } = run([grant(3), map(3), revoke(3)]);
    expect(lines[2]).toBe('denied: web cannot end grant-1 yet: h1.dom0 still has it mapped (the frontend must wait for the unmap)');
    expect(grants['grant-1']).toMatchObject({ mapped: true });
    expect(grants['grant-1']?.revokedAt).toBeUndefined();
  });

  it('uses the newest grant of a frame: a fresh grant after a revoke can be mapped again', () => {
    const { lines, grants, e } = run([grant(3), revoke(3), grant(3), map(3)]);
    expect(lines[3]).toBe("memory: h1.dom0 maps grant-2: web's frame 3, as the grant allows");
    expect(grants['grant-1']?.mapped).toBeUndefined();
    expect(grants['grant-2']?.mapped).toBe(true);
    expect(e.state.violations).toEqual([]);
  });

  it('refuses to map a revoked grant, and with grant-misuse maps it and says what it reaches', () => {
    const honest = run([grant(3), revoke(3), map(3)]);
    expect(honest.lines[2]).toBe('denied: h1.dom0 tries to map grant-1 again, but web revoked it: Xen refuses the mapping');
    expect(honest.grants['grant-1']?.mapped).toBeUndefined();
    const misuse = run([grant(3), revoke(3), map(3)], ['grant-misuse']);
    expect(misuse.lines).toContain('fault: grant-misuse: h1.dom0 maps grant-1 although web revoked it — it reaches machine frame 3 without permission');
    expect(misuse.grants['grant-1']?.mapped).toBe(true);
    expect(misuse.e.state.violations.map((v) => v.invariant)).toEqual(['memory.grant-used-after-revoke']);
  });
});
