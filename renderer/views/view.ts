import type { Patch } from 'immer';
import type { Container, Ticker } from 'pixi.js';
import type { Lesson } from '../../src/lessons/schema';
import type { HostStatus } from '../../src/protocol/replies';
import type { SimState } from '../../src/model/state';

export type ViewId = 'host' | 'rings' | 'memory' | 'storage' | 'fleet' | 'access' | 'network';

/** A selectable thing on the canvas: the inspector shows it, checkpoints of kind "pick" check it. */
export interface EntityRef {
  kind: string;
  id: string;
}

/**
 * One entity of a view's scene, in words. `id` is unique in the tree and, where the view draws
 * that entity, the id its `boundsOf` and `highlight` know (the focused item is outlined on the
 * canvas; an item the view cannot locate outlines its nearest located ancestor).
 */
export interface SceneNode {
  id: string;
  /** What a screen reader says: the entity and its owner and state ("guest-a of tenant Blue, running"). */
  label: string;
  /** What Enter shows in the inspector; items without one (groups, runs) only move the outline. */
  entity?: EntityRef;
  /** The drawn entity to outline when `id` is not one (a packet: the interface it reached). */
  outline?: string;
  children?: SceneNode[];
}

/** What the shell gives every view. */
export interface ViewContext {
  /** Shows an entity in the inspector (and answers "pick" checkpoints). */
  select(entity: EntityRef | null): void;
  /** Moves the simulation to just after an event (violation links). */
  seekEvent(eventIndex: number): void;
  /** Sends an input action to the simulator (e.g. toggling a fault). */
  input(action: { type: string } & Record<string, unknown>): void;
  /** Okabe–Ito tenant colour for a palette index, and the shared state colours. */
  tenantColor(colorIndex: number): number;
  ticker: Ticker;
  /**
   * The stage renders only on change: a view that changes its picture outside \`update\` (a hover,
   * its own animation) asks for a frame, or for frames until \`untilMs\` (performance.now() clock).
   * Optional: off-screen users (video export) render every frame themselves.
   */
  requestRender?(untilMs?: number): void;
}

/**
 * One Pixi view per concept. Views are driven by the state mirror: `mount` builds display
 * objects for the whole state, `update` touches only what the patches changed.
 */
export interface LabView {
  readonly id: ViewId;
  readonly title: string;
  mount(root: Container, state: SimState, lesson: Lesson, ctx: ViewContext): void;
  /** Called after a frame is applied; `patches` are the frame's patches (empty after a snapshot). */
  update(state: SimState, patches: readonly Patch[], status: HostStatus): void;
  resize(width: number, height: number): void;
  /** Highlights the entities a lesson step focuses on (besides colour: an outline and a label). */
  highlight(entityIds: readonly string[]): void;
  /**
   * The inspector's fields for an entity this view selects that is not a plain record in the
   * state (a memory frame, a disk block): views know how their own kinds are stored.
   */
  inspect?(state: SimState, entity: EntityRef): Record<string, unknown> | undefined;
  /**
   * Where an entity is drawn, in view-local coordinates (the root's, before the camera), or
   * null when this view does not draw it. The camera frames a step's focused entities with it.
   */
  boundsOf?(entityId: string): { x: number; y: number; width: number; height: number } | null;
  /**
   * The name the view draws in an entity's header (a host's, a domain's), or null. When the
   * camera cuts a focused box's header off, the stage pins this name to the canvas's top edge
   * (renderer/views/focus-tags.ts).
   */
  nameOf?(entityId: string): string | null;
  /** A short text description of what the view shows now (screen-reader live region). */
  describe(state: SimState): string;
  /**
   * What the view draws now as a tree of entities (the keyboard and screen-reader scene,
   * renderer/ui/scene-tree.ts). Bounded in size for any lesson: large collections come as runs.
   */
  scene?(state: SimState): SceneNode[];
  unmount(): void;
}

/** True when a patch touches the subtree at `prefix` (e.g. `['world', 'memory']`). */
export function touches(patch: Patch, prefix: readonly (string | number)[]): boolean {
  for (let i = 0; i < prefix.length; i++) {
    if (i >= patch.path.length) return true;
    if (patch.path[i] !== prefix[i]) return false;
  }
  return true;
}
