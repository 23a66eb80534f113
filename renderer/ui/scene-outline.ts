import { Graphics, type Container } from 'pixi.js';
import { UI } from '../palette';
import type { Box } from '../views/camera';

/**
 * The canvas outline of the scene tree's focused item (renderer/ui/scene-tree.ts): a light line
 * on a dark halo (in the projector theme the other way round), so it reads on any fill and is
 * not mistaken for a lesson step's focus or the selection. Drawn in view coordinates on top of the
 * view, like the change pulses, and redrawn where the entity is after the view re-lays itself.
 */
export class SceneOutline {
  private layer: Graphics | null = null;
  private root: Container | null = null;
  /** Ids to try in order (the item, its `outline`, its ancestors); null: nothing focused. */
  private candidates: readonly string[] | null = null;
  private located: { id: string; box: Box } | null = null;

  attach(root: Container | null): void {
    this.root = root;
    this.layer = root ? new Graphics({ label: 'scene-outline' }) : null;
    this.located = null;
  }

  /** Outlines the first candidate the view can locate; null clears it. Returns what was outlined. */
  show(candidates: readonly string[] | null, locate: (id: string) => Box | null, zoom: number): { id: string; box: Box } | null {
    this.candidates = candidates;
    return this.redraw(locate, zoom);
  }

  /** Draws the outline again where its entity is now (after a frame or a resize). */
  redraw(locate: (id: string) => Box | null, zoom: number): { id: string; box: Box } | null {
    const g = this.layer;
    const root = this.root;
    this.located = null;
    if (!g || g.destroyed || !root || root.destroyed) return null;
    g.clear();
    root.addChild(g);
    for (const id of this.candidates ?? []) {
      const box = locate(id);
      if (!box) continue;
      this.located = { id, box };
      // Constant on-screen width whatever the camera's zoom.
      const w = 2.5 / Math.max(0.05, zoom);
      const pad = 6 / Math.max(0.05, zoom);
      g.roundRect(box.x - pad, box.y - pad, box.width + 2 * pad, box.height + 2 * pad, 6).stroke({ color: UI.background, width: 3 * w, alpha: 0.9 });
      g.roundRect(box.x - pad, box.y - pad, box.width + 2 * pad, box.height + 2 * pad, 6).stroke({ color: UI.selection, width: w });
      break;
    }
    return this.located;
  }

  /** The entity outlined now and its box in view coordinates (test hook). */
  get current(): { id: string; box: Box } | null {
    return this.located;
  }
}
