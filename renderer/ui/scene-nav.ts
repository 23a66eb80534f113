import type { SceneNode } from '../views/view';

/**
 * Keyboard navigation of the scene tree, as plain data (unit-tested without a DOM): which items
 * are visible given what is expanded, and what a key does — the WAI-ARIA APG tree pattern
 * (https://www.w3.org/WAI/ARIA/apg/patterns/treeview/): ↑ ↓ move, → expands or enters, ← collapses
 * or goes to the parent, Home / End, Enter activates, a letter jumps to the next item starting with it.
 */

export interface SceneItem {
  node: SceneNode;
  parentId: string | null;
  /** 1-based depth (aria-level), position among siblings and their count (aria-posinset / aria-setsize). */
  level: number;
  posinset: number;
  setsize: number;
}

/** Every item of a scene by id (duplicate ids keep their first place: ids must be unique). */
export function indexScene(nodes: readonly SceneNode[]): Map<string, SceneItem> {
  const out = new Map<string, SceneItem>();
  const walk = (list: readonly SceneNode[], parentId: string | null, level: number): void => {
    list.forEach((node, i) => {
      if (out.has(node.id)) return;
      out.set(node.id, { node, parentId, level, posinset: i + 1, setsize: list.length });
      if (node.children) walk(node.children, node.id, level + 1);
    });
  };
  walk(nodes, null, 1);
  return out;
}

export function hasChildren(node: SceneNode): boolean {
  return (node.children?.length ?? 0) > 0;
}

/** The items a reader can reach now, in reading order: children of expanded items only. */
export function visibleItems(nodes: readonly SceneNode[], expanded: ReadonlySet<string>, index: ReadonlyMap<string, SceneItem> = indexScene(nodes)): SceneItem[] {
  const out: SceneItem[] = [];
  const walk = (list: readonly SceneNode[]): void => {
    for (const node of list) {
      const item = index.get(node.id);
      if (!item || item.node !== node) continue;
      out.push(item);
      if (node.children && expanded.has(node.id)) walk(node.children);
    }
  };
  walk(nodes);
  return out;
}

/** What a key press asks the tree to do (null: not a tree key). */
export type TreeAction = { move: string } | { expand: string } | { collapse: string } | { activate: string };

export function treeAction(key: string, currentId: string | null, visible: readonly SceneItem[], expanded: ReadonlySet<string>): TreeAction | null {
  if (visible.length === 0) return null;
  const at = Math.max(0, visible.findIndex((v) => v.node.id === currentId));
  const current = visible[at] as SceneItem;
  const id = current.node.id;
  switch (key) {
    case 'ArrowDown':
      return { move: (visible[Math.min(visible.length - 1, at + 1)] as SceneItem).node.id };
    case 'ArrowUp':
      return { move: (visible[Math.max(0, at - 1)] as SceneItem).node.id };
    case 'Home':
      return { move: (visible[0] as SceneItem).node.id };
    case 'End':
      return { move: (visible[visible.length - 1] as SceneItem).node.id };
    case 'ArrowRight':
      if (!hasChildren(current.node)) return { move: id };
      return expanded.has(id) ? { move: (current.node.children as SceneNode[])[0]?.id ?? id } : { expand: id };
    case 'ArrowLeft':
      if (hasChildren(current.node) && expanded.has(id)) return { collapse: id };
      return { move: current.parentId ?? id };
    case 'Enter':
      return { activate: id };
    default:
      if (/^\p{L}$|^\p{N}$/u.test(key)) return { move: typeahead(visible, at, key) ?? id };
      return null;
  }
}

/** The next visible item after `from` (wrapping) whose label starts with the character. */
export function typeahead(visible: readonly SceneItem[], from: number, char: string): string | null {
  const c = char.toLocaleLowerCase();
  for (let k = 1; k <= visible.length; k++) {
    const item = visible[(from + k) % visible.length] as SceneItem;
    if (item.node.label.toLocaleLowerCase().startsWith(c)) return item.node.id;
  }
  return null;
}

/** Ids to outline for an item: the item, the entity it names, then its ancestors (nearest first). */
export function outlineCandidates(id: string, index: ReadonlyMap<string, SceneItem>): string[] {
  const out: string[] = [];
  for (let item = index.get(id); item; item = item.parentId ? index.get(item.parentId) : undefined) {
    out.push(item.node.id);
    if (item.node.outline) out.push(item.node.outline);
    if (item.node.entity && item.node.entity.id !== item.node.id) out.push(item.node.entity.id);
  }
  return out;
}
