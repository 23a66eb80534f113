import { describe, expect, it } from 'vitest';
import { networkScene } from './network-scene';
import { byId, flatten, lessonState } from './testing-scene';

describe('network scene', () => {
  const scene = networkScene(lessonState('security-groups-in-the-hypervisor'));

  it("lists interfaces under their host's path, with owner, address and rules", () => {
    expect(byId(scene, 'nitro-1').label).toMatch(/Nitro card for VPC/);
    const web = byId(scene, 'web-a-eth0');
    expect(web.entity).toEqual({ kind: 'interface', id: 'web-a-eth0' });
    expect(web.label).toMatch(/of guest web-a, tenant Tenant A .*: 10\.0\.1\.10 in vpc-alice\/a-public/);
    expect(web.children?.every((r) => r.outline === 'web-a-eth0')).toBe(true);
  });

  it('says which check refused each dropped packet, and outlines where it stopped', () => {
    const packets = byId(scene, 'network/packets').children ?? [];
    const dropped = packets.filter((p) => p.label.includes('✕ dropped'));
    expect(dropped.length).toBeGreaterThan(0);
    for (const p of dropped) expect(p.label).toMatch(/✕ dropped by (anti-spoofing|security group|network ACL|VPC boundary|instance not running|no such address)/);
    expect(flatten(scene).filter((n) => n.id.startsWith('packet:')).every((p) => typeof p.outline === 'string')).toBe(true);
  });
});
