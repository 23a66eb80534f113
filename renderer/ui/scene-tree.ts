import type { SceneNode } from '../views/view';
import { h } from './dom';
import { hasChildren, indexScene, outlineCandidates, treeAction, visibleItems, type SceneItem } from './scene-nav';
import './scene.css';

/** How often the tree reads the scene again while the simulation runs: often while someone is in it. */
const REFRESH_MS = 250;
const BACKGROUND_REFRESH_MS = 1000;

export interface SceneTreeOptions {
  /** The active view's scene now (read at most every {@link REFRESH_MS} while the panel is shown, every second while focus is elsewhere). */
  scene(): SceneNode[];
  /** The view's title, for the tree's name ("Scene of the Memory view"). */
  title(): string;
  /** Enter (or a click) on an item that names an entity: show it in the inspector. */
  activate(node: SceneNode): void;
  /** The focused item's outline candidates (see scene-nav.ts), or null when focus left the tree. */
  outline(candidates: readonly string[] | null): void;
}

export interface SceneTree {
  readonly element: HTMLElement;
  /** The state or the view changed: read the scene again soon. */
  invalidate(): void;
  /** Moves keyboard focus into the tree (its current item). */
  focus(): void;
}

/**
 * The canvas as a tree of words (ARIA tree with a roving tabindex): every entity the active view
 * draws — hosts, domains, frame and block runs, packets, attempts — with its owner and state.
 * Arrow keys move (the tree keeps them: they do not step the simulation), Enter opens the item in
 * the inspector, and the focused item is outlined on the canvas. The DOM is reconciled by item id,
 * so the focused item keeps its element (and screen readers their place) across updates.
 */
