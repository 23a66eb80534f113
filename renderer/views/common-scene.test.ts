import { describe, expect, it } from 'vitest';
import { builtinLessons } from '../../src/lessons/index';
import { toNanos } from '../../src/lessons/primitives';
import { accessScene } from './access-scene';
import { capped, MAX_CHILDREN } from './common-scene';
import { fleetScene } from './fleet-scene';
import { hostScene } from './host-scene';
import { memoryScene } from './memory-scene';
import { networkScene } from './network-scene';
import { ringsScene } from './rings-scene';
import { storageScene } from './storage-scene';
import { flatten, lessonState } from './testing-scene';

const SCENES = { host: hostScene, rings: ringsScene, memory: memoryScene, storage: storageScene, fleet: fleetScene, access: accessScene, network: networkScene };

describe('every scene', () => {
  it('caps a long list with an item that counts what was left out', () => {
    const nodes = Array.from({ length: MAX_CHILDREN + 5 }, (_, i) => ({ id: `n${i}`, label: `item ${i}` }));
    const out = capped(nodes, 'p');
    expect(out).toHaveLength(MAX_CHILDREN + 1);
    expect(out.at(-1)).toEqual({ id: 'p/more', label: '… and 5 more not listed' });
    expect(capped(nodes.slice(0, 3), 'p')).toHaveLength(3);
  });

  // Every built-in lesson at its midpoint: ids unique (the tree keys its items by id), labels
  // readable, no list longer than the cap plus its closing note.
  for (const lesson of builtinLessons()) {
    it(`is well-formed for ${lesson.id}`, () => {
      const lastAt = Math.max(0, ...lesson.steps.map((s) => toNanos(s.at)));
      const state = lessonState(lesson.id, lastAt / 2);
      for (const [view, scene] of Object.entries(SCENES)) {
        const items = flatten(scene(state));
        const ids = items.map((n) => n.id);
        expect(new Set(ids).size, `${view}: duplicate ids`).toBe(ids.length);
        for (const item of items) {
          expect(item.label.trim().length, `${view}: ${item.id}`).toBeGreaterThan(0);
          expect(item.label, `${view}: ${item.id}`).not.toMatch(/undefined|NaN|\[object/);
          expect(item.children?.length ?? 0, `${view}: ${item.id}`).toBeLessThanOrEqual(MAX_CHILDREN + 1);
        }
      }
    });
  }
});
