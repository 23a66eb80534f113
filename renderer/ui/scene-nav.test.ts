import { describe, expect, it } from 'vitest';
import type { SceneNode } from '../views/view';
import { indexScene, outlineCandidates, treeAction, visibleItems } from './scene-nav';

const scene: SceneNode[] = [
  {
    id: 'host-1',
    label: 'Host one',
    entity: { kind: 'host', id: 'host-1' },
    children: [
      { id: 'dom0', label: 'dom0: control domain', children: [{ id: 'blkback', label: 'blkback' }] },
      { id: 'web-a', label: 'web-a: guest of tenant A' },
    ],
  },
  { id: 'host-2', label: 'Host two', children: [{ id: 'run', label: 'frames 0–9', outline: 'frames:host-2:0:10' }] },
];

const ids = (expanded: string[]) => visibleItems(scene, new Set(expanded)).map((v) => v.node.id);
const act = (key: string, at: string, expanded: string[]) => treeAction(key, at, visibleItems(scene, new Set(expanded)), new Set(expanded));

describe('scene tree navigation (APG tree pattern)', () => {
  it('shows the children of expanded items only, with level, position and set size', () => {
    expect(ids([])).toEqual(['host-1', 'host-2']);
    expect(ids(['host-1'])).toEqual(['host-1', 'dom0', 'web-a', 'host-2']);
    expect(ids(['host-1', 'dom0'])).toEqual(['host-1', 'dom0', 'blkback', 'web-a', 'host-2']);
    const web = indexScene(scene).get('web-a');
    expect([web?.level, web?.posinset, web?.setsize, web?.parentId]).toEqual([2, 2, 2, 'host-1']);
  });

  it('moves with ↑ ↓ Home End, stopping at the ends', () => {
    expect(act('ArrowDown', 'host-1', ['host-1'])).toEqual({ move: 'dom0' });
    expect(act('ArrowUp', 'dom0', ['host-1'])).toEqual({ move: 'host-1' });
    expect(act('ArrowUp', 'host-1', ['host-1'])).toEqual({ move: 'host-1' });
    expect(act('ArrowDown', 'host-2', [])).toEqual({ move: 'host-2' });
    expect(act('End', 'host-1', ['host-1'])).toEqual({ move: 'host-2' });
    expect(act('Home', 'web-a', ['host-1'])).toEqual({ move: 'host-1' });
  });

  it('→ expands a closed item, then enters it; ← collapses an open one, else goes to the parent', () => {
    expect(act('ArrowRight', 'host-2', [])).toEqual({ expand: 'host-2' });
    expect(act('ArrowRight', 'host-2', ['host-2'])).toEqual({ move: 'run' });
    expect(act('ArrowRight', 'web-a', ['host-1'])).toEqual({ move: 'web-a' });
    expect(act('ArrowLeft', 'host-1', ['host-1'])).toEqual({ collapse: 'host-1' });
    expect(act('ArrowLeft', 'web-a', ['host-1'])).toEqual({ move: 'host-1' });
    expect(act('ArrowLeft', 'host-1', [])).toEqual({ move: 'host-1' });
  });

  it('Enter activates; a letter jumps to the next item starting with it; other keys are not the tree’s', () => {
    expect(act('Enter', 'web-a', ['host-1'])).toEqual({ activate: 'web-a' });
    expect(act('h', 'host-1', ['host-1'])).toEqual({ move: 'host-2' });
    expect(act('H', 'host-2', ['host-1'])).toEqual({ move: 'host-1' });
    expect(act('w', 'host-1', ['host-1'])).toEqual({ move: 'web-a' });
    expect(act(' ', 'host-1', [])).toBeNull();
    expect(act('Escape', 'host-1', [])).toBeNull();
    expect(act('?', 'host-1', [])).toBeNull();
  });

  it('outlines the item, then what it points at, then its ancestors', () => {
    const index = indexScene(scene);
    expect(outlineCandidates('run', index)).toEqual(['run', 'frames:host-2:0:10', 'host-2']);
    expect(outlineCandidates('blkback', index)).toEqual(['blkback', 'dom0', 'host-1']);
  });
});
