import type { SimState } from '../../src/model/state';
import type { SceneNode } from './view';

/**
 * Helpers shared by the views' scene models (`*-scene.ts`): every collection is capped so a scene
 * stays small enough to read and to rebuild on every frame, whatever the lesson's size.
 */

/** Most children one scene item lists; the rest are counted in a last "… and N more" item. */
export const MAX_CHILDREN = 40;

/** `nodes`, cut to `max` with a closing item that says how many were left out. */
export function capped(nodes: readonly SceneNode[], parentId: string, max = MAX_CHILDREN): SceneNode[] {
  if (nodes.length <= max) return [...nodes];
  return [...nodes.slice(0, max), { id: `${parentId}/more`, label: `… and ${nodes.length - max} more not listed` }];
}

/** "1 guest", "3 guests". */
export function count(n: number, word: string, plural = `${word}s`): string {
  return `${n.toLocaleString('en-US')} ${n === 1 ? word : plural}`;
}

/** A tenant's name as the legend shows it ("no tenant" when none). */
export function tenantName(state: SimState, tenantId: string | null | undefined): string {
  if (!tenantId) return 'no tenant';
  return state.world.tenants[tenantId]?.name ?? tenantId;
}

/** A group item: the entities of one kind under a heading (no inspector entry of its own). */
export function group(id: string, label: string, children: readonly SceneNode[]): SceneNode {
  return { id, label: `${label} (${children.length})`, children: capped(children, id) };
}
