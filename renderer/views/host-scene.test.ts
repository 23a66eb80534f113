import { describe, expect, it } from 'vitest';
import { hostScene } from './host-scene';
import { byId, flatten, lessonState } from './testing-scene';

describe('host scene', () => {
  it('lists each host with its dom0, guests (owner, mode, state) and devices, by the ids the view draws', () => {
    const scene = hostScene(lessonState('hello-host', 2_000_000_000));
    const host = byId(scene, 'host-1');
    expect(host.entity).toEqual({ kind: 'host', id: 'host-1' });
    expect(host.label).toMatch(/^Host .*Xen 4\.\d+ with dom0; \d+ guests?/);
    const dom0 = byId(scene, 'host-1.dom0');
    expect(dom0.label).toMatch(/control domain of the operator/);
    expect(dom0.children?.map((c) => c.id)).toContain('host-1.blkback');
    const guests = flatten(scene).filter((n) => n.entity?.kind === 'domain' && n.label.includes('guest of tenant'));
    expect(guests.length).toBeGreaterThan(0);
    for (const g of guests) expect(g.label).toMatch(/guest of tenant Tenant [A-Z] .*, (pv32|pv64|hvm|pvhvm|pvh), (building|running|dying), \d+ vCPUs?/);
  });

  it('lists the Nitro cards of a Nitro host (and no dom0)', () => {
    const scene = hostScene(lessonState('xen-to-nitro', 1_000_000_000));
    const nitro = byId(scene, 'nitro-1');
    expect(nitro.label).toMatch(/Nitro, no dom0/);
    const ids = nitro.children?.map((c) => c.id) ?? [];
    expect(ids).toEqual(expect.arrayContaining(['nitro-1.nitro-card-vpc', 'nitro-1.nitro-card-ebs', 'nitro-1.nitro-controller', 'nitro-1.nitro-security-chip']));
    expect(ids.some((id) => id.endsWith('.dom0'))).toBe(false);
    expect(byId(scene, 'nitro-1.nitro-card-ebs').entity).toEqual({ kind: 'device', id: 'nitro-1.nitro-card-ebs' });
  });
});