export function createSceneTree(options: SceneTreeOptions): SceneTree {
  const heading = h('h2', { class: 'panel-title', id: 'scene-heading' }, 'Scene');
  const hint = h('p', { class: 'muted small scene-hint', id: 'scene-hint' }, 'Everything on the canvas, in words. Arrows move, Enter inspects. Key: G');
  const tree = h('ul', { role: 'tree', class: 'scene-tree', 'aria-label': 'Scene', 'aria-describedby': 'scene-hint', 'data-testid': 'scene-tree' });
  const empty = h('p', { class: 'muted small', hidden: true }, 'This view has no scene to explore yet.');
  const element = h('section', { class: 'panel-section scene', 'aria-labelledby': 'scene-heading', 'data-testid': 'scene-panel' }, heading, hint, tree, empty);

  let nodes: SceneNode[] = [];
  let index = new Map<string, SceneItem>();
  let visible: SceneItem[] = [];
  let activeId: string | null = null;
  const expanded = new Set<string>();
  /** Items seen before: top-level items start expanded, but a collapse by the reader sticks. */
  const seen = new Set<string>();
  const elements = new Map<string, { li: HTMLLIElement; label: HTMLSpanElement; group: HTMLUListElement | null }>();
  let serial = 0;
  let dirty = true;
  let timer: ReturnType<typeof setTimeout> | null = null;
  /** When the scene was last read: a change after a quiet spell shows at once, a stream of them is throttled. */
  let readAt = Number.NEGATIVE_INFINITY;

  const focusInside = (): boolean => tree.contains(document.activeElement);

  /** The item itself if visible, else its nearest visible ancestor (in the old index), else the first item. */
  const nearestVisible = (id: string | null): string | null => {
    const shownIds = new Set(visible.map((v) => v.node.id));
    for (let at = id; at !== null; at = index.get(at)?.parentId ?? previousIndex.get(at)?.parentId ?? null) if (shownIds.has(at)) return at;
    return visible[0]?.node.id ?? null;
  };
  let previousIndex = new Map<string, SceneItem>();

  const itemElement = (item: SceneItem): HTMLLIElement => {
    let entry = elements.get(item.node.id);
    if (!entry) {
      const labelId = `scene-item-${++serial}`;
      const label = h('span', { class: 'scene-label', id: labelId });
      const li = h('li', { role: 'treeitem', 'aria-labelledby': labelId, tabindex: '-1', 'data-scene-id': item.node.id }, label);
      entry = { li, label, group: null };
      elements.set(item.node.id, entry);
    }
    const { li, label } = entry;
    if (label.textContent !== item.node.label) label.textContent = item.node.label;
    li.setAttribute('aria-level', String(item.level));
    li.setAttribute('aria-posinset', String(item.posinset));
    li.setAttribute('aria-setsize', String(item.setsize));
    li.classList.toggle('inspectable', item.node.entity !== undefined);
    if (hasChildren(item.node)) li.setAttribute('aria-expanded', String(expanded.has(item.node.id)));
    else li.removeAttribute('aria-expanded');
    li.tabIndex = item.node.id === activeId ? 0 : -1;
    return li;
  };

  /** Makes `parent`'s children exactly `wanted`, moving nothing that is already in place. */
  const place = (parent: HTMLElement, wanted: readonly Node[], after: Node | null): void => {
    let cursor: ChildNode | null = after ? after.nextSibling : parent.firstChild;
    for (const node of wanted) {
      if (cursor !== node) parent.insertBefore(node, cursor);
      else cursor = cursor.nextSibling;
      cursor = node.nextSibling;
    }
    while (cursor) {
      const next: ChildNode | null = cursor.nextSibling;
      cursor.remove();
      cursor = next;
    }
  };

  const renderList = (list: readonly SceneNode[], into: HTMLElement, after: Node | null): void => {
    const lis: HTMLLIElement[] = [];
    for (const node of list) {
      const item = index.get(node.id);
      if (!item || item.node !== node) continue;
      const li = itemElement(item);
      const entry = elements.get(node.id);
      if (entry && node.children && expanded.has(node.id)) {
        entry.group ??= h('ul', { role: 'group' });
        renderList(node.children, entry.group, null);
        place(li, [entry.label, entry.group], null);
      } else if (entry) place(li, [entry.label], null);
      lis.push(li);
    }
    place(into, lis, after);
  };

  const render = (): void => {
    const hadFocus = focusInside();
    previousIndex = index;
    index = indexScene(nodes);
    for (const node of nodes) {
      if (!seen.has(node.id) && hasChildren(node)) expanded.add(node.id);
    }
    for (const id of index.keys()) seen.add(id);
    visible = visibleItems(nodes, expanded, index);
    // Focus stays on the same id while it exists; else on its nearest surviving ancestor, else the first item.
    if (activeId === null || !visible.some((v) => v.node.id === activeId)) activeId = nearestVisible(activeId);
    renderList(nodes, tree, null);
    for (const [id, entry] of elements) if (!index.has(id)) {
      entry.li.remove();
      elements.delete(id);
    }
    tree.setAttribute('aria-label', `Scene of the ${options.title()} view`);
    empty.hidden = nodes.length > 0;
    tree.hidden = nodes.length === 0;
    if (hadFocus && !focusInside()) focusActive();
  };

  const refresh = (): void => {
    dirty = false;
    readAt = performance.now();
    nodes = options.scene();
    render();
    if (focusInside() && activeId) options.outline(outlineCandidates(activeId, index));
  };

  const shown = (): boolean => element.isConnected && element.getClientRects().length > 0;

  const focusActive = (): void => {
    if (!activeId) return;
    const li = elements.get(activeId)?.li;
    if (!li) return;
    li.focus({ preventScroll: true });
    // The label, not the item: an open item's box holds its whole subtree.
    elements.get(activeId)?.label.scrollIntoView({ block: 'nearest' });
  };

  const moveTo = (id: string): void => {
    const before = activeId;
    activeId = id;
    if (before && before !== id) {
      const old = elements.get(before)?.li;
      if (old) old.tabIndex = -1;
    }
    const li = elements.get(id)?.li;
    if (li) li.tabIndex = 0;
    focusActive();
  };

  tree.addEventListener('keydown', (event) => {
    if (event.ctrlKey || event.metaKey || event.altKey) return;
    const action = treeAction(event.key, activeId, visible, expanded);
    if (!action) return;
    // The tree's keys are its own: arrows must not step the simulation, letters must not pan.
    event.preventDefault();
    event.stopPropagation();
    if ('move' in action) moveTo(action.move);
    else if ('expand' in action) {
      expanded.add(action.expand);
      render();
    } else if ('collapse' in action) {
      expanded.delete(action.collapse);
      render();
    } else {
      const node = index.get(action.activate)?.node;
      if (node?.entity) options.activate(node);
      else if (node && hasChildren(node)) {
        if (expanded.has(node.id)) expanded.delete(node.id);
        else expanded.add(node.id);
        render();
      }
    }
  });
  tree.addEventListener('click', (event) => {
    const li = event.target instanceof Element ? event.target.closest('li[role="treeitem"]') : null;
    const id = li instanceof HTMLElement ? li.dataset.sceneId : undefined;
    if (!id) return;
    event.stopPropagation();
    moveTo(id);
    const node = index.get(id)?.node;
    if (node?.entity) options.activate(node);
    else if (node && hasChildren(node)) {
      if (expanded.has(id)) expanded.delete(id);
      else expanded.add(id);
      render();
    }
  });
  tree.addEventListener('focusin', (event) => {
    if (dirty) refresh();
    const li = event.target instanceof HTMLElement ? event.target.closest('li[role="treeitem"]') : null;
    const id = li instanceof HTMLElement ? li.dataset.sceneId : undefined;
    if (id && id !== activeId) moveTo(id);
    if (activeId) options.outline(outlineCandidates(activeId, index));
  });
  tree.addEventListener('focusout', (event) => {
    if (!(event.relatedTarget instanceof Node) || !tree.contains(event.relatedTarget)) options.outline(null);
  });
  // A collapsed panel does not read the scene; it catches up when it is shown again.
  new ResizeObserver(() => {
    if (dirty && shown()) refresh();
  }).observe(element);

  return {
    element,
    invalidate() {
      dirty = true;
      if (timer !== null) return;
      // Leading edge: a step's change reaches the tree (and a screen reader) at once, the same
      // moment the canvas shows it; while playing, reads are spaced by the interval.
      const interval = focusInside() ? REFRESH_MS : BACKGROUND_REFRESH_MS;
      timer = setTimeout(() => {
        timer = null;
        if (dirty && (shown() || focusInside())) refresh();
      }, Math.max(0, interval - (performance.now() - readAt)));
    },
    focus() {
      if (dirty) refresh();
      focusActive();
    },
  };
}
