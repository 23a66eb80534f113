import { describe, expect, it } from 'vitest';
import { storageScene } from './storage-scene';
import { byId, flatten, lessonState } from './testing-scene';

describe('storage scene', () => {
  const scene = storageScene(lessonState('ebs-snapshots-and-encryption'));

  it('lists block runs per node that cover the node once, with the volume and tenant whose data they hold', () => {
    for (const node of byId(scene, 'storage/nodes').children ?? []) {
      let next = 0;
      const blocks = Number(/: ([\d,]+) blocks/.exec(node.label)?.[1]?.replace(/,/g, ''));
      for (const run of node.children ?? []) {
        const [, , start, length] = run.id.split(':');
        expect(Number(start)).toBe(next);
        next += Number(length);
      }
      expect(next).toBe(blocks);
    }
    expect(flatten(scene).some((n) => /^blocks \d+–\d+: written, encrypted under data key .*; data of vol-\w+, tenant \w+, encrypted$/.test(n.label))).toBe(true);
  });

  it('lists volumes, KMS keys and snapshots with their state, and the last refusal', () => {
    expect(byId(scene, 'vol-secret').label).toMatch(/unreadable: key material deleted/);
    expect(byId(scene, 'key-shred').entity).toEqual({ kind: 'key', id: 'key-shred' });
    expect(byId(scene, 'snap-2').label).toMatch(/incremental on snap-1/);
    expect(byId(scene, 'storage/refused').label).toMatch(/^Refused at .*snap-secret cannot be read/);
  });
});
