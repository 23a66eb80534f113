import { describe, expect, it } from 'vitest';
import { accessScene } from './access-scene';
import { byId, lessonState } from './testing-scene';

describe('access scene', () => {
  const scene = accessScene(lessonState('who-can-touch-what'));

  it('lists operators, admin hosts and each host with its management plane and guests', () => {
    expect(byId(scene, 'op:op-2').label).toMatch(/no MFA/);
    expect(byId(scene, 'host:nitro-1').children?.map((c) => c.id)).toEqual(['mgmt:nitro-1', 'guest:app-a']);
    expect(byId(scene, 'guest:db-b').entity).toEqual({ kind: 'domain', id: 'db-b' });
  });

  it('lists the newest audit entries first, refusals with their reason and what decided them', () => {
    const entries = byId(scene, 'access/audit').children ?? [];
    const seqs = entries.map((e) => Number(e.id.slice('audit:'.length)));
    expect(seqs).toEqual([...seqs].sort((a, b) => b - a));
    const refused = entries.filter((e) => e.label.includes('✗ refused'));
    expect(refused.length).toBeGreaterThan(0);
    expect(refused.some((e) => /no dom0 .*\(decided by no path\)$/.test(e.label) && e.outline === 'guest:app-a')).toBe(true);
    expect(entries[0]?.entity?.kind).toBe('audit');
  });
});
