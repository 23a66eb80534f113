import { Graphics, type Container } from 'pixi.js';
import { UI } from '../palette';
import type { Patch } from 'immer';
import type { Box } from './camera';
import { reducedMotion } from '../ui/motion';
import { pulseLook } from '../ui/motion-looks';

/**
 * Entities an event changed get a bright outline that fades over the next few simulation
 * frames (not wall time: paused, the last change stays marked; a recording looks the same at
 * any speed). Which entities: those a frame's patches name, as far as the view can locate them.
 */
const FRAMES_VISIBLE = 6;
const MAX_PULSES = 12;

/** Entity ids a frame's patches touch (domains, hosts, devices, volumes, nodes, snapshots, vCPUs' domains). */
export function changedEntities(patches: readonly Patch[]): string[] {
  const ids = new Set<string>();
  for (const p of patches) {
    const [root, area, a, b] = p.path;
    if (root !== 'world') continue;
    if ((area === 'domains' || area === 'hosts' || area === 'devices') && typeof a === 'string') ids.add(a);
    else if (area === 'storage' && (a === 'volumes' || a === 'nodes' || a === 'snapshots') && typeof b === 'string') ids.add(b);
    else if (area === 'memory' && a === 'domains' && typeof b === 'string') ids.add(b);
    else if (area === 'cpu' && a === 'vcpus' && typeof b === 'string') ids.add(b.replace(/\.v\d+$/, ''));
    if (ids.size >= MAX_PULSES) break;
  }
  return [...ids];
}

export class Pulses {
  private readonly age = new Map<string, number>();
  /** Each mark as last drawn: its entity and the entity's box then (view coordinates). */
  private drawn: Array<{ id: string; box: Box }> = [];
  private layer: Graphics | null = null;
  private root: Container | null = null;

  attach(root: Container | null): void {
    this.age.clear();
    this.root = root;
    this.layer = root ? new Graphics({ label: 'pulses' }) : null;
  }

  /** One simulation frame: older marks fade, the frame's changes start fresh. */
  frame(changed: readonly string[], locate: (id: string) => Box | null): void {
    for (const [id, n] of this.age) {
      if (n + 1 >= FRAMES_VISIBLE) this.age.delete(id);
      else this.age.set(id, n + 1);
    }
    for (const id of changed) this.age.set(id, 0);
    this.redraw(locate);
  }

  /** Draws the marks again where their entities are now (after a view re-laid itself), without ageing them. */
  redraw(locate: (id: string) => Box | null): void {
    const g = this.layer;
    const root = this.root;
    if (!g || g.destroyed || !root || root.destroyed) return;
    g.clear();
    this.drawn = [];
    // On top of the view (views that rebuild may have removed it).
    root.addChild(g);
    for (const [id, n] of this.age) {
      const box = locate(id);
      if (!box) continue;
      this.drawn.push({ id, box });
      const { grow, alpha } = pulseLook(n, FRAMES_VISIBLE, reducedMotion());
      g.roundRect(box.x - grow, box.y - grow, box.width + 2 * grow, box.height + 2 * grow, 8).stroke({ color: UI.pulse, width: 3, alpha });
    }
  }

  /** The marks as last drawn (for the test hook: a mark must sit where its entity is now). */
  get marks(): ReadonlyArray<{ id: string; box: Box }> {
    return this.drawn;
  }
}
