import { BitmapText, Text, type Container } from 'pixi.js';
import { boxIn, toScreen, type CameraPose } from './camera';

/**
 * Read-only measurements of what the canvas shows, for the test hook: every visible text with its
 * size in screen pixels (camera zoom and every ancestor's scale included) and its screen box.
 */
export interface CanvasText {
  text: string;
  /** Font size as drawn on screen, in CSS pixels. */
  fontPx: number;
  x: number;
  y: number;
  width: number;
  height: number;
}

function shown(node: Container): boolean {
  for (let n: Container | null = node; n; n = n.parent) if (!n.visible || n.alpha <= 0.01 || n.renderable === false) return false;
  return true;
}

/** Vertical scale from a node up to (not including) an ancestor, from local transforms only. */
function scaleIn(ancestor: Container, node: Container): number {
  let scale = 1;
  for (let n: Container | null = node; n && n !== ancestor; n = n.parent) {
    n.updateLocalTransform();
    scale *= Math.hypot(n.localTransform.c, n.localTransform.d);
  }
  return scale;
}

/**
 * Visible texts of a view that overlap the width × height viewport, measured where the camera
 * is heading (`pose`), so the answer does not depend on animation or render timing.
 */
export function canvasTexts(viewRoot: Container, pose: CameraPose, width: number, height: number): CanvasText[] {
  const out: CanvasText[] = [];
  const visit = (node: Container): void => {
    if (!node.visible) return;
    if ((node instanceof Text || node instanceof BitmapText) && node.text.trim() !== '' && shown(node)) {
      const local = boxIn(viewRoot, node);
      const b = local ? toScreen(pose, local) : null;
      if (b && b.x + b.width > 0 && b.y + b.height > 0 && b.x < width && b.y < height) {
        out.push({ text: node.text, fontPx: node.style.fontSize * scaleIn(viewRoot, node) * pose.zoom, x: b.x, y: b.y, width: b.width, height: b.height });
      }
    }
    for (const child of node.children) visit(child);
  };
  visit(viewRoot);
  return out;
}
